//! Recommendation reports: `bought-together`, `refill-due` and `recommendations`, and
//! the figures behind them that the till and the refill trigger share. The arithmetic
//! (pairs, support, confidence, lift; rhythms and due dates) is `domain::recommend`.
//!
//! What refill reminders earned, per kind of recommendation:
//! - `messages`: reminders handed to the provider in the range; `customers`: the
//!   customers they went to; `buyers`: those of them who completed a sale within the
//!   attribution window (`analytics.attribution_days`, as for campaigns) after a
//!   reminder; `revenue`: the net of those sales, each sale counted once.
//! - `holdout_*`: the same for the customers the trigger chose but held back (nothing
//!   sent), their window starting when they were chosen.
//! - `lift_revenue_per_customer` = revenue / customers − holdout_revenue /
//!   holdout_customers: what one reminder earned beyond what the customer would have
//!   spent anyway. Empty while either group is empty.
//!
//! What till suggestions earned (kind `till`): `messages` = suggested items added with
//! F10 in the range; `buyers` = of those, the ones still in that cashier's next
//! completed sale (within [`TILL_SALE_WITHIN_MS`]); `revenue` = their lines' total.
//! There is no holdout at the till, so the other columns are empty.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::value::Value;
use super::{Context, DateRange, Emit, ReportError, ReportProblem, Result};
use crate::clock::local_date;
use crate::domain::recommend::{BasketCounts, RefillDue, RefillFactor, Rhythm, refill_due, rhythm};
use crate::domain::{Money, Qty};
use crate::store::analytics::purchases_of;
use crate::store::recommend::{self as queries, RefillEvent};

/// A suggested item counts as sold when the cashier's next completed sale, within
/// this long, has it.
pub const TILL_SALE_WITHIN_MS: i64 = 2 * 60 * 60 * 1000;

/// `--min-pairs` when not given: a pair seen in fewer baskets is noise.
pub const DEFAULT_MIN_PAIRS: u64 = 5;

/// The item `--item SKU` names.
pub fn item_id(conn: &Connection, sku: &str) -> Result<i64> {
    crate::store::items::id_by_sku(conn, sku.trim())?
        .ok_or_else(|| ReportError::Invalid(ReportProblem::NoItemWithSku { sku: sku.trim().to_string() }))
}

/// Basket counts over the completed sales in `start <= at < end`.
pub fn basket_counts(conn: &Connection, start: i64, end: i64) -> Result<BasketCounts> {
    let mut counts = BasketCounts::new();
    queries::baskets(conn, start, end, |basket| counts.add_basket(basket))?;
    Ok(counts)
}

/// One customer's item that is due for a refill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueRefill {
    pub customer_id: i64,
    pub item_id: i64,
    pub rhythm: Rhythm,
    pub due: RefillDue,
}

/// Every customer × item (still sold) due for a refill on `as_of`, counting purchases up
/// to the end of that day; by customer, then item.
pub fn due_refills(conn: &Connection, tz: &TimeZone, as_of: Date, factor: RefillFactor) -> Result<Vec<DueRefill>> {
    let end = DateRange { from: as_of, to: as_of }.bounds_ms(tz).1;
    let mut due = Vec::new();
    let mut current: Option<(i64, i64)> = None;
    let mut days: Vec<Date> = Vec::new();
    let mut settle = |key: Option<(i64, i64)>, days: &[Date]| {
        if let Some((customer_id, item_id)) = key
            && let Some(rhythm) = rhythm(days)
            && let Some(when) = refill_due(&rhythm, as_of, factor)
        {
            due.push(DueRefill { customer_id, item_id, rhythm, due: when });
        }
    };
    queries::customer_item_purchases(conn, end, |customer, item, at| {
        if current != Some((customer, item)) {
            settle(current, &days);
            days.clear();
            current = Some((customer, item));
        }
        days.push(local_date(at, tz));
    })?;
    settle(current, &days);
    Ok(due)
}

/// What one kind of recommendation earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Earned {
    pub messages: i64,
    pub customers: i64,
    pub buyers: i64,
    pub revenue: Money,
    pub holdout_customers: i64,
    pub holdout_buyers: i64,
    pub holdout_revenue: Money,
}

