//! The demo shop and the scale shop: a believable Indonesian shop with staff, a
//! catalogue, customers, suppliers and months of trading, generated from a fixed
//! seed relative to the shop clock's "today".
//!
//! The generators live in the submodules and are shared by both shops:
//! [`catalog`] (items, prices, barcodes), [`people`] (customers, suppliers, staff)
//! and [`history`] (sales, credit, stock). [`Shop::build_demo`] makes the small
//! shop behind `warung demo`; [`Shop::build_scale`] the big one benchmarks use.

pub mod catalog;
mod habits;
pub mod history;
mod messages;
pub mod people;
mod purchases;
mod scale;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use self::catalog::{Catalog, ItemSpec};
use self::habits::Habits;
use self::history::{History, HistorySpec, ShopTime, Shopper, Staff, StockedItem, Volume};
use self::people::People;
use super::master::{insert_customer, insert_supplier, next_in_store_barcode};
use super::recommend::{RefillPolicy, choose_refills};
use super::{Actor, Refusal, Result, Shop, Tx, auth, settings};
use crate::domain::Role;
use crate::domain::master::BarcodeSpec;
use crate::store::{items, users};

pub use scale::ScaleSpec;

/// Every demo shop is the same shop (for the same "today").
pub const DEMO_SEED: u64 = 0x5741_5255_4E47;
pub const DEMO_PASSWORD: &str = "demo123";
pub const DEMO_PIN: &str = "1234";
const DEMO_CUSTOMERS: usize = 60;
/// Days before today on which the demo's dispatcher already chose refill reminders
/// (today's are chosen by the daily triggers after the build).
const REFILL_ROUND_DAYS: usize = 45;

/// What the login screen shows on a demo shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoLogin {
    pub username: &'static str,
    pub password: &'static str,
    pub owner: &'static str,
    /// The owner's and manager's PIN for approvals at the till.
    pub pin: &'static str,
}

const SHOP_SETTINGS: &[(&str, &str)] = &[
    ("store.name", "Toko Sumber Rejeki"),
    ("store.address", "Jl. Kaliurang Km 9,5 No. 27, Ngaglik, Sleman, Yogyakarta 55581"),
    ("store.phone", "0274-884512 / WA 0812-2700-4512"),
    ("receipt.header", "Sembako & kebutuhan harian - buka setiap hari 06.00-21.00"),
    ("receipt.footer", "Terima kasih, semoga berkah! Barang yang sudah dibeli tidak dapat ditukar."),
    // Sixty customers: a tenth held out would be two or three, too few to compare with.
    ("recommend.refill_holdout_pct", "25"),
];

fn demo_history() -> HistorySpec {
    HistorySpec {
        days: 90,
        volume: Volume::Daily { typical: 52.0, min: 30, max: 80 },
        mean_lines: 2.6,
        max_lines: 8,
        customer_share: 0.4,
        credit_days: 14,
    }
}

impl Shop {
    /// Fill an empty shop with the demo: staff, about 200 items, 60 customers, suppliers,
    /// and 90 days of trading up to now, in one transaction. Refuses a shop that
    /// already has users or items.
    pub fn build_demo(&mut self) -> Result<DemoLogin> {
        let staff: Vec<NewUser> = people::DEMO_STAFF
            .iter()
            .map(|&(username, full_name, role)| NewUser::new(username, full_name, role, DEMO_PASSWORD))
            .collect::<Result<_>>()?;
        let time = ShopTime::new(self.time_zone(), self.now_ms());
        let invoice = self.invoice_format()?;
        let spec = HistorySpec { credit_days: self.credit_days(), ..demo_history() };
        // As the settings stored below will read.
        let refills = RefillPolicy {
            store_name: shop_setting("store.name").to_string(),
            holdout_bp: super::messages::holdout_bp(shop_setting("recommend.refill_holdout_pct"))?,
            ..self.refill_policy()?
        };
        self.write(|tx| {
            refuse_unless_empty(tx)?;
            let mut rng = ChaCha8Rng::seed_from_u64(DEMO_SEED);
            let opened = setup_time(&time, &spec)?;
            seed_settings(tx)?;
            let staff = seed_users(tx, &staff, opened)?;
            seed_suppliers(tx, opened)?;
            let specs = Catalog::new().all_products(&mut rng);
            let names: Vec<String> = specs.iter().map(|s| s.data.name.clone()).collect();
            let items = seed_items(tx, specs, &spec, opened)?;
            let shoppers = seed_customers(tx, &mut rng, DEMO_CUSTOMERS, &spec, &time)?;
            // The till's hint and the refill reminders began together.
            let hints_from = spec.days.saturating_sub(REFILL_ROUND_DAYS as u32);
            let habits = Habits::new(DEMO_SEED + 3, &names, &shoppers, spec.days, hints_from);
            let mut history =
                History::new(spec, time.clone(), invoice, DEMO_SEED + 1, items, shoppers, staff)?.with_habits(habits);
            history.open_stock(tx)?;
            let today = history.day_count() - 1;
            for day in 0..history.day_count() {
                if day + REFILL_ROUND_DAYS >= today && day < today {
                    refill_round(tx, &time, &refills, &mut history, day)?;
                }
                history.trade(tx, day..day + 1)?;
            }
            purchases::document_deliveries(tx, &time, DEMO_SEED + 2)?;
            tx.audit(&Actor::command_line(), "shop.demo", "shop", "", None, Some("demo shop created".into()))
        })?;
        for approver in ["pemilik", "manajer"] {
            self.set_pin(&Actor::command_line(), approver, DEMO_PIN)?;
        }
        messages::seed(self)?;
        Ok(DemoLogin { username: "kasir", password: DEMO_PASSWORD, owner: "pemilik", pin: DEMO_PIN })
    }

