//! `warung report` through the real binary: CSV cell by cell, JSON typed, xlsx
//! re-opened with calamine, the table, the list, and bad input (one-line error,
//! exit 1, no partial file). The shop is built through the library with a fixed
//! clock, then the binary reads it with explicit dates.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};
use common::warung;
use jiff::civil::date;
use warung::clock::FixedClock;
use warung::domain::cart::{Cart, CartLine};
use warung::domain::master::{CustomerForm, ItemForm};
use warung::domain::{Money, PaymentMethod, Qty, Role};
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::services::{Actor, Shop};

struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
}

/// On 23 Nov 2026 at noon (Jakarta) Sari sells `=Bu Sri` 1,5 kg of rice and two
/// Indomie, half on credit; at 12:05 she sells one Indomie to nobody.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let clock = Arc::new(FixedClock::jakarta_noon(date(2026, 11, 23)));
    let mut shop = Shop::open(&db, clock.clone()).unwrap();
    let cli = Actor::command_line();
    shop.add_user(&cli, "ani", "Bu Ani", Role::Owner, "rahasia1").unwrap();
    shop.add_user(&cli, "sari", "Sari", Role::Cashier, "kasir123").unwrap();
    let sari = shop.login("sari", "kasir123").unwrap();
    for (sku, name, category, unit, price, cost) in [
        ("IDM", "Indomie Goreng", "Mi Instan", "PCS", "3500", "3000"),
        ("BRS", "Beras Pandan", "Sembako", "KG", "14000", "12000"),
    ] {
        let form = ItemForm {
            sku: sku.into(),
            name: name.into(),
            category: category.into(),
            unit: unit.into(),
            price: price.into(),
            cost: cost.into(),
            ..Default::default()
        };
        shop.create_item(&cli, &form).unwrap();
    }
    let customer = shop
        .create_customer(
            &cli,
            &CustomerForm { name: "=Bu Sri".into(), credit_limit: "100000".into(), ..Default::default() },
        )
        .unwrap();
    let sell = |shop: &mut Shop, lines: &[(&str, i64)], customer: Option<i64>, payments: Vec<Tender>| {
        let mut cart = Cart::default();
        for (sku, thousandths) in lines {
            let (item, _) = shop.lookup_code(sku).unwrap().unwrap();
            cart.lines.push(CartLine {
                item,
                qty: Qty::from_thousandths(*thousandths),
                price_override: None,
                discount: Default::default(),
            });
        }
        cart.set_customer(customer.map(|id| shop.cart_customer(id).unwrap()));
        shop.checkout(&sari, &CheckoutRequest { cart, payments, ..Default::default() }).unwrap();
    };
    let pay = |method, amount| Tender { method, amount: Money::new(amount), reference: String::new() };
    // 1,5 kg × 14.000 = 21.000 and 2 × 3.500 = 7.000: 28.000, 14.000 of it on credit.
    sell(
        &mut shop,
        &[("BRS", 1_500), ("IDM", 2_000)],
        Some(customer),
        vec![pay(PaymentMethod::Cash, 14_000), pay(PaymentMethod::Credit, 14_000)],
    );
    clock.advance_ms(5 * 60_000);
    sell(&mut shop, &[("IDM", 1_000)], None, vec![pay(PaymentMethod::Cash, 5_000)]);
    Fixture { dir, db }
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.assert().success().stderr("").get_output().stdout.clone();
    String::from_utf8(output).unwrap()
}

const DAY: [&str; 4] = ["--from", "2026-11-23", "--to", "2026-11-23"];

