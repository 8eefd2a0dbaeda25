//! The shop's side of the association hub: what was pushed, and what changed since.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::Money;
use crate::domain::hub::{Benchmark, permille_as_percent};

/// The last push, as `hub_push_state` keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushState {
    /// The newest shop-local day the last good push covered (`YYYY-MM-DD`).
    pub through_day: Option<String>,
    /// The highest sale and return ids then.
    pub sale_mark: i64,
    pub return_mark: i64,
    /// When the last push succeeded, and when one was last tried.
    pub pushed_at: Option<i64>,
    pub attempted_at: Option<i64>,
    /// Why the last try failed (cleared by a good push).
    pub last_error: Option<String>,
}

pub fn state(conn: &Connection) -> Result<PushState> {
    Ok(conn
        .prepare_cached(
            "SELECT through_day, sale_mark, return_mark, pushed_at, attempted_at, last_error
               FROM hub_push_state WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(PushState {
                through_day: r.get(0)?,
                sale_mark: r.get(1)?,
                return_mark: r.get(2)?,
                pushed_at: r.get(3)?,
                attempted_at: r.get(4)?,
                last_error: r.get(5)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// The highest sale and return ids now: (sale, return).
pub fn marks(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM sales), (SELECT COALESCE(MAX(id), 0) FROM sale_returns)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The earliest instant whose figures changed after a push with `state`: sales and
/// returns recorded since (whatever their date), sales voided since.
pub fn earliest_change(conn: &Connection, state: &PushState) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT MIN(at) FROM (
                SELECT at FROM sales WHERE id > ?1
                UNION ALL SELECT at FROM sale_returns WHERE id > ?2
                UNION ALL SELECT at FROM sales WHERE voided_at >= ?3)",
        )?
        .query_row(params![state.sale_mark, state.return_mark, state.pushed_at.unwrap_or(i64::MAX)], |r| r.get(0))?)
}

/// The first instant anything a hub counts happened: a sale, a return, a message sent.
pub fn first_activity(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT MIN(at) FROM (
                SELECT MIN(at) AS at FROM sales
                UNION ALL SELECT MIN(at) FROM sale_returns
                UNION ALL SELECT MIN(sent_at) FROM outbox)",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Digests of the periods pushed between two period keys (inclusive): (period, digest).
pub fn pushed_digests(conn: &Connection, from: &str, to: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT period, digest FROM hub_pushed WHERE period >= ?1 AND period <= ?2")?;
    let rows = stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_pushed(conn: &Connection, period: &str, digest: &str, at: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO hub_pushed (period, digest, pushed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (period) DO UPDATE SET digest = excluded.digest, pushed_at = excluded.pushed_at",
    )?
    .execute(params![period, digest, at])?;
    Ok(())
}

/// A good push: how far it went and the marks it was computed at.
pub fn record_success(conn: &Connection, through_day: &str, marks: (i64, i64), at: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO hub_push_state (id, through_day, sale_mark, return_mark, pushed_at, attempted_at, last_error)
         VALUES (1, ?1, ?2, ?3, ?4, ?4, NULL)
         ON CONFLICT (id) DO UPDATE SET through_day = excluded.through_day, sale_mark = excluded.sale_mark,
             return_mark = excluded.return_mark, pushed_at = excluded.pushed_at,
             attempted_at = excluded.attempted_at, last_error = NULL",
    )?
    .execute(params![through_day, marks.0, marks.1, at])?;
    Ok(())
}

/// Forget every push (the shop joined another hub): the next one sends it all.
pub fn forget_pushes(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM hub_pushed; DELETE FROM hub_push_state; DELETE FROM hub_benchmark;")?;
    Ok(())
}

/// A failed push: when, and why (the work stays waiting).
pub fn record_failure(conn: &Connection, error: &str, at: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO hub_push_state (id, attempted_at, last_error) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET attempted_at = excluded.attempted_at, last_error = excluded.last_error",
    )?
    .execute(params![at, error])?;
    Ok(())
}

/// Keep the benchmark fetched with a push, or forget it (`None`: not shared now).
pub fn save_benchmark(conn: &Connection, benchmark: Option<&Benchmark>) -> Result<()> {
    conn.prepare_cached("DELETE FROM hub_benchmark")?.execute([])?;
    let Some(b) = benchmark else { return Ok(()) };
    let permille = |q: crate::domain::Qty| q.thousandths() / 100;
    conn.prepare_cached(
        "INSERT INTO hub_benchmark (id, from_day, to_day, shops, median_net, median_repeat_permille, own_net,
                                    own_repeat_permille)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        b.from.to_string(),
        b.to.to_string(),
        b.shops,
        b.median_net.rupiah(),
        permille(b.median_repeat_rate),
        b.own_net.rupiah(),
        permille(b.own_repeat_rate)
    ])?;
    Ok(())
}

pub fn benchmark(conn: &Connection) -> Result<Option<Benchmark>> {
    let row = conn
        .prepare_cached(
            "SELECT from_day, to_day, shops, median_net, median_repeat_permille, own_net, own_repeat_permille
               FROM hub_benchmark WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })
        .optional()?;
    Ok(row.and_then(|(from, to, shops, median_net, median_repeat, own_net, own_repeat)| {
        Some(Benchmark {
            from: from.parse().ok()?,
            to: to.parse().ok()?,
            shops,
            median_net: Money::new(median_net),
            median_repeat_rate: permille_as_percent(median_repeat),
            own_net: Money::new(own_net),
            own_repeat_rate: permille_as_percent(own_repeat),
        })
    }))
}
