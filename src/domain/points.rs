//! Member points (poin): what a sale earns, what points are worth when they pay,
//! and how many may pay. The owner sets the rules (settings `points.*`).

use super::{Money, PriceTier};
use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsRules {
    pub enabled: bool,
    /// One point for every this many rupiah paid (not counting what points paid).
    pub rupiah_per_point: i64,
    /// What one point pays.
    pub point_value: Money,
    /// The fewest points a customer may pay with.
    pub min_redeem: i64,
    /// Points expire this many months after they were earned (0 = never).
    pub expiry_months: i64,
    /// Customers of these price tiers earn.
    pub tiers: Vec<PriceTier>,
    /// May one sale both pay with points and earn them?
    pub earn_when_redeeming: bool,
}

impl Default for PointsRules {
    fn default() -> Self {
        PointsRules {
            enabled: false,
            rupiah_per_point: 10_000,
            point_value: Money::new(100),
            min_redeem: 10,
            expiry_months: 12,
            tiers: vec![PriceTier::Retail],
            earn_when_redeeming: false,
        }
    }
}

impl PointsRules {
    /// Points a customer of `tier` earns on a sale of `total` of which `redeemed`
    /// points paid a part. Rounded down: Rp 19.999 earns 1 point at Rp 10.000 each.
    pub fn earned(&self, tier: PriceTier, total: Money, redeemed: i64) -> i64 {
        if !self.enabled || !self.tiers.contains(&tier) || (redeemed > 0 && !self.earn_when_redeeming) {
            return 0;
        }
        let paid_in_money = total.rupiah() - redeemed.saturating_mul(self.point_value.rupiah());
        (paid_in_money / self.rupiah_per_point.max(1)).max(0)
    }

    /// What `points` pay.
    pub fn value_of(&self, points: i64) -> Money {
        Money::new(points.saturating_mul(self.point_value.rupiah()))
    }

    /// The most points that may pay for `due` out of a `balance`: never more than
    /// the balance or the amount due, and nothing below the minimum.
    pub fn redeemable(&self, balance: i64, due: Money) -> i64 {
        let most = balance.min(due.rupiah() / self.point_value.rupiah().max(1));
        if !self.enabled || most < self.min_redeem { 0 } else { most }
    }

    /// The points an amount typed in rupiah stands for, checked against the rules
    /// and the balance; the error says what to type instead.
    pub fn points_for(&self, amount: Money, balance: i64) -> Result<i64, RedeemError> {
        let value = self.point_value.rupiah().max(1);
        if amount.rupiah() % value != 0 {
            return Err(RedeemError::NotAStep { step: self.point_value });
        }
        let points = amount.rupiah() / value;
        if points > balance {
            return Err(RedeemError::AboveBalance { balance, worth: self.value_of(balance) });
        }
        if points < self.min_redeem {
            return Err(RedeemError::BelowMinimum { min: self.min_redeem, worth: self.value_of(self.min_redeem) });
        }
        Ok(points)
    }
}

/// Why an amount cannot be paid with points; each says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::EnumIter)]
pub enum RedeemError {
    #[error("points pay in steps of {step}: type a multiple of it")]
    NotAStep { step: Money },
    #[error("only {balance} points ({worth}) to pay with")]
    AboveBalance { balance: i64, worth: Money },
    #[error("at least {min} points ({worth}) pay at a time")]
    BelowMinimum { min: i64, worth: Money },
}

impl Default for RedeemError {
    fn default() -> Self {
        RedeemError::NotAStep { step: Money::ZERO }
    }
}

impl RedeemError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Id, RedeemError::NotAStep { step }) => format!("poin dibayar per {step}: ketik kelipatannya"),
            (Lang::Id, RedeemError::AboveBalance { balance, worth }) => {
                format!("poin yang bisa dipakai hanya {balance} ({worth})")
            }
            (Lang::Id, RedeemError::BelowMinimum { min, worth }) => {
                format!("sekali bayar minimal {min} poin ({worth})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PointsRules {
        PointsRules { enabled: true, ..Default::default() }
    }

    #[test]
    fn earning_rounds_down_and_follows_the_tier_and_the_switch() {
        let r = rules();
        assert_eq!(r.earned(PriceTier::Retail, Money::new(45_200), 0), 4);
        assert_eq!(r.earned(PriceTier::Wholesale1, Money::new(45_200), 0), 0, "only retail earns");
        assert_eq!(r.earned(PriceTier::Retail, Money::new(45_200), 10), 0, "no earning while redeeming");
        let both = PointsRules { earn_when_redeeming: true, ..rules() };
        assert_eq!(both.earned(PriceTier::Retail, Money::new(45_200), 10), 4, "(45.200 - 1.000) / 10.000");
        assert_eq!(PointsRules::default().earned(PriceTier::Retail, Money::new(45_200), 0), 0, "switched off");
    }

    #[test]
    fn never_more_than_the_balance_or_the_total() {
        let r = rules();
        assert_eq!(r.redeemable(120, Money::new(45_200)), 120);
        assert_eq!(r.redeemable(1_000, Money::new(45_250)), 452);
        assert_eq!(r.redeemable(9, Money::new(45_200)), 0, "below the minimum");
        assert_eq!(r.points_for(Money::new(5_000), 120), Ok(50));
        assert!(r.points_for(Money::new(15_000), 120).unwrap_err().to_string().contains("only 120 points"));
        assert!(r.points_for(Money::new(5_050), 120).unwrap_err().to_string().contains("multiple"));
        assert!(r.points_for(Money::new(500), 120).unwrap_err().to_string().contains("at least 10 points"));
    }
}
