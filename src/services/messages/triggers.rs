//! Messages the calendar sends: receivable reminders (N days before the due date, on
//! it, and every M days while overdue), win-back for customers silent for X days, and
//! birthday greetings. Each is idempotent through its dedupe key, so running the day's
//! triggers twice (cron and the dispatcher) queues nothing twice.

use jiff::ToSpan;
use jiff::civil::Date;

use super::templates::{MessageVars, To, date_text, queue};
use crate::clock::{day_start_ms, local_date};
use crate::domain::receivable::days_overdue;
use crate::services::{Result, Shop};
use crate::store::campaigns::{birthdays_on, is_reachable, silent_since};
use crate::store::receivables::{self, OpenRow};

/// Which reminder a receivable is due for today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderStage {
    /// Within the days before the due date.
    Before,
    /// On the due date (or the first run after it, until the first overdue reminder).
    Due,
    /// Every M days past the due date.
    Overdue,
}

impl ReminderStage {
    pub fn code(self) -> &'static str {
        match self {
            ReminderStage::Before => "before",
            ReminderStage::Due => "due",
            ReminderStage::Overdue => "overdue",
        }
    }
}

/// The reminder a debt due on `due` is owed on `today`, with the day that stage began
/// (which names it in the dedupe key, so a missed day is caught up once, never twice).
/// `days_before` 0 sends none before the due date; `every_days_overdue` 0 sends none after.
pub fn reminder_stage(
    due: Date,
    today: Date,
    days_before: i64,
    every_days_overdue: i64,
) -> Option<(ReminderStage, Date)> {
    let late = days_overdue(due, today);
    if late < 0 {
        return (days_before > 0 && -late <= days_before)
            .then(|| (ReminderStage::Before, due.checked_sub(days_before.days()).unwrap_or(due)));
    }
    if every_days_overdue == 0 || late < every_days_overdue {
        return Some((ReminderStage::Due, due));
    }
    let began = due.checked_add((late / every_days_overdue * every_days_overdue).days()).unwrap_or(today);
    Some((ReminderStage::Overdue, began))
}

/// The `payment_reminder` variables for an open receivable on `today`.
pub(crate) fn reminder_vars(debt: &OpenRow, today: Date, store_name: &str) -> MessageVars {
    let mut vars = MessageVars::new(&debt.customer_name, &debt.customer_code, store_name);
    vars.invoice = Some(debt.invoice.clone());
    vars.total = Some(debt.amount.rupiah());
    vars.balance = Some(debt.balance().rupiah());
    vars.due_date = Some(date_text(debt.due_date));
    vars.days_overdue = Some(days_overdue(debt.due_date, today).max(0));
    vars
}

/// What one run of the daily triggers queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TriggerSummary {
    pub reminders: usize,
    pub winbacks: usize,
    pub birthdays: usize,
    /// Refill reminders queued (held-out customers not counted).
    pub refills: usize,
    /// Bought-together partners stored by the day's refresh (0 when already done today).
    pub partners: usize,
}

/// A whole-number setting (validated when it was set).
fn number_setting(shop: &Shop, key: &str) -> Result<i64> {
    Ok(shop.setting(key)?.parse().unwrap_or(0))
}

fn setting_on(shop: &Shop, key: &str) -> Result<bool> {
    Ok(shop.setting(key)? == "yes")
}

impl Shop {
    /// Everything the calendar sends on `today` (shop-local): reminders, and win-back,
    /// birthday greetings and refill reminders when switched on; and the night's refresh
    /// of the bought-together partners. Safe to run any number of times a day.
    pub fn run_daily_triggers(&mut self, today: Date) -> Result<TriggerSummary> {
        let reminders = self.remind_receivables(today)?;
        let winbacks = if setting_on(self, "winback.enabled")? { self.queue_winbacks(today)? } else { 0 };
        let birthdays = if setting_on(self, "birthday.enabled")? { self.queue_birthdays(today)? } else { 0 };
        let partners = self.refresh_recommendations_daily(today)?.map_or(0, |r| r.partners);
        let refills = if setting_on(self, "recommend.refill_enabled")? { self.queue_refills(today)? } else { 0 };
        Ok(TriggerSummary { reminders, winbacks, birthdays, refills, partners })
    }

    /// Today's date in the shop's time zone.
    pub fn today(&self) -> Date {
        local_date(self.now_ms(), &self.time_zone())
    }

