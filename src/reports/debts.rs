//! Debts: receivables aged as of the end of the range (the aging rules of
//! `domain::receivable`, as the Customers screen uses). Payables are in `purchasing`.

use super::value::Value;
use super::{Context, Emit, Result};
use crate::clock::local_date;
use crate::domain::receivable::{AgingBucket, days_overdue};
use crate::store::receivables;

/// Open receivables at the end of `--to`, by customer name, oldest due first.
pub fn receivables(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let mut open = receivables::open(ctx.conn, None, Some(ctx.end))?;
    open.sort_by_cached_key(|r| (r.customer_name.to_lowercase(), r.customer_id, r.due_date, r.sale_at, r.id));
    let as_of = ctx.range.to;
    for r in &open {
        let days = days_overdue(r.due_date, as_of);
        let row = [
            Value::text(&r.customer_code),
            Value::text(&r.customer_name),
            Value::text(&r.invoice),
            Value::Date(local_date(r.sale_at, &ctx.tz)),
            Value::Date(r.due_date),
            Value::Money(r.amount),
            Value::Money(r.paid),
            Value::Money(r.balance()),
            Value::Int(days),
            Value::text(AgingBucket::of(days).code()),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}
