//! The owner's three figures — customer retention, marketing cost, monthly revenue —
//! and what messaging earned.
//!
//! Definitions (README, "Customer analytics"):
//! - A customer is *active* in a month when they made a completed sale in it. A
//!   cohort is the customers whose first purchase ever fell in that month.
//! - *Revenue* is the sales ledger's net (completed sales less returns, before tax).
//! - *Marketing cost* is what the marketing messages (winback, birthday, refill,
//!   campaign) handed to the provider (`outbox.sent_at`) cost: the price the
//!   platform's `pricing` reported for each (`outbox.cost`: `messaging.price.<category>`
//!   when billable, else 0), and where none has arrived yet an estimate at
//!   `messaging.price.marketing` (counted in `cost_estimated`).
//! - A sale is *credited to messaging* when the customer was sent a marketing
//!   message in the `analytics.attribution_days` before it; each sale counts once.
//!   Its credit is the sale's net (`subtotal − discount`).
//! - A campaign's *recipients* are its whole audience, the holdout included (as
//!   `warung campaign create` counts them). Its *lift* is the conversion of those
//!   messaged (share who bought within the window after their message) minus the
//!   holdout's (within the window after the campaign was sent), in percentage points.

use std::collections::HashMap;

use jiff::civil::{Date, Weekday};

use jiff::tz::TimeZone;
use rusqlite::Connection;

use super::value::{LocalTime, Value};
use super::{Context, Emit};
use super::{DateRange, ReportError};
use crate::clock::local_date;
use crate::domain::{Money, Qty};
use crate::store::analytics::{self as queries, Campaign};
use crate::store::summaries::{self, day_date, day_number};

type Result<T> = std::result::Result<T, ReportError>;

/// The settings these figures depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessagingCosts {
    /// Per marketing message (`messaging.price.marketing`).
    pub marketing: Money,
    /// Per receipt or reminder (`messaging.price.utility`).
    pub utility: Money,
    /// `analytics.attribution_days`.
    pub attribution_days: i64,
}

impl Default for MessagingCosts {
    fn default() -> Self {
        MessagingCosts { marketing: Money::new(670), utility: Money::new(326), attribution_days: 7 }
    }
}

impl MessagingCosts {
    /// What one message of `kind` costs.
    pub fn cost(&self, kind: &str) -> Money {
        if is_marketing(kind) { self.marketing } else { self.utility }
    }
    /// What `message` cost: the platform's reported price, else the setting for its kind.
    pub fn of(&self, message: &queries::SentMessage) -> Money {
        message.cost.map(Money::new).unwrap_or_else(|| self.cost(&message.kind))
    }
    fn window_ms(&self) -> i64 {
        self.attribution_days * DAY_MS
    }
}

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
    matches!(kind, "winback" | "birthday" | "campaign" | "refill")
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
    /// Marketing messages whose cost is the setting's estimate (no pricing reported yet).
    pub cost_estimated: i64,
    /// Net of the sales credited to marketing messages.
    pub message_revenue: Money,
}

/// One campaign's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignResult {
    pub campaign: Campaign,
    /// The whole audience, the holdout included.
    pub recipients: i64,
    pub holdout: i64,
    pub messages_sent: i64,
    /// Of the messaged: delivered (or read), skipped by the platform, held with their
    /// template, failed (retrying or given up).
    pub delivered: i64,
    pub skipped: i64,
    pub held: i64,
    pub failed: i64,
    pub cost: Money,
    /// Messages whose cost is the setting's estimate (no pricing reported yet).
    pub cost_estimated: i64,
    /// Messaged recipients who bought within the window, and the net of those purchases.
    pub buyers: i64,
    pub revenue: Money,
    pub holdout_buyers: i64,
    pub holdout_revenue: Money,
}

