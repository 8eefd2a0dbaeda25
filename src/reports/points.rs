//! The points ledger as a report: every earn, redeem, expiry and take-back.

use super::value::{LocalTime, Value};
use super::{Context, Emit, Result};

/// Ledger rows in the range, oldest first, each with the member's balance after it.
pub fn ledger(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    for row in crate::store::points::moves(ctx.conn, ctx.start, ctx.end)? {
        let flow = emit(&[
            Value::DateTime(LocalTime::of_ms(row.at, &ctx.tz)),
            Value::text(&row.code),
            Value::text(&row.name),
            Value::text(&row.kind),
            Value::Int(row.points),
            Value::opt_text(row.invoice.as_deref()),
            Value::Int(row.balance),
        ])?;
        if flow.is_break() {
            break;
        }
    }
    Ok(())
}
