//! `warung remind receivables`, `warung campaign create|send` and `warung report
//! messages` through the real binary, whose clock starts at the test day's noon
//! (`common::NOW`); the shop is built relative to that day.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use assert_cmd::Command;
use common::warung;
use jiff::ToSpan;
use predicates::prelude::*;
use warung::clock::FixedClock;
use warung::domain::cart::{Cart, CartLine};
use warung::domain::master::{CustomerForm, ItemForm};
use warung::domain::{Money, PaymentMethod, Qty};
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::services::{Actor, Shop};

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    today: jiff::civil::Date,
}

/// Three customers (two opted in); 14 days ago (credit is due after 14 days) Bu Sri
/// bought on credit, so her debt is due today.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let today = common::TODAY;
    let clock = Arc::new(FixedClock::jakarta_noon(today.checked_sub(14.days()).unwrap()));
    let mut shop = Shop::open(&db, clock).unwrap();
    let cli = Actor::command_line();
    shop.set_setting(&cli, "store.name", "Toko Maju").unwrap();
    let form = ItemForm { sku: "IDM".into(), name: "Indomie".into(), price: "3500".into(), ..Default::default() };
    shop.create_item(&cli, &form).unwrap();
    let mut ids = Vec::new();
    for (name, phone, opt_in) in [
        ("Bu Sri", "0812-3456-789", "yes"),
        ("Pak Budi", "0813-1111-2222", "yes"),
        ("Mas Joko", "0857-3333-4444", "no"),
    ] {
        let form = CustomerForm {
            name: name.into(),
            phone: phone.into(),
            wa_opt_in: opt_in.into(),
            credit_limit: "100000".into(),
            ..Default::default()
        };
        ids.push(shop.create_customer(&cli, &form).unwrap());
    }
    let (item, _) = shop.lookup_code("IDM").unwrap().unwrap();
    let mut cart = Cart::default();
    cart.lines.push(CartLine {
        item,
        qty: Qty::from_thousandths(2_000),
        price_override: None,
        discount: Default::default(),
    });
    cart.set_customer(Some(shop.cart_customer(ids[0]).unwrap()));
    let credit = Tender { method: PaymentMethod::Credit, amount: Money::new(7_000), reference: String::new() };
    shop.checkout(&cli, &CheckoutRequest { cart, payments: vec![credit], ..Default::default() }).unwrap();
    Fixture { _dir: dir, db, today }
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn remind_receivables_queues_todays_reminder_once() {
    let f = fixture();
    warung(&f.db)
        .args(["remind", "receivables"])
        .assert()
        .success()
        .stdout("reminders=1\n")
        .stderr(predicate::str::contains("1 payment reminders queued"));
    assert_eq!(stdout_of(warung(&f.db).args(["remind", "receivables"])), "reminders=0\n");
}

#[test]
fn campaign_create_prints_the_plan_and_send_queues_the_rest() {
    let f = fixture();
    let created = stdout_of(warung(&f.db).args([
        "campaign",
        "create",
        "--name",
        "Promo Akhir Bulan",
        "--all",
        "--template",
        "promo",
        "--holdout",
        "50",
    ]));
    assert_eq!(created, "id=1\nrecipients=2\nholdout=1\nestimated_cost=670\n");
    warung(&f.db)
        .args(["campaign", "send", "1"])
        .assert()
        .success()
        .stdout("queued=1\n")
        .stderr(predicate::str::contains("campaign 1: 1 messages queued"));
    warung(&f.db)
        .args(["campaign", "send", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("campaign 1 was sent already"));
    warung(&f.db)
        .args(["campaign", "create", "--name", "x", "--segment", "Champions", "--template", "promo"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("run `warung segment` first"));
    warung(&f.db)
        .args(["campaign", "create", "--name", "x", "--template", "promo"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--segment"));
}

#[test]
fn report_messages_lists_every_message_with_its_columns() {
    let f = fixture();
    warung(&f.db).args(["remind", "receivables"]).assert().success();
    let today = f.today.to_string();
    let from = f.today.checked_sub(30.days()).unwrap().to_string();
    let out = stdout_of(warung(&f.db).args(["report", "messages", "--from", &from, "--to", &today]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header.join(","),
        "id,created,kind,channel,phone,customer_code,template,status,attempts,provider_id,last_error"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{out}");
    let cell = |row: usize, name: &str| rows[row][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!((cell(0, "kind"), cell(0, "template")), ("receipt".into(), "receipt".into()));
    assert_eq!((cell(1, "kind"), cell(1, "template")), ("reminder".into(), "payment_reminder".into()));
    assert_eq!((cell(1, "channel"), cell(1, "phone")), ("whatsapp".into(), "628123456789".into()));
    assert_eq!(
        (cell(1, "status"), cell(1, "attempts"), cell(1, "provider_id")),
        ("pending".into(), "0".into(), "".into())
    );
    assert_eq!(cell(1, "customer_code"), cell(0, "customer_code"));
    assert!(cell(0, "created").starts_with(&f.today.checked_sub(14.days()).unwrap().to_string()));
}

#[test]
fn the_dispatcher_queues_and_sends_the_days_reminders_itself() {
    let f = fixture();
    warung(&f.db).args(["dispatch", "--once"]).assert().success();
    let sent = std::fs::read_to_string(f.db.with_file_name("messages.jsonl")).unwrap();
    let kinds: Vec<String> = sent
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["receipt", "reminder"], "{sent}");
    // Another run the same day queues the reminder no second time.
    warung(&f.db).args(["dispatch", "--once"]).assert().success();
    assert_eq!(std::fs::read_to_string(f.db.with_file_name("messages.jsonl")).unwrap(), sent);
}
