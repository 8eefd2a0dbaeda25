//! Purchases (supplier invoices received into stock) and purchase returns: headers
//! and lines. The stock ledger rows and payables they cause live in `stock` and
//! `payables`; the service writes them all in one transaction.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::{Money, PaymentMethod, Qty};

#[derive(Debug, Clone)]
pub struct NewPurchase<'a> {
    pub number: &'a str,
    pub supplier_id: i64,
    pub supplier_invoice: &'a str,
    pub invoice_date: Date,
    pub total: Money,
    pub payment: PaymentMethod,
    pub at: i64,
    pub user_id: Option<i64>,
}

pub fn insert(conn: &Connection, p: &NewPurchase<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO purchases (number, supplier_id, supplier_invoice, invoice_date, total, payment, at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        p.number,
        p.supplier_id,
        p.supplier_invoice,
        p.invoice_date.to_string(),
        p.total.rupiah(),
        p.payment.code(),
        p.at,
        p.user_id
    ])?;
    Ok(conn.last_insert_rowid())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub item_id: i64,
    pub packs: Qty,
    pub pack_factor: Qty,
    pub pack_cost: Money,
    pub qty: Qty,
    pub unit_cost: Money,
    pub line_total: Money,
}

pub fn insert_line(conn: &Connection, purchase_id: i64, l: &NewLine) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO purchase_lines (purchase_id, item_id, packs, pack_factor, pack_cost, qty, unit_cost, line_total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        purchase_id,
        l.item_id,
        l.packs.thousandths(),
        l.pack_factor.thousandths(),
        l.pack_cost.rupiah(),
        l.qty.thousandths(),
        l.unit_cost.rupiah(),
        l.line_total.rupiah()
    ])?;
    Ok(())
}

/// Set an item's cost (the moving average after a receipt).
pub fn set_item_cost(conn: &Connection, item_id: i64, cost: Money, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE items SET cost = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
        item_id,
        cost.rupiah(),
        now
    ])?;
    Ok(())
}

/// A purchase as listed: header with its supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRow {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_invoice: String,
    pub invoice_date: Date,
    pub total: Money,
    pub payment: String,
    pub at: i64,
}

fn date_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Date> {
    let text: String = row.get(index)?;
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

const SELECT_PURCHASE: &str = "SELECT p.id, p.number, p.supplier_id, s.name, p.supplier_invoice, p.invoice_date,
                                      p.total, p.payment, p.at
                                 FROM purchases p JOIN suppliers s ON s.id = p.supplier_id";

fn map_purchase(r: &rusqlite::Row<'_>) -> rusqlite::Result<PurchaseRow> {
    Ok(PurchaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        supplier_id: r.get(2)?,
        supplier_name: r.get(3)?,
        supplier_invoice: r.get(4)?,
        invoice_date: date_column(r, 5)?,
        total: Money::new(r.get(6)?),
        payment: r.get(7)?,
        at: r.get(8)?,
    })
}

