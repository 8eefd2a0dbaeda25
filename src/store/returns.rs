//! Reversing sales: reading a past sale as a void or a return needs it, marking it
//! void, and recording returns with their lines (`sale_lines.returned_qty` moves with
//! `sale_return_lines`).

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::refund::RefundMethod;
use crate::domain::{Money, Qty};

/// A sale as a void or return sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleToReverse {
    pub id: i64,
    pub invoice: String,
    pub at: i64,
    /// The cashier who rang it up.
    pub user_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub subtotal: Money,
    pub total: Money,
    pub void: bool,
    /// Sum of its money payments (cash net of change, transfer, QRIS): not credit,
    /// not points.
    pub paid_upfront: Money,
    /// What member points paid of it.
    pub paid_points: Money,
    /// Sum of its cash payments (net of change).
    pub paid_cash: Money,
    pub returns: i64,
    /// Refunded in cash by its returns so far (not counting points given back).
    pub cash_refunded: Money,
    /// Refunded by its returns so far, in every way (their `amount`s).
    pub refunded: Money,
}

pub fn sale_by_invoice(conn: &Connection, invoice: &str) -> Result<Option<SaleToReverse>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.id, s.invoice, s.at, s.user_id, s.customer_id, s.subtotal, s.total, s.status = 'void',
                    COALESCE((SELECT SUM(p.amount) FROM sale_payments p
                               WHERE p.sale_id = s.id AND p.method NOT IN ('credit', 'points')), 0),
                    COALESCE((SELECT SUM(p.amount) FROM sale_payments p WHERE p.sale_id = s.id AND p.method = 'points'), 0),
                    COALESCE((SELECT SUM(p.amount) FROM sale_payments p WHERE p.sale_id = s.id AND p.method = 'cash'), 0),
                    (SELECT COUNT(*) FROM sale_returns x WHERE x.sale_id = s.id),
                    COALESCE((SELECT SUM(x.amount - x.points_amount) FROM sale_returns x
                               WHERE x.sale_id = s.id AND x.refund_method = 'cash'), 0),
                    COALESCE((SELECT SUM(x.amount) FROM sale_returns x WHERE x.sale_id = s.id), 0)
               FROM sales s WHERE s.invoice = ?1",
        )?
        .query_row([invoice.trim()], |r| {
            Ok(SaleToReverse {
                id: r.get(0)?,
                invoice: r.get(1)?,
                at: r.get(2)?,
                user_id: r.get(3)?,
                customer_id: r.get(4)?,
                subtotal: Money::new(r.get(5)?),
                total: Money::new(r.get(6)?),
                void: r.get(7)?,
                paid_upfront: Money::new(r.get(8)?),
                paid_points: Money::new(r.get(9)?),
                paid_cash: Money::new(r.get(10)?),
                returns: r.get(11)?,
                cash_refunded: Money::new(r.get(12)?),
                refunded: Money::new(r.get(13)?),
            })
        })
        .optional()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineToReverse {
    pub id: i64,
    pub line_no: i64,
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub qty: Qty,
    pub line_total: Money,
    pub unit_cost: Money,
    pub returned: Qty,
}

