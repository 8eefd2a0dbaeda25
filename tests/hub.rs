//! The association hub against a real PostgreSQL (a throw-away cluster, see
//! `common::postgres`): row-level security per shop, two shops pushing, the
//! association's report equal to the sum of the shops' own reports, pushing twice,
//! a late void, the hub going down and coming back, and bad URLs or passwords.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use warung::tui::i18n::Lang;

use jiff::civil::{Date, date};
use warung::clock::FixedClock;
use warung::domain::cart::{Cart, CartLine};
use warung::domain::{Money, PaymentMethod, Qty};
use warung::hub::HubUrl;
use warung::reports::{DateRange, Format, GroupBy, Options, ReportDef};
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::services::reports::ReportRequest;
use warung::services::{Actor, Shop};

use common::postgres::cluster;

type Rows = Vec<BTreeMap<String, String>>;

fn parse_csv(bytes: &[u8]) -> Rows {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

fn local(shop: &Shop, name: &str, from: Date, to: Date, group_by: Option<GroupBy>) -> Rows {
    let request = ReportRequest {
        name: name.into(),
        from: Some(from),
        to: Some(to),
        options: Options { group_by, ..Default::default() },
    };
    let mut out = Vec::new();
    {
        let mut sink = Format::Csv.sink(&mut out, Lang::En);
        shop.run_report(&Actor::command_line(), &request, &mut sink).unwrap();
    }
    parse_csv(&out)
}

fn hub_report(url: &str, report: &ReportDef, from: Date, to: Date) -> Rows {
    let mut out = Vec::new();
    {
        let mut sink = Format::Csv.sink(&mut out, Lang::En);
        warung::hub::reports::run(&HubUrl::parse(url).unwrap(), report, from, to, &mut sink).unwrap();
    }
    parse_csv(&out)
}

fn int(row: &BTreeMap<String, String>, column: &str) -> i64 {
    row[column].parse().unwrap_or_else(|_| panic!("{column} = {:?}", row[column]))
}

fn sum(rows: &[BTreeMap<String, String>], column: &str) -> i64 {
    rows.iter().map(|r| int(r, column)).sum()
}

/// A decimal quantity as thousandths.
fn qty(text: &str) -> i64 {
    Qty::parse(text).unwrap_or_else(|e| panic!("{text}: {e}")).thousandths()
}

/// Quantities as thousandths.
fn sum_qty(rows: &[BTreeMap<String, String>], column: &str) -> i64 {
    rows.iter().map(|r| qty(&r[column])).sum()
}

/// A demo shop (90 days of trading) whose clock stands at noon on `today`.
fn demo_shop(path: &Path, today: Date) -> (Shop, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::jakarta_noon(today));
    let mut shop = Shop::open(path, clock.clone()).unwrap();
    shop.build_demo().unwrap();
    (shop, clock)
}

/// A hub with the schema and two member shops; (admin URL, URL of a, URL of b).
fn hub_with_two_shops(name: &str) -> (String, String, String) {
    let admin = cluster().new_database(name);
    let url = HubUrl::parse(&admin).unwrap();
    warung::hub::schema::init_server(&url, None).unwrap();
    let a = warung::hub::schema::add_shop(&url, "toko_a", "Toko A", false).unwrap();
    let b = warung::hub::schema::add_shop(&url, "toko_b", "Toko B", false).unwrap();
    (admin, a.url.reveal(), b.url.reveal())
}