/// The most recent purchases, newest first.
pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<PurchaseRow>> {
    let sql = format!("{SELECT_PURCHASE} ORDER BY p.at DESC, p.id DESC LIMIT ?1");
    let rows = conn.prepare_cached(&sql)?.query_map([limit as i64], map_purchase)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn by_number(conn: &Connection, number: &str) -> Result<Option<PurchaseRow>> {
    let sql = format!("{SELECT_PURCHASE} WHERE p.number = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([number.trim()], map_purchase).optional()?)
}

/// A received line, with what has already gone back to the supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedLine {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub qty: Qty,
    pub unit_cost: Money,
    pub returned: Qty,
}

/// A purchase's lines summed per item (an item scanned twice is one line here).
pub fn received_lines(conn: &Connection, purchase_id: i64) -> Result<Vec<ReceivedLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.item_id, i.sku, i.name, SUM(l.qty), CAST(ROUND(1.0 * SUM(l.line_total) * 1000 / SUM(l.qty)) AS INTEGER),
                COALESCE((SELECT SUM(rl.qty) FROM purchase_return_lines rl JOIN purchase_returns r ON r.id = rl.return_id
                           WHERE r.purchase_id = l.purchase_id AND rl.item_id = l.item_id), 0)
           FROM purchase_lines l JOIN items i ON i.id = l.item_id
          WHERE l.purchase_id = ?1
          GROUP BY l.item_id ORDER BY MIN(l.id)",
    )?;
    let rows = stmt.query_map([purchase_id], |r| {
        Ok(ReceivedLine {
            item_id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            qty: Qty::from_thousandths(r.get(3)?),
            unit_cost: Money::new(r.get(4)?),
            returned: Qty::from_thousandths(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone)]
pub struct NewReturn<'a> {
    pub number: &'a str,
    pub supplier_id: i64,
    pub purchase_id: i64,
    pub total: Money,
    pub credited: Money,
    pub refunded: Money,
    pub reason: &'a str,
    pub at: i64,
    pub user_id: Option<i64>,
}

pub fn insert_return(conn: &Connection, r: &NewReturn<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO purchase_returns (number, supplier_id, purchase_id, total, credited, refunded, reason, at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        r.number,
        r.supplier_id,
        r.purchase_id,
        r.total.rupiah(),
        r.credited.rupiah(),
        r.refunded.rupiah(),
        r.reason,
        r.at,
        r.user_id
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_return_line(conn: &Connection, return_id: i64, item_id: i64, qty: Qty, unit_cost: Money) -> Result<()> {
    let total = unit_cost.times_qty(qty).unwrap_or(Money::ZERO);
    conn.prepare_cached(
        "INSERT INTO purchase_return_lines (return_id, item_id, qty, unit_cost, line_total) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![return_id, item_id, qty.thousandths(), unit_cost.rupiah(), total.rupiah()])?;
    Ok(())
}

/// Purchase returns of a purchase: their count (for numbering the next one).
pub fn return_count(conn: &Connection, purchase_id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM purchase_returns WHERE purchase_id = ?1")?
        .query_row([purchase_id], |r| r.get(0))?)
}

/// An item below its reorder level, with the supplier it last came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReorderRow {
    pub supplier: Option<String>,
    pub sku: String,
    pub name: String,
    pub on_hand: Qty,
    pub reorder_level: Qty,
    pub last_cost: Money,
}

/// Active items at or below their (non-zero) reorder level, by last supplier then
/// name; items never purchased come last. The same rule as `qty::needs_reorder`.
pub fn reorder(conn: &Connection) -> Result<Vec<ReorderRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT (SELECT s.name FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
                   JOIN suppliers s ON s.id = p.supplier_id
                  WHERE l.item_id = i.id ORDER BY p.at DESC, p.id DESC LIMIT 1) AS supplier,
                i.sku, i.name, i.on_hand, i.reorder_level,
                COALESCE((SELECT l.unit_cost FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
                           WHERE l.item_id = i.id ORDER BY p.at DESC, p.id DESC, l.id DESC LIMIT 1), i.cost)
           FROM items i
          WHERE i.active = 1 AND i.reorder_level > 0 AND i.on_hand <= i.reorder_level
          ORDER BY supplier IS NULL, supplier COLLATE NOCASE, i.name COLLATE NOCASE, i.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ReorderRow {
            supplier: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            on_hand: Qty::from_thousandths(r.get(3)?),
            reorder_level: Qty::from_thousandths(r.get(4)?),
            last_cost: Money::new(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Purchases between two instants per bucket start, for the purchase-summary
/// report: (at, lines' base quantity, total) of each purchase, in time order.
pub fn in_range(conn: &Connection, start: i64, end: i64) -> Result<Vec<(i64, Qty, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.at, COALESCE((SELECT SUM(l.qty) FROM purchase_lines l WHERE l.purchase_id = p.id), 0), p.total
           FROM purchases p WHERE p.at >= ?1 AND p.at < ?2 ORDER BY p.at, p.id",
    )?;
    let rows =
        stmt.query_map([start, end], |r| Ok((r.get(0)?, Qty::from_thousandths(r.get(1)?), Money::new(r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
