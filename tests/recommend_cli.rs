//! Recommendations through the real binary, as an owner runs them: import a sales
//! history with pairs and rhythms in it, read `report bought-together` and
//! `report refill-due`, refresh the partners, queue a day of refill reminders, let the
//! dispatcher deliver them (file provider), then follow-up sales show in
//! `report recommendations` as revenue over the holdout.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::Command;
use common::warung;
use jiff::ToSpan;
use warung::clock::{Clock, FixedClock};
use warung::domain::cart::{Cart, CartLine};
use warung::domain::{Money, PaymentMethod, Qty};
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::services::{Actor, Shop};
use warung::store::customers::CustomerFilter;

const CUSTOMERS: usize = 10;
const GAS_PRICE: i64 = 22_000;

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// The report's rows as maps from column name to cell.
fn report(db: &Path, args: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let text = stdout_of(warung(db).arg("report").args(args));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect()
}

/// The refill reminders the file provider has sent so far, as JSON.
fn sent_refills(db: &Path) -> Vec<serde_json::Value> {
    let sent = std::fs::read_to_string(db.with_file_name("messages.jsonl")).unwrap_or_default();
    sent.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|m| m["kind"] == "refill")
        .collect()
}

fn day(days_ago: i64) -> String {
    common::TODAY.checked_sub(days_ago.days()).unwrap().to_string()
}

