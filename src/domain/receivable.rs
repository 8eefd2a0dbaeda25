//! Debt rules, for receivables and payables alike: how overdue a debt is, which aging
//! bucket it falls in, and how a payment is spread over the open debts.

use jiff::civil::Date;

use super::{Money, MoneyError};
use crate::lang::Lang;

/// Which way a debt runs: a customer owes the shop (receivable) or the shop owes a
/// supplier (payable). Each layer keeps what differs (tables, wording, permissions)
/// behind a match on it, so the rules themselves are written once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DebtSide {
    #[default]
    Receivable,
    Payable,
}

/// Days past the due date on `as_of` (both shop-local dates); 0 or less is not yet due.
pub fn days_overdue(due: Date, as_of: Date) -> i64 {
    due.until(as_of).map(|span| i64::from(span.get_days())).unwrap_or(0)
}

/// Aging buckets by days past due: not yet due (or due today), 1–30, 31–60, 61–90, over 90.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgingBucket {
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBucket {
    pub const ALL: [AgingBucket; 5] = [
        AgingBucket::Current,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Over90,
    ];

    pub fn of(days_overdue: i64) -> AgingBucket {
        match days_overdue {
            ..=0 => AgingBucket::Current,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }

    /// Stable code for CSV columns and reports.
    pub fn code(self) -> &'static str {
        match self {
            AgingBucket::Current => "current",
            AgingBucket::Days1To30 => "1-30",
            AgingBucket::Days31To60 => "31-60",
            AgingBucket::Days61To90 => "61-90",
            AgingBucket::Over90 => "90+",
        }
    }

    /// As people read it: "current" / "belum jatuh tempo"; the day ranges as coded.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgingBucket::Current => lang.pick("current", "belum jatuh tempo"),
            other => other.code(),
        }
    }
}

/// Balances summed per bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Aging {
    pub current: Money,
    pub d1_30: Money,
    pub d31_60: Money,
    pub d61_90: Money,
    pub over_90: Money,
}

impl Aging {
    /// Fails instead of saturating when a bucket's total does not fit.
    pub fn add(&mut self, bucket: AgingBucket, amount: Money) -> Result<(), MoneyError> {
        let slot = match bucket {
            AgingBucket::Current => &mut self.current,
            AgingBucket::Days1To30 => &mut self.d1_30,
            AgingBucket::Days31To60 => &mut self.d31_60,
            AgingBucket::Days61To90 => &mut self.d61_90,
            AgingBucket::Over90 => &mut self.over_90,
        };
        *slot = slot.checked_add(amount)?;
        Ok(())
    }

    pub fn total(&self) -> Result<Money, MoneyError> {
        Money::checked_sum([self.current, self.d1_30, self.d31_60, self.d61_90, self.over_90])
    }
}

/// Spread `amount` over `balances`, which are already in paying order (oldest
/// first): each is paid in full before the next gets anything. Returns what each
/// receives; any amount beyond the balances is not applied (callers refuse it first).
pub fn allocate(amount: Money, balances: &[Money]) -> Vec<Money> {
    let mut left = amount.max(Money::ZERO);
    balances
        .iter()
        .map(|balance| {
            let applied = left.min((*balance).max(Money::ZERO));
            left = left.checked_sub(applied).unwrap_or(Money::ZERO);
            applied
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn days_overdue_counts_calendar_days() {
        let due = date(2026, 11, 30);
        assert_eq!(days_overdue(due, date(2026, 11, 29)), -1);
        assert_eq!(days_overdue(due, due), 0);
        assert_eq!(days_overdue(due, date(2026, 12, 1)), 1);
        assert_eq!(days_overdue(due, date(2027, 3, 1)), 91);
    }

    #[test]
    fn bucket_boundaries() {
        let cases = [
            (-5, "current"),
            (0, "current"),
            (1, "1-30"),
            (30, "1-30"),
            (31, "31-60"),
            (60, "31-60"),
            (61, "61-90"),
            (90, "61-90"),
            (91, "90+"),
        ];
        for (days, code) in cases {
            assert_eq!(AgingBucket::of(days).code(), code, "{days} days");
        }
    }

    #[test]
    fn aging_sums_per_bucket() {
        let mut aging = Aging::default();
        aging.add(AgingBucket::Current, Money::new(100)).unwrap();
        aging.add(AgingBucket::Over90, Money::new(50)).unwrap();
        aging.add(AgingBucket::Over90, Money::new(25)).unwrap();
        assert_eq!((aging.over_90, aging.total()), (Money::new(75), Ok(Money::new(175))));
        assert_eq!(aging.add(AgingBucket::Over90, Money::new(i64::MAX)), Err(MoneyError::Overflow));
        aging.add(AgingBucket::Current, Money::new(i64::MAX - 100)).unwrap();
        assert_eq!(aging.total(), Err(MoneyError::Overflow), "a total that does not fit fails");
    }

    #[test]
    fn allocation_pays_oldest_first() {
        let balances = [Money::new(100), Money::new(200), Money::new(300)];
        assert_eq!(allocate(Money::new(250), &balances), vec![Money::new(100), Money::new(150), Money::ZERO]);
        assert_eq!(allocate(Money::new(600), &balances), balances.to_vec());
        assert_eq!(allocate(Money::new(700), &balances), balances.to_vec());
        assert_eq!(allocate(Money::ZERO, &balances), vec![Money::ZERO; 3]);
    }
}
