//! The owner's three figures — customer retention, marketing cost, monthly revenue —
//! and what messaging earned.
//!
//! Definitions (README, "Customer analytics"):
//! - A customer is *active* in a month when they made a completed sale in it. A
//!   cohort is the customers whose first purchase ever fell in that month.
//! - *Revenue* is the sales ledger's net (completed sales less returns, before tax).
//! - *Marketing cost* is messages handed to the provider (`outbox.sent_at`) times
//!   the cost per message of their category: marketing (winback, birthday,
//!   campaign) at `messaging.cost_marketing`, utility (receipt, reminder) at
//!   `messaging.cost_utility`.
//! - A sale is *credited to messaging* when the customer was sent a marketing
//!   message in the `analytics.attribution_days` before it; each sale counts once.
//!   Its credit is the sale's net (`subtotal − discount`).
//! - A campaign's *lift* is its recipients' conversion (share who bought within the
//!   window after their message) minus the holdout's (within the window after the
//!   campaign was sent), in percentage points.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use super::{Result, Shop};
use crate::clock::{day_start_ms, local_date};
use crate::domain::{Money, Qty};
use crate::reports::ledger::Ledger;
use crate::reports::{CONTINUE, DateRange, ReportError};
use crate::store::analytics::{self as queries, Campaign};
use crate::store::reports::ledger_lines;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// `part` of `whole` in percent, to 0.1 (0 without a whole); a decimal in reports.
pub fn percent(part: i64, whole: i64) -> Qty {
    if whole <= 0 {
        return Qty::ZERO;
    }
    // Tenths of a percent, rounded half up, as thousandths of a unit.
    let tenths = (part * 1000 + whole / 2) / whole;
    Qty::from_thousandths(tenths * 100)
}

/// Months as a running number (year × 12 + month − 1).
fn month_number(date: Date) -> i32 {
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

fn month_start(number: i32) -> Date {
    Date::new((number.div_euclid(12)) as i16, (number.rem_euclid(12) + 1) as i8, 1).unwrap_or(Date::MIN)
}

/// Messages of these kinds are marketing; the rest are utility.
pub fn is_marketing(kind: &str) -> bool {
    matches!(kind, "winback" | "birthday" | "campaign")
}

/// One cell of the retention matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortCell {
    /// The first day of the cohort's month.
    pub cohort: Date,
    pub months_since: i32,
    /// Customers in the cohort.
    pub customers: i64,
    /// Of them, active in month `cohort + months_since`.
    pub active: i64,
}

/// One month of the shop's customer health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthHealth {
    pub month: Option<Date>,
    /// Customers who bought in the month, and how many of them had bought before it.
    pub customers: i64,
    pub returning: i64,
    pub new_customers: i64,
    /// Completed sales (walk-ins too).
    pub orders: i64,
    pub revenue: Money,
    pub marketing_messages: i64,
    pub utility_messages: i64,
    pub marketing_cost: Money,
    /// Net of the sales credited to marketing messages.
    pub message_revenue: Money,
}

/// One campaign's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignResult {
    pub campaign: Campaign,
    pub recipients: i64,
    pub holdout: i64,
    pub messages_sent: i64,
    pub cost: Money,
    /// Recipients who bought within the window, and the net of those purchases.
    pub buyers: i64,
    pub revenue: Money,
    pub holdout_buyers: i64,
    pub holdout_revenue: Money,
}

impl CampaignResult {
    pub fn conversion(&self) -> Qty {
        percent(self.buyers, self.recipients)
    }
    pub fn holdout_conversion(&self) -> Qty {
        percent(self.holdout_buyers, self.holdout)
    }
    /// Conversion minus the holdout's, in percentage points (0 without a holdout).
    pub fn lift(&self) -> Qty {
        if self.holdout == 0 {
            return Qty::ZERO;
        }
        Qty::from_thousandths(self.conversion().thousandths() - self.holdout_conversion().thousandths())
    }
    /// Revenue beyond what the recipients would have spent at the holdout's rate.
    pub fn incremental_revenue(&self) -> Money {
        if self.holdout == 0 {
            return self.revenue;
        }
        let expected = self.holdout_revenue.rupiah() as i128 * self.recipients as i128 / self.holdout as i128;
        Money::new(self.revenue.rupiah().saturating_sub(expected as i64))
    }
}

/// One period of the Health panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodHealth {
    pub range: DateRange,
    /// Customers who bought in the equally long span just before the period, and
    /// how many of them bought again in it.
    pub base_customers: i64,
    pub retained: i64,
    pub active_customers: i64,
    pub revenue: Money,
    pub marketing_messages: i64,
    pub marketing_cost: Money,
    pub message_revenue: Money,
}

impl PeriodHealth {
    pub fn retention(&self) -> Qty {
        percent(self.retained, self.base_customers)
    }
    /// Revenue per 30 days.
    pub fn monthly_revenue(&self) -> Money {
        let days = (self.range.to - self.range.from).get_days() as i64 + 1;
        Money::new((self.revenue.rupiah() as i128 * 30 / days.max(1) as i128) as i64)
    }
}

