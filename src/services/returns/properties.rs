//! Random sequences of sales, returns, voids, history imports, payments and shifts:
//! after every step the shop stays healthy (`doctor` is empty, so the report
//! summaries equal the ledger, members' points equal their ledger), every
//! receivable has 0 ≤ paid ≤ amount, each customer's statement ends at what they
//! owe, and no sale's returns give back more points than it was paid with.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::domain::cart::Discount;
use crate::domain::refund::RefundMethod;
use crate::domain::{Money, PaymentMethod, Qty};
use crate::services::testkit::{Kit, kit, tender};
use crate::services::{Actor, ServiceError};
use crate::store::receivables;

const SKUS: [&str; 4] = ["A", "B", "C", "K"];

#[derive(Debug, Clone)]
enum Op {
    /// (item, amount) lines; `pay`: 0 cash, 1 credit, 2 half cash half credit,
    /// 3 as many of the member's points as may pay, the rest in cash.
    Sale {
        lines: Vec<(usize, i64)>,
        pay: u8,
        discount_bp: i64,
        sri: bool,
        second_cashier: bool,
    },
    Return {
        sale: Index,
        line: Index,
        amount: i64,
        to_receivable: bool,
        by_cashier: bool,
    },
    Void {
        sale: Index,
    },
    Pay {
        sri: bool,
        amount: i64,
        cash: bool,
    },
    Wait {
        days: i64,
    },
    /// A sale imported from history, `days_back` before now at `hour`, by item and
    /// amount, at `price_cut` rupiah under list price, to a customer (by code) or nobody.
    Import {
        lines: Vec<(usize, i64)>,
        days_back: i64,
        hour: u8,
        price_cut: i64,
        customer: Option<bool>,
        affect_stock: bool,
    },
    /// Open the cashier's shift with a float, or close it if open.
    Shift {
        second_cashier: bool,
        float: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (
            prop::collection::vec((0..4usize, 1..3_000i64), 1..4),
            0..4u8,
            prop::sample::select(vec![0, 500, 1_000]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(lines, pay, discount_bp, sri, second_cashier)| Op::Sale { lines, pay, discount_bp, sri, second_cashier }),
        3 => (any::<Index>(), any::<Index>(), 1..2_500i64, any::<bool>(), any::<bool>())
            .prop_map(|(sale, line, amount, to_receivable, by_cashier)| Op::Return { sale, line, amount, to_receivable, by_cashier }),
        1 => any::<Index>().prop_map(|sale| Op::Void { sale }),
        2 => (any::<bool>(), 1..40_000i64, any::<bool>()).prop_map(|(sri, amount, cash)| Op::Pay { sri, amount, cash }),
        1 => (0..40i64).prop_map(|days| Op::Wait { days }),
        2 => (
            prop::collection::vec((0..4usize, 1..3_000i64), 1..4),
            0..60i64,
            6..21u8,
            0..300i64,
            prop::option::of(any::<bool>()),
            any::<bool>(),
        )
            .prop_map(|(lines, days_back, hour, price_cut, customer, affect_stock)| Op::Import { lines, days_back, hour, price_cut, customer, affect_stock }),
        1 => (any::<bool>(), 0..100_000i64).prop_map(|(second_cashier, float)| Op::Shift { second_cashier, float }),
    ]
}

/// Weighed rice in grams; the rest in whole units.
fn qty_of(sku: &str, amount: i64) -> Qty {
    if sku == "K" { Qty::from_thousandths(amount) } else { Qty::from_units(amount % 3 + 1) }
}

struct Run {
    k: Kit,
    invoices: Vec<String>,
}

impl Run {
    fn cashier(&self, second: bool) -> Actor {
        if second { self.k.cashier2.clone() } else { self.k.cashier.clone() }
    }

