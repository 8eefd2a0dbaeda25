//! Concurrent tills: four processes sell the same items into one database for a while
//! (30 s by default, `WARUNG_TEST_SELL_SECS` to change) while report exports and the
//! message dispatcher run against it. No checkout may fail (a busy database must
//! wait, never reach a cashier), no stock update may be lost, the totals must
//! reconcile, and every receipt queued goes out exactly once.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::till::{CHILD_DB, SKUS, SoldLog, Till, spawn_child};
use rusqlite::Connection;
use warung::domain::Qty;
use warung::services::Shop;

const TILLS: usize = 4;

#[test]
#[ignore = "child process of four_tills_exports_and_a_dispatcher_at_once_lose_nothing"]
fn concurrency_child_sells_for_a_while() {
    let db = std::env::var(CHILD_DB).unwrap();
    let seed = std::env::var("WARUNG_TEST_SEED").unwrap().parse().unwrap();
    let secs: u64 = std::env::var("WARUNG_TEST_SELL_SECS").unwrap().parse().unwrap();
    let mut till = Till::open(Path::new(&db), seed);
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        println!("{}", till.sell_one());
    }
}

#[test]
fn four_tills_exports_and_a_dispatcher_at_once_lose_nothing() {
    let secs = std::env::var("WARUNG_TEST_SELL_SECS").unwrap_or_else(|_| "30".into());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    drop(common::fixture_shop(&db));

    let tills: Vec<_> = (0..TILLS)
        .map(|n| {
            let env = [("WARUNG_TEST_SEED", (100 + n).to_string()), ("WARUNG_TEST_SELL_SECS", secs.clone())];
            let mut child = spawn_child("concurrency_child_sells_for_a_while", &db, &env);
            let log = SoldLog::follow(&mut child);
            (child, log)
        })
        .collect();
    let selling = Arc::new(AtomicBool::new(true));
    let out = dir.path().join("lines.csv");
    let export = ["report".as_ref(), "sales-lines".as_ref(), "--output".as_ref(), out.as_os_str(), "--force".as_ref()];
    let exports = repeat_while(&db, &export, selling.clone());
    let dispatches = repeat_while(&db, &["dispatch".as_ref(), "--once".as_ref()], selling.clone());

    let mut sold = Vec::new();
    for (mut child, log) in tills {
        let status = child.wait().unwrap();
        assert!(status.success(), "a till failed: {status}");
        sold.extend(log.finish().0);
    }
    selling.store(false, Ordering::Relaxed);
    let export_runs = exports.join().unwrap();
    assert!(export_runs > 0, "no export ran while the tills sold");
    let dispatch_runs = dispatches.join().unwrap();
    assert!(dispatch_runs > 0, "no dispatcher ran while the tills sold");
    // What was queued at the end goes now; then each receipt is in the file once.
    warung_ok(&db, &["dispatch".as_ref(), "--once".as_ref()]);
    let sent = std::fs::read_to_string(db.with_file_name("messages.jsonl")).unwrap();
    let mut ids: Vec<i64> =
        sent.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_i64().unwrap()).collect();
    let lines = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lines, "a message was sent twice");

    let conn = Connection::open(&db).unwrap();
    let (sales, totals, payments): (i64, i64, i64) = conn
        .query_row("SELECT COUNT(*), SUM(total), (SELECT SUM(amount) FROM sale_payments) FROM sales", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(sales as usize, sold.len(), "every sale a till saw committed is stored, and no other");
    let shop = Shop::open(&db, common::clock()).unwrap();
    assert_eq!(shop.doctor().unwrap(), []);
    // Nothing was in stock before, so each item is short exactly what was sold.
    let mut sold_by_sku: BTreeMap<&str, i64> = BTreeMap::new();
    for sale in &sold {
        for (sku, qty) in &sale.qty_by_sku {
            *sold_by_sku.entry(sku.as_str()).or_default() += qty;
        }
    }
    for sku in SKUS {
        let (item, _) = shop.lookup_code(sku).unwrap().unwrap();
        let on_hand = shop.item(item.item_id).unwrap().on_hand;
        assert_eq!(on_hand, Qty::from_thousandths(-sold_by_sku.get(sku).copied().unwrap_or(0)), "{sku}");
    }
    assert_eq!(totals, payments);
    let (receipts, receipts_sent): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'sent') FROM outbox WHERE kind = 'receipt'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(receipts > 0);
    assert_eq!((receipts_sent, lines as i64), (receipts, receipts), "every receipt sent, once");
    eprintln!(
        "{TILLS} tills sold {} times in {secs} s while {export_runs} exports and {dispatch_runs} dispatcher runs \
         sent {lines} receipts",
        sold.len()
    );
}

fn warung_ok(db: &Path, args: &[&std::ffi::OsStr]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warung"));
    common::neutral_env(&mut cmd);
    let output = cmd.arg("--db").arg(db).args(args).output().unwrap();
    assert!(output.status.success(), "warung {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// Runs `warung ARGS` over and over until `selling` turns false; every run must
/// succeed. Returns how many ran.
fn repeat_while(db: &Path, args: &[&std::ffi::OsStr], selling: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    let db = db.to_path_buf();
    let args: Vec<std::ffi::OsString> = args.iter().map(|a| a.to_os_string()).collect();
    std::thread::spawn(move || {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let mut runs = 0;
        while selling.load(Ordering::Relaxed) {
            warung_ok(&db, &args);
            runs += 1;
        }
        runs
    })
}