#[test]
fn sales_lines_csv_cell_by_cell() {
    let f = fixture();
    let out = stdout_of(warung(&f.db).args(["report", "sales-lines"]).args(DAY));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header[..13].join(","),
        "invoice,time,cashier,customer_code,customer_name,sku,item,qty,unit_price,tier,discount,line_total,cost"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let cell = |row: usize, name: &str| rows[row][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell(0, "invoice"), "INV/261123/0001");
    assert_eq!(cell(0, "time"), "2026-11-23 12:00:00");
    assert_eq!(cell(0, "cashier"), "Sari");
    assert_eq!(cell(0, "customer_code"), "M00001");
    assert_eq!(cell(0, "customer_name"), "'=Bu Sri", "text cells are neutralised");
    assert_eq!((cell(0, "sku"), cell(0, "item")), ("BRS".into(), "Beras Pandan".into()));
    assert_eq!(
        (cell(0, "qty"), cell(0, "unit_price"), cell(0, "tier")),
        ("1.5".into(), "14000".into(), "retail".into())
    );
    assert_eq!(
        (cell(0, "discount"), cell(0, "line_total"), cell(0, "cost")),
        ("0".into(), "21000".into(), "18000".into())
    );
    assert_eq!(
        (cell(0, "kind"), cell(0, "category"), cell(0, "net")),
        ("sale".into(), "Sembako".into(), "21000".into())
    );
    assert_eq!((cell(1, "qty"), cell(1, "line_total"), cell(1, "cost")), ("2".into(), "7000".into(), "6000".into()));
    assert_eq!(
        (cell(2, "time"), cell(2, "customer_code"), cell(2, "customer_name")),
        ("2026-11-23 12:05:00".into(), "".into(), "".into())
    );

    let summary = stdout_of(warung(&f.db).args(["report", "sales-summary"]).args(DAY));
    assert_eq!(
        summary.lines().nth(1),
        Some("2026-11-23,2,4.5,31500,0,31500,27000,4500,15750,2026-11-23,2026-11-23,0,0,0")
    );
    let receivables = stdout_of(warung(&f.db).args(["report", "receivables", "--to", "2026-12-08"]));
    assert_eq!(
        receivables.lines().nth(1),
        Some("M00001,'=Bu Sri,INV/261123/0001,2026-11-23,2026-12-07,14000,0,14000,1,1-30")
    );
}

#[test]
fn json_keeps_types() {
    let f = fixture();
    let out = stdout_of(warung(&f.db).args(["report", "sales-lines", "--format", "json"]).args(DAY));
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &rows.as_array().unwrap()[0];
    assert_eq!(first["qty"], serde_json::json!(1.5));
    assert_eq!(first["line_total"], serde_json::json!(21000));
    assert_eq!(first["time"], "2026-11-23T12:00:00+07:00");
    assert_eq!(first["customer_name"], "=Bu Sri", "JSON holds the text as it is");
    assert_eq!(rows[2]["customer_code"], serde_json::Value::Null);
    let levels = stdout_of(warung(&f.db).args(["report", "stock-levels", "--format", "json", "--to", "2026-11-23"]));
    let levels: serde_json::Value = serde_json::from_str(&levels).unwrap();
    assert_eq!(levels[0]["sku"], "BRS");
    assert_eq!(
        (levels[0]["on_hand"].clone(), levels[0]["below_reorder"].clone()),
        (serde_json::json!(-1.5), serde_json::json!(false))
    );
    let empty = stdout_of(warung(&f.db).args(["report", "payables", "--format", "json"]));
    assert_eq!(empty, "[]\n");
}

#[test]
fn xlsx_has_numbers_dates_and_a_header() {
    let f = fixture();
    let path = f.dir.path().join("lines.xlsx");
    warung(&f.db)
        .args(["report", "sales-lines", "--format", "xlsx", "--output"])
        .arg(&path)
        .args(DAY)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["sales-lines"]);
    let sheet = book.worksheet_range("sales-lines").unwrap();
    assert_eq!(sheet.get_size(), (4, 17));
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("invoice".into())));
    assert_eq!(sheet.get((1, 0)), Some(&Data::String("INV/261123/0001".into())));
    assert_eq!(sheet.get((1, 4)), Some(&Data::String("=Bu Sri".into())), "a string cell, never a formula");
    assert_eq!(sheet.get((1, 7)), Some(&Data::Float(1.5)));
    assert_eq!(sheet.get((1, 11)), Some(&Data::Float(21000.0)));
    match sheet.get((1, 1)) {
        // 2026-11-23 is day 46349 of Excel's calendar; noon is half a day.
        Some(Data::DateTime(t)) => assert!((t.as_f64() - 46_349.5).abs() < 1e-6, "{t:?}"),
        other => panic!("time is {other:?}"),
    }
    assert_eq!(sheet.get((3, 3)), Some(&Data::Empty));
}

