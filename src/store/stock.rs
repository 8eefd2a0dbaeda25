//! The stock ledger. Every change is a row here, and the cached `items.on_hand` and
//! the per-month summary move with it, inside the caller's transaction.

use rusqlite::{Connection, params};

use super::Result;
use crate::domain::{Money, Qty};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    Opening,
    Sale,
    SaleReturn,
    Void,
    Purchase,
    PurchaseReturn,
    Adjustment,
    Count,
}

impl MoveKind {
    pub fn code(self) -> &'static str {
        match self {
            MoveKind::Opening => "opening",
            MoveKind::Sale => "sale",
            MoveKind::SaleReturn => "sale_return",
            MoveKind::Void => "void",
            MoveKind::Purchase => "purchase",
            MoveKind::PurchaseReturn => "purchase_return",
            MoveKind::Adjustment => "adjustment",
            MoveKind::Count => "count",
        }
    }
}

#[derive(Debug, Clone)]
pub struct StockMove<'a> {
    pub item_id: i64,
    pub kind: MoveKind,
    pub qty: Qty,
    pub unit_cost: Money,
    pub user_id: Option<i64>,
    pub at: i64,
    pub reference: &'a str,
}

pub fn record(conn: &Connection, m: &StockMove<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stock_moves (item_id, kind, qty, unit_cost, user_id, at, reference)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        m.item_id,
        m.kind.code(),
        m.qty.thousandths(),
        m.unit_cost.rupiah(),
        m.user_id,
        m.at,
        m.reference
    ])?;
    conn.prepare_cached("UPDATE items SET on_hand = on_hand + ?2 WHERE id = ?1")?
        .execute(params![m.item_id, m.qty.thousandths()])?;
    super::summaries::stock_moved(conn, m.item_id, m.kind.code(), m.qty.thousandths(), m.at)
}

/// A `purchase` ledger row with its item's category (empty without one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseMove {
    pub id: i64,
    pub item_id: i64,
    pub category: String,
    pub qty: Qty,
    pub unit_cost: Money,
    pub at: i64,
    pub reference: String,
    pub user_id: Option<i64>,
}

/// Every `purchase` ledger row, in time order.
pub fn purchase_moves(conn: &Connection) -> Result<Vec<PurchaseMove>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.item_id, COALESCE(c.name, ''), m.qty, m.unit_cost, m.at, m.reference, m.user_id
           FROM stock_moves m JOIN items i ON i.id = m.item_id LEFT JOIN categories c ON c.id = i.category_id
          WHERE m.kind = 'purchase' ORDER BY m.at, m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PurchaseMove {
            id: r.get(0)?,
            item_id: r.get(1)?,
            category: r.get(2)?,
            qty: Qty::from_thousandths(r.get(3)?),
            unit_cost: Money::new(r.get(4)?),
            at: r.get(5)?,
            reference: r.get(6)?,
            user_id: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Name the document a ledger row came on (the demo's deliveries get their purchase number).
pub fn set_reference(conn: &Connection, move_id: i64, reference: &str) -> Result<()> {
    conn.prepare_cached("UPDATE stock_moves SET reference = ?2 WHERE id = ?1")?.execute(params![move_id, reference])?;
    Ok(())
}

/// Items whose cached on-hand differs from their ledger: (sku, cached, ledger).
pub fn mismatches(conn: &Connection) -> Result<Vec<(String, Qty, Qty)>> {
    let mut stmt = conn.prepare(
        "SELECT i.sku, i.on_hand, COALESCE(m.total, 0)
           FROM items i
           LEFT JOIN (SELECT item_id, SUM(qty) AS total FROM stock_moves GROUP BY item_id) m ON m.item_id = i.id
          WHERE i.on_hand <> COALESCE(m.total, 0)
          ORDER BY i.sku",
    )?;
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, Qty::from_thousandths(r.get(1)?), Qty::from_thousandths(r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
