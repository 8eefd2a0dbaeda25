//! The `segments` report: each customer of the newest segmentation run made as of
//! `--to` or earlier (`warung segment` makes them), by customer code.

use super::value::Value;
use super::{Context, Emit, ReportError, Result};
use crate::store::segments;

pub fn customers(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let as_of = ctx.range.to.to_string();
    let Some(run) = segments::latest_run(ctx.conn, Some(&as_of))? else {
        return Ok(());
    };
    let run_date = run.as_of.parse().map_or(Value::Null, Value::Date);
    let mut stopped = false;
    segments::rows(ctx.conn, run.id, |c| {
        if stopped {
            return Ok::<_, ReportError>(());
        }
        let row = [
            Value::text(&c.code),
            Value::text(&c.name),
            Value::opt_text(c.phone.as_deref()),
            Value::Int(c.recency_days),
            Value::Int(c.frequency),
            Value::Money(crate::domain::Money::new(c.monetary)),
            Value::Int(c.r_score),
            Value::Int(c.f_score),
            Value::Int(c.m_score),
            Value::text(&c.rfm_segment),
            Value::Int(c.cluster),
            Value::text(&c.cluster_label),
            run_date.clone(),
        ];
        stopped = emit(&row)?.is_break();
        Ok(())
    })
}
