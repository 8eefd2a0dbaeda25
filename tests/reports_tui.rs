//! The Reports screen (Alt+6) driven by keys on the fixture shop with a few sales
//! made through `Shop::checkout` on different days (the app's clock reads noon on
//! 23 Nov 2026, so the default range is 2026-10-25 to 2026-11-23).

mod common;

use std::sync::Arc;

use common::Harness;
use crossterm::event::KeyCode;
use jiff::civil::date;
use warung::clock::FixedClock;
use warung::domain::cart::{Cart, CartLine};
use warung::domain::{Money, PaymentMethod, Qty};
use warung::services::Shop;
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::tui::action::Module;
use warung::tui::i18n::Lang;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Kasir sells, at noon: 1 Oct Bimoli (38.500, outside the default range);
/// 20 Nov 2 Indomie Goreng and an Aqua (10.500); 22 Nov Gulaku (17.500);
/// 23 Nov at 10:00 4 Indomie Goreng (14.000).
fn shop_with_sales(lang: Lang) -> Harness {
    let h = Harness::new(lang);
    let clock = Arc::new(FixedClock::jakarta_noon(date(2026, 10, 1)));
    let mut shop = Shop::open(&h.dir.path().join("shop.db"), clock.clone()).unwrap();
    let kasir = shop.login("kasir", "kasir123").unwrap();
    let sell = |shop: &mut Shop, lines: &[(&str, i64)]| {
        let mut cart = Cart::default();
        let mut total = 0;
        for (sku, n) in lines {
            let (item, _) = shop.lookup_code(sku).unwrap().unwrap();
            total += item.prices.retail.rupiah() * n;
            cart.lines.push(CartLine {
                item,
                qty: Qty::from_thousandths(n * 1000),
                price_override: None,
                discount: Default::default(),
            });
        }
        let payments =
            vec![Tender { method: PaymentMethod::Cash, amount: Money::new(total), reference: String::new() }];
        shop.checkout(&kasir, &CheckoutRequest { cart, payments, ..Default::default() }).unwrap();
    };
    sell(&mut shop, &[("BML-2L", 1)]);
    clock.advance_ms(50 * DAY_MS); // 20 Nov
    sell(&mut shop, &[("IDM-GRG", 2), ("AQ-600", 1)]);
    clock.advance_ms(2 * DAY_MS); // 22 Nov
    sell(&mut shop, &[("GLK-1KG", 1)]);
    clock.advance_ms(DAY_MS - 2 * 3600 * 1000); // 23 Nov 10:00
    sell(&mut shop, &[("IDM-GRG", 4)]);
    h
}

fn owner_on_reports(lang: Lang) -> Harness {
    let mut h = shop_with_sales(lang);
    h.login("pemilik", "rahasia1");
    h.alt('6');
    assert_eq!(h.app.module(), Module::Reports);
    h
}

/// A key, then whatever report it started (on the app's worker) back on the screen.
fn key(h: &mut Harness, code: KeyCode) {
    h.key(code);
    h.app.wait_background();
}

/// Replace the text of the focused field.
fn retype(h: &mut Harness, text: &str) {
    h.ctrl('u');
    h.type_text(text);
}

fn line_with<'s>(screen: &'s str, start: &str) -> &'s str {
    screen.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no line {start}:\n{screen}"))
}

#[test]
fn the_list_of_reports_with_the_default_range() {
    let h = owner_on_reports(Lang::Id);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Dari 2026-10-25  Sampai 2026-11-23"), "{screen}");
    assert!(screen.contains("Barang terlaris"), "{screen}");
    h.snapshot_both("reports_list");
}

#[test]
fn run_sales_summary_and_see_the_figures() {
    let mut h = owner_on_reports(Lang::En);
    // sales-summary is the first report.
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Sales summary · 2026-10-25 – 2026-11-23 · per day · 30 rows"), "{screen}");
    // period, transactions, items, gross, discount, net.
    let day = line_with(&screen, "2026-10-25");
    assert!(day.split_whitespace().collect::<Vec<_>>().starts_with(&["2026-10-25", "0", "0", "0", "0", "0"]), "{day}");
    key(&mut h, KeyCode::End);
    let screen = h.screen(80, 24);
    let words = |start: &str| line_with(&screen, start).split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert_eq!(words("2026-11-20"), "2026-11-20 1 3 10.500 0 10.500");
    assert_eq!(words("2026-11-22"), "2026-11-22 1 1 17.500 0 17.500");
    assert_eq!(words("2026-11-23"), "2026-11-23 1 4 14.000 0 14.000");
    h.snapshot_both("reports_sales_summary");
}