/// What the association's members report must show for `shop` over whole months
/// `from`..=`to`, worked out from the shop's own reports as README documents.
fn expected_member(shop: &Shop, from: Date, to: Date) -> BTreeMap<&'static str, i64> {
    let summary = local(shop, "sales-summary", from, to, Some(GroupBy::Month));
    let lines = local(shop, "sales-lines", from, to, None);
    let customers = local(shop, "customers", from, to, None);
    let health = local(shop, "customer-health", from, to, None);
    let receivables = local(shop, "receivables", from, to, None);
    let buyer_days: BTreeSet<(String, String)> = lines
        .iter()
        .filter(|l| l["kind"] == "sale" && !l["customer_code"].is_empty())
        .map(|l| (l["customer_code"].clone(), l["time"][..10].to_string()))
        .collect();
    let new_buyers = customers
        .iter()
        .filter(|c| !c["first_purchase"].is_empty() && c["first_purchase"].as_str() >= from.to_string().as_str())
        .count() as i64;
    let utility_cost: i64 = shop.setting("messaging.price.utility").unwrap().parse().unwrap();
    BTreeMap::from([
        ("transactions", sum(&summary, "transactions")),
        ("net", sum(&summary, "net")),
        ("gross", sum(&summary, "gross")),
        ("discount", sum(&summary, "discount")),
        ("cost", sum(&summary, "cost")),
        ("items", sum_qty(&summary, "items")),
        ("buyers", buyer_days.len() as i64),
        ("new_buyers", new_buyers),
        ("returning_buyers", buyer_days.len() as i64 - new_buyers),
        ("messages", sum(&health, "marketing_messages") + sum(&health, "utility_messages")),
        ("message_cost", sum(&health, "marketing_cost") + sum(&health, "utility_messages") * utility_cost),
        ("attributed_revenue", sum(&health, "message_revenue")),
        ("receivables", sum(&receivables, "balance")),
    ])
}

fn shown_member(row: &BTreeMap<String, String>) -> BTreeMap<&'static str, i64> {
    let mut shown: BTreeMap<&'static str, i64> = [
        "transactions",
        "net",
        "gross",
        "discount",
        "cost",
        "buyers",
        "new_buyers",
        "returning_buyers",
        "messages",
        "message_cost",
        "attributed_revenue",
        "receivables",
    ]
    .into_iter()
    .map(|c| (c, int(row, c)))
    .collect();
    shown.insert("items", qty(&row["items"]));
    shown
}

fn join(shop: &mut Shop, url: &str, code: &str) {
    shop.hub_join(&Actor::command_line(), url, code).unwrap();
}

const FROM: Date = date(2026, 9, 1);
const TO: Date = date(2026, 11, 30);

