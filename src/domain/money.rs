//! Money: whole rupiah in an `i64`, with checked arithmetic.
//!
//! Rounding rule (decided once, here): amounts that come out fractional — a price
//! times a weighed quantity, a percentage discount, tax — round half away from zero
//! to the whole rupiah. Rupiah has no coins below 1 in practice, so nothing finer exists.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::qty::Qty;
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error, strum::EnumIter)]
pub enum MoneyError {
    #[default]
    #[error("amount is too large")]
    Overflow,
    #[error("'{0}' is not an amount of rupiah (write it like 12500 or 12.500)")]
    Invalid(String),
    #[error(
        "'{0}' is not a whole amount of rupiah: thousands are grouped by three (12.500) and there are no cents (12500,00 is fine)"
    )]
    NotWhole(String),
    #[error("amount is above the limit of Rp 10.000.000.000")]
    AboveLimit,
    #[error("amount must not be negative")]
    Negative,
}

impl MoneyError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => match self {
                MoneyError::Overflow => "jumlah terlalu besar".into(),
                MoneyError::Invalid(text) => {
                    format!("'{text}' bukan jumlah rupiah (tulis seperti 12500 atau 12.500)")
                }
                MoneyError::NotWhole(text) => format!(
                    "'{text}' bukan jumlah rupiah bulat: ribuan dikelompokkan per tiga (12.500) dan tidak ada sen (12500,00 boleh)"
                ),
                MoneyError::AboveLimit => "jumlah melebihi batas Rp 10.000.000.000".into(),
                MoneyError::Negative => "jumlah tidak boleh minus".into(),
            },
        }
    }
}

/// Divide rounding half away from zero. `den` must be positive.
pub(crate) fn div_round(num: i128, den: i128) -> i128 {
    debug_assert!(den > 0);
    if num >= 0 { (num + den / 2) / den } else { -((-num + den / 2) / den) }
}

/// The most a single price, cost, payment, discount or line may be: Rp 10 billion.
/// Nothing a warung sells comes near it; a bigger number is a slip (a barcode typed
/// into a price) and would make totals overflow.
pub const MAX_AMOUNT: Money = Money(10_000_000_000);

fn is_separator(c: char) -> bool {
    matches!(c, '.' | ',' | ' ')
}

/// The digits of a whole amount written with optional thousands groups and an
/// optional all-zero decimal part; `None` when the text is not unambiguously whole.
fn whole_rupiah_digits(text: &str) -> Option<String> {
    let Some(at) = text.rfind(is_separator) else {
        return Some(text.to_string());
    };
    let (whole, separator, last) = (&text[..at], text[at..].chars().next()?, &text[at + 1..]);
    // Three zeros after the only separator (`12500.000`) are decimals; after groups
    // (`1.250,000`) they may be a slip for a group, so they are refused.
    let zero_decimals = !last.is_empty()
        && last.chars().all(|c| c == '0')
        && !whole.contains(separator)
        && (last.len() != 3 || whole.chars().all(|c| c.is_ascii_digit()));
    if last.len() == 3
        && let Some(digits) = grouped_digits(text)
    {
        return Some(digits);
    }
    // `12500,00`, `12.500,00`, and `12500.000`: a decimal part that is all zeros.
    if zero_decimals { grouped_digits(whole) } else { None }
}

/// `12.500.000` or `12500`: groups of three after a first group of one to three,
/// all separated by the same character.
fn grouped_digits(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split(is_separator).collect();
    let mut separators = text.chars().filter(|c| is_separator(*c));
    let first = separators.next();
    let one_kind = separators.all(|c| Some(c) == first);
    let fits = match groups.as_slice() {
        [only] => !only.is_empty(),
        [head, rest @ ..] => one_kind && (1..=3).contains(&head.len()) && rest.iter().all(|g| g.len() == 3),
        [] => false,
    };
    fits.then(|| groups.concat())
}

impl Money {
    pub const ZERO: Money = Money(0);

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