#[test]
fn an_indonesian_table_heads_its_columns_in_indonesian() {
    let mut h = owner_on_reports(Lang::Id);
    key(&mut h, KeyCode::Enter);
    key(&mut h, KeyCode::End);
    let screen = h.screen(80, 24);
    let header = line_with(&screen, "periode");
    assert!(
        header.split_whitespace().collect::<Vec<_>>().starts_with(&["periode", "transaksi", "barang", "kotor"]),
        "{header}"
    );
    for english in ["period", "transactions", "items", "gross", "avg_basket"] {
        assert!(!header.split_whitespace().any(|w| w == english), "{english}: {header}");
    }
    // The figures are the English table's, under wider headers.
    let words = |start: &str| line_with(&screen, start).split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert_eq!(words("2026-11-20"), "2026-11-20 1 3 10.500 0 10.500");
    h.snapshot_both("reports_sales_summary_id");
}

/// The report `index` in the list, run with the default range.
fn run_report(h: &mut Harness, index: usize) {
    for _ in 0..index {
        key(h, KeyCode::Down);
    }
    key(h, KeyCode::Enter);
}

/// Codes in cells (weekdays, yes/no) read as Indonesian words in an Indonesian
/// session; exports keep the codes (report_cli checks the CSV).
#[test]
fn an_indonesian_table_says_its_codes_in_indonesian() {
    let mut h = owner_on_reports(Lang::Id);
    run_report(&mut h, 18); // peak-times
    let screen = h.screen(80, 24);
    assert!(screen.contains("Jam ramai"), "{screen}");
    // 23 Nov 2026 is a Monday: 4 Indomie at 10:00.
    let rows: Vec<String> = screen.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(rows.iter().any(|r| r == "1 Senin 10 1 14.000"), "{screen}");
    assert!(!screen.contains("Monday"), "{screen}");
    h.snapshot_both("reports_peak_times_id");
    let mut h = owner_on_reports(Lang::Id);
    run_report(&mut h, 6); // stock-levels
    let screen = h.screen(160, 24); // wide enough for below_reorder
    let row = line_with(&screen, "AQ-600");
    assert!(row.split_whitespace().any(|w| w == "tidak") && !row.split_whitespace().any(|w| w == "no"), "{row}");
}

#[test]
fn change_the_range_and_the_grouping() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Tab);
    retype(&mut h, "2026-10-01");
    // To, then the grouping: day → week → month.
    key(&mut h, KeyCode::Tab);
    key(&mut h, KeyCode::Tab);
    key(&mut h, KeyCode::Right);
    key(&mut h, KeyCode::Right);
    h.snapshot_both("reports_setup_month");
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("2026-10-01 – 2026-11-23 · per month · 2 rows"), "{screen}");
    let words = |start: &str| line_with(&screen, start).split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert_eq!(words("2026-10"), "2026-10 1 1 38.500 0 38.500");
    assert_eq!(words("2026-11"), "2026-11 3 8 42.000 0 42.000");
    // Esc goes back to the list with the range kept; from a field to the list; from
    // the list out of the module, as everywhere.
    key(&mut h, KeyCode::Esc);
    assert!(h.screen(80, 24).contains("From 2026-10-01  To 2026-11-23"));
    key(&mut h, KeyCode::Tab);
    key(&mut h, KeyCode::Esc);
    assert_eq!(h.app.module(), Module::Reports);
    key(&mut h, KeyCode::Esc);
    assert_ne!(h.app.module(), Module::Reports);
    h.alt('6');
    assert!(h.screen(80, 24).contains("From 2026-10-01  To 2026-11-23"));
}

/// A date typed over the default range replaces it (issue 21: fields that open with a
/// value select it), in both fields and after coming back to a field already edited.
#[test]
fn a_date_typed_over_the_default_range_replaces_it() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Tab);
    h.type_text("2026-10-01");
    key(&mut h, KeyCode::Tab);
    h.type_text("2026-11-20");
    assert!(h.screen(80, 24).contains("From 2026-10-01  To 2026-11-20"), "{}", h.screen(80, 24));
    key(&mut h, KeyCode::BackTab);
    h.type_text("2026-10-02");
    assert!(h.screen(80, 24).contains("From 2026-10-02  To 2026-11-20"), "{}", h.screen(80, 24));
    // An arrow key keeps the value for editing: Backspace then takes one character.
    key(&mut h, KeyCode::Tab);
    key(&mut h, KeyCode::Right);
    key(&mut h, KeyCode::Backspace);
    h.type_text("1");
    assert!(h.screen(80, 24).contains("From 2026-10-02  To 2026-11-21"), "{}", h.screen(80, 24));
    key(&mut h, KeyCode::Enter);
    assert!(h.screen(80, 24).contains("2026-10-02 – 2026-11-21 · per day"), "{}", h.screen(80, 24));
}