/// Peak times: sales and net per weekday (Monday = 0) and hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeakTimes {
    pub sales: [[i64; 24]; 7],
    pub revenue: [[i64; 24]; 7],
}

impl Shop {
    fn range_ms(&self, range: &DateRange) -> (i64, i64) {
        range.bounds_ms(&self.time_zone())
    }

    /// The attribution window in days (setting `analytics.attribution_days`).
    pub fn attribution_days(&self) -> Result<i64> {
        Ok(self.setting("analytics.attribution_days")?.parse().unwrap_or(7))
    }

    fn message_cost(&self, kind: &str) -> Result<Money> {
        let key = if is_marketing(kind) { "messaging.cost_marketing" } else { "messaging.cost_utility" };
        Ok(Money::new(self.setting(key)?.parse().unwrap_or(0)))
    }

    /// The retention matrix of the cohorts whose first purchase is in `range`, with
    /// activity counted up to the end of the range.
    pub fn retention(&self, range: &DateRange) -> Result<Vec<CohortCell>> {
        let tz = self.time_zone();
        let (_, end) = self.range_ms(range);
        let (first, last) = (month_number(range.from), month_number(range.to));
        // Per customer: their first month, and every month they bought in.
        let mut months: HashMap<i64, Vec<i32>> = HashMap::new();
        for (customer, at, _) in queries::customer_purchases(self.store.conn(), end)? {
            let month = month_number(local_date(at, &tz));
            let list = months.entry(customer).or_default();
            if list.last() != Some(&month) {
                list.push(month);
            }
        }
        let mut sizes: HashMap<i32, i64> = HashMap::new();
        let mut active: HashMap<(i32, i32), i64> = HashMap::new();
        for list in months.values() {
            let cohort = list[0];
            if !(first..=last).contains(&cohort) {
                continue;
            }
            *sizes.entry(cohort).or_default() += 1;
            for m in list {
                *active.entry((cohort, m - cohort)).or_default() += 1;
            }
        }
        let mut cells = Vec::new();
        for cohort in first..=last {
            let Some(&customers) = sizes.get(&cohort) else { continue };
            for since in 0..=(last - cohort) {
                let active = active.get(&(cohort, since)).copied().unwrap_or(0);
                cells.push(CohortCell { cohort: month_start(cohort), months_since: since, customers, active });
            }
        }
        Ok(cells)
    }

    /// Month by month over `range`: repeat buyers, orders, revenue, messages, their
    /// cost and the revenue credited to them.
    pub fn monthly_health(&self, range: &DateRange) -> Result<Vec<MonthHealth>> {
        let tz = self.time_zone();
        let (start, end) = self.range_ms(range);
        let first = month_number(range.from);
        let count = (month_number(range.to) - first + 1) as usize;
        let mut months = vec![MonthHealth::default(); count];
        for (i, m) in months.iter_mut().enumerate() {
            m.month = Some(month_start(first + i as i32));
        }
        let slot = |ms: i64| (month_number(local_date(ms, &tz)) - first) as usize;
        // Revenue and orders from the ledger: one definition of net.
        let mut ledger = Ledger::default();
        ledger_lines(self.store.conn(), start, end, |line| {
            let f = ledger.figures(line);
            let m = &mut months[slot(line.at)];
            m.revenue = m.revenue.checked_add(f.net).unwrap_or(m.revenue);
            if f.first_of_doc && line.kind == crate::store::reports::DocKind::Sale {
                m.orders += 1;
            }
            Ok::<_, ReportError>(CONTINUE)
        })
        .map_err(|e| crate::services::ServiceError::Rejected(e.to_string()))?;
        let window = self.attribution_days()? * DAY_MS;
        let sent = queries::sent_messages(self.store.conn(), start - window, end)?;
        let mut marketing_to: HashMap<i64, Vec<i64>> = HashMap::new();
        for (at, kind, customer) in &sent {
            if is_marketing(kind)
                && let Some(c) = customer
            {
                marketing_to.entry(*c).or_default().push(*at);
            }
            if *at < start {
                continue;
            }
            let m = &mut months[slot(*at)];
            let cost = self.message_cost(kind)?;
            if is_marketing(kind) {
                m.marketing_messages += 1;
                m.marketing_cost = m.marketing_cost.checked_add(cost).unwrap_or(m.marketing_cost);
            } else {
                m.utility_messages += 1;
            }
        }
        // Buyers per month, new or returning, and sales credited to messages.
        let mut previous: Option<(i64, usize)> = None;
        let mut first_seen: HashMap<i64, i64> = HashMap::new();
        for (customer, at, net) in queries::customer_purchases(self.store.conn(), end)? {
            first_seen.entry(customer).or_insert(at);
            if at < start {
                continue;
            }
            let i = slot(at);
            let m = &mut months[i];
            if previous != Some((customer, i)) {
                m.customers += 1;
                if first_seen[&customer] < day_start_ms(month_start(first + i as i32), &tz) {
                    m.returning += 1;
                } else {
                    m.new_customers += 1;
                }
                previous = Some((customer, i));
            }
            let credited =
                marketing_to.get(&customer).is_some_and(|sent| sent.iter().any(|s| *s <= at && at < s + window));
            if credited {
                m.message_revenue = m.message_revenue.checked_add(Money::new(net)).unwrap_or(m.message_revenue);
            }
        }
        Ok(months)
    }