    /// Parse what a person types: `12500`, `12.500`, `Rp 12.500`, `Rp12,500`, `12500,00`.
    ///
    /// `.`, `,` (and spaces) group thousands only in groups of three; a decimal part is
    /// accepted only when it is zero, since rupiah has no cents. Anything else (`1.5`,
    /// `2,50`, `1.23.456`) is refused rather than guessed. Amounts above
    /// [`MAX_AMOUNT`] are refused too.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let trimmed = input.trim();
        let body = trimmed
            .strip_prefix("Rp")
            .or_else(|| trimmed.strip_prefix("rp"))
            .or_else(|| trimmed.strip_prefix("RP"))
            .unwrap_or(trimmed)
            .trim();
        let (negative, digits_part) = match body.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, body),
        };
        let invalid = || MoneyError::Invalid(trimmed.to_string());
        if digits_part.is_empty() || !digits_part.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ')) {
            return Err(invalid());
        }
        let digits = whole_rupiah_digits(digits_part).ok_or_else(|| MoneyError::NotWhole(trimmed.to_string()))?;
        let value: i64 = digits.parse().map_err(|_| MoneyError::AboveLimit)?;
        Money::within_limit(Money(if negative { -value } else { value }))
    }

    /// `amount` when it is no further from zero than [`MAX_AMOUNT`] (a single price,
    /// cost, payment or line), else [`MoneyError::AboveLimit`].
    pub fn within_limit(amount: Money) -> Result<Money, MoneyError> {
        if amount.0.unsigned_abs() > MAX_AMOUNT.0.unsigned_abs() { Err(MoneyError::AboveLimit) } else { Ok(amount) }
    }

    /// Add up amounts, failing instead of saturating when the total does not fit.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Result<Money, MoneyError> {
        amounts.into_iter().try_fold(Money::ZERO, Money::checked_add)
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
        assert_eq!(Money::parse("99999999999999999999"), Err(MoneyError::AboveLimit));
    }

    #[test]
    fn separators_group_thousands_by_three_and_decimals_must_be_zero() {
        for (text, rupiah) in [
            ("12.500", 12_500),
            ("12,500", 12_500),
            ("12 500", 12_500),
            ("1.250.000", 1_250_000),
            ("12500.00", 12_500),
            ("12500,00", 12_500),
            ("12.500,00", 12_500),
            ("12,500.00", 12_500),
            ("12500.000", 12_500),
            ("12500.0", 12_500),
            ("1.000", 1_000),
        ] {
            assert_eq!(Money::parse(text), Ok(Money::new(rupiah)), "{text}");
        }
        for text in
            ["1.5", "2.50", "2,50", "12500.50", "1.23.456", "12.500.00.0", "1.250,000", "1,250.000.5", ".500", "12."]
        {
            assert_eq!(Money::parse(text), Err(MoneyError::NotWhole(text.into())), "{text}");
        }
        assert!(Money::parse("1.234,56").unwrap_err().to_string().contains("no cents"));
    }

    #[test]
    fn single_amounts_stop_at_ten_billion() {
        assert_eq!(Money::parse("10.000.000.000"), Ok(MAX_AMOUNT));
        assert_eq!(Money::parse("10.000.000.001"), Err(MoneyError::AboveLimit));
        assert_eq!(Money::parse("-10000000001"), Err(MoneyError::AboveLimit));
        assert_eq!(Money::parse("9223372036854775807"), Err(MoneyError::AboveLimit));
        assert_eq!(Money::within_limit(Money::new(10_000_000_001)), Err(MoneyError::AboveLimit));
    }

    #[test]
    fn totals_fail_instead_of_saturating() {
        assert_eq!(Money::checked_sum([Money::new(1), Money::new(2)]), Ok(Money::new(3)));
        assert_eq!(Money::checked_sum([Money::new(i64::MAX), Money::new(1)]), Err(MoneyError::Overflow));
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