impl CampaignResult {
    /// The recipients who were messaged (not held out).
    pub fn messaged(&self) -> i64 {
        self.recipients - self.holdout
    }
    pub fn conversion(&self) -> Qty {
        percent(self.buyers, self.messaged())
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
    /// Revenue beyond what those messaged would have spent at the holdout's rate.
    pub fn incremental_revenue(&self) -> Money {
        if self.holdout == 0 {
            return self.revenue;
        }
        let expected = self.holdout_revenue.rupiah() as i128 * self.messaged() as i128 / self.holdout as i128;
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
    pub cost_estimated: i64,
    pub message_revenue: Money,
}

impl PeriodHealth {
    pub fn retention(&self) -> Qty {
        percent(self.retained, self.base_customers)
    }
    /// Revenue per 30 days.
    pub fn monthly_revenue(&self) -> Money {
        Money::new((self.revenue.rupiah() as i128 * 30 / self.range.days().max(1) as i128) as i64)
    }
}

/// Peak times: sales and net per weekday (Monday = 0) and hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeakTimes {
    pub sales: [[i64; 24]; 7],
    pub revenue: [[i64; 24]; 7],
}

/// The retention matrix of the cohorts whose first purchase is in `range`, with
/// activity counted up to the end of the range.
pub fn retention(conn: &Connection, range: &DateRange) -> Result<Vec<CohortCell>> {
    let (first, last) = (month_number(range.from), month_number(range.to));
    // Per customer: their first month, and every month they bought in.
    let mut months: HashMap<i64, Vec<i32>> = HashMap::new();
    for (customer, day) in summaries::buying_days_until(conn, day_number(range.to))? {
        let month = month_number(day_date(day));
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
pub fn monthly_health(
    conn: &Connection,
    tz: &TimeZone,
    costs: &MessagingCosts,
    range: &DateRange,
) -> Result<Vec<MonthHealth>> {
    health_by(conn, tz, costs, range, Span::Month)
}

/// The same figures day by day (each `month` is then the day, and *returning*
/// means bought before that day): what a hub member pushes.
pub fn daily_health(
    conn: &Connection,
    tz: &TimeZone,
    costs: &MessagingCosts,
    range: &DateRange,
) -> Result<Vec<MonthHealth>> {
    health_by(conn, tz, costs, range, Span::Day)
}

/// How [`health_by`] cuts its range.
#[derive(Debug, Clone, Copy)]
enum Span {
    Day,
    Month,
}

impl Span {
    /// A running number of the day or month `date` falls in.
    fn number(self, date: Date) -> i64 {
        match self {
            Span::Day => (date - Date::ZERO).get_days() as i64,
            Span::Month => i64::from(month_number(date)),
        }
    }

    fn start(self, number: i64) -> Date {
        match self {
            Span::Day => Date::ZERO.checked_add(jiff::Span::new().days(number)).unwrap_or(Date::MIN),
            Span::Month => month_start(number as i32),
        }
    }
}

fn health_by(
    conn: &Connection,
    tz: &TimeZone,
    costs: &MessagingCosts,
    range: &DateRange,
    span: Span,
) -> Result<Vec<MonthHealth>> {
    let (start, end) = range.bounds_ms(tz);
    let first = span.number(range.from);
    let count = (span.number(range.to) - first + 1) as usize;
    let mut months = vec![MonthHealth::default(); count];
    for (i, m) in months.iter_mut().enumerate() {
        m.month = Some(span.start(first + i as i64));
    }
    let slot = |ms: i64| (span.number(local_date(ms, tz)) - first) as usize;
    // Revenue and orders from the ledger's per-day summary: one definition of net.
    for (day, sums) in summaries::days(conn, day_number(range.from), day_number(range.to))? {
        let m = &mut months[(span.number(day_date(day)) - first) as usize];
        m.revenue = m.revenue.checked_add(Money::new(sums.net)).unwrap_or(m.revenue);
        m.orders += sums.transactions;
    }
    let window = costs.window_ms();
    let sent = queries::sent_messages(conn, start - window, end)?;
    let mut marketing_to: HashMap<i64, Vec<i64>> = HashMap::new();
    for message in &sent {
        let (at, kind) = (message.sent_at, message.kind.as_str());
        if is_marketing(kind)
            && let Some(c) = message.customer_id
        {
            marketing_to.entry(c).or_default().push(at);
        }
        if at < start {
            continue;
        }
        let m = &mut months[slot(at)];
        if is_marketing(kind) {
            m.marketing_messages += 1;
            let cost = costs.of(message);
            m.cost_estimated += i64::from(message.cost.is_none());
            m.marketing_cost = m.marketing_cost.checked_add(cost).unwrap_or(m.marketing_cost);
        } else {
            m.utility_messages += 1;
        }
    }
    // Buyers per span, new or returning, from the per-customer-day summary.
    let (from_day, to_day) = (day_number(range.from), day_number(range.to));
    let mut previous: Option<(i64, usize)> = None;
    // (customer, their first buying day): the rows come by customer, then day.
    let mut first_day = (i64::MIN, 0);
    for (customer, day) in summaries::buying_days_until(conn, to_day)? {
        if first_day.0 != customer {
            first_day = (customer, day);
        }
        if day < from_day {
            continue;
        }
        let i = (span.number(day_date(day)) - first) as usize;
        if previous != Some((customer, i)) {
            let m = &mut months[i];
            m.customers += 1;
            if first_day.1 < day_number(span.start(first + i as i64)) {
                m.returning += 1;
            } else {
                m.new_customers += 1;
            }
            previous = Some((customer, i));
        }
    }
    // Sales credited to messages: only the sales inside a messaged customer's windows are read.
    for (customer, sent) in &marketing_to {
        for (from, until) in windows(sent, window, start, end) {
            for (at, net) in queries::sales_of(conn, *customer, from, until)? {
                let m = &mut months[slot(at)];
                m.message_revenue = m.message_revenue.checked_add(Money::new(net)).unwrap_or(m.message_revenue);
            }
        }
    }
    Ok(months)
}

/// The union of the windows `[s, s + window)` of the instants `sent` (oldest first),
/// clipped to `start..end`: a sale in any of them is credited once.
fn windows(sent: &[i64], window: i64, start: i64, end: i64) -> Vec<(i64, i64)> {
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for &s in sent {
        let (from, until) = (s.max(start), (s + window).min(end));
        if from >= until {
            continue;
        }
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(until),
            _ => merged.push((from, until)),
        }
    }
    merged
}

/// The days customers made a completed sale, from the per-customer-day summary: a
/// recipient who bought on none of the days their window touches bought nothing in
/// it, and the ledger is read only for the others (a window cuts days at the hour
/// its message went, so their figures cannot come from whole days' rows).
struct BuyingDays<'tz> {
    tz: &'tz TimeZone,
    /// (customer, day), by customer then day.
    days: Vec<(i64, i64)>,
}

impl<'tz> BuyingDays<'tz> {
    /// The buying days the windows `from..until` touch.
    fn covering(conn: &Connection, tz: &'tz TimeZone, windows: impl Iterator<Item = (i64, i64)>) -> Result<Self> {
        let (first, last) = windows.fold((i64::MAX, i64::MIN), |(f, l), (from, until)| (f.min(from), l.max(until)));
        let mut buying = BuyingDays { tz, days: Vec::new() };
        if first < last {
            buying.days = summaries::buying_days_between(conn, buying.day(first), buying.day(last - 1))?;
        }
        Ok(buying)
    }