impl Earned {
    /// Revenue per messaged customer minus revenue per held-out customer; `None`
    /// while either group is empty.
    pub fn lift_revenue_per_customer(&self) -> Option<Money> {
        if self.customers == 0 || self.holdout_customers == 0 {
            return None;
        }
        let messaged = self.revenue.rupiah() as i128 * self.holdout_customers as i128;
        let held = self.holdout_revenue.rupiah() as i128 * self.customers as i128;
        let per = (messaged - held) / (self.customers as i128 * self.holdout_customers as i128);
        Some(Money::new(per as i64))
    }
}

/// (bought at least once, net) of `customer_id`'s completed sales within `window_ms`
/// after any of `starts` (sorted), each sale counted once.
fn bought_after(conn: &Connection, customer_id: i64, starts: &[i64], window_ms: i64) -> Result<(bool, i64)> {
    let (mut orders, mut net) = (0, 0);
    let mut i = 0;
    while i < starts.len() {
        let from = starts[i];
        let mut until = from + window_ms;
        while i + 1 < starts.len() && starts[i + 1] <= until {
            i += 1;
            until = until.max(starts[i] + window_ms);
        }
        let (n, sum) = purchases_of(conn, customer_id, from, until)?;
        orders += n;
        net += sum;
        i += 1;
    }
    Ok((orders > 0, net))
}

/// What the refill reminders chosen in `start <= at < end` earned.
pub fn refill_earned(conn: &Connection, start: i64, end: i64, attribution_days: i64) -> Result<Earned> {
    let window = attribution_days.max(0) * 24 * 60 * 60 * 1000;
    let mut per_customer: HashMap<i64, (Vec<i64>, Vec<i64>)> = HashMap::new();
    let mut earned = Earned::default();
    for RefillEvent { customer_id, holdout, at, sent_at } in queries::refill_events(conn, start, end)? {
        let (sent, held) = per_customer.entry(customer_id).or_default();
        match (holdout, sent_at) {
            (true, _) => held.push(at),
            (false, Some(sent_at)) => {
                earned.messages += 1;
                sent.push(sent_at);
            }
            (false, None) => {}
        }
    }
    let mut customers: Vec<_> = per_customer.into_iter().collect();
    customers.sort_by_key(|(id, _)| *id);
    for (customer_id, (mut sent, mut held)) in customers {
        sent.sort_unstable();
        held.sort_unstable();
        if !sent.is_empty() {
            let (bought, net) = bought_after(conn, customer_id, &sent, window)?;
            earned.customers += 1;
            earned.buyers += i64::from(bought);
            earned.revenue = Money::new(earned.revenue.rupiah() + net);
        }
        if !held.is_empty() {
            let (bought, net) = bought_after(conn, customer_id, &held, window)?;
            earned.holdout_customers += 1;
            earned.holdout_buyers += i64::from(bought);
            earned.holdout_revenue = Money::new(earned.holdout_revenue.rupiah() + net);
        }
    }
    Ok(earned)
}

/// What the till's suggestions added in a range earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TillEarned {
    /// Suggested items added with F10.
    pub added: i64,
    /// Of those, the ones in that cashier's next completed sale.
    pub sold: i64,
    /// Those lines' total.
    pub revenue: Money,
}

/// What the till's suggestions added in `start <= at < end` earned.
pub fn till_earned(conn: &Connection, start: i64, end: i64) -> Result<TillEarned> {
    let outcomes = queries::suggestion_outcomes(conn, start, end, TILL_SALE_WITHIN_MS)?;
    let sold: Vec<i64> = outcomes.iter().flatten().copied().collect();
    Ok(TillEarned {
        added: outcomes.len() as i64,
        sold: sold.len() as i64,
        revenue: Money::checked_sum(sold.iter().map(|&rupiah| Money::new(rupiah)))?,
    })
}

// ---- Report sources ----