#[test]
fn two_shops_push_and_the_association_report_is_the_sum_of_their_own() {
    let (admin, url_a, url_b) = hub_with_two_shops("sum");
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = demo_shop(&dir.path().join("a.db"), date(2026, 11, 23));
    let (mut b, clock_b) = demo_shop(&dir.path().join("b.db"), date(2026, 11, 10));
    join(&mut a, &url_a, "toko_a");
    join(&mut b, &url_b, "toko_b");
    let first = a.hub_push(None).unwrap();
    assert!(first.days.len() >= 90, "the whole history goes on the first push: {}", first.days.len());
    b.hub_push(None).unwrap();

    let members = hub_report(&admin, &warung::hub::reports::MEMBERS, FROM, TO);
    assert_eq!(members.iter().map(|r| r["shop"].as_str()).collect::<Vec<_>>(), ["toko_a", "toko_b"]);
    assert_eq!(shown_member(&members[0]), expected_member(&a, FROM, TO));
    assert_eq!(shown_member(&members[1]), expected_member(&b, FROM, TO));
    assert!(int(&members[0], "transactions") > 1000 && int(&members[0], "messages") > 0);
    assert_eq!(int(&members[0], "days"), 30 + 31 + 23, "September to today");

    // The months report adds both shops up, month by month.
    let months = hub_report(&admin, &warung::hub::reports::MONTHS, FROM, TO);
    assert_eq!(months.len(), 3);
    for column in ["transactions", "net", "buyers", "messages", "attributed_revenue"] {
        assert_eq!(sum(&months, column), sum(&members, column), "{column}");
    }
    // Retention per month: each shop's Health figures for that month, added up.
    for month in &months {
        let first: Date = month["month"].parse().unwrap();
        let range = DateRange { from: first, to: first.last_of_month() };
        let (ha, hb) = (a.period_health(range).unwrap(), b.period_health(range).unwrap());
        assert_eq!(int(month, "customers_before"), ha.base_customers + hb.base_customers, "{first}");
        assert_eq!(int(month, "retained"), ha.retained + hb.retained, "{first}");
    }
    // Messages per shop and kind add up to the members' messages and cost.
    let messages = hub_report(&admin, &warung::hub::reports::MESSAGES, FROM, TO);
    for member in &members {
        let of_shop: Rows = messages.iter().filter(|m| m["shop"] == member["shop"]).cloned().collect();
        assert_eq!(sum(&of_shop, "messages"), int(member, "messages"));
        assert_eq!(sum(&of_shop, "cost"), int(member, "message_cost"));
    }
    assert!(messages.iter().any(|m| m["kind"] == "receipt"), "{messages:?}");
    // Categories: the sales lines' net per category, both shops together.
    let categories = hub_report(&admin, &warung::hub::reports::CATEGORIES, FROM, TO);
    let mut expected: BTreeMap<String, i64> = BTreeMap::new();
    for shop in [&a, &b] {
        for line in local(shop, "sales-lines", FROM, TO, None) {
            let category = if line["category"].is_empty() { "(none)".to_string() } else { line["category"].clone() };
            *expected.entry(category).or_default() += int(&line, "net");
        }
    }
    let shown: BTreeMap<String, i64> = categories.iter().map(|r| (r["category"].clone(), int(r, "net"))).collect();
    assert_eq!(shown, expected.into_iter().filter(|(_, net)| *net != 0).collect());
    assert_eq!(sum(&categories, "net"), sum(&members, "net"));

    // The association's medians reach a member only when the association shares them.
    assert_eq!(a.dashboard(&Actor::command_line()).unwrap().benchmark, None);
    warung::hub::schema::init_server(&HubUrl::parse(&admin).unwrap(), Some(true)).unwrap();
    a.hub_push(None).unwrap();
    let benchmark = a.dashboard(&Actor::command_line()).unwrap().benchmark.expect("shared");
    assert_eq!(a.hub_status().unwrap().benchmark, Some(benchmark));
    let (from, to) = (date(2026, 10, 25), date(2026, 11, 23));
    assert_eq!((benchmark.from, benchmark.to, benchmark.shops), (from, to, 2));
    let net_of = |shop: &Shop| sum(&local(shop, "sales-summary", from, to, Some(GroupBy::Month)), "net");
    assert_eq!(benchmark.own_net.rupiah(), net_of(&a));
    // Two shops: the median is halfway between them (shop b pushed up to its own today).
    let b_net = sum(&hub_report(&admin, &warung::hub::reports::MEMBERS, from, to)[1..], "net");
    assert_eq!(benchmark.median_net.rupiah(), (net_of(&a) + b_net + 1) / 2);
    warung::hub::schema::init_server(&HubUrl::parse(&admin).unwrap(), Some(false)).unwrap();
    a.hub_push(None).unwrap();
    assert_eq!(a.dashboard(&Actor::command_line()).unwrap().benchmark, None, "no longer shared");

    // Pushing again changes nothing: nothing is sent, the reports are the same.
    let again = a.hub_push(None).unwrap();
    assert_eq!((again.days.len(), again.months.len()), (0, 0), "{:?}", again.days.first());
    assert_eq!(hub_report(&admin, &warung::hub::reports::MEMBERS, FROM, TO), members);

    // --since sends its days again, changed or not; the hub's figures stay the same.
    let resent = a.hub_push(Some(date(2026, 11, 20))).unwrap();
    assert_eq!((resent.days.len(), resent.months.len()), (4, 1));
    assert_eq!(hub_report(&admin, &warung::hub::reports::MEMBERS, FROM, TO)[0], members[0]);

    // A sale of October voided a day later: that day is sent again, and the hub follows.
    clock_b.advance_ms(24 * 60 * 60 * 1000);
    let october = local(&b, "sales-lines", date(2026, 10, 15), date(2026, 10, 15), None);
    let invoice = october.iter().find(|l| l["kind"] == "sale").unwrap()["invoice"].clone();
    b.void_sale(&Actor::command_line(), &invoice, "salah input").unwrap();
    let resent = b.hub_push(None).unwrap();
    let days: Vec<Date> = resent.days.iter().filter_map(|d| d.day).collect();
    assert!(days.contains(&date(2026, 10, 15)), "{days:?}");
    let members = hub_report(&admin, &warung::hub::reports::MEMBERS, FROM, TO);
    assert_eq!(shown_member(&members[1]), expected_member(&b, FROM, TO));
}

