//! Stock reports from the stock ledger: levels at the end of the range, and each
//! item's movement during it. Both read the same query, so stock-movement's
//! `closing` is always stock-levels' `on_hand` for the same `--to`.

use super::value::Value;
use super::{CONTINUE, Context, Emit, Result};
use crate::domain::{Money, Qty};
use crate::store::reports::{self as queries, StockLine};

fn has_stock_or_moves(line: &StockLine<'_>) -> bool {
    [line.opening, line.purchases, line.sales, line.returns, line.adjustments, line.counts, line.closing]
        .into_iter()
        .any(|q| q != Qty::ZERO)
}

/// Active items, and archived ones that still hold stock.
pub fn levels(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    queries::stock_lines(ctx.conn, ctx.start, ctx.end, |line| {
        if !line.active && line.closing == Qty::ZERO {
            return Ok(CONTINUE);
        }
        let value = line.cost.times_qty(line.closing).unwrap_or(Money::new(i64::MAX));
        emit(&[
            Value::text(line.sku),
            Value::text(line.name),
            Value::opt_text(line.category),
            Value::text(line.unit),
            Value::Qty(line.closing),
            Value::Money(value),
            Value::Qty(line.reorder_level),
            Value::Bool(crate::domain::qty::needs_reorder(line.closing, line.reorder_level)),
            Value::Money(line.cost),
        ])
    })
}

/// Active items, and archived ones with stock or moves in the range.
/// `closing = opening + purchases − sales + returns + adjustments + counts`.
pub fn movement(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    queries::stock_lines(ctx.conn, ctx.start, ctx.end, |line| {
        if !line.active && !has_stock_or_moves(line) {
            return Ok(CONTINUE);
        }
        emit(&[
            Value::text(line.sku),
            Value::text(line.name),
            Value::Qty(line.opening),
            Value::Qty(line.purchases),
            Value::Qty(line.sales),
            Value::Qty(line.returns),
            Value::Qty(line.adjustments),
            Value::Qty(line.counts),
            Value::Qty(line.closing),
            Value::opt_text(line.category),
            Value::text(line.unit),
        ])
    })
}