    /// Days until a credit sale falls due, from the shop's settings.
    fn credit_days(&self) -> i64 {
        self.setting("credit.default_days").ok().and_then(|d| d.parse().ok()).unwrap_or(14)
    }
}

/// The value the demo gives setting `key` (empty when it gives none).
fn shop_setting(key: &str) -> &'static str {
    SHOP_SETTINGS.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v)
}

/// The dispatcher's refill reminders of day `index`, as it ran then: chosen before
/// opening, sent when quiet hours ended at 08:00; the customers' habits then decide
/// who comes for the items.
fn refill_round(
    tx: &Tx<'_>,
    time: &ShopTime,
    policy: &RefillPolicy,
    history: &mut History,
    index: usize,
) -> Result<()> {
    let date = history.date_of(index);
    let chosen_at = time.instant(date, 6, 0)?;
    let then = Tx { conn: tx.conn, now: chosen_at };
    let sent_at = time.instant(date, 8, 0)?;
    for (n, chosen) in choose_refills(&then, date, policy)?.into_iter().enumerate() {
        let sent = match chosen.outbox_id {
            Some(id) => {
                let wamid = format!("wamid.demo{id}");
                let at = sent_at + n as i64 * 1_000;
                let outcome = messages::outcome(n + 3, at, &wamid);
                crate::store::messages::set_outcome(tx, id, &outcome)?;
                outcome.sent_at
            }
            None => None,
        };
        history.reminded(index, chosen.customer_id, &chosen.items, sent);
    }
    Ok(())
}

/// A user to create, password already hashed (hashing is slow, so it happens
/// before the write transaction starts).
struct NewUser {
    username: &'static str,
    full_name: &'static str,
    role: Role,
    hash: String,
}

impl NewUser {
    fn new(username: &'static str, full_name: &'static str, role: Role, password: &str) -> Result<NewUser> {
        Ok(NewUser { username, full_name, role, hash: auth::hash_password(password)? })
    }
}

/// When the shop was set up: staff, suppliers and items are entered the morning
/// before the first day of trading.
fn setup_time(time: &ShopTime, spec: &HistorySpec) -> Result<i64> {
    time.instant(time.days_before_today(spec.days + 1), 8, 0)
}

fn refuse_unless_empty(conn: &Connection) -> Result<()> {
    if users::count(conn)? > 0 || items::count(conn, true)? > 0 {
        return Err(Refusal::DemoNeedsEmptyShop.into());
    }
    Ok(())
}

fn seed_settings(conn: &Connection) -> Result<()> {
    for &(key, value) in SHOP_SETTINGS {
        let value = settings::validate(settings::definition(key)?, value)
            .map_err(|problem| Refusal::BadSetting { key: key.to_string(), problem })?;
        crate::store::settings::set(conn, key, &value)?;
    }
    Ok(())
}

/// Create the users; the first is the owner. Morning and evening cashiers are the
/// first two cashiers (or the owner when there are none).
fn seed_users(conn: &Connection, new_users: &[NewUser], at: i64) -> Result<Staff> {
    let mut ids = Vec::new();
    for user in new_users {
        ids.push((user.role, users::insert(conn, user.username, user.full_name, user.role, &user.hash, at)?));
    }
    let first = |role: Role, skip: usize| ids.iter().filter(|(r, _)| *r == role).nth(skip).map(|(_, id)| *id);
    let owner = first(Role::Owner, 0).ok_or(Refusal::DemoNeedsOwner)?;
    let back_office = first(Role::Manager, 0).unwrap_or(owner);
    let morning = first(Role::Cashier, 0).unwrap_or(owner);
    Ok(Staff { morning, evening: first(Role::Cashier, 1).unwrap_or(morning), back_office })
}