pub fn lines(conn: &Connection, sale_id: i64) -> Result<Vec<LineToReverse>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.line_no, l.item_id, i.sku, i.name, l.qty, l.line_total, l.unit_cost, l.returned_qty
           FROM sale_lines l JOIN items i ON i.id = l.item_id
          WHERE l.sale_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map([sale_id], |r| {
        Ok(LineToReverse {
            id: r.get(0)?,
            line_no: r.get(1)?,
            item_id: r.get(2)?,
            sku: r.get(3)?,
            name: r.get(4)?,
            qty: Qty::from_thousandths(r.get(5)?),
            line_total: Money::new(r.get(6)?),
            unit_cost: Money::new(r.get(7)?),
            returned: Qty::from_thousandths(r.get(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the sale took from stock, per item and unit cost, as its ledger shows
/// (history imported without moving stock took nothing): (item, qty, unit cost).
pub fn stock_taken(conn: &Connection, sale_id: i64, invoice: &str) -> Result<Vec<(i64, Qty, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, -SUM(qty), unit_cost FROM stock_moves
          WHERE item_id IN (SELECT item_id FROM sale_lines WHERE sale_id = ?1) AND kind = 'sale' AND reference = ?2
          GROUP BY item_id, unit_cost
         HAVING SUM(qty) <> 0
          ORDER BY item_id, unit_cost",
    )?;
    let rows = stmt.query_map(params![sale_id, invoice], |r| {
        Ok((r.get(0)?, Qty::from_thousandths(r.get(1)?), Money::new(r.get(2)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone)]
pub struct VoidMark<'a> {
    pub sale_id: i64,
    pub reason: &'a str,
    pub at: i64,
    pub user_id: Option<i64>,
    /// The drawer that paid the cash back.
    pub shift_id: Option<i64>,
}

/// Mark a completed sale void; false if it was not completed.
pub fn mark_void(conn: &Connection, v: &VoidMark<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE sales SET status = 'void', void_reason = ?2, voided_at = ?3, voided_by = ?4, void_shift_id = ?5
              WHERE id = ?1 AND status = 'completed'",
        )?
        .execute(params![v.sale_id, v.reason, v.at, v.user_id, v.shift_id])?;
    Ok(n == 1)
}

#[derive(Debug, Clone)]
pub struct NewReturn<'a> {
    pub number: &'a str,
    pub sale_id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub approved_by: Option<i64>,
    pub shift_id: Option<i64>,
    pub refund_method: RefundMethod,
    pub lines_total: Money,
    pub amount: Money,
    /// The part of `amount` given back as member points.
    pub points_amount: Money,
    pub reason: &'a str,
}

pub fn insert_return(conn: &Connection, r: &NewReturn<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO sale_returns (number, sale_id, at, user_id, approved_by, shift_id, refund_method, lines_total,
                                   amount, points_amount, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        r.number,
        r.sale_id,
        r.at,
        r.user_id,
        r.approved_by,
        r.shift_id,
        r.refund_method.code(),
        r.lines_total.rupiah(),
        r.amount.rupiah(),
        r.points_amount.rupiah(),
        r.reason
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Record a returned part of a sale line and add it to the line's `returned_qty`.
pub fn insert_return_line(
    conn: &Connection,
    return_id: i64,
    line: &LineToReverse,
    qty: Qty,
    line_total: Money,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sale_return_lines (return_id, sale_line_id, line_no, item_id, qty, line_total, unit_cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        return_id,
        line.id,
        line.line_no,
        line.item_id,
        qty.thousandths(),
        line_total.rupiah(),
        line.unit_cost.rupiah()
    ])?;
    conn.prepare_cached("UPDATE sale_lines SET returned_qty = returned_qty + ?2 WHERE id = ?1")?
        .execute(params![line.id, qty.thousandths()])?;
    Ok(())
}

/// For `warung doctor`: sale lines returned beyond what was sold, or whose
/// `returned_qty` differs from their return lines.
pub fn problems(conn: &Connection) -> Result<Vec<crate::domain::doctor::Finding>> {
    use crate::domain::doctor::Finding;
    let mut stmt = conn.prepare(
        "SELECT s.invoice, l.line_no, l.qty, l.returned_qty,
                COALESCE((SELECT SUM(x.qty) FROM sale_return_lines x WHERE x.sale_line_id = l.id), 0) AS recorded
           FROM sale_lines l JOIN sales s ON s.id = l.sale_id
          WHERE l.returned_qty <> 0 OR EXISTS (SELECT 1 FROM sale_return_lines x WHERE x.sale_line_id = l.id)
         ",
    )?;
    let rows = stmt.query_map([], |r| {
        let (invoice, line_no): (String, i64) = (r.get(0)?, r.get(1)?);
        let (qty, returned, recorded) =
            (Qty::from_thousandths(r.get(2)?), Qty::from_thousandths(r.get(3)?), Qty::from_thousandths(r.get(4)?));
        Ok(if returned > qty || returned.thousandths() < 0 {
            Some(Finding::ReturnAboveSold { invoice, line: line_no, returned, sold: qty })
        } else if returned != recorded {
            Some(Finding::ReturnsDiffer { invoice, line: line_no, returned, recorded })
        } else {
            None
        })
    })?;
    Ok(rows.filter_map(|r| r.transpose()).collect::<rusqlite::Result<_>>()?)
}