#[test]
fn table_list_and_output_file() {
    let f = fixture();
    let table = stdout_of(warung(&f.db).args(["report", "best-sellers", "--format", "table"]).args(DAY));
    assert_eq!(
        table,
        "rank  sku  item            category   qty  revenue  orders
----  ---  --------------  ---------  ---  -------  ------
   1  IDM  Indomie Goreng  Mi Instan    3   10.500       2
   2  BRS  Beras Pandan    Sembako    1.5   21.000       1
"
    );
    let list = stdout_of(warung(&f.db).args(["report", "--list"]));
    for name in [
        "sales-summary",
        "sales-lines",
        "purchase-summary",
        "cashier-performance",
        "customers",
        "best-sellers",
        "stock-levels",
        "stock-movement",
        "receivables",
        "payables",
    ] {
        assert!(list.lines().any(|l| l.starts_with(&format!("{name} "))), "{name} in {list}");
    }
    let path = f.dir.path().join("customers.csv");
    warung(&f.db)
        .args(["report", "customers", "--output"])
        .arg(&path)
        .args(DAY)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let stdout = stdout_of(warung(&f.db).args(["report", "customers"]).args(DAY));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout);
    assert_eq!(
        stdout,
        "code,name,phone,first_purchase,last_purchase,orders,net_spend,receivable,points\nM00001,'=Bu Sri,,2026-11-23,2026-11-23,1,28000,14000,0\n"
    );
}

/// Fails with exit code 1, one line on stderr, nothing on stdout.
/// A person's table speaks their language (headers, codes, yes/no); CSV is for
/// scripts and stays the same whatever the language.
#[test]
fn an_indonesian_table_says_codes_in_words_and_csv_keeps_them() {
    let f = fixture();
    let run = |lang: &str, report: &str, format: &str| {
        stdout_of(warung(&f.db).args(["--lang", lang, "report", report, "--format", format]).args(DAY))
    };
    let table = run("id", "sales-lines", "table");
    let header: Vec<&str> =
        table.lines().next().unwrap().split("  ").map(str::trim).filter(|h| !h.is_empty()).collect();
    assert_eq!(header[..3], ["nota", "waktu", "kasir"], "{table}");
    let first = table.lines().nth(2).unwrap();
    assert!(first.contains("Eceran") && first.contains("penjualan"), "{first}");
    for english in ["retail", "sale", "invoice", "customer_code"] {
        assert!(!table.split_whitespace().any(|w| w == english), "{english}:\n{table}");
    }
    let table = run("id", "receivables", "table");
    assert!(table.lines().nth(2).unwrap().ends_with("belum jatuh tempo"), "{table}");
    assert!(!table.split_whitespace().any(|w| w == "current"), "{table}");
    let table = run("id", "peak-times", "table");
    assert!(table.contains("Senin") && !table.contains("Monday"), "{table}");
    let table = run("en", "receivables", "table");
    assert!(table.starts_with("code") && table.lines().nth(2).unwrap().ends_with("current"), "{table}");
    for report in ["sales-lines", "receivables", "peak-times", "stock-levels"] {
        let csv = run("id", report, "csv");
        assert_eq!(csv, run("en", report, "csv"), "{report}");
        assert!(csv.contains(match report {
            "sales-lines" => ",retail,",
            "receivables" => ",current",
            "peak-times" => ",Monday,",
            _ => ",no",
        }));
    }
}

fn fails(cmd: &mut Command, message: &str) {
    let out = cmd.assert().code(1).stdout("").get_output().stderr.clone();
    let stderr = String::from_utf8(out).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(message), "{message} in {stderr}");
}

#[test]
fn bad_input_is_one_line_and_leaves_no_file() {
    let f = fixture();
    let out = f.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("report.csv");
    let report = |args: &[&str]| {
        let mut cmd = warung(&f.db);
        cmd.arg("report").args(args).arg("--output").arg(&target);
        cmd
    };
    fails(&mut report(&["nope"]), "unknown report 'nope' (see `warung report --list`)");
    fails(&mut report(&["sales-lines", "--from", "2026-13-01"]), "--from: '2026-13-01' is not a real date");
    fails(
        &mut report(&["sales-lines", "--to", "23-11-2026"]),
        "--to: '23-11-2026' is not a date; write it as YYYY-MM-DD",
    );
    fails(
        &mut report(&["sales-lines", "--from", "2026-11-24", "--to", "2026-11-23"]),
        "--from 2026-11-24 is after --to 2026-11-23",
    );
    fails(&mut report(&["customers", "--group-by", "week"]), "--group-by does not apply to customers");
    fails(&mut report(&["best-sellers", "--category", "Rokok"]), "no category is called 'Rokok'");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "no partial or temporary file");
    fails(warung(&f.db).args(["report", "sales-lines", "--output", "/nonexistent-dir/x.csv"]), "cannot write");
    fails(warung(&f.dir.path().join("none.db")).args(["report", "sales-lines"]), "warung init");
    // Unknown formats and options are usage errors (exit 2).
    warung(&f.db).args(["report", "sales-lines", "--format", "pdf"]).assert().code(2);
    warung(&f.db).args(["report"]).assert().code(2);
}

