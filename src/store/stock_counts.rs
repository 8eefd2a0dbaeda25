//! Stock counts (stock-taking): a count in progress with what was counted per item.
//! It lives in tables, so a count survives a restart and several people's counting
//! sessions add up.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::{Money, Qty};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub id: i64,
    pub category_id: Option<i64>,
    /// The category counted, or None for every item.
    pub category: Option<String>,
    pub revision: i64,
    pub started_at: i64,
}

/// The count in progress, if any (there is at most one).
pub fn current(conn: &Connection) -> Result<Option<CountRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT k.id, k.category_id, c.name, k.revision, k.started_at
               FROM stock_counts k LEFT JOIN categories c ON c.id = k.category_id
              WHERE k.status = 'open'",
        )?
        .query_row([], |r| {
            Ok(CountRow {
                id: r.get(0)?,
                category_id: r.get(1)?,
                category: r.get(2)?,
                revision: r.get(3)?,
                started_at: r.get(4)?,
            })
        })
        .optional()?)
}

pub fn start(conn: &Connection, category_id: Option<i64>, user_id: Option<i64>, now: i64) -> Result<i64> {
    conn.prepare_cached("INSERT INTO stock_counts (category_id, started_at, started_by) VALUES (?1, ?2, ?3)")?
        .execute(params![category_id, now, user_id])?;
    Ok(conn.last_insert_rowid())
}

/// Close a count as `approved` or `cancelled`.
pub fn close(conn: &Connection, id: i64, status: &str, user_id: Option<i64>, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE stock_counts SET status = ?2, closed_at = ?3, closed_by = ?4 WHERE id = ?1")?
        .execute(params![id, status, now, user_id])?;
    Ok(())
}

/// Whether `item_id` belongs in the count (its category, or any item for a full count).
pub fn in_scope(conn: &Connection, count: &CountRow, item_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT ?2 IS NULL OR category_id IS ?2 FROM items WHERE id = ?1")?
        .query_row(params![item_id, count.category_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// Add `qty` to what was counted of an item (or set it, with `replace`) and bump the
/// count's revision. Returns the item's counted quantity afterwards.
pub fn record(conn: &Connection, count_id: i64, item_id: i64, qty: Qty, replace: bool) -> Result<Qty> {
    let counted: i64 = conn
        .prepare_cached(
            "INSERT INTO stock_count_lines (count_id, item_id, counted) VALUES (?1, ?2, ?3)
             ON CONFLICT (count_id, item_id)
             DO UPDATE SET counted = CASE WHEN ?4 THEN excluded.counted ELSE counted + excluded.counted END
             RETURNING counted",
        )?
        .query_row(params![count_id, item_id, qty.thousandths(), replace], |r| r.get(0))?;
    conn.prepare_cached("UPDATE stock_counts SET revision = revision + 1 WHERE id = ?1")?.execute([count_id])?;
    Ok(Qty::from_thousandths(counted))
}

/// A counted item against the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub on_hand: Qty,
    pub counted: Qty,
    pub cost: Money,
}

/// What was counted so far, by item name.
pub fn lines(conn: &Connection, count_id: i64) -> Result<Vec<LineRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.sku, i.name, i.on_hand, l.counted, i.cost
           FROM stock_count_lines l JOIN items i ON i.id = l.item_id
          WHERE l.count_id = ?1
          ORDER BY i.name COLLATE NOCASE, i.id",
    )?;
    let rows = stmt.query_map([count_id], |r| {
        Ok(LineRow {
            item_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            on_hand: Qty::from_thousandths(r.get(3)?),
            counted: Qty::from_thousandths(r.get(4)?),
            cost: Money::new(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Active items the count covers (for "n of m counted").
pub fn items_in_scope(conn: &Connection, category_id: Option<i64>) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM items WHERE active = 1 AND (?1 IS NULL OR category_id IS ?1)")?
        .query_row([category_id], |r| r.get(0))?)
}

/// Changes whenever the count's figures could: its revision and the newest stock
/// move of any counted item.
pub fn stamp(conn: &Connection, count: &CountRow) -> Result<(i64, i64)> {
    let newest_move: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(MAX(m.id), 0) FROM stock_moves m
              WHERE m.item_id IN (SELECT item_id FROM stock_count_lines WHERE count_id = ?1)",
        )?
        .query_row([count.id], |r| r.get(0))?;
    Ok((count.revision, newest_move))
}

pub fn category_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM categories WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}
