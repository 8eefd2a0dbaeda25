//! A till run by a child process: the crash and concurrency tests start the test
//! binary again as a child that rings up random sales through the real checkout
//! service (and, for the crash test, receives purchases and counts stock), reporting
//! each committed change on stdout, until it is killed or its time is up.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use warung::domain::cart::{Cart, CartLine};
use warung::domain::{Money, PaymentMethod, Qty};
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::services::purchases::{PurchaseLineInput, PurchaseRequest};
use warung::services::{Actor, Shop};
use warung::store::customers::CustomerFilter;

/// The SKUs of `fixture_shop`.
pub const SKUS: [&str; 5] = ["IDM-GRG", "IDM-SOTO", "AQ-600", "GLK-1KG", "BML-2L"];

/// Environment variable naming the database a child till sells into.
pub const CHILD_DB: &str = "WARUNG_TEST_TILL_DB";

pub struct Till {
    shop: Shop,
    actor: Actor,
    customers: Vec<i64>,
    supplier: i64,
    rng: StdRng,
}

/// One committed sale as the child reports it: `sold INVOICE SKU:QTY …` (qty in thousandths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldLine {
    pub invoice: String,
    pub qty_by_sku: BTreeMap<String, i64>,
}

impl SoldLine {
    pub fn parse(line: &str) -> Option<SoldLine> {
        let mut words = line.strip_prefix("sold ")?.split(' ');
        let invoice = words.next()?.to_string();
        let qty_by_sku = words
            .map(|w| {
                let (sku, qty) = w.split_once(':')?;
                Some((sku.to_string(), qty.parse().ok()?))
            })
            .collect::<Option<_>>()?;
        Some(SoldLine { invoice, qty_by_sku })
    }
}

impl Till {
    /// Logs in as the fixture's owner (who may sell on credit above a limit).
    pub fn open(db: &Path, seed: u64) -> Till {
        // libtest printed the test's name without a newline; sales start on a line of their own.
        println!();
        // The parent gave the test clock (`common::test_clock_env`).
        let mut shop = Shop::open(db, warung::clock::process_clock()).unwrap();
        let actor = shop.login("pemilik", "rahasia1").unwrap();
        let filter = CustomerFilter { limit: 100, ..Default::default() };
        let customers = shop.customers(&filter).unwrap().into_iter().map(|c| c.id).collect();
        let supplier = shop.suppliers("", false).unwrap()[0].id;
        Till { shop, actor, customers, supplier, rng: StdRng::seed_from_u64(seed) }
    }

    /// Mostly sales; now and then a purchase or a step of a stock count. Returns the
    /// line the child prints for it.
    pub fn work_one(&mut self) -> String {
        match self.rng.random_range(0..10) {
            0 => self.buy_one(),
            1 => self.count_step(),
            _ => self.sell_one(),
        }
    }

    fn random_item(&mut self) -> i64 {
        let sku = SKUS[self.rng.random_range(0..SKUS.len())];
        self.shop.lookup_code(sku).unwrap().unwrap().0.item_id
    }

    /// Receives one to three items from the supplier, in cash or on credit.
    fn buy_one(&mut self) -> String {
        let lines = (0..self.rng.random_range(1..=3))
            .map(|_| PurchaseLineInput {
                item_id: self.random_item(),
                packs: Qty::from_units(self.rng.random_range(1..=5)),
                pack_factor: Qty::ONE,
                pack_cost: Money::new(self.rng.random_range(1_000..=30_000)),
            })
            .collect();
        let today = warung::clock::local_date(self.shop.now_ms(), &self.shop.time_zone());
        let request = PurchaseRequest {
            supplier_id: self.supplier,
            supplier_invoice: format!("F-{}", self.rng.random::<u64>()),
            invoice_date: today,
            lines,
            payment: if self.rng.random_bool(0.5) { PaymentMethod::Cash } else { PaymentMethod::Credit },
            due_date: None,
        };
        let bought = self.shop.receive_purchase(&self.actor, &request).unwrap_or_else(|e| panic!("purchase: {e}"));
        format!("bought {}", bought.number)
    }