/// Walk-in baskets in the last month: 6 × {beras, telur}, 2 × {beras}, 2 × {kecap};
/// and ten customers who each bought gas every 7 days, the last time 16 days ago (the
/// last of them twice that day). 51 baskets in all.
fn shop_with_history(dir: &Path) -> PathBuf {
    let db = dir.join("shop.db");
    warung(&db).args(["init", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    let items = dir.join("items.csv");
    std::fs::write(
        &items,
        "sku,name,price\nBRS,Beras 5kg,70000\nTLR,Telur Ayam 1kg,28000\nGAS,Gas 3kg,22000\nKCP,Kecap Bango,12000\n",
    )
    .unwrap();
    warung(&db).args(["import", "items"]).arg(&items).assert().success();
    let mut history = String::from("invoice,date,sku,qty,price,customer_code,customer_phone,customer_name,payment\n");
    let walk_in = |history: &mut String, invoice: &str, days_ago: i64, skus: &[&str]| {
        for sku in skus {
            history.push_str(&format!("{invoice},{},{sku},1,1000,,,,cash\n", day(days_ago)));
        }
    };
    for n in 0..6 {
        walk_in(&mut history, &format!("W-BT-{n}"), 3 + n, &["BRS", "TLR", "TLR"]);
    }
    for n in 0..2 {
        walk_in(&mut history, &format!("W-B-{n}"), 4 + n, &["BRS"]);
        walk_in(&mut history, &format!("W-K-{n}"), 5 + n, &["KCP"]);
    }
    for n in 0..CUSTOMERS {
        for days_ago in [37, 30, 23, 16] {
            history.push_str(&format!(
                "G-{n}-{days_ago},{},GAS,1,{GAS_PRICE},C{n:03},0812000000{n:02},Pelanggan {n},cash\n",
                day(days_ago)
            ));
        }
    }
    history.push_str(&format!("G-9-again,{},GAS,1,{GAS_PRICE},C009,081200000009,Pelanggan 9,cash\n", day(16)));
    let sales = dir.join("sales.csv");
    std::fs::write(&sales, history).unwrap();
    warung(&db).args(["import", "sales"]).arg(&sales).assert().success();
    db
}

#[test]
fn bought_together_counts_baskets_and_filters_noise() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    let range = ["--from", &day(40), "--to", &day(0)];
    let rows = report(&db, &[&["bought-together"][..], &range].concat());
    // 51 baskets; beras in 8, telur in 6, both in 6 (telur twice in a basket counts once).
    // beras → telur: support 6/51 = 0.118, confidence 6/8, lift 0.75 / (6/51) = 6.375.
    assert_eq!(rows.len(), 2, "{rows:?}");
    let row = |r: &std::collections::HashMap<String, String>| {
        ["sku_a", "item_a", "sku_b", "item_b", "pairs", "support", "confidence", "lift"].map(|c| r[c].clone())
    };
    assert_eq!(row(&rows[0]), ["BRS", "Beras 5kg", "TLR", "Telur Ayam 1kg", "6", "0.118", "0.75", "6.375"]);
    assert_eq!(row(&rows[1]), ["TLR", "Telur Ayam 1kg", "BRS", "Beras 5kg", "6", "0.118", "1", "6.375"]);

    let only = report(&db, &[&["bought-together", "--item", "tlr"][..], &range].concat());
    assert_eq!(only.iter().map(|r| r["sku_a"].as_str()).collect::<Vec<_>>(), ["TLR"]);
    assert!(report(&db, &[&["bought-together", "--min-pairs", "7"][..], &range].concat()).is_empty());
    assert_eq!(report(&db, &[&["bought-together", "--limit", "1"][..], &range].concat()).len(), 1);
    // Kecap alone twice, gas alone: pairs of one basket never show by default.
    assert_eq!(report(&db, &[&["bought-together", "--min-pairs", "1"][..], &range].concat()).len(), 2);

    let err = warung(&db).args(["report", "bought-together", "--item", "NOPE"]).assert().failure();
    let stderr = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(stderr.contains("--item: there is no item with SKU 'NOPE'"), "{stderr}");
    assert!(err.get_output().stdout.is_empty(), "refused before any output");
    let err = warung(&db).args(["report", "sales-lines", "--min-pairs", "3"]).assert().failure();
    let stderr = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(stderr.contains("--min-pairs does not apply to sales-lines"), "{stderr}");

    // The precomputed partners the till reads.
    let refreshed = stdout_of(warung(&db).args(["recommend", "refresh"]));
    assert_eq!(refreshed, "baskets=51\nitems=2\npartners=2\n");
}

#[test]
fn a_shop_without_history_has_nothing_to_recommend_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    warung(&db).args(["init", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    let out = warung(&db).args(["recommend", "refresh"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), "baskets=0\nitems=0\npartners=0\n");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("no partners yet: two items become partners once at least 5 sales"), "{stderr}");
    for name in ["bought-together", "refill-due"] {
        assert!(report(&db, &[name]).is_empty(), "{name}");
    }
    let earned = report(&db, &["recommendations"]);
    assert_eq!(earned[0]["lift_revenue_per_customer"], "", "no lift without both groups");
    assert_eq!(stdout_of(warung(&db).args(["remind", "refills"])), "refills=0\n");
}

#[test]
fn refill_due_shows_each_customers_rhythm() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    let rows = report(&db, &["refill-due", "--as-of", &day(0)]);
    assert_eq!(rows.len(), CUSTOMERS, "{rows:?}");
    let cells = |r: &std::collections::HashMap<String, String>| {
        ["code", "sku", "purchases", "interval_days", "last_purchase", "days_since", "due_since"].map(|c| r[c].clone())
    };
    // Every 7 days, last bought 16 days ago: due from 1.2 × 7 = 8.4 → 9 days after it.
    let expected = ["C000", "GAS", "4", "7", &day(16), "16", &day(7)].map(String::from);
    assert_eq!(cells(&rows[0]), expected);
    assert_eq!(cells(&rows[9])[..4], ["C009", "GAS", "4", "7"].map(String::from), "twice on one day is one purchase");
    assert_eq!(rows[0]["phone"], "6281200000000");
    // A week earlier it was not due yet; three intervals on it is no longer a refill.
    assert!(report(&db, &["refill-due", "--as-of", &day(8)]).is_empty());
    let far = common::TODAY.checked_add(6.days()).unwrap().to_string();
    assert!(report(&db, &["refill-due", "--as-of", &far]).is_empty());
}

