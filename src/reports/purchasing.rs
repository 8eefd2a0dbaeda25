//! Purchasing reports: purchases per period and the suggested reorder list. What
//! the shop owes suppliers is in `debts`, beside what customers owe.

use super::period::periods;
use super::value::Value;
use super::{Context, Emit, ReportError, ReportProblem, Result};
use crate::clock::local_date;
use crate::domain::purchase::suggested_reorder;
use crate::domain::{Money, Qty};
use crate::store::purchases;

/// One row per period of the range (empty periods included): purchases, base units
/// received, total.
pub fn summary(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let group_by = ctx.options.group_by.unwrap_or_default();
    let bought = purchases::in_range(ctx.conn, ctx.start, ctx.end)?;
    let mut rows = bought.iter().peekable();
    for period in periods(ctx.range, group_by) {
        let (mut count, mut items, mut total) = (0i64, Qty::ZERO, Money::ZERO);
        while let Some((_, qty, amount)) = rows.next_if(|(at, _, _)| local_date(*at, &ctx.tz) <= period.end) {
            count += 1;
            items = items.checked_add(*qty).ok_or_else(|| ReportError::Invalid(ReportProblem::QtyTotalTooLarge))?;
            total = total.checked_add(*amount)?;
        }
        let row = [
            Value::owned(period.label),
            Value::Int(count),
            Value::Qty(items),
            Value::Money(total),
            Value::Date(period.start),
            Value::Date(period.end),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// Items at or below their reorder level now, grouped by the supplier they last came
/// from: how many to buy to get back to the level.
pub fn reorder(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    for r in purchases::reorder(ctx.conn)? {
        let suggested = suggested_reorder(r.on_hand, r.reorder_level);
        let row = [
            Value::opt_text(r.supplier.as_deref()),
            Value::text(&r.sku),
            Value::text(&r.name),
            Value::Qty(r.on_hand),
            Value::Qty(r.reorder_level),
            Value::Qty(suggested),
            Value::Money(r.last_cost),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}
