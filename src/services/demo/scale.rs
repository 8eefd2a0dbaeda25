//! The scale shop of DESIGN.md's performance budgets: the demo shop's generators
//! run until there are 100k items, 20k customers, 200k sales and 1M sale lines.
//! Loaded in large transactions with fsync off, since a crash only loses a file
//! that can be generated again.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::catalog::Catalog;
use super::history::{History, HistorySpec, ShopTime, Volume};
use super::{
    NewUser, refuse_unless_empty, seed_customers, seed_items, seed_settings, seed_suppliers, seed_users, setup_time,
};
use crate::domain::Role;
use crate::services::{Actor, Result, Shop};
use crate::store::sales::{self, SalesTotals};

const SCALE_SEED: u64 = 0x0053_4341_4C45;
/// Days of trading written per transaction.
const DAYS_PER_TRANSACTION: usize = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct ScaleSpec {
    pub items: usize,
    pub customers: usize,
    pub sales: u64,
    pub lines: u64,
    /// Full days of history before today.
    pub days: u32,
    pub owner: &'static str,
    pub password: &'static str,
}

impl Default for ScaleSpec {
    /// The numbers in DESIGN.md.
    fn default() -> Self {
        ScaleSpec {
            items: 100_000,
            customers: 20_000,
            sales: 200_000,
            lines: 1_000_000,
            days: 365,
            owner: "owner",
            password: "owner123",
        }
    }
}

impl ScaleSpec {
    fn history(&self) -> HistorySpec {
        HistorySpec {
            days: self.days,
            volume: Volume::Exact { sales: self.sales, lines: self.lines },
            mean_lines: self.lines as f64 / self.sales.max(1) as f64,
            max_lines: 15,
            customer_share: 0.35,
            credit_days: 14,
        }
    }
}

impl Shop {
    /// Fill an empty shop with `spec`'s volume of data, deterministically for a given
    /// "today". `progress` hears about each stage; the totals are returned.
    pub fn build_scale(&mut self, spec: &ScaleSpec, progress: &mut dyn FnMut(&str)) -> Result<SalesTotals> {
        self.store.set_bulk_load(true)?;
        let built = self.load_scale(spec, progress);
        self.store.set_bulk_load(false)?;
        built?;
        Ok(sales::totals(self.store.conn())?)
    }

    fn load_scale(&mut self, spec: &ScaleSpec, progress: &mut dyn FnMut(&str)) -> Result<()> {
        let owner = NewUser::new(spec.owner, "Pemilik", Role::Owner, spec.password)?;
        let time = ShopTime::new(self.time_zone(), self.now_ms());
        let history_spec = HistorySpec { credit_days: self.credit_days(), ..spec.history() };
        let opened = setup_time(&time, &history_spec)?;
        let mut rng = ChaCha8Rng::seed_from_u64(SCALE_SEED);

        let staff = self.write(|tx| {
            refuse_unless_empty(tx)?;
            seed_settings(tx)?;
            seed_suppliers(tx, opened)?;
            seed_users(tx, std::slice::from_ref(&owner), opened)
        })?;

        let mut catalog = Catalog::new();
        let mut specs = catalog.all_products(&mut rng);
        specs.truncate(spec.items);
        while specs.len() < spec.items {
            specs.push(catalog.synthetic_item(&mut rng));
        }
        let items = self.write(|tx| seed_items(tx, specs, &history_spec, opened))?;
        progress(&format!("{} items", items.len()));

        let shoppers = self.write(|tx| seed_customers(tx, &mut rng, spec.customers, &history_spec, &time))?;
        progress(&format!("{} customers", shoppers.len()));

        let invoice = self.invoice_format()?;
        let mut history = History::new(history_spec, time, invoice, SCALE_SEED + 1, items, shoppers, staff)?;
        self.write(|tx| history.open_stock(tx))?;
        let days = history.day_count();
        for start in (0..days).step_by(DAYS_PER_TRANSACTION) {
            let end = (start + DAYS_PER_TRANSACTION).min(days);
            self.write(|tx| history.trade(tx, start..end))?;
            progress(&format!("day {end}/{days}: {} sales", history.sales_made()));
        }
        self.write(|tx| tx.audit(&Actor::command_line(), "shop.scale", "shop", "", None, Some(format!("{spec:?}"))))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::store::Store;

    #[test]
    fn a_small_scale_shop_has_exactly_the_volume_asked_for() {
        let clock = FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23));
        let mut shop = Shop::new(Store::open_in_memory().unwrap(), Arc::new(clock));
        let spec = ScaleSpec { items: 300, customers: 50, sales: 2_000, lines: 9_000, days: 40, ..Default::default() };
        let mut stages = 0;
        let totals = shop.build_scale(&spec, &mut |_| stages += 1).unwrap();
        assert_eq!((totals.sales, totals.lines), (2_000, 9_000));
        assert_eq!(shop.items(&Default::default()).unwrap().len(), 300);
        assert_eq!(shop.customers(&Default::default()).unwrap().len(), 50);
        assert!(stages >= 3);
        assert_eq!(shop.doctor().unwrap(), []);
        assert!(shop.login("owner", "owner123").is_ok());
    }
}