fn seed_suppliers(conn: &Connection, at: i64) -> Result<()> {
    for supplier in people::suppliers() {
        insert_supplier(conn, &supplier, at)?;
    }
    Ok(())
}

/// Store the items with reorder levels sized to how well each sells; loose goods get
/// in-store barcodes from the shop's own sequence.
fn seed_items(conn: &Connection, specs: Vec<ItemSpec>, spec: &HistorySpec, at: i64) -> Result<Vec<StockedItem>> {
    let popularity_total: f64 = specs.iter().map(|s| s.popularity).sum();
    let mut stocked = Vec::with_capacity(specs.len());
    for mut item in specs {
        item.data.reorder_level = spec.reorder_level(&item, popularity_total);
        if item.needs_in_store_code {
            let code = next_in_store_barcode(conn)?;
            item.data.barcodes.push(BarcodeSpec { code, factor: crate::domain::Qty::ONE });
        }
        let id = items::insert(conn, &item.data, at)?;
        items::replace_barcodes(conn, id, &item.data.barcodes)?;
        stocked.push(StockedItem::new(id, &item));
    }
    Ok(stocked)
}

/// Store `count` customers, each created on the day they first shop.
fn seed_customers(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    count: usize,
    spec: &HistorySpec,
    time: &ShopTime,
) -> Result<Vec<Shopper>> {
    let mut people = People::new();
    let trading_days = spec.days + 1;
    let mut shoppers = Vec::with_capacity(count);
    for _ in 0..count {
        let seed = people.customer(rng, trading_days, time.today);
        let first_visit = time.days_before_today(spec.days - seed.habit.first_day);
        let created_at = time.instant(first_visit, 5, 0)?.min(time.now);
        let id = insert_customer(conn, &seed.data, created_at)?;
        shoppers.push(Shopper::new(id, seed.data.tier, seed.data.credit_limit, seed.habit));
    }
    Ok(shoppers)
}

#[cfg(test)]
mod tests {
    use crate::services::ServiceError;
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::master::ItemForm;
    use crate::store::Store;
    use crate::store::customers::CustomerFilter;
    use crate::store::items::ItemFilter;
    use crate::store::sales::{self, SalesTotals};

