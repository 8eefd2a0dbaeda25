//! The three price tiers and the rule that picks a line's price.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Money, Qty};
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceTier {
    #[default]
    Retail,
    Wholesale1,
    Wholesale2,
}

impl PriceTier {
    pub const ALL: [PriceTier; 3] = [PriceTier::Retail, PriceTier::Wholesale1, PriceTier::Wholesale2];

    pub fn code(self) -> &'static str {
        match self {
            PriceTier::Retail => "retail",
            PriceTier::Wholesale1 => "wholesale1",
            PriceTier::Wholesale2 => "wholesale2",
        }
    }

    /// As people read it: "Eceran", "Grosir 1".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PriceTier::Retail => lang.pick("Retail", "Eceran"),
            PriceTier::Wholesale1 => lang.pick("Wholesale 1", "Grosir 1"),
            PriceTier::Wholesale2 => lang.pick("Wholesale 2", "Grosir 2"),
        }
    }

    /// One or two letters for narrow columns: R, W1, W2 (E, G1, G2 in Indonesian).
    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            PriceTier::Retail => lang.pick("R", "E"),
            PriceTier::Wholesale1 => lang.pick("W1", "G1"),
            PriceTier::Wholesale2 => lang.pick("W2", "G2"),
        }
    }
}

impl fmt::Display for PriceTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a price tier (use retail, wholesale1 or wholesale2)")]
pub struct UnknownTier(pub String);

impl FromStr for PriceTier {
    type Err = UnknownTier;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "retail" | "r" | "eceran" => Ok(PriceTier::Retail),
            "wholesale1" | "w1" | "grosir1" => Ok(PriceTier::Wholesale1),
            "wholesale2" | "w2" | "grosir2" => Ok(PriceTier::Wholesale2),
            _ => Err(UnknownTier(s.to_string())),
        }
    }
}

/// An item's price list: retail always, wholesale tiers optional, each wholesale
/// tier with an optional minimum quantity at which it applies automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PriceList {
    pub retail: Money,
    pub wholesale1: Option<Money>,
    pub min_qty_wholesale1: Option<Qty>,
    pub wholesale2: Option<Money>,
    pub min_qty_wholesale2: Option<Qty>,
}

impl PriceList {
    fn tier_price(&self, tier: PriceTier) -> Option<Money> {
        match tier {
            PriceTier::Retail => Some(self.retail),
            PriceTier::Wholesale1 => self.wholesale1,
            PriceTier::Wholesale2 => self.wholesale2,
        }
    }

    fn tier_min(&self, tier: PriceTier) -> Option<Qty> {
        match tier {
            PriceTier::Retail => None,
            PriceTier::Wholesale1 => self.min_qty_wholesale1,
            PriceTier::Wholesale2 => self.min_qty_wholesale2,
        }
    }

    /// The price of a line of `qty` in a sale whose tier is `sale_tier`.
    ///
    /// The sale's tier applies when the item has a price for it (else retail). A line
    /// whose quantity reaches a wholesale tier's minimum gets that tier too; of all
    /// tiers that apply, the cheapest wins, so a customer is never charged more for
    /// buying more.
    pub fn price_for(&self, sale_tier: PriceTier, qty: Qty) -> (PriceTier, Money) {
        let mut best = (PriceTier::Retail, self.retail);
        let mut consider = |tier: PriceTier| {
            if let Some(price) = self.tier_price(tier)
                && price < best.1
            {
                best = (tier, price);
            }
        };
        consider(sale_tier);
        for tier in [PriceTier::Wholesale1, PriceTier::Wholesale2] {
            if let Some(min) = self.tier_min(tier)
                && qty >= min
            {
                consider(tier);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indomie() -> PriceList {
        PriceList {
            retail: Money::new(3_500),
            wholesale1: Some(Money::new(3_300)),
            min_qty_wholesale1: Some(Qty::from_units(10)),
            wholesale2: Some(Money::new(3_100)),
            min_qty_wholesale2: Some(Qty::from_units(40)),
        }
    }

    #[test]
    fn sale_tier_prices_the_line() {
        let p = indomie();
        assert_eq!(p.price_for(PriceTier::Retail, Qty::ONE), (PriceTier::Retail, Money::new(3_500)));
        assert_eq!(p.price_for(PriceTier::Wholesale1, Qty::ONE), (PriceTier::Wholesale1, Money::new(3_300)));
        assert_eq!(p.price_for(PriceTier::Wholesale2, Qty::ONE), (PriceTier::Wholesale2, Money::new(3_100)));
    }

    #[test]
    fn reaching_a_minimum_quantity_switches_tier_automatically() {
        let p = indomie();
        assert_eq!(p.price_for(PriceTier::Retail, Qty::from_units(9)).0, PriceTier::Retail);
        assert_eq!(p.price_for(PriceTier::Retail, Qty::from_units(10)).0, PriceTier::Wholesale1);
        assert_eq!(p.price_for(PriceTier::Retail, Qty::from_units(40)).0, PriceTier::Wholesale2);
        assert_eq!(p.price_for(PriceTier::Wholesale2, Qty::from_units(12)).0, PriceTier::Wholesale2);
    }

    #[test]
    fn missing_tier_price_falls_back_to_retail() {
        let p = PriceList { retail: Money::new(5_000), ..Default::default() };
        assert_eq!(p.price_for(PriceTier::Wholesale2, Qty::from_units(100)), (PriceTier::Retail, Money::new(5_000)));
    }

    #[test]
    fn parses_tier_names() {
        assert_eq!("Wholesale1".parse::<PriceTier>(), Ok(PriceTier::Wholesale1));
        assert_eq!("grosir2".parse::<PriceTier>(), Ok(PriceTier::Wholesale2));
        assert!("vip".parse::<PriceTier>().is_err());
    }
}