#[test]
fn bad_dates_are_named_inline() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Tab);
    retype(&mut h, "2026-13-01");
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("From: '2026-13-01' is not a date; write it as YYYY-MM-DD"), "{screen}");
    h.snapshot_both("reports_bad_date");
    retype(&mut h, "2026-11-30");
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("From 2026-11-30 is after To 2026-11-23"), "{screen}");
    key(&mut h, KeyCode::Tab);
    retype(&mut h, "23/11/2026");
    key(&mut h, KeyCode::Enter);
    assert!(h.screen(80, 24).contains("To: '23/11/2026' is not a date"));
    // Nothing ran: still on the list.
    assert!(h.screen(80, 24).contains("Sales lines"));
}

#[test]
fn indonesian_messages_name_the_field_too() {
    let mut h = owner_on_reports(Lang::Id);
    key(&mut h, KeyCode::Tab);
    key(&mut h, KeyCode::Tab);
    retype(&mut h, "kemarin");
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Sampai: 'kemarin' bukan tanggal; tulis sebagai YYYY-MM-DD"), "{screen}");
}

#[test]
fn best_sellers_ranked_by_revenue_with_a_limit() {
    let mut h = owner_on_reports(Lang::En);
    for _ in 0..5 {
        key(&mut h, KeyCode::Down); // best-sellers is the sixth report
    }
    key(&mut h, KeyCode::Tab); // from
    key(&mut h, KeyCode::Tab); // to
    key(&mut h, KeyCode::Tab); // by
    key(&mut h, KeyCode::Right);
    key(&mut h, KeyCode::Tab); // limit
    retype(&mut h, "0");
    key(&mut h, KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Limit: '0' is not a whole number of 1 or more"));
    retype(&mut h, "2");
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Best sellers · 2026-10-25 – 2026-11-23 · revenue · 2 rows"), "{screen}");
    // Indomie 6 × 3.500 = 21.000, then Gulaku 17.500; Aqua (3.500) is cut by the limit.
    let words = |start: &str| line_with(&screen, start).split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert_eq!(words("1 "), "1 IDM-GRG Indomie");
    assert_eq!(words("2 "), "2 GLK-1KG Gulaku");
    assert!(!screen.contains("AQ-600"), "{screen}");
}

#[test]
fn slash_filters_the_loaded_rows() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Enter);
    key(&mut h, KeyCode::Char('/'));
    h.type_text("11-2");
    let screen = h.screen(80, 24);
    assert!(screen.contains("/ 11-2  4 of 30"), "{screen}");
    assert!(!screen.contains("2026-11-19") && screen.contains("2026-11-20"), "{screen}");
    h.snapshot_both("reports_filtered");
    key(&mut h, KeyCode::Esc);
    assert!(h.screen(80, 24).contains("2026-10-25"));
}

#[test]
fn long_reports_load_a_page_at_a_time() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Tab);
    retype(&mut h, "2025-11-24");
    key(&mut h, KeyCode::Enter);
    // 365 days, one row each: the first page holds 200.
    assert!(h.screen(80, 24).contains("· 200+ rows"));
    // PgDn 10 rows at a time: within 40 rows of the end the next page comes.
    for _ in 0..15 {
        key(&mut h, KeyCode::PageDown);
    }
    assert!(h.screen(80, 24).contains("· 200+ rows"));
    key(&mut h, KeyCode::PageDown);
    assert!(h.screen(80, 24).contains("· 365 rows"), "{}", h.screen(80, 24));
    key(&mut h, KeyCode::End);
    let screen = h.screen(80, 24);
    assert!(line_with(&screen, "2026-11-23").contains("14.000"), "{screen}");
}

