//! Debts: what customers owe the shop (receivables) and what the shop owes
//! suppliers (payables), aged as of the end of the range by the rules of
//! `domain::receivable` (as the Customers and Purchases screens age them), in the
//! same columns.

use jiff::civil::Date;

use super::value::Value;
use super::{Context, Emit, Result};
use crate::clock::local_date;
use crate::domain::Money;
use crate::domain::receivable::{AgingBucket, days_overdue};
use crate::store::{payables, receivables};

/// Open receivables at the end of `--to`, by customer name, oldest due first.
pub fn receivables(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let mut open = receivables::open(ctx.conn, None, Some(ctx.end))?;
    open.sort_by_cached_key(|r| (r.customer_name.to_lowercase(), r.customer_id, r.due_date, r.sale_at, r.id));
    for r in &open {
        let who = [Value::text(&r.customer_code), Value::text(&r.customer_name)];
        let document = [Value::text(&r.invoice), Value::Date(local_date(r.sale_at, &ctx.tz))];
        let debt = Owed { due: r.due_date, amount: r.amount, paid: r.paid, balance: r.balance() };
        if emit(&debt.row(who, document, ctx.range.to))?.is_break() {
            break;
        }
    }
    Ok(())
}

/// Open payables at the end of `--to`, by supplier name, oldest due first: `code`
/// is `S` + the supplier's id; `invoice` the supplier's invoice number, or the
/// shop's purchase number when none was given.
pub fn payables(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let mut open = payables::open(ctx.conn, None, Some(ctx.end))?;
    open.sort_by_cached_key(|r| (r.supplier_name.to_lowercase(), r.supplier_id, r.due_date, r.id));
    for r in &open {
        let who = [Value::owned(format!("S{}", r.supplier_id)), Value::text(&r.supplier_name)];
        let invoice = if r.supplier_invoice.is_empty() { &r.number } else { &r.supplier_invoice };
        let document = [Value::text(invoice), Value::Date(r.invoice_date)];
        let debt = Owed { due: r.due_date, amount: r.amount, paid: r.paid, balance: r.balance() };
        if emit(&debt.row(who, document, ctx.range.to))?.is_break() {
            break;
        }
    }
    Ok(())
}

/// What is owed on one debt.
struct Owed {
    due: Date,
    amount: Money,
    paid: Money,
    balance: Money,
}

impl Owed {
    /// The report row: who owes or is owed (code, name), the invoice and its date,
    /// then the due date, amount, paid, balance, and days overdue and bucket on `as_of`.
    fn row<'a>(&self, who: [Value<'a>; 2], document: [Value<'a>; 2], as_of: Date) -> [Value<'a>; 10] {
        let days = days_overdue(self.due, as_of);
        let [code, name] = who;
        let [invoice, date] = document;
        [
            code,
            name,
            invoice,
            date,
            Value::Date(self.due),
            Value::Money(self.amount),
            Value::Money(self.paid),
            Value::Money(self.balance),
            Value::Int(days),
            Value::text(AgingBucket::of(days).code()),
        ]
    }
}