/// `bought-together`: ordered pairs over the range's baskets.
pub fn bought_together_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let only = ctx.options.item.as_deref().map(|sku| item_id(ctx.conn, sku)).transpose()?;
    let counts = basket_counts(ctx.conn, ctx.start, ctx.end)?;
    let mut pairs = counts.pairs(ctx.options.min_pairs.unwrap_or(DEFAULT_MIN_PAIRS));
    if let Some(item) = only {
        pairs.retain(|p| p.a == item);
    }
    if let Some(limit) = ctx.options.limit {
        pairs.truncate(limit);
    }
    let mut ids: Vec<i64> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let labels = queries::item_labels(ctx.conn, &ids)?;
    for p in pairs {
        let (Some(a), Some(b)) = (labels.get(&p.a), labels.get(&p.b)) else { continue };
        let row = [
            Value::text(&a.sku),
            Value::text(&a.name),
            Value::text(&b.sku),
            Value::text(&b.name),
            Value::Int(p.pairs as i64),
            Value::Qty(Qty::from_thousandths(p.support())),
            Value::Qty(Qty::from_thousandths(p.confidence())),
            Value::Qty(Qty::from_thousandths(p.lift())),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// `refill-due`: every customer × item due on `--to` (`--as-of`), by customer code then SKU.
pub fn refill_due_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let due = due_refills(ctx.conn, &ctx.tz, ctx.range.to, ctx.refill_factor)?;
    let mut customers: Vec<i64> = due.iter().map(|d| d.customer_id).collect();
    customers.dedup();
    let mut items: Vec<i64> = due.iter().map(|d| d.item_id).collect();
    items.sort_unstable();
    items.dedup();
    let contacts = queries::customer_contacts(ctx.conn, &customers)?;
    let labels = queries::item_labels(ctx.conn, &items)?;
    let mut rows: Vec<_> =
        due.iter().filter_map(|d| Some((contacts.get(&d.customer_id)?, labels.get(&d.item_id)?, d))).collect();
    rows.sort_by(|x, y| (&x.0.code, &x.1.sku).cmp(&(&y.0.code, &y.1.sku)));
    for (customer, item, d) in rows {
        let row = [
            Value::text(&customer.code),
            Value::text(&customer.name),
            Value::opt_text(customer.phone.as_deref()),
            Value::text(&item.sku),
            Value::text(&item.name),
            Value::Int(d.rhythm.purchases as i64),
            Value::Int(d.rhythm.interval_days),
            Value::Date(d.rhythm.last_purchase),
            Value::Int(d.due.days_since),
            Value::Date(d.due.due_since),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// `recommendations`: what refill reminders chosen in the range earned, then what the
/// till's suggestions added in it earned.
pub fn recommendations_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let e = refill_earned(ctx.conn, ctx.start, ctx.end, ctx.costs.attribution_days)?;
    let row = [
        Value::text("refill"),
        Value::Int(e.messages),
        Value::Int(e.customers),
        Value::Int(e.buyers),
        Value::Money(e.revenue),
        Value::Int(e.holdout_customers),
        Value::Int(e.holdout_buyers),
        Value::Money(e.holdout_revenue),
        e.lift_revenue_per_customer().map_or(Value::Null, Value::Money),
    ];
    if emit(&row)?.is_break() {
        return Ok(());
    }
    let till = till_earned(ctx.conn, ctx.start, ctx.end)?;
    let row = [
        Value::text("till"),
        Value::Int(till.added),
        Value::Null,
        Value::Int(till.sold),
        Value::Money(till.revenue),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
    ];
    emit(&row).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lift_per_customer_is_the_difference_of_the_two_averages() {
        let e = Earned {
            customers: 4,
            revenue: Money::new(200_000),
            holdout_customers: 2,
            holdout_revenue: Money::new(60_000),
            ..Default::default()
        };
        // 200.000 / 4 − 60.000 / 2 = 50.000 − 30.000
        assert_eq!(e.lift_revenue_per_customer(), Some(Money::new(20_000)));
        assert_eq!(Earned { holdout_customers: 0, ..e }.lift_revenue_per_customer(), None);
        assert_eq!(Earned { customers: 0, ..e }.lift_revenue_per_customer(), None);
    }
}
