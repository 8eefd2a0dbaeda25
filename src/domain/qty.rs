//! Quantity in thousandths of the item's unit, so weighed goods (1.5 kg = 1500) work.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Qty(i64);

/// Above this a typed quantity is surely a slip (a barcode typed into the quantity).
pub const MAX_LINE_QTY_UNITS: i64 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QtyError {
    #[error("'{0}' is not a quantity (write it like 2 or 1.5)")]
    Invalid(String),
    #[error("'{0}' has more than 3 decimals")]
    TooPrecise(String),
    #[error("quantity is too large")]
    Overflow,
}

impl QtyError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Id, QtyError::Invalid(text)) => format!("'{text}' bukan jumlah (tulis seperti 2 atau 1.5)"),
            (Lang::Id, QtyError::TooPrecise(text)) => format!("'{text}' punya lebih dari 3 desimal"),
            (Lang::Id, QtyError::Overflow) => "jumlah terlalu besar".into(),
        }
    }
}

impl Qty {
    pub const ZERO: Qty = Qty(0);
    pub const ONE: Qty = Qty(1000);

    pub const fn from_thousandths(thousandths: i64) -> Self {
        Qty(thousandths)
    }

    pub const fn from_units(units: i64) -> Self {
        Qty(units * 1000)
    }

    pub const fn thousandths(self) -> i64 {
        self.0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn checked_add(self, other: Qty) -> Option<Qty> {
        self.0.checked_add(other.0).map(Qty)
    }

    pub fn checked_sub(self, other: Qty) -> Option<Qty> {
        self.0.checked_sub(other.0).map(Qty)
    }

    /// `self` packs of `factor` base units each (a carton of 24 scanned 2 times = 48).
    pub fn times(self, factor: Qty) -> Option<Qty> {
        let exact = super::money::div_round(self.0 as i128 * factor.0 as i128, 1000);
        i64::try_from(exact).ok().map(Qty)
    }

    /// Accepts `2`, `1.5`, `1,5` (Indonesian decimal comma), `-3`, `0.250`.
    pub fn parse(input: &str) -> Result<Qty, QtyError> {
        let text = input.trim().replace(',', ".");
        let invalid = || QtyError::Invalid(input.trim().to_string());
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, frac) = match body.split_once('.') {
            Some((w, f)) => (w, f),
            None => (body, ""),
        };
        if (whole.is_empty() && frac.is_empty())
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        if frac.len() > 3 {
            return Err(QtyError::TooPrecise(input.trim().to_string()));
        }
        let whole_value: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| QtyError::Overflow)? };
        let frac_value: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().map_err(|_| invalid())? };
        let value = whole_value.checked_mul(1000).and_then(|v| v.checked_add(frac_value)).ok_or(QtyError::Overflow)?;
        Ok(Qty(if negative { -value } else { value }))
    }

    /// Plain decimal with `.` and no trailing zeros: `2`, `1.5`, `0.25` (CSV and receipts).
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            format!("{sign}{whole}")
        } else {
            let frac = format!("{frac:03}");
            format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
        }
    }

    /// As a person reads it in `lang`: `1.5` in English, `1,5` in Indonesian (where
    /// `.` groups thousands).
    pub fn text_in(self, lang: Lang) -> String {
        lang.decimal_mark(&self.decimal())
    }
}

/// Low stock: the item has a reorder level (0 means none was set) and what is on hand
/// is at or below it. The dashboard's count and the stock-levels report share this rule.
pub fn needs_reorder(on_hand: Qty, reorder_level: Qty) -> bool {
    reorder_level > Qty::ZERO && on_hand <= reorder_level
}

impl std::ops::Neg for Qty {
    type Output = Qty;
    fn neg(self) -> Qty {
        Qty(-self.0)
    }
}

impl fmt::Display for Qty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.decimal())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_and_decimal_quantities() {
        assert_eq!(Qty::parse("2"), Ok(Qty::from_units(2)));
        assert_eq!(Qty::parse("1.5"), Ok(Qty::from_thousandths(1500)));
        assert_eq!(Qty::parse("1,5"), Ok(Qty::from_thousandths(1500)));
        assert_eq!(Qty::parse("0.25"), Ok(Qty::from_thousandths(250)));
        assert_eq!(Qty::parse(".5"), Ok(Qty::from_thousandths(500)));
        assert_eq!(Qty::parse("-3"), Ok(Qty::from_units(-3)));
        assert!(matches!(Qty::parse("1.2345"), Err(QtyError::TooPrecise(_))));
        assert!(matches!(Qty::parse("abc"), Err(QtyError::Invalid(_))));
        assert!(matches!(Qty::parse(""), Err(QtyError::Invalid(_))));
        assert!(matches!(Qty::parse("1.2.3"), Err(QtyError::Invalid(_))));
        assert_eq!(Qty::parse("99999999999999999"), Err(QtyError::Overflow));
    }

    #[test]
    fn prints_plain_decimals() {
        assert_eq!(Qty::from_units(24).decimal(), "24");
        assert_eq!(Qty::from_thousandths(1500).decimal(), "1.5");
        assert_eq!(Qty::from_thousandths(250).decimal(), "0.25");
        assert_eq!(Qty::from_thousandths(-1005).decimal(), "-1.005");
    }

    #[test]
    fn low_stock_is_at_or_below_a_set_reorder_level() {
        assert!(needs_reorder(Qty::from_units(5), Qty::from_units(5)));
        assert!(needs_reorder(Qty::from_units(-1), Qty::from_units(5)));
        assert!(!needs_reorder(Qty::from_units(6), Qty::from_units(5)));
        assert!(!needs_reorder(Qty::from_units(-3), Qty::ZERO), "no reorder level set");
    }

    #[test]
    fn pack_factor_multiplies() {
        assert_eq!(Qty::from_units(2).times(Qty::from_units(24)), Some(Qty::from_units(48)));
        assert_eq!(Qty::from_thousandths(500).times(Qty::from_units(12)), Some(Qty::from_units(6)));
    }
}
