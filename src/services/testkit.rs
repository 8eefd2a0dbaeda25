//! A small shop for service tests: an owner, a manager, two cashiers, a few items and
//! customers, a hand-set clock in Jakarta, and helpers to ring up sales through
//! `Shop::checkout`. Users are stored with an unusable password hash so building a
//! shop costs no password hashing (tests act as them directly).

use std::sync::Arc;

use super::checkout::{CheckoutRequest, CompletedSale, Tender};
use super::{Actor, Shop};
use crate::clock::FixedClock;
use crate::domain::cart::Cart;
use crate::domain::master::{CustomerForm, ItemForm};
use crate::domain::{Money, PaymentMethod, Qty, Role};
use crate::store::{Store, users};

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

pub struct Kit {
    pub shop: Shop,
    pub clock: Arc<FixedClock>,
    pub owner: Actor,
    pub manager: Actor,
    pub cashier: Actor,
    pub cashier2: Actor,
    /// Customers with a generous credit limit.
    pub darto: i64,
    pub sri: i64,
}

fn add_user(shop: &mut Shop, username: &str, role: Role) -> Actor {
    let id = shop.write(|tx| Ok(users::insert(tx, username, "", role, "!", tx.now)?)).unwrap();
    Actor { user_id: Some(id), username: username.to_string(), role }
}

fn add_customer(shop: &mut Shop, owner: &Actor, name: &str) -> i64 {
    let form = CustomerForm { name: name.into(), credit_limit: "10000000".into(), ..Default::default() };
    shop.create_customer(owner, &form).unwrap()
}

/// Items: `A` at 1.000, `B` at 2.500, `C` at 10.000 (cost 700, 2.000, 8.000), `K`
/// weighed rice at 14.999/kg.
pub fn kit() -> Kit {
    let clock = Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)));
    let mut shop = Shop::new(Store::open_in_memory().unwrap(), clock.clone());
    let owner = add_user(&mut shop, "pemilik", Role::Owner);
    let manager = add_user(&mut shop, "manajer", Role::Manager);
    let cashier = add_user(&mut shop, "kasir", Role::Cashier);
    let cashier2 = add_user(&mut shop, "kasir2", Role::Cashier);
    let items = [
        ("A", "1000", "700", ""),
        ("B", "2500", "2000", ""),
        ("C", "10000", "8000", ""),
        ("K", "14999", "12000", "KG"),
    ];
    for (sku, price, cost, unit) in items {
        let form = ItemForm {
            sku: sku.into(),
            name: format!("Item {sku}"),
            price: price.into(),
            cost: cost.into(),
            unit: unit.into(),
            ..Default::default()
        };
        shop.create_item(&owner, &form).unwrap();
    }
    let darto = add_customer(&mut shop, &owner, "Warung Pak Darto");
    let sri = add_customer(&mut shop, &owner, "Bu Sri");
    Kit { shop, clock, owner, manager, cashier, cashier2, darto, sri }
}

pub fn tender(method: PaymentMethod, amount: i64) -> Tender {
    Tender { method, amount: Money::new(amount), reference: String::new() }
}

impl Kit {
    pub fn advance_days(&self, days: i64) {
        self.clock.advance_ms(days * DAY_MS);
    }

    /// A cart of `(sku, qty in thousandths)`, for `customer` if given.
    pub fn cart(&self, lines: &[(&str, i64)], customer: Option<i64>) -> Cart {
        let mut cart = Cart::default();
        for (sku, qty) in lines {
            let (item, _) = self.shop.lookup_code(sku).unwrap().unwrap();
            cart.lines.push(crate::domain::cart::CartLine {
                item,
                qty: Qty::from_thousandths(*qty),
                price_override: None,
                discount: Default::default(),
            });
        }
        cart.set_customer(customer.map(|id| self.shop.cart_customer(id).unwrap()));
        cart
    }

    pub fn checkout(&mut self, actor: &Actor, cart: Cart, payments: Vec<Tender>) -> CompletedSale {
        let request = CheckoutRequest { cart, payments, ..Default::default() };
        self.shop.checkout(actor, &request).unwrap()
    }

    /// Units of each SKU, paid in cash with `tendered`.
    pub fn cash_sale(&mut self, actor: &Actor, lines: &[(&str, i64)], tendered: i64) -> CompletedSale {
        let cart = self.cart(&units(lines), None);
        self.checkout(&actor.clone(), cart, vec![tender(PaymentMethod::Cash, tendered)])
    }

    /// Units of each SKU, all on credit for `customer`.
    pub fn credit_sale(&mut self, actor: &Actor, customer: i64, lines: &[(&str, i64)]) -> CompletedSale {
        let cart = self.cart(&units(lines), Some(customer));
        let total = self.shop.cart_totals(&cart).unwrap().total;
        self.checkout(&actor.clone(), cart, vec![tender(PaymentMethod::Credit, total.rupiah())])
    }

    pub fn on_hand(&self, sku: &str) -> Qty {
        let id = crate::store::items::id_by_sku(self.shop.store.conn(), sku).unwrap().unwrap();
        self.shop.item(id).unwrap().on_hand
    }

    pub fn item_id(&self, sku: &str) -> i64 {
        crate::store::items::id_by_sku(self.shop.store.conn(), sku).unwrap().unwrap()
    }

    pub fn add_supplier(&mut self, name: &str) -> i64 {
        let form = crate::domain::master::SupplierForm { name: name.into(), ..Default::default() };
        let owner = self.owner.clone();
        self.shop.create_supplier(&owner, &form).unwrap()
    }

    /// Receive whole units `(sku, units, unit cost)` from `supplier`, on credit or in cash.
    pub fn receive(
        &mut self,
        supplier: i64,
        lines: &[(&str, i64, i64)],
        credit: bool,
    ) -> super::purchases::ReceivedPurchase {
        let lines = lines
            .iter()
            .map(|(sku, units, cost)| super::purchases::PurchaseLineInput {
                item_id: self.item_id(sku),
                packs: Qty::from_units(*units),
                pack_factor: Qty::ONE,
                pack_cost: Money::new(*cost),
            })
            .collect();
        let request = super::purchases::PurchaseRequest {
            supplier_id: supplier,
            supplier_invoice: "INV-1".into(),
            invoice_date: crate::clock::local_date(self.shop.now_ms(), &self.shop.time_zone()),
            lines,
            payment: if credit { PaymentMethod::Credit } else { PaymentMethod::Cash },
            due_date: None,
        };
        let owner = self.owner.clone();
        self.shop.receive_purchase(&owner, &request).unwrap()
    }

    pub fn assert_healthy(&self) {
        let findings = self.shop.doctor().unwrap();
        assert!(findings.is_empty(), "doctor found: {findings:?}");
    }
}

fn units<'a>(lines: &[(&'a str, i64)]) -> Vec<(&'a str, i64)> {
    lines.iter().map(|(sku, n)| (*sku, n * 1000)).collect()
}
