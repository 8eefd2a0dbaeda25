//! The whole engagement loop through the real binary, as an owner runs it: import a
//! sales history, segment it, create a campaign with a holdout, send it, let the
//! dispatcher deliver it (file provider), then follow-up sales show in
//! `report campaigns` as buyers and lift over the holdout. It joins what three parts
//! of warung write and read: campaigns, the dispatcher's `sent_at`, and attribution.

mod common;

use std::path::Path;
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

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect()
}

/// Ten opted-in customers who each bought twice in the last three months.
fn shop_with_history(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("shop.db");
    warung(&db).args(["init", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    let items = dir.join("items.csv");
    std::fs::write(&items, "sku,name,price\nIDM,Indomie,3500\nBRS,Beras 5kg,70000\n").unwrap();
    warung(&db).args(["import", "items"]).arg(&items).assert().success();
    let today = common::TODAY;
    let mut history = String::from("invoice,date,sku,qty,price,customer_code,customer_phone,customer_name,payment\n");
    for n in 0..CUSTOMERS {
        for (visit, days_ago) in [(1, 80 - n as i64), (2, 20 + n as i64)] {
            let day = today.checked_sub(days_ago.days()).unwrap();
            history.push_str(&format!(
                "H-{n}-{visit},{day},IDM,{},3500,C{n:03},0812000000{n:02},Pelanggan {n},cash\n",
                visit + n
            ));
        }
    }
    let sales = dir.join("sales.csv");
    std::fs::write(&sales, history).unwrap();
    warung(&db).args(["import", "sales"]).arg(&sales).assert().success();
    // The import creates customers who have not agreed to messages yet; they do now.
    common::opt_in_everyone(&db);
    db
}

#[test]
fn a_campaign_is_sent_delivered_and_its_follow_up_sales_show_as_lift() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    warung(&db).args(["config", "set", "messaging.quiet_hours", "none"]).assert().success();
    warung(&db).arg("segment").assert().success();

    let created = stdout_of(
        warung(&db)
            .args(["campaign", "create", "--name", "Kangen", "--all", "--template", "promo"])
            .args(["--holdout", "30"]),
    );
    let field = |name: &str| -> i64 {
        let line = created.lines().find(|l| l.starts_with(&format!("{name}="))).unwrap_or_else(|| panic!("{created}"));
        line[name.len() + 1..].parse().unwrap()
    };
    let (id, recipients, holdout) = (field("id"), field("recipients"), field("holdout"));
    assert_eq!(recipients, CUSTOMERS as i64, "{created}");
    assert!(holdout > 0 && holdout < recipients, "{created}");
    warung(&db).args(["campaign", "send", &id.to_string()]).assert().success();
    warung(&db).args(["dispatch", "--once"]).assert().success();

    // Delivered: one line per message in the file provider's output, none to the holdout.
    let sent = std::fs::read_to_string(db.with_file_name("messages.jsonl")).unwrap();
    let phones: Vec<String> = sent
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|m| m["kind"] == "campaign")
        .map(|m| m["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(phones.len() as i64, recipients - holdout, "{sent}");

    // An hour later every customer who got the message buys a sack of rice.
    let later = FixedClock::at_ms(common::clock().now_ms() + 3_600_000);
    let mut shop = Shop::open(&db, Arc::new(later)).unwrap();
    let cli = Actor::command_line();
    let (rice, _) = shop.lookup_code("BRS").unwrap().unwrap();
    for phone in &phones {
        let filter = CustomerFilter { text: phone.clone(), limit: 1, ..Default::default() };
        let customer = shop.customers(&filter).unwrap()[0].id;
        let mut cart = Cart::default();
        let line = CartLine { item: rice.clone(), qty: Qty::ONE, price_override: None, discount: Default::default() };
        cart.lines.push(line);
        cart.set_customer(Some(shop.cart_customer(customer).unwrap()));
        let cash = Tender { method: PaymentMethod::Cash, amount: Money::new(70_000), reference: String::new() };
        shop.checkout(&cli, &CheckoutRequest { cart, payments: vec![cash], ..Default::default() }).unwrap();
    }
    drop(shop);

    let today = common::TODAY;
    let range = [
        "--from".to_string(),
        today.checked_sub(1.day()).unwrap().to_string(),
        "--to".to_string(),
        today.checked_add(1.day()).unwrap().to_string(),
    ];
    let report = stdout_of(warung(&db).args(["report", "campaigns"]).args(&range));
    let rows = csv_rows(&report);
    assert_eq!(rows.len(), 1, "{report}");
    let header: Vec<String> =
        csv::Reader::from_reader(report.as_bytes()).headers().unwrap().iter().map(String::from).collect();
    let cell = |name: &str| rows[0][header.iter().position(|h| h == name).unwrap()].to_string();
    let reached = (recipients - holdout).to_string();
    assert_eq!(
        (cell("name"), cell("recipients"), cell("holdout")),
        ("Kangen".into(), "10".into(), holdout.to_string())
    );
    assert_eq!((cell("messages_sent"), cell("buyers")), (reached.clone(), reached.clone()));
    assert_eq!(
        (cell("conversion_pct"), cell("holdout_buyers"), cell("holdout_conversion_pct")),
        ("100".into(), "0".into(), "0".into())
    );
    assert_eq!(cell("lift_pct"), "100", "every messaged customer bought, no held-out one did");
    assert_eq!(cell("revenue"), ((recipients - holdout) * 70_000).to_string());
    assert_eq!(cell("cost"), ((recipients - holdout) * 670).to_string(), "messaging.price.marketing per message");
}
