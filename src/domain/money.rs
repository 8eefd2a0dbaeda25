//! Money: whole rupiah in an `i64`, with checked arithmetic.
//!
//! Rounding rule (decided once, here): amounts that come out fractional — a price
//! times a weighed quantity, a percentage discount, tax — round half away from zero
//! to the whole rupiah. Rupiah has no coins below 1 in practice, so nothing finer exists.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::qty::Qty;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is too large")]
    Overflow,
    #[error("'{0}' is not an amount of rupiah (write it like 12500 or 12.500)")]
    Invalid(String),
    #[error("amount must not be negative")]
    Negative,
    #[error("'{0}' is above Rp 1.000.000.000, the most an amount may be typed as (a scanned barcode?)")]
    AboveLimit(String),
}

/// Divide rounding half away from zero. `den` must be positive.
pub(crate) fn div_round(num: i128, den: i128) -> i128 {
    debug_assert!(den > 0);
    if num >= 0 { (num + den / 2) / den } else { -((-num + den / 2) / den) }
}

impl Money {
    pub const ZERO: Money = Money(0);
    /// The most any typed amount may be: far above a small shop's sale, purchase or
    /// cash drawer, and far below a 12- or 13-digit barcode read as rupiah, so a
    /// scan into an amount field is refused rather than taken as money.
    pub const MAX_TYPED: Money = Money(1_000_000_000);

    pub const fn new(rupiah: i64) -> Self {
        Money(rupiah)
    }

    pub const fn rupiah(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0.checked_add(other.0).map(Money).ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.0.checked_sub(other.0).map(Money).ok_or(MoneyError::Overflow)
    }

    /// Unit price times a quantity in thousandths, rounded to the rupiah.
    pub fn times_qty(self, qty: Qty) -> Result<Money, MoneyError> {
        let exact = div_round(self.0 as i128 * qty.thousandths() as i128, 1000);
        i64::try_from(exact).map(Money).map_err(|_| MoneyError::Overflow)
    }

    /// `basis_points` hundredths of a percent (1000 = 10%), rounded to the rupiah.
    pub fn percent_bp(self, basis_points: i64) -> Result<Money, MoneyError> {
        let exact = div_round(self.0 as i128 * basis_points as i128, 10_000);
        i64::try_from(exact).map(Money).map_err(|_| MoneyError::Overflow)
    }

    /// Parse what a person types: `12500`, `12.500`, `Rp 12.500`, `Rp12,500`.
    /// Dots and commas are both thousands separators: rupiah has no decimals.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let trimmed = input.trim();
        let body = trimmed
            .strip_prefix("Rp")
            .or_else(|| trimmed.strip_prefix("rp"))
            .or_else(|| trimmed.strip_prefix("RP"))
            .unwrap_or(trimmed)
            .trim();
        let (negative, digits_part) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let digits: String = digits_part.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '_')).collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::Invalid(input.to_string()));
        }
        let value: i64 = digits.parse().map_err(|_| MoneyError::AboveLimit(input.trim().to_string()))?;
        if value > Self::MAX_TYPED.0 {
            return Err(MoneyError::AboveLimit(input.trim().to_string()));
        }
        Ok(Money(if negative { -value } else { value }))
    }

    /// Like [`Money::parse`] but refuses negative amounts (prices, costs, limits).
    pub fn parse_non_negative(input: &str) -> Result<Money, MoneyError> {
        let money = Money::parse(input)?;
        if money.is_negative() { Err(MoneyError::Negative) } else { Ok(money) }
    }

    /// `12.500` — Indonesian thousands separators, no currency sign.
    pub fn grouped(self) -> String {
        let digits = self.0.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if self.0 < 0 {
            out.push('-');
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(ch);
        }
        out
    }
}

/// Totals saturate at the `i64` limits rather than panic; no shop comes near them.
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.fold(0i64, |sum, m| sum.saturating_add(m.0)))
    }
}

/// `Rp 12.500`
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("Rp {}", self.grouped());
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_have_a_sane_upper_bound() {
        assert_eq!(Money::parse("1.000.000.000"), Ok(Money::MAX_TYPED));
        assert_eq!(Money::parse("1000000001"), Err(MoneyError::AboveLimit("1000000001".into())));
        // A scanned EAN-13 read as rupiah, and a code too long for an i64.
        assert!(matches!(Money::parse("8996626506137"), Err(MoneyError::AboveLimit(_))));
        assert!(matches!(Money::parse("99999999999999999999999"), Err(MoneyError::AboveLimit(_))));
    }

    #[test]
    fn formats_with_indonesian_grouping() {
        assert_eq!(Money::new(0).to_string(), "Rp 0");
        assert_eq!(Money::new(999).to_string(), "Rp 999");
        assert_eq!(Money::new(12_500).to_string(), "Rp 12.500");
        assert_eq!(Money::new(1_234_567).grouped(), "1.234.567");
        assert_eq!(Money::new(-45_000).grouped(), "-45.000");
    }

    #[test]
    fn parses_typed_amounts() {
        assert_eq!(Money::parse("12500"), Ok(Money::new(12_500)));
        assert_eq!(Money::parse("12.500"), Ok(Money::new(12_500)));
        assert_eq!(Money::parse("Rp 1.250.000"), Ok(Money::new(1_250_000)));
        assert_eq!(Money::parse(" Rp12,500 "), Ok(Money::new(12_500)));
        assert_eq!(Money::parse("-500"), Ok(Money::new(-500)));
        assert!(matches!(Money::parse("12a"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse(""), Err(MoneyError::Invalid(_))));
        assert_eq!(Money::parse_non_negative("-1"), Err(MoneyError::Negative));
        assert!(matches!(Money::parse("99999999999999999999"), Err(MoneyError::AboveLimit(_))));
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Money::new(i64::MAX).checked_add(Money::new(1)), Err(MoneyError::Overflow));
        assert_eq!(Money::new(i64::MIN).checked_sub(Money::new(1)), Err(MoneyError::Overflow));
        assert_eq!(Money::new(5).checked_sub(Money::new(7)), Ok(Money::new(-2)));
    }

    #[test]
    fn price_times_weighed_quantity_rounds_half_away_from_zero() {
        // 1.5 kg at Rp 13.999/kg = 20998.5 → 20999
        assert_eq!(Money::new(13_999).times_qty(Qty::from_thousandths(1500)), Ok(Money::new(20_999)));
        assert_eq!(Money::new(3_500).times_qty(Qty::from_units(24)), Ok(Money::new(84_000)));
        assert_eq!(Money::new(-3).times_qty(Qty::from_thousandths(500)), Ok(Money::new(-2)));
        assert_eq!(Money::new(i64::MAX).times_qty(Qty::from_units(2)), Err(MoneyError::Overflow));
    }

    #[test]
    fn percentage_rounds_to_rupiah() {
        // 10% of 12.345 = 1234.5 → 1235
        assert_eq!(Money::new(12_345).percent_bp(1000), Ok(Money::new(1235)));
        assert_eq!(Money::new(10_000).percent_bp(1100), Ok(Money::new(1100)));
    }
}
