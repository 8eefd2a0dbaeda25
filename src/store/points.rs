//! The points ledger. Every change to a member's points is a row here; the cached
//! `customers.points` moves with it in the same statement group, and `doctor`
//! proves the two equal.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

/// One row of the ledger to write.
pub struct PointMove<'a> {
    pub customer_id: i64,
    /// earn, redeem, unearn, refund or expire
    pub kind: &'a str,
    pub points: i64,
    pub sale_id: Option<i64>,
    pub at: i64,
    pub user_id: Option<i64>,
    pub expires_at: Option<i64>,
}

pub fn record(conn: &Connection, m: &PointMove<'_>) -> Result<()> {
    if m.points == 0 {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO point_moves (customer_id, kind, points, sale_id, at, user_id, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![m.customer_id, m.kind, m.points, m.sale_id, m.at, m.user_id, m.expires_at])?;
    conn.prepare_cached("UPDATE customers SET points = points + ?2 WHERE id = ?1")?
        .execute(params![m.customer_id, m.points])?;
    Ok(())
}

pub fn balance(conn: &Connection, customer_id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT points FROM customers WHERE id = ?1")?
        .query_row([customer_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Points earned (net of what voids and returns took back, plus refunds) that have
/// not expired at `now`: a balance above this has expired points in it.
pub fn unexpired(conn: &Connection, customer_id: i64, now: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(points), 0) FROM point_moves
              WHERE customer_id = ?1 AND kind IN ('earn', 'unearn', 'refund')
                AND (expires_at IS NULL OR expires_at > ?2)",
        )?
        .query_row(params![customer_id, now], |r| r.get(0))?)
}

/// A row a sale wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleMove {
    pub customer_id: i64,
    pub kind: String,
    pub points: i64,
    pub expires_at: Option<i64>,
}

/// The rows a sale wrote, oldest first.
pub fn of_sale(conn: &Connection, sale_id: i64) -> Result<Vec<SaleMove>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, kind, points, expires_at FROM point_moves WHERE sale_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([sale_id], |r| {
        Ok(SaleMove { customer_id: r.get(0)?, kind: r.get(1)?, points: r.get(2)?, expires_at: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What sale `sale_id` did to its member's points and the balance right after it;
/// None when it moved none.
pub fn on_receipt(conn: &Connection, sale_id: i64) -> Result<Option<crate::domain::receipt::ReceiptPoints>> {
    let moves = of_sale(conn, sale_id)?;
    let Some(customer_id) = moves.first().map(|m| m.customer_id) else { return Ok(None) };
    let sum = |kind: &str| moves.iter().filter(|m| m.kind == kind).map(|m| m.points).sum::<i64>();
    let balance = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(points), 0) FROM point_moves
              WHERE customer_id = ?1 AND id <= (SELECT MAX(id) FROM point_moves WHERE sale_id = ?2 AND kind IN ('earn', 'redeem'))",
        )?
        .query_row(params![customer_id, sale_id], |r| r.get(0))?;
    Ok(Some(crate::domain::receipt::ReceiptPoints { earned: sum("earn"), redeemed: -sum("redeem"), balance }))
}

/// Members whose cached points differ from their ledger: (code, cached, ledger).
pub fn mismatches(conn: &Connection) -> Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT c.code, c.points, COALESCE(m.total, 0)
           FROM customers c
           LEFT JOIN (SELECT customer_id, SUM(points) AS total FROM point_moves GROUP BY customer_id) m
                  ON m.customer_id = c.id
          WHERE c.points <> COALESCE(m.total, 0)
          ORDER BY c.code",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every member's points as they stood just before `end` (epoch ms).
pub fn balances_at(conn: &Connection, end: i64) -> Result<std::collections::HashMap<i64, i64>> {
    let mut stmt =
        conn.prepare("SELECT customer_id, SUM(points) FROM point_moves WHERE at < ?1 GROUP BY customer_id")?;
    let rows = stmt.query_map([end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One ledger row as the `points` report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointRow {
    pub at: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub points: i64,
    pub invoice: Option<String>,
    pub balance: i64,
}

/// Every ledger row from `from` to `to` (epoch ms, `to` exclusive), oldest first,
/// with the member's balance after it.
pub fn moves(conn: &Connection, from: i64, to: i64) -> Result<Vec<PointRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.at, c.code, c.name, m.kind, m.points, s.invoice,
                SUM(m.points) OVER (PARTITION BY m.customer_id ORDER BY m.id) AS balance
           FROM point_moves m
           JOIN customers c ON c.id = m.customer_id
           LEFT JOIN sales s ON s.id = m.sale_id
          ORDER BY m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PointRow {
            at: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            kind: r.get(3)?,
            points: r.get(4)?,
            invoice: r.get(5)?,
            balance: r.get(6)?,
        })
    })?;
    let all: Vec<PointRow> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(all.into_iter().filter(|r| r.at >= from && r.at < to).collect())
}
