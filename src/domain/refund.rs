//! What a returned part of a sale is worth.
//!
//! Rule (decided once, here): the returned part of a line is worth
//! `line_total × returned qty / line qty`, and the refund is that value's share of
//! what the customer actually paid, `total / subtotal` (the whole-sale discount and
//! tax spread in proportion). Both round half away from zero to the rupiah.
//!
//! Values are computed cumulatively — the worth of everything returned so far minus
//! the worth of what had been returned before — so returning a sale in pieces
//! refunds, to the rupiah, exactly what returning it at once would.

use std::fmt;
use std::str::FromStr;

use super::money::div_round;
use super::{Money, Qty};

/// Where a return's refund goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefundMethod {
    /// Handed back from the drawer.
    Cash,
    /// Taken off what the sale still owes (credit sales only).
    Receivable,
}

impl RefundMethod {
    pub fn code(self) -> &'static str {
        match self {
            RefundMethod::Cash => "cash",
            RefundMethod::Receivable => "receivable",
        }
    }
}

impl fmt::Display for RefundMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a refund method (use cash or receivable)")]
pub struct UnknownRefundMethod(pub String);

impl FromStr for RefundMethod {
    type Err = UnknownRefundMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cash" | "tunai" => Ok(RefundMethod::Cash),
            "receivable" | "piutang" | "bon" => Ok(RefundMethod::Receivable),
            _ => Err(UnknownRefundMethod(s.to_string())),
        }
    }
}

/// `amount × part / whole`, rounded; zero when `whole` is not positive.
pub fn prorate(amount: Money, part: i64, whole: i64) -> Money {
    if whole <= 0 {
        return Money::ZERO;
    }
    let exact = div_round(amount.rupiah() as i128 * part as i128, whole as i128);
    Money::new(i64::try_from(exact).unwrap_or(if exact < 0 { i64::MIN } else { i64::MAX }))
}

/// A sold line as the refund needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoldLine {
    pub qty: Qty,
    /// After the line's own discount.
    pub line_total: Money,
    /// Returned by earlier returns.
    pub returned: Qty,
}

impl SoldLine {
    /// Worth of `qty` returned in total from this line.
    fn worth(&self, qty: Qty) -> Money {
        prorate(self.line_total, qty.thousandths(), self.qty.thousandths())
    }

    /// Worth of returning `qty` more, on top of what was returned before.
    pub fn value_of_return(&self, qty: Qty) -> Money {
        let after = self.returned.checked_add(qty).unwrap_or(self.qty);
        self.worth(after).checked_sub(self.worth(self.returned)).unwrap_or(Money::ZERO)
    }

    /// Worth of everything returned from this line so far.
    pub fn returned_value(&self) -> Money {
        self.worth(self.returned)
    }

    /// Still with the customer.
    pub fn returnable(&self) -> Qty {
        self.qty.checked_sub(self.returned).unwrap_or(Qty::ZERO)
    }
}

/// The refund for returning lines worth `value_now`, when lines worth `value_before`
/// were returned earlier, from a sale of `subtotal` (line totals) that was paid `total`.
pub fn refund(subtotal: Money, total: Money, value_before: Money, value_now: Money) -> Money {
    let after = value_before.checked_add(value_now).unwrap_or(subtotal);
    let share = |value: Money| prorate(total, value.rupiah(), subtotal.rupiah());
    share(after).checked_sub(share(value_before)).unwrap_or(Money::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(qty: i64, total: i64, returned: i64) -> SoldLine {
        SoldLine { qty: Qty::from_units(qty), line_total: Money::new(total), returned: Qty::from_units(returned) }
    }

    #[test]
    fn part_of_a_line_rounds_half_away_from_zero() {
        // 3 for 10.000: one is 3.333,3 → 3.333; two are 6.666,7 → 6.667
        assert_eq!(line(3, 10_000, 0).value_of_return(Qty::ONE), Money::new(3_333));
        assert_eq!(line(3, 10_000, 0).value_of_return(Qty::from_units(2)), Money::new(6_667));
        // 2 for 5 → 2,5 → 3
        assert_eq!(line(2, 5, 0).value_of_return(Qty::ONE), Money::new(3));
    }

    #[test]
    fn returning_in_pieces_adds_up_to_the_line() {
        let first = line(3, 10_000, 0).value_of_return(Qty::ONE);
        let second = line(3, 10_000, 1).value_of_return(Qty::ONE);
        let third = line(3, 10_000, 2).value_of_return(Qty::ONE);
        assert_eq!((first, second, third), (Money::new(3_333), Money::new(3_334), Money::new(3_333)));
        assert_eq!(line(3, 10_000, 2).returnable(), Qty::ONE);
    }

    #[test]
    fn refund_carries_its_share_of_the_sale_discount() {
        // Subtotal 10.000, Rp 1.000 off the whole sale: paid 9.000.
        assert_eq!(refund(Money::new(10_000), Money::new(9_000), Money::ZERO, Money::new(3_333)), Money::new(3_000));
        let pieces: Vec<Money> = [(0, 3_333), (3_333, 3_334), (6_667, 3_333)]
            .into_iter()
            .map(|(before, now)| refund(Money::new(10_000), Money::new(9_000), Money::new(before), Money::new(now)))
            .collect();
        assert_eq!(pieces.iter().map(|m| m.rupiah()).sum::<i64>(), 9_000);
        assert_eq!(refund(Money::ZERO, Money::ZERO, Money::ZERO, Money::ZERO), Money::ZERO);
    }
}