#[test]
fn export_writes_the_whole_report_to_a_file() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Enter);
    key(&mut h, KeyCode::Char('e'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("sales-summary-2026-10-25-2026-11-23.csv"), "{screen}");
    h.snapshot_both("reports_export");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("ringkasan.csv");
    retype(&mut h, path.to_str().unwrap());
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(200, 24);
    assert!(screen.contains("Wrote 30 rows to"), "{screen}");
    assert!(screen.contains("ringkasan.csv"), "{screen}");
    let csv = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 31);
    assert!(
        lines[0].starts_with("period,transactions,items,gross,discount,net,cost,profit,avg_basket"),
        "{}",
        lines[0]
    );
    assert!(lines.contains(&"2026-11-20,1,3,10500,0,10500,0,10500,10500,2026-11-20,2026-11-20,0,0,0"), "{csv}");
    // Tab switches the format, and a default name follows it.
    key(&mut h, KeyCode::Char('e'));
    key(&mut h, KeyCode::Tab);
    assert!(h.screen(80, 24).contains("sales-summary-2026-10-25-2026-11-23.json"));
    let json_path = out.path().join("ringkasan.json");
    retype(&mut h, json_path.to_str().unwrap());
    key(&mut h, KeyCode::Enter);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert!(json.to_string().contains("10500"), "{json}");
}

#[test]
fn export_to_a_missing_folder_says_why() {
    let mut h = owner_on_reports(Lang::En);
    key(&mut h, KeyCode::Enter);
    key(&mut h, KeyCode::Char('e'));
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("no-such-folder").join("x.csv");
    retype(&mut h, path.to_str().unwrap());
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(200, 24);
    assert!(screen.contains("cannot write to"), "{screen}");
    assert!(!path.exists());
}

#[test]
fn a_cashier_is_told_plainly_what_is_not_allowed() {
    let mut h = shop_with_sales(Lang::En);
    h.login("kasir", "kasir123");
    h.alt('6');
    key(&mut h, KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("a cashier may not see reports with cost and profit"), "{screen}");
    // Reports without cost run.
    for _ in 0..5 {
        key(&mut h, KeyCode::Down);
    }
    key(&mut h, KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Best sellers · 2026-10-25 – 2026-11-23"));
}

#[test]
fn the_audit_trail_from_the_palette_filtered_by_user() {
    let mut h = shop_with_sales(Lang::En);
    h.login("pemilik", "rahasia1");
    h.ctrl('p');
    h.type_text("audit");
    key(&mut h, KeyCode::Enter);
    assert_eq!(h.app.module(), Module::Reports);
    let setup = h.screen(80, 24);
    assert!(setup.contains("─ Audit trail (audit)"), "{setup}");
    assert!(setup.contains("User") && setup.contains("Action"), "{setup}");
    // Tab through From and To to User, then Action.
    for _ in 0..3 {
        key(&mut h, KeyCode::Tab);
    }
    h.type_text("kasir");
    key(&mut h, KeyCode::Tab);
    h.type_text("sale");
    key(&mut h, KeyCode::Enter);
    h.snapshot_both("audit_by_user");
    let screen = h.screen(80, 24);
    assert_eq!(screen.matches("sale.complete").count(), 3, "the three sales in the range:\n{screen}");
    assert!(!screen.contains("user.add"), "{screen}");
}

#[test]
fn a_report_runs_in_the_background_and_esc_cancels_it() {
    let mut h = owner_on_reports(Lang::En);
    // Enter hands sales-summary to the worker; the screen counts the seconds meanwhile.
    h.key(KeyCode::Enter);
    h.clock.advance_ms(3_000);
    h.app.tick();
    let screen = h.screen(80, 24);
    assert!(screen.contains("\\ Sales summary running… 3s · Esc cancels"), "{screen}");
    h.snapshot_both("reports_running");
    // Other keys wait for the report; Esc cancels it and its late answer is dropped.
    h.key(KeyCode::Down);
    h.key(KeyCode::Esc);
    h.app.wait_background();
    let screen = h.screen(80, 24);
    assert!(screen.contains("Report cancelled."), "{screen}");
    assert!(screen.contains("> Sales summary") && !screen.contains("rows"), "{screen}");
    assert_eq!(h.app.module(), Module::Reports);
    h.snapshot_both("reports_cancelled");
    // Run again, it answers.
    key(&mut h, KeyCode::Enter);
    assert!(h.screen(80, 24).contains("per day · 30 rows"));
    // F1 on the list tells how.
    key(&mut h, KeyCode::Esc);
    h.key(KeyCode::F(1));
    let help = h.screen(80, 24);
    assert!(help.contains("while it runs: cancel the report"), "{help}");
}

#[test]
fn indonesian_running_line() {
    let mut h = owner_on_reports(Lang::Id);
    h.key(KeyCode::Enter);
    h.clock.advance_ms(1_000);
    h.app.tick();
    let screen = h.screen(80, 24);
    assert!(screen.contains("/ Ringkasan penjualan berjalan… 1s · Esc batal"), "{screen}");
    h.key(KeyCode::Esc);
    h.app.wait_background();
    assert!(h.screen(80, 24).contains("Laporan dibatalkan."));
}