#[test]
fn a_shop_role_reads_and_writes_only_its_own_rows() {
    let (admin_url_text, url_a, url_b) = hub_with_two_shops("rls");
    let mut a = postgres::Client::connect(&url_a, postgres::NoTls).unwrap();
    let mut b = postgres::Client::connect(&url_b, postgres::NoTls).unwrap();
    let insert = "INSERT INTO hub.shop_days (shop, day, transactions, items_milli, gross, discount, net, cost, buyers,
                      new_buyers, returning_buyers, receivables, attributed_revenue)
                  VALUES ($1, '2026-11-01', 1, 1000, 100, 0, 100, 50, 0, 0, 0, 0, 0)";
    a.execute(insert, &[&"toko_a"]).unwrap();
    b.execute(insert, &[&"toko_b"]).unwrap();

    // Writing another shop's rows is refused.
    let refused = a.execute(insert.replace("'2026-11-01'", "'2026-11-02'").as_str(), &[&"toko_b"]).unwrap_err();
    let refused = refused.as_db_error().unwrap().message().to_string();
    assert!(refused.contains("row-level security"), "{refused}");
    // Another shop's rows are invisible: not read, not changed, not deleted.
    let seen: Vec<String> = a.query("SELECT shop FROM hub.shop_days", &[]).unwrap().iter().map(|r| r.get(0)).collect();
    assert_eq!(seen, ["toko_a"]);
    let shops: Vec<String> = a.query("SELECT shop FROM hub.shops", &[]).unwrap().iter().map(|r| r.get(0)).collect();
    assert_eq!(shops, ["toko_a"]);
    assert_eq!(a.execute("UPDATE hub.shop_days SET net = 0 WHERE shop = 'toko_b'", &[]).unwrap(), 0);
    assert!(a.execute("DELETE FROM hub.shop_days", &[]).is_err(), "members may not delete");
    // Nor may a row be moved to another shop.
    assert!(a.execute("UPDATE hub.shop_days SET shop = 'toko_b'", &[]).is_err());
    let net: i64 = b.query_one("SELECT net FROM hub.shop_days WHERE shop = 'toko_b'", &[]).unwrap().get(0);
    assert_eq!(net, 100);
    // And a member cannot make itself a shop or an administrator.
    assert!(a.execute("INSERT INTO hub.shops (shop, name, role) VALUES ('x', 'x', current_user)", &[]).is_err());
    assert!(a.batch_execute("SET ROLE hubadmin").is_err());

    // Whoever is granted the reader role reads every shop, and writes nothing.
    let admin_url = HubUrl::parse(&admin_url_text).unwrap();
    let roles = warung::hub::schema::Roles::of(&admin_url.database());
    let mut admin = postgres::Client::connect(&admin_url_text, postgres::NoTls).unwrap();
    let reader = format!("{}_ketua", admin_url.database());
    admin
        .batch_execute(&format!(
            "CREATE ROLE {reader} LOGIN PASSWORD 'baca-saja'; GRANT {} TO {reader}",
            roles.reader()
        ))
        .unwrap();
    let mut reader =
        postgres::Client::connect(&admin_url.as_user(&reader, "baca-saja").reveal(), postgres::NoTls).unwrap();
    let seen: Vec<String> =
        reader.query("SELECT shop FROM hub.shop_days ORDER BY shop", &[]).unwrap().iter().map(|r| r.get(0)).collect();
    assert_eq!(seen, ["toko_a", "toko_b"]);
    assert!(reader.execute(insert, &[&"toko_a"]).is_err());
}

/// A TCP relay in front of the hub that can be switched off: the hub "down".
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
}