    fn day(&self, ms: i64) -> i64 {
        day_number(local_date(ms, self.tz))
    }

    /// Whether `customer` bought on a day that `from..until` touches.
    fn any(&self, customer: i64, from: i64, until: i64) -> bool {
        if from >= until {
            return false;
        }
        let (first, last) = (self.day(from), self.day(until - 1));
        let i = self.days.partition_point(|&key| key < (customer, first));
        self.days.get(i).is_some_and(|&(c, day)| c == customer && day <= last)
    }
}

/// Results of the campaigns sent in `range`.
pub fn campaign_results(
    conn: &Connection,
    tz: &TimeZone,
    costs: &MessagingCosts,
    range: &DateRange,
) -> Result<Vec<CampaignResult>> {
    let (start, end) = range.bounds_ms(tz);
    let window = costs.window_ms();
    let cost_each = costs.marketing;
    let mut results = Vec::new();
    for campaign in queries::sent_campaigns(conn, start, end)? {
        let sent = campaign.sent_at.unwrap_or(start);
        // A recipient's window opens when their message went (the holdout's: the campaign's).
        let window_of = |member: &queries::Recipient| {
            let from = member.sent_at.unwrap_or(sent);
            (from, from + window)
        };
        let members = queries::recipients(conn, campaign.id)?;
        let buying = BuyingDays::covering(conn, tz, members.iter().map(window_of))?;
        let mut r = CampaignResult {
            campaign,
            recipients: 0,
            holdout: 0,
            messages_sent: 0,
            delivered: 0,
            skipped: 0,
            held: 0,
            failed: 0,
            cost: Money::ZERO,
            cost_estimated: 0,
            buyers: 0,
            revenue: Money::ZERO,
            holdout_buyers: 0,
            holdout_revenue: Money::ZERO,
        };
        for member in members {
            let (from, until) = window_of(&member);
            let (orders, net) = if buying.any(member.customer_id, from, until) {
                queries::purchases_of(conn, member.customer_id, from, until)?
            } else {
                (0, 0)
            };
            let bought = i64::from(orders > 0);
            r.recipients += 1;
            if member.holdout {
                r.holdout += 1;
                r.holdout_buyers += bought;
                r.holdout_revenue = Money::new(r.holdout_revenue.rupiah() + net);
            } else {
                let sent = member.sent_at.is_some();
                r.messages_sent += i64::from(sent);
                let status = member.status.as_deref().unwrap_or("");
                r.delivered += i64::from(matches!(status, "delivered" | "read"));
                r.skipped += i64::from(status == "skipped");
                r.held += i64::from(status == "held");
                r.failed += i64::from(matches!(status, "failed" | "dead"));
                if sent {
                    r.cost_estimated += i64::from(member.cost.is_none());
                    let cost = member.cost.unwrap_or(cost_each.rupiah());
                    r.cost = Money::new(r.cost.rupiah().saturating_add(cost));
                }
                r.buyers += bought;
                r.revenue = Money::new(r.revenue.rupiah() + net);
            }
        }
        results.push(r);
    }
    Ok(results)
}

/// One period's retention, revenue and marketing figures.
pub fn period_health(
    conn: &Connection,
    tz: &TimeZone,
    costs: &MessagingCosts,
    range: DateRange,
) -> Result<PeriodHealth> {
    let retention = retention_between(&summaries::buying_days_until(conn, day_number(range.to))?, &range);
    let months = monthly_health(conn, tz, costs, &range)?;
    let sum = |f: fn(&MonthHealth) -> i64| months.iter().map(f).sum::<i64>();
    Ok(PeriodHealth {
        range,
        base_customers: retention.base,
        retained: retention.retained,
        active_customers: retention.active,
        revenue: Money::new(sum(|m| m.revenue.rupiah())),
        marketing_messages: sum(|m| m.marketing_messages),
        marketing_cost: Money::new(sum(|m| m.marketing_cost.rupiah())),
        cost_estimated: sum(|m| m.cost_estimated),
        message_revenue: Money::new(sum(|m| m.message_revenue.rupiah())),
    })
}

/// Who came back in `range`: customers who bought in the equally many days just
/// before it (`base`), how many of them bought again in it, and every buyer in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retention {
    pub base: i64,
    pub retained: i64,
    pub active: i64,
}

