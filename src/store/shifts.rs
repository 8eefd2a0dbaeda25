//! Cashier shifts.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::Money;

/// The open shift of a user, if any.
pub fn open_shift_id(conn: &Connection, user_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM shifts WHERE user_id = ?1 AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1",
        )?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftRow {
    pub id: i64,
    pub user_id: i64,
    pub opened_at: i64,
    pub opening_float: Money,
    pub closed_at: Option<i64>,
    pub expected_cash: Option<Money>,
    pub counted_cash: Option<Money>,
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<ShiftRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, user_id, opened_at, opening_float, closed_at, expected_cash, counted_cash FROM shifts WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ShiftRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                opened_at: r.get(2)?,
                opening_float: Money::new(r.get(3)?),
                closed_at: r.get(4)?,
                expected_cash: r.get::<_, Option<i64>>(5)?.map(Money::new),
                counted_cash: r.get::<_, Option<i64>>(6)?.map(Money::new),
            })
        })
        .optional()?)
}

pub fn open(conn: &Connection, user_id: i64, at: i64, opening_float: Money) -> Result<i64> {
    conn.prepare_cached("INSERT INTO shifts (user_id, opened_at, opening_float) VALUES (?1, ?2, ?3)")?
        .execute(params![user_id, at, opening_float.rupiah()])?;
    Ok(conn.last_insert_rowid())
}

/// Close an open shift; false if it was already closed.
pub fn close(conn: &Connection, id: i64, at: i64, expected: Money, counted: Money) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE shifts SET closed_at = ?2, expected_cash = ?3, counted_cash = ?4 WHERE id = ?1 AND closed_at IS NULL",
        )?
        .execute(params![id, at, expected.rupiah(), counted.rupiah()])?;
    Ok(n == 1)
}

/// Cash through a shift's drawer, besides its opening float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CashFlows {
    /// Sales rung up in the shift (including any voided later).
    pub sales: i64,
    /// Cash payments of those sales, net of change.
    pub cash_sales: Money,
    /// Cash taken on customers' receivables.
    pub cash_received: Money,
    /// Cash refunded by returns.
    pub cash_refunds: Money,
    /// Cash paid back for sales voided in the shift.
    pub cash_voids: Money,
}

pub fn cash_flows(conn: &Connection, shift_id: i64) -> Result<CashFlows> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM sales WHERE shift_id = ?1),
                    (SELECT COALESCE(SUM(p.amount), 0) FROM sale_payments p JOIN sales s ON s.id = p.sale_id
                      WHERE s.shift_id = ?1 AND p.method = 'cash'),
                    (SELECT COALESCE(SUM(amount), 0) FROM receivable_payments WHERE shift_id = ?1 AND method = 'cash'),
                    (SELECT COALESCE(SUM(amount - points_amount), 0) FROM sale_returns
                      WHERE shift_id = ?1 AND refund_method = 'cash'),
                    (SELECT COALESCE(SUM(p.amount), 0) FROM sale_payments p JOIN sales s ON s.id = p.sale_id
                      WHERE s.void_shift_id = ?1 AND s.status = 'void' AND p.method = 'cash')",
        )?
        .query_row([shift_id], |r| {
            Ok(CashFlows {
                sales: r.get(0)?,
                cash_sales: Money::new(r.get(1)?),
                cash_received: Money::new(r.get(2)?),
                cash_refunds: Money::new(r.get(3)?),
                cash_voids: Money::new(r.get(4)?),
            })
        })?)
}
