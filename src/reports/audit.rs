//! The audit trail as a report: who did what, when, with the values before and after.

use super::value::{LocalTime, Value};
use super::{Context, Emit, Result};
use crate::store::reports as queries;

/// Audit rows in the range, oldest first, filtered by `--user` and `--action`.
pub fn log(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let (user, action) = (ctx.options.user.as_deref(), ctx.options.action.as_deref());
    queries::audit_lines(ctx.conn, ctx.start, ctx.end, user, action, |line| {
        emit(&[
            Value::DateTime(LocalTime::of_ms(line.at, &ctx.tz)),
            Value::opt_text(line.username),
            Value::text(line.action),
            Value::text(line.entity),
            Value::text(line.entity_id),
            Value::opt_text(line.before),
            Value::opt_text(line.after),
        ])
    })
}
