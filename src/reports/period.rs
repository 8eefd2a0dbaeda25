//! Report ranges and periods, in shop-local calendar dates.

use std::fmt;
use std::str::FromStr;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::ReportProblem;
use crate::clock::day_start_ms;

/// Days in the default range: today and the 29 days before it.
pub const DEFAULT_DAYS: i64 = 30;

/// Two shop-local dates, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

impl DateRange {
    /// Refuses a range that ends before it starts.
    pub fn new(from: Date, to: Date) -> Result<DateRange, ReportProblem> {
        if from > to {
            return Err(ReportProblem::Backwards { from: from.to_string(), to: to.to_string() });
        }
        Ok(DateRange { from, to })
    }

    /// `from` and `to` as given, each defaulting to the last [`DEFAULT_DAYS`] up to `today`.
    pub fn resolve(from: Option<Date>, to: Option<Date>, today: Date) -> Result<DateRange, ReportProblem> {
        let to = to.unwrap_or(today);
        let from = from.unwrap_or_else(|| to.saturating_sub((DEFAULT_DAYS - 1).days()));
        DateRange::new(from, to)
    }

    /// The instants (UTC epoch ms) the range covers: `start <= at < end`.
    pub fn bounds_ms(&self, tz: &TimeZone) -> (i64, i64) {
        (day_start_ms(self.from, tz), day_start_ms(self.to.saturating_add(1.day()), tz))
    }

    /// How many days the range covers.
    pub fn days(&self) -> i64 {
        (self.to - self.from).get_days() as i64 + 1
    }

    /// The equally many days just before the range.
    pub fn before(&self) -> DateRange {
        DateRange { from: self.from.saturating_sub(self.days().days()), to: self.from.saturating_sub(1.day()) }
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.to)
    }
}

/// Parse `YYYY-MM-DD`, saying what was wrong.
pub fn parse_date(text: &str) -> Result<Date, ReportProblem> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(ReportProblem::NotADate { text: text.to_string() });
    }
    text.parse().map_err(|_| ReportProblem::NotARealDate { text: text.to_string() })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GroupBy {
    #[default]
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
}

impl GroupBy {
    pub const ALL: [GroupBy; 3] = [GroupBy::Day, GroupBy::Week, GroupBy::Month];

    pub fn code(self) -> &'static str {
        match self {
            GroupBy::Day => "day",
            GroupBy::Week => "week",
            GroupBy::Month => "month",
        }
    }

    /// The first day of the period that holds `date`.
    pub fn start_of(self, date: Date) -> Date {
        match self {
            GroupBy::Day => date,
            GroupBy::Week => date.saturating_sub(i64::from(date.weekday().to_monday_zero_offset()).days()),
            GroupBy::Month => date.first_of_month(),
        }
    }

    fn next_start(self, start: Date) -> Date {
        match self {
            GroupBy::Day => start.saturating_add(1.day()),
            GroupBy::Week => start.saturating_add(1.week()),
            GroupBy::Month => start.saturating_add(1.month()),
        }
    }

    /// `2026-11-23`, `2026-W48` (ISO week) or `2026-11`.
    pub fn label(self, start: Date) -> String {
        match self {
            GroupBy::Day => super::value::iso_date(start),
            GroupBy::Week => {
                let week = start.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            GroupBy::Month => format!("{:04}-{:02}", start.year(), start.month()),
        }
    }
}

impl FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GroupBy::ALL
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("'{s}' is not a period (use day, week or month)"))
    }
}

/// One period of a range: its label and its first and last day inside the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub start: Date,
    pub end: Date,
}

/// The periods that cover `range`, in order; the first and last are cut to it.
pub fn periods(range: DateRange, group_by: GroupBy) -> impl Iterator<Item = Period> {
    let mut start = Some(group_by.start_of(range.from));
    std::iter::from_fn(move || {
        let this = start.filter(|s| *s <= range.to)?;
        let next = group_by.next_start(this);
        start = (next > this).then_some(next);
        let end = next.saturating_sub(1.day()).min(range.to);
        Some(Period { label: group_by.label(this), start: this.max(range.from), end })
    })
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Weekday, date};

    use super::*;

    #[test]
    fn default_range_is_the_last_30_days_up_to_today() {
        let today = date(2026, 11, 23);
        let range = DateRange::resolve(None, None, today).unwrap();
        assert_eq!((range.from, range.to), (date(2026, 10, 25), today));
        let range = DateRange::resolve(None, Some(date(2026, 1, 30)), today).unwrap();
        assert_eq!(range.from, date(2026, 1, 1));
        assert!(
            DateRange::resolve(Some(date(2026, 12, 1)), None, today).unwrap_err().to_string().contains("after --to")
        );
    }

    #[test]
    fn dates_must_be_iso() {
        assert_eq!(parse_date("2026-02-28"), Ok(date(2026, 2, 28)));
        assert!(parse_date("2026-02-30").unwrap_err().to_string().contains("not a real date"));
        for bad in ["23-11-2026", "2026/11/23", "2026-1-3", "", "yesterday"] {
            assert!(parse_date(bad).unwrap_err().to_string().contains("YYYY-MM-DD"), "{bad}");
        }
    }

    #[test]
    fn bounds_are_shop_local_midnights() {
        let tz = TimeZone::get("Asia/Jakarta").unwrap();
        let range = DateRange::new(date(2026, 11, 23), date(2026, 11, 23)).unwrap();
        let (start, end) = range.bounds_ms(&tz);
        assert_eq!(end - start, 24 * 3600 * 1000);
        assert_eq!(jiff::Timestamp::from_millisecond(start).unwrap().to_string(), "2026-11-22T17:00:00Z");
    }

    #[test]
    fn periods_cover_the_range_cut_at_its_ends() {
        let range = DateRange::new(date(2026, 11, 20), date(2026, 12, 2)).unwrap();
        let weeks: Vec<(String, Date, Date)> =
            periods(range, GroupBy::Week).map(|p| (p.label, p.start, p.end)).collect();
        assert_eq!(
            weeks,
            [
                ("2026-W47".to_string(), date(2026, 11, 20), date(2026, 11, 22)),
                ("2026-W48".to_string(), date(2026, 11, 23), date(2026, 11, 29)),
                ("2026-W49".to_string(), date(2026, 11, 30), date(2026, 12, 2)),
            ]
        );
        assert_eq!(date(2026, 11, 23).weekday(), Weekday::Monday);
        let months: Vec<String> = periods(range, GroupBy::Month).map(|p| p.label).collect();
        assert_eq!(months, ["2026-11", "2026-12"]);
        assert_eq!(periods(range, GroupBy::Day).count(), 13);
        // ISO week years: 2027-01-01 is a Friday in 2026-W53.
        assert_eq!(GroupBy::Week.label(GroupBy::Week.start_of(date(2027, 1, 1))), "2026-W53");
        assert_eq!("Week".parse::<GroupBy>(), Ok(GroupBy::Week));
        assert!("year".parse::<GroupBy>().is_err());
    }
}
