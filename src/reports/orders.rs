//! The `orders` report: WhatsApp orders created in the range, oldest first, with the
//! invoice of the sale that completed them.

use super::value::{LocalTime, Value};
use super::{Context, Emit, Result};
use crate::store::orders::report_lines;

pub fn orders(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    report_lines(ctx.conn, ctx.start, ctx.end, |o| {
        let row = [
            Value::Int(o.id),
            Value::DateTime(LocalTime::of_ms(o.created_at, &ctx.tz)),
            Value::text(o.phone),
            Value::opt_text(o.customer_code),
            Value::opt_text(o.customer_name),
            Value::text(o.status),
            Value::Int(o.lines),
            Value::Money(o.total),
            Value::opt_text(o.invoice),
        ];
        emit(&row)
    })
}
