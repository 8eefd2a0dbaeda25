//! Stock reports from the stock ledger: levels at the end of the range, and each
//! item's movement during it. Both read the same figures, so stock-movement's
//! `closing` is always stock-levels' `on_hand` for the same `--to`. Whole months
//! come from the per-month summary, the days around them from the ledger.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::value::Value;
use super::{CONTINUE, Context, Emit, Result};
use crate::clock::day_start_ms;
use crate::domain::{Money, Qty};
use crate::store::reports::{self as queries, StockLine};
use crate::store::summaries::{self, StockMonthSums, Sums, day_number};

/// Per item: the sum of its moves before the range, and its moves during it.
pub(crate) type ItemMoves = HashMap<i64, (i64, StockMonthSums)>;

fn month_number(date: Date) -> i64 {
    day_number(date) / 100
}

pub(crate) fn item_moves(ctx: &Context<'_>) -> Result<ItemMoves> {
    let (conn, tz) = (ctx.conn, &ctx.tz);
    let mut moves = ItemMoves::new();
    let mut before = |item: i64, sums: StockMonthSums| moves.entry(item).or_default().0 += sums.total();
    // Every month before the range's first, then that month's days before the range.
    let first_month = ctx.range.from.first_of_month();
    for (item, sums) in summaries::stock_months(conn, 0, month_number(first_month) - 1)? {
        before(item, sums);
    }
    for ((_, item), sums) in summaries::stock_moves_between(conn, day_start_ms(first_month, tz), ctx.start, tz)? {
        before(item, sums);
    }
    let mut during = |item: i64, sums: StockMonthSums| moves.entry(item).or_default().1.add(&sums, 1);
    // The whole months inside the range from the summary, the days around them from the ledger.
    let whole_from = if ctx.range.from == first_month { first_month } else { first_month.saturating_add(1.month()) };
    let whole_until = ctx.range.to.saturating_add(1.day()).first_of_month();
    let mut ledger = vec![(ctx.start, ctx.end)];
    if whole_from < whole_until {
        let last_whole = whole_until.saturating_sub(1.day());
        for (item, sums) in summaries::stock_months(conn, month_number(whole_from), month_number(last_whole))? {
            during(item, sums);
        }
        ledger = vec![(ctx.start, day_start_ms(whole_from, tz)), (day_start_ms(whole_until, tz), ctx.end)];
    }
    for (from, to) in ledger {
        for ((_, item), sums) in summaries::stock_moves_between(conn, from, to, tz)? {
            during(item, sums);
        }
    }
    Ok(moves)
}

fn has_stock_or_moves(line: &StockLine<'_>) -> bool {
    [line.opening, line.purchases, line.sales, line.returns, line.adjustments, line.counts, line.closing]
        .into_iter()
        .any(|q| q != Qty::ZERO)
}

/// Active items, and archived ones that still hold stock.
pub fn levels(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    queries::stock_lines(ctx.conn, &item_moves(ctx)?, |line| {
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
    queries::stock_lines(ctx.conn, &item_moves(ctx)?, |line| {
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
