//! Purchasing and stock rules: what a received pack costs per base unit, how a
//! receipt moves an item's moving-average cost, why stock may be adjusted by hand,
//! and what a stock count's variance is worth.

use std::fmt;
use std::str::FromStr;

use super::money::div_round;
use super::{Money, Qty};
use crate::lang::Lang;

/// Cost of one base unit when a pack of `factor` base units costs `pack_cost`
/// (a carton of 24 at 48.000 is 2.000 a piece), rounded to the rupiah.
pub fn unit_cost_of_pack(pack_cost: Money, factor: Qty) -> Money {
    if factor.thousandths() <= 0 {
        return pack_cost;
    }
    let exact = div_round(pack_cost.rupiah() as i128 * 1000, factor.thousandths() as i128);
    Money::new(i64::try_from(exact).unwrap_or(i64::MAX))
}

/// The item's cost after receiving `received` base units at `unit_cost`:
/// `(on_hand × old_cost + received × unit_cost) / (on_hand + received)`, rounded.
///
/// When nothing is on hand (0, or below 0 because sales ran ahead of receiving) the
/// old cost describes no stock, so the new cost is simply what was just paid.
pub fn moving_average_cost(on_hand: Qty, old_cost: Money, received: Qty, unit_cost: Money) -> Money {
    if on_hand <= Qty::ZERO || received <= Qty::ZERO {
        return if received > Qty::ZERO { unit_cost } else { old_cost };
    }
    let (held, got) = (on_hand.thousandths() as i128, received.thousandths() as i128);
    let value = held * old_cost.rupiah() as i128 + got * unit_cost.rupiah() as i128;
    Money::new(i64::try_from(div_round(value, held + got)).unwrap_or(i64::MAX))
}

/// How much to buy of an item at or below its reorder level: back up to the level,
/// and at least one unit (an item exactly at its level is due for reordering too).
pub fn suggested_reorder(on_hand: Qty, reorder_level: Qty) -> Qty {
    reorder_level.checked_sub(on_hand).unwrap_or(Qty::ZERO).max(Qty::ONE)
}

/// Why stock was changed by hand. Every reason but a correction can only take stock away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AdjustReason {
    #[default]
    Damaged,
    Expired,
    Lost,
    Sample,
    Correction,
}

impl AdjustReason {
    pub const ALL: [AdjustReason; 5] = [
        AdjustReason::Damaged,
        AdjustReason::Expired,
        AdjustReason::Lost,
        AdjustReason::Sample,
        AdjustReason::Correction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AdjustReason::Damaged => "damaged",
            AdjustReason::Expired => "expired",
            AdjustReason::Lost => "lost",
            AdjustReason::Sample => "sample",
            AdjustReason::Correction => "correction",
        }
    }

    /// (English, Indonesian) label.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            AdjustReason::Damaged => ("damaged", "rusak"),
            AdjustReason::Expired => ("expired", "kedaluwarsa"),
            AdjustReason::Lost => ("lost", "hilang"),
            AdjustReason::Sample => ("sample", "sampel"),
            AdjustReason::Correction => ("correction", "koreksi"),
        }
    }

    /// Refuses a change of zero, and an increase for anything but a correction.
    pub fn check(self, delta: Qty) -> Result<(), AdjustError> {
        if delta == Qty::ZERO {
            return Err(AdjustError::Zero);
        }
        if delta > Qty::ZERO && self != AdjustReason::Correction {
            return Err(AdjustError::OnlyTakesAway(self));
        }
        Ok(())
    }
}

/// A hand adjustment its reason does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, thiserror::Error, strum::EnumIter)]
pub enum AdjustError {
    #[default]
    #[error("quantity: must not be 0")]
    Zero,
    #[error("quantity: {0} stock can only be taken away (use a negative quantity)")]
    OnlyTakesAway(AdjustReason),
}

impl AdjustError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Id, AdjustError::Zero) => "jumlah: tidak boleh 0".into(),
            (Lang::Id, AdjustError::OnlyTakesAway(reason)) => {
                format!("jumlah: stok {} hanya bisa dikurangi (pakai jumlah minus)", reason.label().1)
            }
        }
    }
}

impl fmt::Display for AdjustReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for AdjustReason {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_lowercase();
        AdjustReason::ALL
            .into_iter()
            .find(|r| r.code() == s || r.label().1 == s)
            .ok_or_else(|| format!("'{s}' is not a reason (use damaged, expired, lost, sample or correction)"))
    }
}

