//! What a member shop sends its association's hub: per shop-local day, figures with
//! no personal data (no names, phones or addresses), and per month the retention
//! the shop's Health tab shows. README ("Association hub") defines every figure.

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::{Money, Qty};

/// One shop-local day of a member shop.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayFigures {
    pub day: Option<Date>,
    /// Completed sales (the sales-summary's `transactions`).
    pub transactions: i64,
    pub items: Qty,
    pub gross: Money,
    pub discount: Money,
    pub net: Money,
    pub cost: Money,
    /// Customers who bought that day; of them, first-time buyers and those who had bought before.
    pub buyers: i64,
    pub new_buyers: i64,
    pub returning_buyers: i64,
    /// What customers owed at the end of the day.
    pub receivables: Money,
    /// Net of the day's sales credited to marketing messages.
    pub attributed_revenue: Money,
    /// Messages handed to the provider that day, per kind, by kind.
    pub messages: Vec<KindCount>,
    /// Sold quantity and net per category (returns subtracted), by category.
    pub categories: Vec<CategoryFigures>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    pub kind: String,
    pub messages: i64,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryFigures {
    /// The category's name; items without one count under [`NO_CATEGORY`].
    pub category: String,
    pub qty: Qty,
    pub net: Money,
}

/// Where items without a category are counted.
pub const NO_CATEGORY: &str = "(none)";

/// One calendar month's retention at a member shop (as its Health tab works it out
/// for that month): customers who bought in the equally long span before the month,
/// and how many of them bought again in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRetention {
    pub month: Date,
    pub customers_before: i64,
    pub retained: i64,
}

/// How the shop compares with the association over some days: the medians over the
/// member shops (shared only when the association allows it) and the shop's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Benchmark {
    pub from: Date,
    pub to: Date,
    /// Member shops with figures on those days.
    pub shops: i64,
    pub median_net: Money,
    /// Repeat rate (returning buyers over buyers) in percent, to 0.1.
    pub median_repeat_rate: Qty,
    pub own_net: Money,
    pub own_repeat_rate: Qty,
}

/// A rate in thousandths (per mille) as a percentage to 0.1.
pub fn permille_as_percent(permille: i64) -> Qty {
    Qty::from_thousandths(permille.saturating_mul(100))
}

impl DayFigures {
    /// A fingerprint of every figure, to tell whether the hub already holds them.
    pub fn digest(&self) -> String {
        let mut hash = Sha256::new();
        hash.update(format!("{self:?}"));
        hex::encode(hash.finalize())
    }
}

impl MonthRetention {
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(format!("{self:?}")))
    }
}

/// A member shop's code in the hub: 1–32 of `a-z`, `0-9`, `_`, starting with a
/// letter or digit (it becomes part of the shop's database role name).
pub fn is_shop_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !code.starts_with('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_codes_are_short_lowercase_words() {
        assert!(is_shop_code("toko_sari"));
        assert!(is_shop_code("a1"));
        for bad in ["", "Toko", "toko sari", "_x", "toko-sari", &"x".repeat(33)] {
            assert!(!is_shop_code(bad), "{bad}");
        }
    }

    #[test]
    fn the_digest_changes_with_any_figure() {
        let day =
            DayFigures { day: Some(jiff::civil::date(2026, 11, 1)), net: Money::new(5_000), ..Default::default() };
        let other = DayFigures { net: Money::new(5_001), ..day.clone() };
        assert_eq!(day.digest(), day.clone().digest());
        assert_ne!(day.digest(), other.digest());
    }
}