#[test]
fn audit_filters_by_user_action_and_day() {
    let f = fixture();
    let all = stdout_of(warung(&f.db).args(["report", "audit"]).args(DAY));
    let mut lines = all.lines();
    assert_eq!(lines.next(), Some("time,user,action,entity,entity_id,before,after"));
    assert_eq!(lines.next(), Some("2026-11-23 12:00:00,,user.add,user,1,,ani (owner)"), "empty user: the command line");
    assert_eq!(all.lines().count(), 8);

    let sales = stdout_of(warung(&f.db).args(["report", "audit", "--user", "SARI", "--action", "sale"]).args(DAY));
    assert_eq!(
        sales.lines().skip(1).collect::<Vec<_>>(),
        [
            "2026-11-23 12:00:00,sari,sale.complete,sale,INV/261123/0001,,total 28000",
            "2026-11-23 12:05:00,sari,sale.complete,sale,INV/261123/0002,,total 3500"
        ]
    );
    let exact = stdout_of(warung(&f.db).args(["report", "audit", "--action", "item.create"]).args(DAY));
    assert_eq!(exact.lines().count(), 3);
    // `sal` is not an action of its own, and actions under `sale` are not under it.
    let prefix = stdout_of(warung(&f.db).args(["report", "audit", "--action", "sal"]).args(DAY));
    assert_eq!(prefix.lines().count(), 1);
    let other_day = stdout_of(warung(&f.db).args(["report", "audit", "--from", "2026-11-24", "--to", "2026-11-24"]));
    assert_eq!(other_day.lines().count(), 1);

    warung(&f.db)
        .args(["report", "sales-lines", "--user", "sari"])
        .args(DAY)
        .assert()
        .failure()
        .stderr(predicates::str::contains("--user does not apply to sales-lines (only to audit)"));
}

#[test]
fn points_report_and_the_customers_points_column() {
    use warung::domain::cart::Cart;
    use warung::domain::{Money, PaymentMethod, Qty};
    use warung::services::checkout::{CheckoutRequest, Tender};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = common::fixture_shop(&db);
    let owner = warung::services::Actor::command_line();
    shop.set_setting(&owner, "points.enabled", "yes").unwrap();
    shop.set_setting(&owner, "points.rupiah_per_point", "1000").unwrap();
    let sell = |shop: &mut warung::services::Shop, payments: Vec<Tender>| {
        let (item, _) = shop.lookup_code("AQ-600").unwrap().unwrap();
        let mut cart = Cart::default();
        cart.add(item, Qty::from_units(4)).unwrap();
        cart.set_customer(Some(shop.cart_customer(1).unwrap()));
        shop.checkout(&owner, &CheckoutRequest { cart, payments, ..Default::default() }).unwrap()
    };
    let tender = |method, n| Tender { method, amount: Money::new(n), reference: String::new() };
    sell(&mut shop, vec![tender(PaymentMethod::Cash, 14_000)]);
    sell(&mut shop, vec![tender(PaymentMethod::Points, 1_000), tender(PaymentMethod::Cash, 13_000)]);
    let code = shop.customer(1).unwrap().code;
    let out = common::warung(&db)
        .args(["report", "points", "--from", "2026-11-23", "--to", "2026-11-23"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "time,code,name,kind,points,invoice,balance");
    assert!(lines[1].ends_with(&format!("{code},Bu Sri,earn,14,INV/261123/0001,14")), "{out}");
    assert!(lines[2].ends_with(&format!("{code},Bu Sri,redeem,-10,INV/261123/0002,4")), "{out}");
    assert_eq!(lines.len(), 3, "no earning on the sale paid with points: {out}");
    let out = common::warung(&db).args(["report", "customers", "--to", "2026-11-23"]).assert().success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(out.lines().next().unwrap().ends_with(",net_spend,receivable,points"), "{out}");
    assert!(out.lines().any(|l| l.starts_with(&format!("{code},Bu Sri,")) && l.ends_with(",4")), "{out}");
}