    /// Starts a count, counts an item, or approves the count as its variance shows.
    fn count_step(&mut self) -> String {
        if self.shop.current_count().unwrap().is_none() {
            self.shop.start_count(&self.actor, None).unwrap();
            return "count started".into();
        }
        if self.rng.random_bool(0.7) {
            let item = self.random_item();
            let qty = Qty::from_units(self.rng.random_range(1..=20));
            self.shop.count_item(&self.actor, item, qty, false).unwrap();
            return "counted".into();
        }
        let stamp = self.shop.count_variance(&self.actor).unwrap().stamp;
        let approved = self.shop.approve_count(&self.actor, stamp).unwrap_or_else(|e| panic!("approve: {e}"));
        format!("approved {}", approved.count_id)
    }

    /// Rings up one random sale (cash, transfer, or credit for a customer) and returns
    /// the line the child prints for it.
    pub fn sell_one(&mut self) -> String {
        let mut cart = Cart::default();
        let mut qty_by_sku = BTreeMap::new();
        for _ in 0..self.rng.random_range(1..=4) {
            let sku = SKUS[self.rng.random_range(0..SKUS.len())];
            let (item, _) = self.shop.lookup_code(sku).unwrap().unwrap();
            let qty = Qty::from_units(self.rng.random_range(1..=3));
            *qty_by_sku.entry(sku.to_string()).or_insert(0) += qty.thousandths();
            cart.lines.push(CartLine { item, qty, price_override: None, discount: Default::default() });
        }
        let method = match self.rng.random_range(0..3) {
            0 => PaymentMethod::Cash,
            1 => PaymentMethod::Transfer,
            _ => PaymentMethod::Credit,
        };
        if method == PaymentMethod::Credit || self.rng.random_bool(0.3) {
            let customer = self.customers[self.rng.random_range(0..self.customers.len())];
            cart.set_customer(Some(self.shop.cart_customer(customer).unwrap()));
        }
        let total = self.shop.cart_totals(&cart).unwrap().total;
        let amount = if method == PaymentMethod::Cash { total.rupiah() + 5_000 } else { total.rupiah() };
        let tender = Tender { method, amount: Money::new(amount), reference: String::new() };
        let request = CheckoutRequest { cart, payments: vec![tender], ..Default::default() };
        let sale = self.shop.checkout(&self.actor, &request).unwrap_or_else(|e| panic!("checkout refused: {e}"));
        let lines: Vec<String> = qty_by_sku.iter().map(|(sku, qty)| format!("{sku}:{qty}")).collect();
        format!("sold {} {}", sale.invoice, lines.join(" "))
    }
}

/// Starts this test binary again, running only the (ignored) test `child_test`, with
/// `CHILD_DB` set to `db` and the extra environment given.
pub fn spawn_child(child_test: &str, db: &Path, env: &[(&str, String)]) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([child_test, "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    super::test_clock_env(&mut cmd);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.spawn().unwrap()
}

/// Collects the `sold …` lines a child prints (and the numbers of the purchases it
/// reports as `bought PB-…`), on a thread, until its stdout closes.
pub struct SoldLog {
    pub lines: Arc<Mutex<Vec<SoldLine>>>,
    pub bought: Arc<Mutex<Vec<String>>>,
    reader: JoinHandle<()>,
}

impl SoldLog {
    pub fn follow(child: &mut Child) -> SoldLog {
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let bought = Arc::new(Mutex::new(Vec::new()));
        let (sold_sink, bought_sink) = (lines.clone(), bought.clone());
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(sold) = SoldLine::parse(&line) {
                    sold_sink.lock().unwrap().push(sold);
                } else if let Some(number) = line.strip_prefix("bought ") {
                    bought_sink.lock().unwrap().push(number.to_string());
                }
            }
        });
        SoldLog { lines, bought, reader }
    }

    pub fn count(&self) -> usize {
        self.lines.lock().unwrap().len()
    }

    /// Every sale and every purchase reported, once the child's stdout has closed.
    pub fn finish(self) -> (Vec<SoldLine>, Vec<String>) {
        self.reader.join().unwrap();
        let sold = Arc::try_unwrap(self.lines).unwrap().into_inner().unwrap();
        let bought = Arc::try_unwrap(self.bought).unwrap().into_inner().unwrap();
        (sold, bought)
    }
}