#[test]
fn refill_reminders_are_queued_sent_and_their_lift_measured_against_the_holdout() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    // The import creates customers who have not agreed to messages yet; they do now.
    common::opt_in_everyone(&db);
    warung(&db).args(["config", "set", "messaging.quiet_hours", "none"]).assert().success();
    warung(&db).args(["config", "set", "recommend.refill_holdout_pct", "50"]).assert().success();

    assert_eq!(stdout_of(warung(&db).args(["recommend", "refresh"])), "baskets=51\nitems=2\npartners=2\n");
    let queued = stdout_of(warung(&db).args(["remind", "refills"]));
    let messaged: usize = queued.trim().strip_prefix("refills=").unwrap().parse().unwrap();
    assert!(messaged > 0 && messaged < CUSTOMERS, "half held out: {queued}");
    assert_eq!(stdout_of(warung(&db).args(["remind", "refills"])), "refills=0\n", "once per customer");
    warung(&db).args(["dispatch", "--once"]).assert().success();

    let refills = sent_refills(&db);
    assert_eq!(refills.len(), messaged, "{refills:?}");
    let body = refills[0]["body"].as_str().unwrap();
    assert!(
        body.starts_with("Halo Pelanggan ") && body.contains(", Gas 3kg biasanya sudah waktunya beli lagi"),
        "{body}"
    );

    // An hour later every messaged customer buys gas; no held-out one does.
    let later = FixedClock::at_ms(common::clock().now_ms() + 3_600_000);
    let mut shop = Shop::open(&db, Arc::new(later)).unwrap();
    let cli = Actor::command_line();
    let (gas, _) = shop.lookup_code("GAS").unwrap().unwrap();
    for m in &refills {
        let filter = CustomerFilter { text: m["to"].as_str().unwrap().to_string(), limit: 1, ..Default::default() };
        let customer = shop.customers(&filter).unwrap()[0].id;
        let mut cart = Cart::default();
        cart.lines.push(CartLine {
            item: gas.clone(),
            qty: Qty::ONE,
            price_override: None,
            discount: Default::default(),
        });
        cart.set_customer(Some(shop.cart_customer(customer).unwrap()));
        let cash = Tender { method: PaymentMethod::Cash, amount: Money::new(GAS_PRICE), reference: String::new() };
        shop.checkout(&cli, &CheckoutRequest { cart, payments: vec![cash], ..Default::default() }).unwrap();
    }
    drop(shop);

    let tomorrow = common::TODAY.checked_add(1.day()).unwrap().to_string();
    let rows = report(&db, &["recommendations", "--from", &day(1), "--to", &tomorrow]);
    assert_eq!(rows.iter().map(|r| r["kind"].as_str()).collect::<Vec<_>>(), ["refill", "till"], "{rows:?}");
    assert_eq!(rows[1]["messages"], "0", "nothing was suggested at a till");
    let r = &rows[0];
    let held = (CUSTOMERS - messaged).to_string();
    let n = messaged.to_string();
    assert_eq!((r["kind"].as_str(), &r["messages"], &r["customers"], &r["buyers"]), ("refill", &n, &n, &n));
    assert_eq!(r["revenue"], (messaged as i64 * GAS_PRICE).to_string());
    assert_eq!(
        (&r["holdout_customers"], r["holdout_buyers"].as_str(), r["holdout_revenue"].as_str()),
        (&held, "0", "0")
    );
    assert_eq!(r["lift_revenue_per_customer"], GAS_PRICE.to_string(), "each reminder earned one gas refill");

    // Marketing: refill messages count in the month's marketing figures.
    let health = report(&db, &["customer-health", "--from", &day(0), "--to", &day(0)]);
    assert_eq!(health[0]["marketing_messages"], n);
}

/// Refill reminders are marketing: quiet hours hold them, the daily marketing cap
/// limits them; both as for win-back and campaigns.
#[test]
fn refill_reminders_wait_for_quiet_hours_to_end_and_keep_to_the_daily_cap() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    common::opt_in_everyone(&db);
    warung(&db).args(["config", "set", "recommend.refill_holdout_pct", "0"]).assert().success();
    warung(&db).args(["config", "set", "messaging.marketing_daily_cap", "3"]).assert().success();
    assert_eq!(stdout_of(warung(&db).args(["remind", "refills"])), format!("refills={CUSTOMERS}\n"));
    // 23:00 in Jakarta: inside the default quiet hours (21:00-08:00).
    warung(&db).args(["dispatch", "--once"]).env("WARUNG_NOW", "2026-11-23T16:00:00Z").assert().success();
    assert!(sent_refills(&db).is_empty(), "held through the night");
    // 09:00 the next morning: three, the day's marketing cap.
    warung(&db).args(["dispatch", "--once"]).env("WARUNG_NOW", "2026-11-24T02:00:00Z").assert().success();
    assert_eq!(sent_refills(&db).len(), 3);
}