    fn apply(&mut self, op: &Op) -> Result<(), ServiceError> {
        match op {
            Op::Sale { lines, pay, discount_bp, sri, second_cashier } => {
                let customer = if *sri { self.k.sri } else { self.k.darto };
                let picked: Vec<(&str, i64)> =
                    lines.iter().map(|&(i, amount)| (SKUS[i], qty_of(SKUS[i], amount).thousandths())).collect();
                let mut cart = self.k.cart(&picked, (*pay > 0).then_some(customer));
                cart.set_sale_discount(Discount::Percent(*discount_bp)).unwrap();
                let total = self.k.shop.cart_totals(&cart)?.total.rupiah();
                let payments = match pay {
                    0 => vec![tender(PaymentMethod::Cash, (total / 1_000 + 1) * 1_000)],
                    1 => vec![tender(PaymentMethod::Credit, total)],
                    3 => {
                        let rules = self.k.shop.points_rules()?;
                        let balance = self.k.shop.member_points(customer)?;
                        let points = rules.value_of(rules.redeemable(balance, Money::new(total))).rupiah();
                        vec![tender(PaymentMethod::Points, points), tender(PaymentMethod::Cash, total - points)]
                    }
                    _ => vec![tender(PaymentMethod::Cash, total / 2), tender(PaymentMethod::Credit, total - total / 2)],
                };
                let payments = payments.into_iter().filter(|t| t.amount > Money::ZERO).collect();
                let actor = self.cashier(*second_cashier);
                let request = crate::services::checkout::CheckoutRequest { cart, payments, ..Default::default() };
                let sale = self.k.shop.checkout(&actor, &request)?;
                self.invoices.push(sale.invoice);
            }
            Op::Return { sale, line, amount, to_receivable, by_cashier } => {
                let Some(invoice) = self.pick(sale) else { return Ok(()) };
                let sold = self.k.shop.returnable(&invoice)?;
                let line = &sold.lines[line.index(sold.lines.len())];
                let qty = qty_of(&line.sku, *amount);
                let method = if *to_receivable { RefundMethod::Receivable } else { RefundMethod::Cash };
                let (actor, approver) = if *by_cashier {
                    (self.k.cashier.clone(), Some(self.k.manager.clone()))
                } else {
                    (self.k.owner.clone(), None)
                };
                self.k.shop.return_lines(
                    &actor,
                    approver.as_ref(),
                    &invoice,
                    &[(line.line_no, qty)],
                    method,
                    "rusak",
                )?;
            }
            Op::Void { sale } => {
                let Some(invoice) = self.pick(sale) else { return Ok(()) };
                let manager = self.k.manager.clone();
                self.k.shop.void_sale(&manager, &invoice, "salah input")?;
            }
            Op::Pay { sri, amount, cash } => {
                let customer = if *sri { self.k.sri } else { self.k.darto };
                let method = if *cash { PaymentMethod::Cash } else { PaymentMethod::Qris };
                let cashier = self.k.cashier.clone();
                self.k.shop.receive_payment(&cashier, customer, Money::new(*amount), method, "")?;
            }
            Op::Wait { days } => self.k.advance_days(*days),
            Op::Import { lines, days_back, hour, price_cut, customer, affect_stock } => {
                let invoice = format!("IMP-{}", self.invoices.len() + 1);
                let now = crate::clock::timestamp(self.k.shop.now_ms()).to_zoned(self.k.shop.time_zone());
                let date = now.date().saturating_sub(jiff::Span::new().days(*days_back));
                let (code, name) = match customer {
                    Some(true) => ("P1", "Pelanggan Satu"),
                    Some(false) => ("P2", "Pelanggan Dua"),
                    None => ("", ""),
                };
                let mut csv = String::from("invoice,date,sku,qty,price,customer_code,customer_name\n");
                for &(i, amount) in lines {
                    let qty = qty_of(SKUS[i], amount).thousandths();
                    let price = [1_000, 2_500, 10_000, 14_999][i] - price_cut;
                    let (units, part) = (qty / 1_000, qty % 1_000);
                    csv.push_str(&format!(
                        "{invoice},{date} {hour:02}:15,{},{units}.{part:03},{price},{code},{name}\n",
                        SKUS[i]
                    ));
                }
                let options =
                    crate::services::import::sales::SalesImportOptions { dry_run: false, affect_stock: *affect_stock };
                let owner = self.k.owner.clone();
                match self.k.shop.import_sales(&owner, csv.as_bytes(), &options) {
                    Ok(_) => self.invoices.push(invoice),
                    Err(e) => panic!("import of {csv} failed: {e}"),
                }
            }
            Op::Shift { second_cashier, float } => {
                let actor = self.cashier(*second_cashier);
                if self.k.shop.current_shift(&actor)?.is_some() {
                    self.k.shop.close_shift(&actor, Money::new(*float))?;
                } else {
                    self.k.shop.open_shift(&actor, Money::new(*float))?;
                }
            }
        }
        Ok(())
    }

    fn pick(&self, index: &Index) -> Option<String> {
        (!self.invoices.is_empty()).then(|| self.invoices[index.index(self.invoices.len())].clone())
    }

    fn check(&self) {
        self.k.assert_healthy();
        let shop = &self.k.shop;
        let over_refunded: i64 = shop
            .store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM (SELECT sale_id FROM point_moves WHERE sale_id IS NOT NULL GROUP BY sale_id
                  HAVING SUM(CASE kind WHEN 'refund' THEN points ELSE 0 END)
                       > SUM(CASE kind WHEN 'redeem' THEN -points ELSE 0 END))",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(over_refunded, 0, "a sale gave back more points than it was paid with");
        for (invoice, amount, paid) in receivables::all(shop.store.conn()).unwrap() {
            assert!(Money::ZERO <= paid && paid <= amount, "{invoice}: paid {paid} of {amount}");
        }
        let (from, to) = (jiff::civil::date(2000, 1, 1), jiff::civil::date(2100, 1, 1));
        for customer in [self.k.darto, self.k.sri] {
            let owed = shop.customer_receivables(customer).unwrap().iter().fold(0, |sum, r| sum + r.balance.rupiah());
            let statement = shop.customer_statement(customer, from, to).unwrap();
            assert_eq!(statement.closing_balance, Money::new(owed), "statement of customer {customer}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn reversals_keep_the_books_straight(ops in prop::collection::vec(op(), 1..40)) {
        let mut run = Run { k: kit(), invoices: Vec::new() };
        let owner = run.k.owner.clone();
        for (key, value) in [("points.enabled", "yes"), ("points.rupiah_per_point", "1000"), ("points.min_redeem", "1")] {
            run.k.shop.set_setting(&owner, key, value).unwrap();
        }
        for op in &ops {
            match run.apply(op) {
                Ok(())
                | Err(
                    ServiceError::Refused(_)
                    | ServiceError::Missing(_)
                    | ServiceError::Denied { .. },
                ) => {}
                Err(other) => panic!("{op:?} failed: {other}"),
            }
            run.check();
        }
    }
}
