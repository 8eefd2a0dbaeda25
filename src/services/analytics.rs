//! The owner's three figures as use cases (the figures themselves, and what each
//! means, are in `reports::engagement`): retention, monthly health, campaign results,
//! the Health panel's two periods, and peak times, with the shop's settings.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Refusal, Result, ServiceError, Shop};
use crate::clock::local_date;
use crate::domain::Money;
use crate::reports::engagement::{
    self, CampaignResult, CohortCell, MessagingCosts, MonthHealth, PeakTimes, PeriodHealth,
};
use crate::reports::{DateRange, ReportError};
use crate::store::analytics as queries;

pub(super) fn failed(e: ReportError) -> ServiceError {
    match e {
        ReportError::Store(e) => ServiceError::Store(e),
        ReportError::Invalid(problem) => Refusal::Report(problem).into(),
        ReportError::Io(e) => ServiceError::Io(e),
        ReportError::Xlsx(message) => ServiceError::Io(std::io::Error::other(message)),
    }
}

impl Shop {
    /// Message costs and the attribution window, from the settings.
    pub fn messaging_costs(&self) -> Result<MessagingCosts> {
        let number = |key: &str, default: i64| -> Result<i64> { Ok(self.setting(key)?.parse().unwrap_or(default)) };
        Ok(MessagingCosts {
            marketing: Money::new(number("messaging.price.marketing", 670)?),
            utility: Money::new(number("messaging.price.utility", 326)?),
            attribution_days: number("analytics.attribution_days", 7)?,
        })
    }

    pub fn retention(&self, range: &DateRange) -> Result<Vec<CohortCell>> {
        engagement::retention(self.store.conn(), range).map_err(failed)
    }

    pub fn monthly_health(&self, range: &DateRange) -> Result<Vec<MonthHealth>> {
        engagement::monthly_health(self.store.conn(), &self.time_zone(), &self.messaging_costs()?, range)
            .map_err(failed)
    }

    pub fn campaign_results(&self, range: &DateRange) -> Result<Vec<CampaignResult>> {
        engagement::campaign_results(self.store.conn(), &self.time_zone(), &self.messaging_costs()?, range)
            .map_err(failed)
    }

    pub fn period_health(&self, range: DateRange) -> Result<PeriodHealth> {
        engagement::period_health(self.store.conn(), &self.time_zone(), &self.messaging_costs()?, range).map_err(failed)
    }

    pub fn peak_times(&self, range: &DateRange) -> Result<PeakTimes> {
        engagement::peak_times(self.store.conn(), range).map_err(failed)
    }

    /// The Health panel's two periods: the three months before WhatsApp was switched
    /// on (the first message sent) and the three months from then (up to today);
    /// without any message sent, the last three months and the three before.
    pub fn health_periods(&self) -> Result<[DateRange; 2]> {
        let tz = self.time_zone();
        let today = local_date(self.now_ms(), &tz);
        let pivot: Date = match queries::first_sent_at(self.store.conn())? {
            Some(ms) => local_date(ms, &tz).min(today),
            None => today.saturating_sub(3.months()).saturating_add(1.day()),
        };
        let before = DateRange { from: pivot.saturating_sub(3.months()), to: pivot.saturating_sub(1.day()) };
        let after_end = pivot.saturating_add(3.months()).saturating_sub(1.day()).min(today);
        Ok([before, DateRange { from: pivot, to: after_end.max(pivot) }])
    }
}

#[cfg(test)]
mod tests;
