//! Queries behind the Dashboard (Alt+1). Each is a short aggregate over an index
//! (`sales_at`, `sale_returns_at`, `sale_lines_sale`), so the whole dashboard loads
//! in milliseconds even on a shop with a million sale lines. Instants are UTC epoch
//! milliseconds; ranges are half-open, `from <= at < to`.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::Result;
use crate::domain::Money;

/// Completed sales in a range: how many, and their net (subtotal less the whole-sale
/// discount, before tax — the reports' `net`). Voided sales do not count.
pub fn sales_between(conn: &Connection, from: i64, to: i64) -> Result<(i64, Money)> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(subtotal - discount), 0)
               FROM sales WHERE at >= ?1 AND at < ?2 AND status = 'completed'",
        )?
        .query_row(params![from, to], |r| Ok((r.get(0)?, Money::new(r.get(1)?))))?)
}

/// Net taken back by returns in a range, as a positive amount: each refund less its
/// tax part (`refund × sale tax / sale total`, rounded half up), as the reports count it.
pub fn returns_between(conn: &Connection, from: i64, to: i64) -> Result<Money> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(r.amount - CASE WHEN s.total > 0
                                                 THEN (2 * r.amount * s.tax + s.total) / (2 * s.total)
                                                 ELSE 0 END), 0)
               FROM sale_returns r JOIN sales s ON s.id = r.sale_id
              WHERE r.at >= ?1 AND r.at < ?2",
        )?
        .query_row(params![from, to], |r| Ok(Money::new(r.get(0)?)))?)
}

/// A product's revenue in a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopProduct {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    /// Line totals (after line discounts, before the whole-sale discount) of
    /// completed sales, less the returned part of them returned in the range.
    pub revenue: Money,
}

/// The `limit` products with the most revenue in a range, most first (ties by name).
/// Summed here rather than with SQL's GROUP BY: a hash map over the week's lines is
/// several times faster than SQLite's temporary B-tree on a busy shop.
pub fn top_products(conn: &Connection, from: i64, to: i64, limit: usize) -> Result<Vec<TopProduct>> {
    let mut revenue: HashMap<i64, i64> = HashMap::new();
    let mut add = |sql: &str| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(row) = rows.next()? {
            let value: i64 = row.get(1)?;
            let sum = revenue.entry(row.get(0)?).or_default();
            *sum = sum.saturating_add(value);
        }
        Ok(())
    };
    add("SELECT l.item_id, l.line_total
           FROM sales s JOIN sale_lines l ON l.sale_id = s.id
          WHERE s.at >= ?1 AND s.at < ?2 AND s.status = 'completed'")?;
    add("SELECT rl.item_id, -rl.line_total
           FROM sale_returns r JOIN sale_return_lines rl ON rl.return_id = r.id
          WHERE r.at >= ?1 AND r.at < ?2")?;
    let mut best: Vec<(i64, i64)> = revenue.into_iter().filter(|(_, v)| *v > 0).collect();
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
