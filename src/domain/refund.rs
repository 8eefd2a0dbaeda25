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
//!
//! A sale paid partly with member points refunds in the same mix ([`split`]): the
//! money part is the refund's share of what was paid in money, `refund × (total −
//! points paid) / total`, rounded as above and cumulative, so it never exceeds the
//! money paid; the rest goes back as points, in whole points rounded up, also
//! cumulative, so a member is never short of a point and the whole sale returned
//! gives back exactly the points it redeemed, never more.

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

/// How a return's refund splits between money (cash or the receivable) and points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundSplit {
    /// Handed back from the drawer or taken off the receivable.
    pub money: Money,
    /// Points given back to the member.
    pub points: i64,
}

/// What a sale paid with points gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointsPaid {
    /// What the points paid of the sale's total.
    pub amount: Money,
    /// How many points that was.
    pub redeemed: i64,
    /// Points its earlier returns gave back.
    pub given_back: i64,
}

/// Split the refund `refund` of a sale of `total`, after earlier returns refunded
/// `refunded_before`, between money and the points the sale was paid with.
pub fn split(total: Money, points: PointsPaid, refunded_before: Money, refund: Money) -> RefundSplit {
    if points.redeemed <= 0 || points.amount <= Money::ZERO {
        return RefundSplit { money: refund, points: 0 };
    }
    let after = refunded_before.checked_add(refund).unwrap_or(total);
    let money_paid = total.checked_sub(points.amount).unwrap_or(Money::ZERO);
    let money_share = |refunded: Money| prorate(money_paid, refunded.rupiah(), total.rupiah());
    let money = money_share(after).checked_sub(money_share(refunded_before)).unwrap_or(Money::ZERO);
    // What points paid of everything refunded so far, in whole points rounded up.
    let points_part = after.rupiah().saturating_sub(money_share(after).rupiah()).max(0) as i128;
    let (redeemed, paid) = (points.redeemed as i128, points.amount.rupiah() as i128);
    let due = ((points_part * redeemed + paid - 1) / paid).min(redeemed) as i64;
    RefundSplit { money, points: due.saturating_sub(points.given_back).max(0) }
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

    #[test]
    fn a_sale_paid_partly_with_points_refunds_in_the_same_mix() {
        // 14.000 paid with 10 points (Rp 1.000) and 13.000 in cash.
        let (total, paid) =
            (Money::new(14_000), |given_back| PointsPaid { amount: Money::new(1_000), redeemed: 10, given_back });
        // A quarter back: 3.250 in money, 250 of points = 2,5 → 3 points.
        let first = split(total, paid(0), Money::ZERO, Money::new(3_500));
        assert_eq!(first, RefundSplit { money: Money::new(3_250), points: 3 });
        // The rest: the money adds up to the 13.000 paid, the points to the 10 redeemed.
        let rest = split(total, paid(3), Money::new(3_500), Money::new(10_500));
        assert_eq!(rest, RefundSplit { money: Money::new(9_750), points: 7 });
        // Without points it is all money.
        let none = PointsPaid { amount: Money::ZERO, redeemed: 0, given_back: 0 };
        assert_eq!(
            split(total, none, Money::ZERO, Money::new(3_500)),
            RefundSplit { money: Money::new(3_500), points: 0 }
        );
    }

    #[test]
    fn a_sale_paid_all_in_points_never_gives_money_or_more_points_than_redeemed() {
        let (total, paid) =
            (Money::new(1_000), |given_back| PointsPaid { amount: Money::new(1_000), redeemed: 10, given_back });
        // 150 is 1,5 points: rounded up to 2; no money.
        assert_eq!(split(total, paid(0), Money::ZERO, Money::new(150)), RefundSplit { money: Money::ZERO, points: 2 });
        let pieces = [(150, 100), (250, 100), (350, 650)];
        let mut given = 2;
        for (before, refund) in pieces {
            let part = split(total, paid(given), Money::new(before), Money::new(refund));
            assert_eq!(part.money, Money::ZERO);
            given += part.points;
        }
        assert_eq!(given, 10, "all the redeemed points, never more");
    }
}
