//! Queries behind the Dashboard (Alt+1). Sales figures come from the summaries
//! (`store::summaries`), the rest are short aggregates over small or indexed sets, so
//! the whole dashboard loads in milliseconds even on a shop with a million sale lines.

use rusqlite::Connection;

use super::{Result, summaries};
use crate::domain::Money;

/// A product's revenue over some days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopProduct {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    /// Line totals (after line discounts, before the whole-sale discount) of
    /// completed sales, less the returned part of them returned in those days.
    pub revenue: Money,
}

/// The `limit` products with the most revenue on the days `first_day..=last_day`
/// (summary day numbers), most first (ties by name), from the per-day item summary.
pub fn top_products(conn: &Connection, first_day: i64, last_day: i64, limit: usize) -> Result<Vec<TopProduct>> {
    let mut best: Vec<(i64, i64)> = summaries::items_between(conn, first_day, last_day, None)?
        .into_iter()
        .map(|(item_id, sums)| (item_id, sums.value))
        .filter(|(_, v)| *v > 0)
        .collect();
    best.sort_unstable_by_key(|(id, v)| (std::cmp::Reverse(*v), *id));
    // Enough candidates that a tie at the cut is settled by name, not by id.
    let cut = best.get(limit.saturating_sub(1)).map(|(_, v)| *v);
    best.retain(|(_, v)| cut.is_none_or(|c| *v >= c));
    let mut stmt = conn.prepare_cached("SELECT sku, name FROM items WHERE id = ?1")?;
    let mut out = Vec::with_capacity(best.len());
    for (item_id, value) in best {
        let (sku, name) = stmt.query_row([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        out.push(TopProduct { item_id, sku, name, revenue: Money::new(value) });
    }
    out.sort_by_cached_key(|p| (std::cmp::Reverse(p.revenue), p.name.to_lowercase(), p.item_id));
    out.truncate(limit);
    Ok(out)
}

/// Active items at or below their reorder level. Items without a reorder level (0)
/// are not counted: the shop has not said when they need reordering. The same rule as
/// `domain::qty::needs_reorder`, in SQL so the partial index serves it.
pub fn low_stock_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        // `items_below_reorder` (migration 0005) holds exactly these terms.
        .prepare_cached(
            "SELECT COUNT(*) FROM items WHERE active = 1 AND reorder_level > 0 AND on_hand - reorder_level <= 0",
        )?
        .query_row([], |r| r.get(0))?)
}

/// What customers owe now, and the part of it past its due date (`due_date` before
/// `today`, a shop-local `YYYY-MM-DD`, as the aging counts days overdue).
pub fn receivables(conn: &Connection, today: &str) -> Result<(Money, Money)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount - paid), 0),
                    COALESCE(SUM(CASE WHEN due_date < ?1 THEN amount - paid ELSE 0 END), 0)
               FROM receivables WHERE amount > paid",
        )?
        .query_row([today], |r| Ok((Money::new(r.get(0)?), Money::new(r.get(1)?))))?)
}

/// What the shop owes suppliers, and the part of it past its due date.
pub fn payables(conn: &Connection, today: &str) -> Result<(Money, Money)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount - paid), 0),
                    COALESCE(SUM(CASE WHEN due_date < ?1 THEN amount - paid ELSE 0 END), 0)
               FROM payables WHERE amount > paid",
        )?
        .query_row([today], |r| Ok((Money::new(r.get(0)?), Money::new(r.get(1)?))))?)
}

/// Outbox messages by what the owner should make of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Still to send (`pending`, or being sent).
    pub pending: i64,
    /// `failed` (waiting for a retry) or `dead` (given up).
    pub failed: i64,
    /// Declined by the platform for reasons that are not the shop's (not failures).
    pub skipped: i64,
    /// Waiting for their template to be usable again.
    pub held: i64,
}

pub fn outbox_counts(conn: &Connection) -> Result<OutboxCounts> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(status IN ('pending', 'sending')), 0),
                    COALESCE(SUM(status IN ('failed', 'dead')), 0),
                    COALESCE(SUM(status = 'skipped'), 0),
                    COALESCE(SUM(status = 'held'), 0)
               FROM outbox WHERE status IN ('pending', 'sending', 'failed', 'dead', 'skipped', 'held')",
        )?
        .query_row([], |r| {
            Ok(OutboxCounts { pending: r.get(0)?, failed: r.get(1)?, skipped: r.get(2)?, held: r.get(3)? })
        })?)
}