    /// Queue the payment reminders due on `today` for opted-in customers; returns how
    /// many were new.
    pub fn remind_receivables(&mut self, today: Date) -> Result<usize> {
        let days_before = number_setting(self, "reminders.days_before")?;
        let every = number_setting(self, "reminders.every_days_overdue")?;
        let store_name = self.store_name();
        self.write(|tx| {
            let mut queued = 0;
            for debt in receivables::open(tx, None, None)? {
                let Some(phone) = debt.customer_phone.as_deref() else { continue };
                let Some((stage, began)) = reminder_stage(debt.due_date, today, days_before, every) else { continue };
                if !is_reachable(tx, debt.customer_id)? {
                    continue;
                }
                let key = format!("reminder:{}:{}:{began}", debt.invoice, stage.code());
                let to = To { customer_id: debt.customer_id, phone };
                queued += usize::from(
                    queue(tx, "payment_reminder", to, &reminder_vars(&debt, today, &store_name), &key)?.is_some(),
                );
            }
            Ok(queued)
        })
    }

    /// Queue a win-back message to each opted-in customer whose last purchase was at
    /// least `winback.after_days` days before `today`: once per silence.
    pub fn queue_winbacks(&mut self, today: Date) -> Result<usize> {
        let after = number_setting(self, "winback.after_days")?;
        let tz = self.time_zone();
        let store_name = self.store_name();
        let Ok(last_allowed) = today.checked_sub((after - 1).days()) else { return Ok(0) };
        self.write(|tx| {
            let mut queued = 0;
            for (customer, last_at) in silent_since(tx, day_start_ms(last_allowed, &tz))? {
                let last = local_date(last_at, &tz);
                let mut vars = MessageVars::new(&customer.name, &customer.code, &store_name);
                vars.days_silent = Some(days_overdue(last, today));
                let key = format!("winback:{}:{last}", customer.customer_id);
                let to = To { customer_id: customer.customer_id, phone: &customer.phone };
                queued += usize::from(queue(tx, "winback", to, &vars, &key)?.is_some());
            }
            Ok(queued)
        })
    }

    /// Queue a birthday greeting to each opted-in customer born on `today`'s day and
    /// month (29 February birthdays on the 28th in other years): once a year.
    pub fn queue_birthdays(&mut self, today: Date) -> Result<usize> {
        let mut days = vec![today.strftime("%m-%d").to_string()];
        if today.month() == 2 && today.day() == 28 && !today.in_leap_year() {
            days.push("02-29".into());
        }
        let store_name = self.store_name();
        self.write(|tx| {
            let mut queued = 0;
            for customer in birthdays_on(tx, &days)? {
                let vars = MessageVars::new(&customer.name, &customer.code, &store_name);
                let key = format!("birthday:{}:{}", customer.customer_id, today.year());
                let to = To { customer_id: customer.customer_id, phone: &customer.phone };
                queued += usize::from(queue(tx, "birthday", to, &vars, &key)?.is_some());
            }
            Ok(queued)
        })
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn reminder_stages_before_on_and_every_m_days_after_the_due_date() {
        let due = date(2026, 11, 20);
        let stage = |d| reminder_stage(due, d, 3, 7);
        assert_eq!(stage(date(2026, 11, 16)), None);
        assert_eq!(stage(date(2026, 11, 17)), Some((ReminderStage::Before, date(2026, 11, 17))));
        assert_eq!(stage(date(2026, 11, 19)), Some((ReminderStage::Before, date(2026, 11, 17))));
        assert_eq!(stage(date(2026, 11, 20)), Some((ReminderStage::Due, due)));
        assert_eq!(stage(date(2026, 11, 26)), Some((ReminderStage::Due, due)));
        assert_eq!(stage(date(2026, 11, 27)), Some((ReminderStage::Overdue, date(2026, 11, 27))));
        assert_eq!(stage(date(2026, 12, 3)), Some((ReminderStage::Overdue, date(2026, 11, 27))));
        assert_eq!(stage(date(2026, 12, 4)), Some((ReminderStage::Overdue, date(2026, 12, 4))));
        assert_eq!(reminder_stage(due, date(2026, 11, 19), 0, 0), None);
        assert_eq!(reminder_stage(due, date(2027, 1, 19), 0, 0), Some((ReminderStage::Due, due)));
    }
}
