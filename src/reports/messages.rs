//! The `messages` report: every outbox row created in the range, oldest first.

use super::value::{LocalTime, Value};
use super::{Context, Emit, Result};
use crate::store::messages::report_lines;

pub fn outbox(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    report_lines(ctx.conn, ctx.start, ctx.end, |m| {
        let row = [
            Value::Int(m.id),
            Value::DateTime(LocalTime::of_ms(m.created_at, &ctx.tz)),
            Value::text(m.kind),
            Value::text(m.channel),
            Value::text(m.phone),
            Value::opt_text(m.customer_code),
            Value::text(m.template),
            Value::text(m.status),
            Value::Int(m.attempts),
            Value::opt_text(m.provider_id),
            Value::opt_text(m.last_error),
        ];
        emit(&row)
    })
}