    fn shop() -> Shop {
        let clock = FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23));
        Shop::new(Store::open_in_memory().unwrap(), Arc::new(clock))
    }

    fn demo() -> Shop {
        let mut shop = shop();
        let login = shop.build_demo().unwrap();
        assert_eq!(login, DemoLogin { username: "kasir", password: "demo123", owner: "pemilik", pin: "1234" });
        shop
    }

    /// Enough of a shop to tell two builds apart: sales totals, every item's stock,
    /// every customer's debt.
    #[derive(Debug, PartialEq)]
    struct Fingerprint {
        totals: SalesTotals,
        stock: Vec<(String, String)>,
        debts: Vec<(String, String)>,
    }

    fn fingerprint(shop: &Shop) -> Fingerprint {
        let items = shop.items(&ItemFilter { include_archived: true, ..Default::default() }).unwrap();
        let customers = shop.customers(&CustomerFilter { include_archived: true, ..Default::default() }).unwrap();
        Fingerprint {
            totals: sales::totals(shop.store.conn()).unwrap(),
            stock: items.into_iter().map(|i| (i.data.sku, i.on_hand.decimal())).collect(),
            debts: customers.into_iter().map(|c| (c.code, c.receivable.grouped())).collect(),
        }
    }

    /// One demo build checked for everything; a second for determinism.
    #[test]
    fn demo_shop_is_complete_consistent_and_repeatable() {
        let mut shop = demo();
        assert_eq!(shop.doctor().unwrap(), []);
        assert_eq!(shop.store_name(), "Toko Sumber Rejeki");

        let items = shop.items(&ItemFilter::default()).unwrap();
        assert!(items.len() >= 150, "{} items", items.len());
        assert!(items.iter().all(|i| !i.on_hand.thousandths().is_negative()));
        assert!(items.iter().any(|i| i.on_hand < i.data.reorder_level), "some items should need reordering");
        assert!(items.iter().any(|i| i.data.unit == "KG" && i.on_hand.thousandths() % 1000 != 0));

        let customers = shop.customers(&CustomerFilter::default()).unwrap();
        assert_eq!(customers.len(), DEMO_CUSTOMERS);
        assert!(customers.iter().all(|c| c.data.phone.as_ref().is_some_and(|p| p.local().starts_with("08"))));
        assert!(customers.iter().any(|c| c.receivable.rupiah() > 0), "someone should owe the shop");

        let totals = sales::totals(shop.store.conn()).unwrap();
        assert!(totals.sales >= 90 * 30 && totals.lines > totals.sales, "{totals:?}");
        let sale_days = trading_days(&shop);
        assert!(sale_days.len() >= 91, "sales on {} days", sale_days.len());

        let owner = shop.login("pemilik", DEMO_PASSWORD).unwrap();
        assert_eq!(owner.role, Role::Owner);
        assert_eq!(shop.login("kasir", DEMO_PASSWORD).unwrap().role, Role::Cashier);

        assert_eq!(fingerprint(&shop), fingerprint(&demo()));
    }

    /// Local dates (the last 100 days) on which at least one sale was made.
    fn trading_days(shop: &Shop) -> BTreeSet<jiff::civil::Date> {
        let time = ShopTime::new(shop.time_zone(), shop.now_ms());
        (0..100)
            .map(|n| time.days_before_today(n))
            .filter(|date| {
                let from = time.instant(*date, 0, 0).unwrap();
                sales::count_between(shop.store.conn(), from, from + 24 * 3_600_000).unwrap() > 0
            })
            .collect()
    }

    fn item_named(shop: &Shop, name: &str) -> i64 {
        shop.store.conn().query_row("SELECT id FROM items WHERE name = ?1", [name], |r| r.get(0)).unwrap()
    }

    /// The habits show through every recommendation: the designed pairs lead the
    /// bought-together list and reach the till, staples come due, and the past weeks'
    /// refill reminders brought buyers that the held-out customers were not.
    #[test]
    fn the_demo_has_pairs_rhythms_and_reminders_that_earned_something() {
        let mut shop = demo();
        let today = shop.today();
        let (start, end) = crate::reports::DateRange { from: today.saturating_sub(jiff::ToSpan::days(90)), to: today }
            .bounds_ms(&shop.time_zone());
        // Pairs seen in 20 baskets or more that are over four times likelier together
        // than apart: the three designed ones, both ways.
        let mut pairs = crate::reports::recommend::basket_counts(shop.store.conn(), start, end).unwrap().pairs(20);
        pairs.retain(|p| p.lift() > 4_000);
        let (kopi, gula) = (item_named(&shop, "Kapal Api Kopi Bubuk 165g"), item_named(&shop, "Gula Pasir Curah"));
        let (teh, gulaku) = (item_named(&shop, "Teh Celup Sosro Isi 25"), item_named(&shop, "Gulaku Premium 1kg"));
        let (mie, telur) = (item_named(&shop, "Indomie Goreng"), item_named(&shop, "Telur Ayam Negeri"));
        let mut found: Vec<(i64, i64)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        found.sort_unstable();
        let mut designed = vec![(kopi, gula), (gula, kopi), (teh, gulaku), (gulaku, teh), (mie, telur), (telur, mie)];
        designed.sort_unstable();
        assert_eq!(found, designed, "{pairs:?}");

        shop.refresh_recommendations(today).unwrap();
        let hint: Vec<i64> = shop.suggestions(&[mie], 2).unwrap().iter().map(|s| s.item_id).collect();
        assert_eq!(hint.first(), Some(&telur), "the till suggests eggs with noodles");

        let staples = ["Beras Sania Premium 5kg", "Gas LPG 3kg Isi Ulang", "Telur Ayam Negeri", "Minyakita 2L"]
            .map(|name| item_named(&shop, name));
        let due = shop.due_refills(today).unwrap();
        let staples_due = due.iter().filter(|d| staples.contains(&d.item_id)).count();
        assert!(staples_due >= 5, "{staples_due} staples due of {}", due.len());

        let month = crate::reports::DateRange::resolve(None, None, today).unwrap();
        let earned = shop.recommendation_results(&Actor::command_line(), month).unwrap();
        let refill = earned.refill;
        assert!(refill.messages > 0 && refill.buyers > 0 && refill.holdout_customers > 0, "{refill:?}");
        assert!(refill.lift_revenue_per_customer().is_some_and(|lift| lift.rupiah() != 0), "{refill:?}");
        // The cashiers took the till's hint now and then, and mostly sold it.
        let till = earned.till;
        assert!(till.added > till.sold && till.sold > 0 && till.revenue.rupiah() > 0, "{till:?}");
    }

    #[test]
    fn refuses_a_shop_that_is_not_empty() {
        let mut with_item = shop();
        let form = ItemForm { sku: "X1".into(), name: "Teh".into(), price: "3000".into(), ..Default::default() };
        with_item.create_item(&Actor::command_line(), &form).unwrap();
        assert!(matches!(with_item.build_demo(), Err(ServiceError::Refused(Refusal::DemoNeedsEmptyShop))));

        let mut with_user = shop();
        with_user.add_user(&Actor::command_line(), "owner", "", Role::Owner, "rahasia1").unwrap();
        let err = with_user.build_demo().unwrap_err();
        assert!(err.to_string().contains("empty database"), "{err}");
    }
}