/// One counted item against the system: what the count would post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variance {
    pub system: Qty,
    pub counted: Qty,
}

impl Variance {
    /// Counted minus system: what approval adds to (or takes from) stock.
    pub fn difference(self) -> Qty {
        Qty::from_thousandths(self.counted.thousandths().saturating_sub(self.system.thousandths()))
    }

    /// The difference valued at the item's cost (negative for a shortfall).
    pub fn value(self, cost: Money) -> Money {
        cost.times_qty(self.difference()).unwrap_or(Money::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_cost_is_spread_over_its_units() {
        assert_eq!(unit_cost_of_pack(Money::new(48_000), Qty::from_units(24)), Money::new(2_000));
        assert_eq!(unit_cost_of_pack(Money::new(10_000), Qty::from_units(3)), Money::new(3_333));
        assert_eq!(unit_cost_of_pack(Money::new(5_000), Qty::ONE), Money::new(5_000));
        // 2 kg sack at 25.001: half-way rounds away from zero.
        assert_eq!(unit_cost_of_pack(Money::new(25_001), Qty::from_units(2)), Money::new(12_501));
    }

    #[test]
    fn moving_average_weighs_old_and_new_stock() {
        // 10 at 1.000 plus 30 at 2.000 = 70.000 over 40 = 1.750.
        let cost = moving_average_cost(Qty::from_units(10), Money::new(1_000), Qty::from_units(30), Money::new(2_000));
        assert_eq!(cost, Money::new(1_750));
        // Rounds half away from zero: (1×1 + 2×2)/3 = 1,67 → 2.
        assert_eq!(moving_average_cost(Qty::ONE, Money::new(1), Qty::from_units(2), Money::new(2)), Money::new(2));
        // Weighed goods: 0.5 kg at 12.000 plus 1.5 kg at 14.000 = 13.500.
        let rice = moving_average_cost(
            Qty::from_thousandths(500),
            Money::new(12_000),
            Qty::from_thousandths(1_500),
            Money::new(14_000),
        );
        assert_eq!(rice, Money::new(13_500));
    }

    #[test]
    fn nothing_or_less_on_hand_takes_the_new_cost() {
        assert_eq!(
            moving_average_cost(Qty::ZERO, Money::new(900), Qty::from_units(5), Money::new(1_200)),
            Money::new(1_200)
        );
        assert_eq!(
            moving_average_cost(Qty::from_units(-3), Money::new(900), Qty::from_units(5), Money::new(1_200)),
            Money::new(1_200)
        );
        // Receiving nothing leaves the cost alone.
        assert_eq!(
            moving_average_cost(Qty::from_units(4), Money::new(900), Qty::ZERO, Money::new(1_200)),
            Money::new(900)
        );
    }

    #[test]
    fn reorder_suggestion_fills_up_to_the_level() {
        assert_eq!(suggested_reorder(Qty::from_units(3), Qty::from_units(10)), Qty::from_units(7));
        assert_eq!(suggested_reorder(Qty::from_units(-2), Qty::from_units(10)), Qty::from_units(12));
        assert_eq!(suggested_reorder(Qty::from_units(10), Qty::from_units(10)), Qty::ONE);
    }

    #[test]
    fn adjustment_reasons_limit_the_direction() {
        assert!(AdjustReason::Damaged.check(Qty::from_units(-1)).is_ok());
        assert!(AdjustReason::Damaged.check(Qty::from_units(1)).unwrap_err().to_string().contains("taken away"));
        assert!(AdjustReason::Correction.check(Qty::from_units(2)).is_ok());
        assert!(AdjustReason::Correction.check(Qty::ZERO).unwrap_err().to_string().contains("must not be 0"));
        assert_eq!("rusak".parse::<AdjustReason>(), Ok(AdjustReason::Damaged));
        assert_eq!("Expired".parse::<AdjustReason>(), Ok(AdjustReason::Expired));
        assert!("broken".parse::<AdjustReason>().is_err());
    }

    #[test]
    fn variance_is_counted_minus_system_valued_at_cost() {
        let short = Variance { system: Qty::from_units(10), counted: Qty::from_units(7) };
        assert_eq!((short.difference(), short.value(Money::new(2_500))), (Qty::from_units(-3), Money::new(-7_500)));
        let over = Variance { system: Qty::from_units(-2), counted: Qty::from_units(1) };
        assert_eq!(over.difference(), Qty::from_units(3));
    }
}