    /// Results of the campaigns sent in `range`.
    pub fn campaign_results(&self, range: &DateRange) -> Result<Vec<CampaignResult>> {
        let (start, end) = self.range_ms(range);
        let conn = self.store.conn();
        let window = self.attribution_days()? * DAY_MS;
        let cost_each = self.message_cost("campaign")?;
        let mut results = Vec::new();
        for campaign in queries::sent_campaigns(conn, start, end)? {
            let sent = campaign.sent_at.unwrap_or(start);
            let mut r = CampaignResult {
                campaign,
                recipients: 0,
                holdout: 0,
                messages_sent: 0,
                cost: Money::ZERO,
                buyers: 0,
                revenue: Money::ZERO,
                holdout_buyers: 0,
                holdout_revenue: Money::ZERO,
            };
            for member in queries::recipients(conn, r.campaign.id)? {
                let from = member.sent_at.unwrap_or(sent);
                let (orders, net) = queries::purchases_of(conn, member.customer_id, from, from + window)?;
                let bought = i64::from(orders > 0);
                if member.holdout {
                    r.holdout += 1;
                    r.holdout_buyers += bought;
                    r.holdout_revenue = Money::new(r.holdout_revenue.rupiah() + net);
                } else {
                    r.recipients += 1;
                    r.messages_sent += i64::from(member.sent_at.is_some());
                    r.buyers += bought;
                    r.revenue = Money::new(r.revenue.rupiah() + net);
                }
            }
            r.cost = Money::new(cost_each.rupiah() * r.messages_sent);
            results.push(r);
        }
        Ok(results)
    }

    /// One period's retention, revenue and marketing figures.
    pub fn period_health(&self, range: DateRange) -> Result<PeriodHealth> {
        let tz = self.time_zone();
        let (start, end) = range.bounds_ms(&tz);
        let length = end - start;
        let (mut base, mut active): (HashMap<i64, bool>, HashMap<i64, ()>) = (HashMap::new(), HashMap::new());
        for (customer, at, _) in queries::customer_purchases(self.store.conn(), end)? {
            if at >= start - length && at < start {
                base.insert(customer, false);
            } else if at >= start {
                active.insert(customer, ());
                if let Some(again) = base.get_mut(&customer) {
                    *again = true;
                }
            }
        }
        let months = self.monthly_health(&range)?;
        let sum = |f: fn(&MonthHealth) -> i64| months.iter().map(f).sum::<i64>();
        Ok(PeriodHealth {
            range,
            base_customers: base.len() as i64,
            retained: base.values().filter(|again| **again).count() as i64,
            active_customers: active.len() as i64,
            revenue: Money::new(sum(|m| m.revenue.rupiah())),
            marketing_messages: sum(|m| m.marketing_messages),
            marketing_cost: Money::new(sum(|m| m.marketing_cost.rupiah())),
            message_revenue: Money::new(sum(|m| m.message_revenue.rupiah())),
        })
    }

    /// The Health panel's two periods: the three months before WhatsApp was switched
    /// on (the first message sent) and the three months from then (up to today);
    /// without any message sent, the last three months and the three before.
    pub fn health_periods(&self) -> Result<[DateRange; 2]> {
        let tz = self.time_zone();
        let today = local_date(self.now_ms(), &tz);
        let pivot = match queries::first_sent_at(self.store.conn())? {
            Some(ms) => local_date(ms, &tz).min(today),
            None => today.saturating_sub(3.months()).saturating_add(1.day()),
        };
        let before = DateRange { from: pivot.saturating_sub(3.months()), to: pivot.saturating_sub(1.day()) };
        let after_end = pivot.saturating_add(3.months()).saturating_sub(1.day()).min(today);
        Ok([before, DateRange { from: pivot, to: after_end.max(pivot) }])
    }

    /// Sales per weekday and hour (shop-local) in `range`.
    pub fn peak_times(&self, range: &DateRange) -> Result<PeakTimes> {
        let tz = self.time_zone();
        let (start, end) = self.range_ms(range);
        let mut peak = PeakTimes { sales: [[0; 24]; 7], revenue: [[0; 24]; 7] };
        queries::sales_between(self.store.conn(), start, end, |at, net| {
            let local = crate::clock::timestamp(at).to_zoned(tz.clone());
            let day = local.weekday().to_monday_zero_offset() as usize;
            let hour = local.hour() as usize;
            peak.sales[day][hour] += 1;
            peak.revenue[day][hour] += net;
        })?;
        Ok(peak)
    }
}

/// Monday first, as the heatmap and the report list them.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

#[cfg(test)]
mod tests;