/// [`Retention`] from the days customers made a completed sale, `(customer, day)`, as
/// `store::summaries::buying_days_until` lists them (days after the range are ignored).
pub fn retention_between(buying_days: &[(i64, i64)], range: &DateRange) -> Retention {
    let before = range.before();
    let (base_from, from, to) = (day_number(before.from), day_number(range.from), day_number(range.to));
    let (mut base, mut active): (HashMap<i64, bool>, HashMap<i64, ()>) = (HashMap::new(), HashMap::new());
    for &(customer, day) in buying_days {
        if (base_from..from).contains(&day) {
            base.insert(customer, false);
        } else if (from..=to).contains(&day) {
            active.insert(customer, ());
            if let Some(again) = base.get_mut(&customer) {
                *again = true;
            }
        }
    }
    Retention {
        base: base.len() as i64,
        retained: base.values().filter(|again| **again).count() as i64,
        active: active.len() as i64,
    }
}

/// Sales per weekday and hour (shop-local) in `range`, from the per-hour summary.
pub fn peak_times(conn: &Connection, range: &DateRange) -> Result<PeakTimes> {
    let mut peak = PeakTimes { sales: [[0; 24]; 7], revenue: [[0; 24]; 7] };
    for (day, hour, sums) in summaries::hours_between(conn, day_number(range.from), day_number(range.to))? {
        let weekday = day_date(day).weekday().to_monday_zero_offset() as usize;
        let hour = hour.clamp(0, 23) as usize;
        peak.sales[weekday][hour] += sums.sales;
        peak.revenue[weekday][hour] += sums.net;
    }
    Ok(peak)
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

// ---- Report sources ----

/// `retention`: the cohorts whose first purchase is in the range, month by month.
pub fn retention_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    for c in retention(ctx.conn, &ctx.range)? {
        let row = [
            Value::Date(c.cohort),
            Value::Int(i64::from(c.months_since)),
            Value::Int(c.customers),
            Value::Int(c.active),
            Value::Qty(percent(c.active, c.customers)),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// `customer-health`: each month of the range.
pub fn monthly_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    for m in monthly_health(ctx.conn, &ctx.tz, &ctx.costs, &ctx.range)? {
        let row = [
            m.month.map_or(Value::Null, Value::Date),
            Value::Int(m.customers),
            Value::Int(m.returning),
            Value::Int(m.new_customers),
            Value::Qty(percent(m.returning, m.customers)),
            Value::Int(m.orders),
            Value::Money(m.revenue),
            Value::Int(m.marketing_messages),
            Value::Int(m.utility_messages),
            Value::Money(m.marketing_cost),
            Value::Money(m.message_revenue),
            Value::Int(m.cost_estimated),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// `campaigns`: each campaign sent in the range, with its lift against its holdout.
pub fn campaigns_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    for r in campaign_results(ctx.conn, &ctx.tz, &ctx.costs, &ctx.range)? {
        let row = [
            Value::Int(r.campaign.id),
            Value::text(&r.campaign.name),
            Value::opt_text(r.campaign.segment.as_deref()),
            r.campaign.sent_at.map_or(Value::Null, |ms| Value::DateTime(LocalTime::of_ms(ms, &ctx.tz))),
            Value::Int(r.recipients),
            Value::Int(r.holdout),
            Value::Int(r.messages_sent),
            Value::Money(r.cost),
            Value::Int(r.buyers),
            Value::Qty(r.conversion()),
            Value::Money(r.revenue),
            Value::Int(r.holdout_buyers),
            Value::Qty(r.holdout_conversion()),
            Value::Qty(r.lift()),
            Value::Money(r.incremental_revenue()),
            Value::Int(r.delivered),
            Value::Int(r.skipped),
            Value::Int(r.held),
            Value::Int(r.failed),
            Value::Int(r.cost_estimated),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// `peak-times`: 7 × 24 rows, Monday 00:00 first.
pub fn peak_times_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    let peak = peak_times(ctx.conn, &ctx.range)?;
    for (d, weekday) in WEEKDAYS.iter().enumerate() {
        for hour in 0..24 {
            let row = [
                Value::Int(d as i64 + 1),
                Value::owned(format!("{weekday:?}")),
                Value::Int(hour as i64),
                Value::Int(peak.sales[d][hour]),
                Value::Money(Money::new(peak.revenue[d][hour])),
            ];
            if emit(&row)?.is_break() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// `health`: the range ("after") against the equally long span just before it.
pub fn health_report(ctx: &Context<'_>, emit: &mut Emit<'_>) -> Result<()> {
    for (name, range) in [("before", ctx.range.before()), ("after", ctx.range)] {
        let h = period_health(ctx.conn, &ctx.tz, &ctx.costs, range)?;
        let row = [
            Value::text(name),
            Value::Date(range.from),
            Value::Date(range.to),
            Value::Int(h.base_customers),
            Value::Int(h.retained),
            Value::Qty(h.retention()),
            Value::Int(h.active_customers),
            Value::Money(h.revenue),
            Value::Money(h.monthly_revenue()),
            Value::Int(h.marketing_messages),
            Value::Money(h.marketing_cost),
            Value::Money(h.message_revenue),
            Value::Int(h.cost_estimated),
        ];
        if emit(&row)?.is_break() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_message_windows_credit_a_sale_once_and_stay_in_the_range() {
        // Windows of 10 from 0, 5 and 30, in the range 3..35.
        assert_eq!(windows(&[0, 5, 30], 10, 3, 35), [(3, 15), (30, 35)]);
        // A message whose window closed before the range credits nothing.
        assert_eq!(windows(&[-20, 40], 10, 0, 100), [(40, 50)]);
    }

    #[test]
    fn a_window_touches_the_shop_days_from_its_first_to_its_last_instant() {
        let tz = TimeZone::get("Asia/Jakarta").unwrap();
        let midnight = crate::clock::day_start_ms(jiff::civil::date(2026, 11, 5), &tz);
        // Customer 1 bought on Nov 5, customer 3 on Nov 4; customer 2 never.
        let buying = BuyingDays { tz: &tz, days: vec![(1, 20261105), (3, 20261104)] };
        let hour = 3_600_000;
        // A window ending at Nov 5's first instant does not reach into Nov 5.
        assert!(!buying.any(1, midnight - 5 * hour, midnight));
        assert!(buying.any(1, midnight - 5 * hour, midnight + 1));
        assert!(buying.any(1, midnight + 23 * hour, midnight + 30 * hour));
        assert!(!buying.any(1, midnight + 24 * hour, midnight + 48 * hour));
        // Another customer's days never count, before or after in the list.
        assert!(!buying.any(2, midnight - 48 * hour, midnight + 48 * hour));
        assert!(buying.any(3, midnight - hour, midnight + hour));
        assert!(!buying.any(3, midnight, midnight + 48 * hour));
        // An empty window touches nothing.
        assert!(!buying.any(1, midnight + hour, midnight + hour));
    }

    #[test]
    fn retention_compares_the_range_with_as_many_days_before_it() {
        let range = DateRange { from: jiff::civil::date(2026, 11, 1), to: jiff::civil::date(2026, 11, 10) };
        // 1 bought in the 10 days before and again; 2 only before; 3 only in; 4 too early.
        let days = [(1, 20261022), (1, 20261105), (2, 20261031), (3, 20261110), (4, 20261021), (5, 20261111)];
        let r = retention_between(&days, &range);
        assert_eq!((r.base, r.retained, r.active), (2, 1, 2));
    }
}