impl Relay {
    fn start(target: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let is_up = up.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !is_up.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else { continue };
                let pipe = |mut from: TcpStream, mut to: TcpStream| {
                    std::thread::spawn(move || {
                        let mut buffer = [0u8; 16384];
                        while let Ok(n) = from.read(&mut buffer) {
                            if n == 0 || to.write_all(&buffer[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                };
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        });
        Relay { port, up }
    }
}

#[test]
fn after_the_hub_was_down_the_next_push_catches_up_exactly() {
    let (admin, url_a, _) = hub_with_two_shops("down");
    let relay = Relay::start(cluster().port);
    let through_relay = url_a.replace(&format!(":{}/", cluster().port), &format!(":{}/", relay.port));
    let dir = tempfile::tempdir().unwrap();
    let (mut a, clock) = demo_shop(&dir.path().join("a.db"), date(2026, 11, 23));
    join(&mut a, &through_relay, "toko_a");
    a.hub_push(None).unwrap();
    assert!(!a.hub_push_due().unwrap(), "pushed today");

    relay.up.store(false, Ordering::SeqCst);
    let sku = local(&a, "sales-lines", date(2026, 11, 20), date(2026, 11, 23), None)[0]["sku"].clone();
    for _ in 0..3 {
        clock.advance_ms(24 * 60 * 60 * 1000);
        sell(&mut a, &sku);
        assert!(a.hub_push_due().unwrap());
        let error = a.hub_push(None).unwrap_err().to_string();
        assert!(error.starts_with("cannot reach the hub at 127.0.0.1:"), "{error}");
        // The dispatcher waits a while before trying again.
        assert!(!a.hub_push_due().unwrap());
    }
    let status = a.hub_status().unwrap();
    assert_eq!(status.last.through_day.as_deref(), Some("2026-11-23"));
    assert!(status.last.last_error.is_some());
    assert_eq!((status.waiting_since, status.today), (date(2026, 11, 23), date(2026, 11, 26)));
    assert_eq!(a.hub_plan(None).unwrap().days.len(), 3, "the three days since");

    relay.up.store(true, Ordering::SeqCst);
    let caught_up = a.hub_push(None).unwrap();
    assert_eq!(caught_up.days.len(), 3);
    let (from, to) = (date(2026, 11, 1), date(2026, 11, 26));
    let members = hub_report(&admin, &warung::hub::reports::MEMBERS, from, to);
    let expected = expected_member(&a, from, to);
    let shown = shown_member(&members[0]);
    for column in ["transactions", "net", "gross", "items", "buyers", "receivables"] {
        assert_eq!(shown[column], expected[column], "{column}");
    }
    assert!(a.hub_status().unwrap().last.last_error.is_none());
    assert_eq!(a.hub_push(None).unwrap().days.len(), 0);
}

/// One cash sale of one unit of `sku`.
fn sell(shop: &mut Shop, sku: &str) {
    let (item, _) = shop.lookup_code(sku).unwrap().unwrap();
    let mut cart = Cart::default();
    cart.lines.push(CartLine { item, qty: Qty::from_units(1), price_override: None, discount: Default::default() });
    let total = shop.cart_totals(&cart).unwrap().total;
    let tender = Tender { method: PaymentMethod::Cash, amount: Money::new(total.rupiah()), reference: String::new() };
    let request = CheckoutRequest { cart, payments: vec![tender], ..Default::default() };
    let owner = warung::services::Actor::command_line();
    shop.checkout(&owner, &request).unwrap();
}

#[test]
fn the_command_line_sets_up_joins_and_names_what_is_wrong_without_the_password() {
    let admin = cluster().new_database("cli");
    let database = HubUrl::parse(&admin).unwrap().database();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("toko.db");
    common::warung(&db).args(["init", "--password-stdin"]).write_stdin("rahasia99\n").assert().success();

    common::warung(&db).args(["hub", "init-server", "--url", &admin]).assert().success();
    let out =
        common::warung(&db).args(["hub", "add-shop", "toko_a", "--name", "Toko A", "--url", &admin]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shop_url = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(shop_url.starts_with("postgres://cli_"), "{shop_url}");
    let password = HubUrl::parse(&shop_url).unwrap().password().unwrap().to_string();
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&password));

    let wrong_password = shop_url.replace(&password, "salah-sandi-123");
    let cases = [
        (wrong_password.clone(), "refused the password of user cli_"),
        (shop_url.replace(&format!(":{}/", cluster().port), ":1/"), "cannot reach the hub at 127.0.0.1:1"),
        (shop_url.replace(&format!("/{database}?"), "/tidak_ada?"), "database tidak_ada does not exist"),
        ("postgres://127.0.0.1/x".to_string(), "has no user"),
    ];
    for (url, says) in cases {
        let out = common::warung(&db).args(["hub", "join", "--url", &url, "--shop", "toko_a"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{url}: {stderr}");
        assert!(!stderr.contains("salah-sandi") && !stderr.contains(&password), "{stderr}");
    }

    // Adding the shop again is refused; --new-password gives it a new URL, and the old one stops working.
    let again = ["hub", "add-shop", "toko_a", "--name", "Toko A", "--url", &admin];
    let out = common::warung(&db).args(again).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("already a member of this hub (--new-password"));
    let out = common::warung(&db).args(again).arg("--new-password").output().unwrap();
    let renewed = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(renewed.starts_with("postgres://") && renewed != shop_url, "{renewed}");
    let out = common::warung(&db).args(["hub", "join", "--url", &shop_url, "--shop", "toko_a"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("refused the password"));
    let shop_url = renewed;
    let password = HubUrl::parse(&shop_url).unwrap().password().unwrap().to_string();

    // The password may come from the environment instead of the URL.
    let without = HubUrl::parse(&shop_url).unwrap().without_password();
    common::warung(&db)
        .args(["hub", "join", "--url", &without, "--shop", "toko_a"])
        .env("WARUNG_HUB_PASSWORD", &password)
        .assert()
        .success();
    let out = common::warung(&db).args(["hub", "push"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("no password for the hub: set WARUNG_HUB_PASSWORD"), "{stderr}");
    common::warung(&db).args(["hub", "join", "--url", &shop_url, "--shop", "toko_a"]).assert().success();
    let settings = common::warung(&db).args(["config", "get"]).output().unwrap();
    let settings = String::from_utf8(settings.stdout).unwrap();
    assert!(settings.contains("hub.password=********") && !settings.contains(&password), "{settings}");
    let status = common::warung(&db).args(["hub", "status"]).output().unwrap();
    let status = String::from_utf8(status.stdout).unwrap();
    assert!(status.contains("shop: toko_a") && status.contains("********") && !status.contains(&password), "{status}");
    common::warung(&db).args(["hub", "push"]).assert().success();
    // In Indonesian, the same commands say the same things, the password still hidden.
    let joined = common::warung(&db)
        .args(["--lang", "id", "hub", "join", "--url", &shop_url, "--shop", "toko_a"])
        .output()
        .unwrap();
    let joined = String::from_utf8(joined.stderr).unwrap();
    assert!(
        joined.contains("bergabung ke ") && joined.contains("sebagai toko toko_a") && !joined.contains(&password),
        "{joined}"
    );
    let pushed = common::warung(&db).args(["--lang", "id", "hub", "push"]).output().unwrap();
    let pushed = String::from_utf8(pushed.stderr).unwrap();
    assert!(pushed.starts_with("terkirim ") && pushed.contains(" hari dan ") && !pushed.contains("pushed"), "{pushed}");
    let status = common::warung(&db).args(["--lang", "id", "hub", "status"]).output().unwrap();
    let status = String::from_utf8(status.stdout).unwrap();
    assert!(status.contains("toko: toko_a") && status.contains("kiriman terakhir: "), "{status}");
    assert!(status.contains("menunggu: ") && !status.contains("last push") && !status.contains(&password), "{status}");
    let report = common::warung(&db)
        .args(["hub", "report", "members", "--url", &admin, "--from", "2020-01-01", "--to", "2030-12-31"])
        .output()
        .unwrap();
    let rows = parse_csv(&report.stdout);
    assert_eq!(rows.len(), 1, "{}", String::from_utf8_lossy(&report.stderr));
    assert_eq!(rows[0]["shop"], "toko_a");
    // Without --url the joined hub is read, as the member's login sees it: its own shop.
    let own = common::warung(&db)
        .args(["hub", "report", "members", "--from", "2020-01-01", "--to", "2030-12-31", "--format", "json"])
        .output()
        .unwrap();
    let own: serde_json::Value = serde_json::from_slice(&own.stdout).unwrap();
    assert_eq!(own[0]["shop"], "toko_a");
    assert_eq!(own[0]["transactions"], rows[0]["transactions"].parse::<i64>().unwrap());
}

#[test]
fn the_dispatcher_of_a_member_shop_pushes_by_itself() {
    let (admin, url_a, _) = hub_with_two_shops("dispatch");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let (mut a, clock) = demo_shop(&db, date(2026, 11, 23));
    join(&mut a, &url_a, "toko_a");
    assert!(a.hub_push_due().unwrap());
    let _dispatcher = warung::messaging::dispatcher::Dispatcher::from_settings(&db, clock).unwrap();
    // The pusher runs on its own thread; wait (at most a minute) for its push to land.
    for _ in 0..600 {
        if !a.hub_push_due().unwrap() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(!a.hub_push_due().unwrap(), "the dispatcher pushed today's figures");
    let members = hub_report(&admin, &warung::hub::reports::MEMBERS, date(2026, 11, 1), date(2026, 11, 23));
    assert_eq!(int(&members[0], "days"), 23);
    assert_eq!(a.hub_plan(None).unwrap().days.len(), 0, "nothing left waiting");
}

#[test]
fn tls_checks_the_server_certificate() {
    let admin = cluster().new_database("tls");
    let plain = HubUrl::parse(&admin).unwrap().without_password().replace("?sslmode=disable", "");
    let with = |query: &str| {
        HubUrl::parse(&format!("{plain}?{query}"))
            .unwrap()
            .with_password(Some(common::postgres::ADMIN_PASSWORD.to_string()))
    };
    let root = cluster().tls_root().display().to_string();
    // Trusted through sslrootcert: the session is encrypted.
    let mut client = with(&format!("sslmode=verify-full&sslrootcert={root}")).connect().unwrap();
    let ssl: bool = client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
    assert!(ssl);
    warung::hub::schema::init_server(&with(&format!("sslmode=require&sslrootcert={root}")), None).unwrap();
    // A certificate from an unknown issuer is refused, in one line, without the password.
    for query in ["sslmode=require", ""] {
        let error = connect_error(&with(query));
        assert!(
            error.contains("showed a TLS certificate warung does not trust") && error.contains("UnknownIssuer"),
            "{error}"
        );
        assert!(!error.contains(common::postgres::ADMIN_PASSWORD) && !error.contains('\n'), "{error}");
    }
    let error = connect_error(&with("sslrootcert=/nonexistent.pem"));
    assert!(error.starts_with("sslrootcert /nonexistent.pem:"), "{error}");
}

fn connect_error(url: &HubUrl) -> String {
    match url.connect() {
        Ok(_) => panic!("{url:?} connected"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn joining_another_hub_sends_the_whole_history_there() {
    let (_, url_a, _) = hub_with_two_shops("first");
    let (second_admin, second_a, _) = hub_with_two_shops("second");
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = demo_shop(&dir.path().join("a.db"), date(2026, 11, 23));
    join(&mut a, &url_a, "toko_a");
    let everything = a.hub_push(None).unwrap().days.len();
    join(&mut a, &url_a, "toko_a");
    assert_eq!(a.hub_push(None).unwrap().days.len(), 0, "the same hub again: nothing to send");
    join(&mut a, &second_a, "toko_a");
    assert_eq!(a.hub_push(None).unwrap().days.len(), everything);
    let members = hub_report(&second_admin, &warung::hub::reports::MEMBERS, FROM, TO);
    assert_eq!(shown_member(&members[0]), expected_member(&a, FROM, TO));
}
