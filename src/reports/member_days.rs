//! A hub member's figures, worked out with the same definitions as the shop's own
//! reports, so the association's sums equal the sums of its members' reports:
//!
//! - transactions, items, gross, discount, net, cost: the sales ledger per day, as
//!   `sales-summary --group-by day` shows them (returns count on the return's day);
//! - buyers, new and returning buyers, attributed revenue: `customer-health`'s
//!   figures taken per day instead of per month (*returning* = bought before that day);
//! - receivables: what the `receivables` report totals at the end of the day;
//! - messages: those handed to the provider that day, per kind, at the cost per
//!   message of the kind's category (`customer-health`'s marketing cost);
//! - categories: the sales ledger's quantity and net per item category;
//! - months: the Health tab's retention for each calendar month.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::engagement::{self, MessagingCosts};
use super::ledger::{Ledger, Totals, add};
use super::{CONTINUE, DateRange, ReportError};
use crate::clock::{day_start_ms, local_date};
use crate::domain::hub::{CategoryFigures, DayFigures, KindCount, MonthRetention, NO_CATEGORY};
use crate::domain::{Money, Qty};
use crate::store::analytics::sent_messages;
use crate::store::receivables;
use crate::store::reports::ledger_lines;
use crate::store::summaries::{buying_days_until, day_number};

type Result<T> = std::result::Result<T, ReportError>;

/// Every day of `range`, empty days included.
pub fn member_days(
    conn: &Connection,
    tz: &TimeZone,
    costs: &MessagingCosts,
    range: &DateRange,
) -> Result<Vec<DayFigures>> {
    let mut days: Vec<DayFigures> = engagement::daily_health(conn, tz, costs, range)?
        .into_iter()
        .map(|h| DayFigures {
            day: h.month,
            buyers: h.customers,
            new_buyers: h.new_customers,
            returning_buyers: h.returning,
            attributed_revenue: h.message_revenue,
            ..Default::default()
        })
        .collect();
    let (start, end) = range.bounds_ms(tz);
    let slot = |ms: i64| (local_date(ms, tz) - range.from).get_days() as usize;

    let mut totals = vec![Totals::default(); days.len()];
    let mut categories: Vec<BTreeMap<String, (Qty, Money)>> = vec![BTreeMap::new(); days.len()];
    let mut ledger = Ledger::default();
    ledger_lines(conn, start, end, |line| {
        let f = ledger.figures(line);
        let i = slot(line.at);
        totals[i].add(line.kind, &f);
        let entry = categories[i].entry(line.category.unwrap_or(NO_CATEGORY).to_string()).or_default();
        *entry = (entry.0.checked_add(f.qty).unwrap_or(entry.0), add(entry.1, f.net));
        Ok::<_, ReportError>(CONTINUE)
    })?;

    let mut kinds: Vec<BTreeMap<String, (i64, Money)>> = vec![BTreeMap::new(); days.len()];
    for message in sent_messages(conn, start, end)? {
        let cost = costs.of(&message);
        let entry = kinds[slot(message.sent_at)].entry(message.kind).or_default();
        *entry = (entry.0 + 1, add(entry.1, cost));
    }

    for (i, day) in days.iter_mut().enumerate() {
        let t = &totals[i];
        (day.transactions, day.items, day.gross, day.discount, day.net, day.cost) =
            (t.transactions, t.items, t.gross, t.discount, t.net, t.cost);
        day.categories = std::mem::take(&mut categories[i])
            .into_iter()
            .map(|(category, (qty, net))| CategoryFigures { category, qty, net })
            .collect();
        day.messages = std::mem::take(&mut kinds[i])
            .into_iter()
            .map(|(kind, (messages, cost))| KindCount { kind, messages, cost })
            .collect();
        let date = day.day.unwrap_or(range.from);
        let day_end = day_start_ms(date.saturating_add(1.day()), tz);
        day.receivables =
            receivables::open(conn, None, Some(day_end))?.iter().fold(Money::ZERO, |sum, r| add(sum, r.balance()));
    }
    Ok(days)
}

/// The retention of each calendar month from `from`'s to `to`'s, as the Health tab
/// works it out for a month (`engagement::period_health`).
pub fn member_months(conn: &Connection, from: Date, to: Date) -> Result<Vec<MonthRetention>> {
    let buying_days = buying_days_until(conn, day_number(to.last_of_month()))?;
    let mut months = Vec::new();
    let mut month = from.first_of_month();
    while month <= to {
        let r = engagement::retention_between(&buying_days, &DateRange { from: month, to: month.last_of_month() });
        months.push(MonthRetention { month, customers_before: r.base, retained: r.retained });
        month = month.saturating_add(1.month());
    }
    Ok(months)
}
