//! The reports answered from the summary tables give, byte for byte, what the
//! ledger-based reports gave before the summaries existed. The files under
//! `tests/golden/reports/` were written by this test run on the ledger-based code of
//! `main` at 5a62013 (first at cb2b18b, commit "Golden outputs of every summarised
//! report" on branch perf); this test renders the
//! same reports, every format, on the demo shop and on a small generated shop (both
//! with some returns and voids added) and compares. xlsx is compared cell by cell
//! (the file itself carries its creation time).
//!
//! `WARUNG_WRITE_GOLDEN=1 cargo test --test report_equality` rewrites the files; do
//! that only when a report's output is meant to change (a new column, say), and
//! check that the summarised columns did not move.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use warung::tui::i18n::Lang;

use calamine::{Reader, Xlsx};
use jiff::civil::{Date, date};
use warung::clock::FixedClock;
use warung::domain::Qty;
use warung::domain::refund::RefundMethod;
use warung::reports::{Format, GroupBy, Options, RankBy};
use warung::services::demo::ScaleSpec;
use warung::services::reports::ReportRequest;
use warung::services::{Actor, Shop};

const TODAY: Date = date(2026, 11, 23);

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/reports")
}

/// Every report the summaries answer, with the options that change how.
fn requests(category: &str) -> Vec<(String, ReportRequest)> {
    let ranges = [("year", date(2025, 11, 1), TODAY), ("mid", date(2026, 10, 7), date(2026, 11, 4))];
    let mut out = Vec::new();
    for (range, from, to) in ranges {
        let mut add = |label: String, name: &str, options: Options| {
            let mut request = ReportRequest::new(name).between(from, to);
            request.options = options;
            out.push((format!("{range}-{label}"), request));
        };
        for group_by in GroupBy::ALL {
            let options = Options { group_by: Some(group_by), ..Default::default() };
            add(format!("sales-summary-{}", group_by.code()), "sales-summary", options);
        }
        add("best-sellers".into(), "best-sellers", Options::default());
        let options = Options { by: Some(RankBy::Revenue), limit: Some(7), ..Default::default() };
        add("best-sellers-revenue".into(), "best-sellers", options);
        let options = Options { category: Some(category.to_string()), limit: Some(500), ..Default::default() };
        add("best-sellers-category".into(), "best-sellers", options);
        for name in [
            "customers",
            "cashier-performance",
            "stock-movement",
            "customer-health",
            "retention",
            "health",
            "peak-times",
            "campaigns",
            "segments",
        ] {
            add(name.into(), name, Options::default());
        }
    }
    out
}

fn render(shop: &Shop, request: &ReportRequest, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut sink = format.sink(&mut out, Lang::En);
        shop.run_report(&Actor::command_line(), request, &mut *sink).unwrap();
    }
    if format != Format::Xlsx {
        return out;
    }
    let mut book = Xlsx::new(std::io::Cursor::new(out)).unwrap();
    let mut cells = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        cells.push_str(&format!("sheet {name}\n"));
        for row in range.rows() {
            cells.push_str(&format!("{row:?}\n"));
        }
    }
    cells.into_bytes()
}

fn compare(shop_name: &str, shop: &Shop, requests: Vec<(String, ReportRequest)>) {
    assert_eq!(shop.doctor().unwrap(), [], "the summaries equal the ledger");
    let dir = golden_dir().join(shop_name);
    let write = std::env::var_os("WARUNG_WRITE_GOLDEN").is_some();
    if write {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut differing = Vec::new();
    for (label, request) in requests {
        for format in Format::ALL {
            let file = dir.join(format!("{label}.{}", format.code()));
            let got = render(shop, &request, format);
            if write {
                std::fs::write(&file, &got).unwrap();
                continue;
            }
            let expected = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if got != expected {
                differing.push(file.display().to_string());
            }
        }
    }
    assert!(differing.is_empty(), "reports differ from the ledger-based ones: {differing:#?}");
}

/// Invoices of completed sales in the range, oldest first (from the sales-lines report).
fn invoices(shop: &Shop, from: Date, to: Date) -> Vec<String> {
    let mut out = Vec::new();
    {
        let mut sink = Format::Csv.sink(&mut out, Lang::En);
        shop.run_report(&Actor::command_line(), &ReportRequest::new("sales-lines").between(from, to), &mut *sink)
            .unwrap();
    }
    let mut invoices: Vec<String> = Vec::new();
    for line in String::from_utf8(out).unwrap().lines().skip(1) {
        let invoice = line.split(',').next().unwrap().to_string();
        if !invoice.contains("-R") && invoices.last() != Some(&invoice) {
            invoices.push(invoice);
        }
    }
    invoices
}

/// Some sales voided and some partly returned, on days spread over the range.
fn reverse_some(shop: &mut Shop, clock: &FixedClock) {
    let owner = Actor::command_line();
    let sold = invoices(shop, date(2026, 9, 1), date(2026, 11, 20));
    for (n, invoice) in sold.iter().enumerate().step_by(37).take(12) {
        if n % 2 == 0 {
            // A sale with a paid debt cannot be voided; then return its first line instead.
            if shop.void_sale(&owner, invoice, "salah input").is_ok() {
                continue;
            }
        }
        // Cash back, or (a credit sale not yet paid) taken off what it owes.
        let line = [(1, Qty::from_thousandths(1))];
        shop.return_lines(&owner, None, invoice, &line, RefundMethod::Cash, "rusak")
            .or_else(|_| shop.return_lines(&owner, None, invoice, &line, RefundMethod::Receivable, "rusak"))
            .unwrap();
        clock.advance_ms(7 * 60_000);
    }
}

fn demo_shop(dir: &Path) -> Shop {
    let clock = Arc::new(FixedClock::jakarta_noon(TODAY));
    let mut shop = Shop::open(&dir.join("demo.db"), clock.clone()).unwrap();
    shop.build_demo().unwrap();
    reverse_some(&mut shop, &clock);
    shop
}

fn generated_shop(dir: &Path) -> Shop {
    let clock = Arc::new(FixedClock::jakarta_noon(TODAY));
    let mut shop = Shop::open(&dir.join("generated.db"), clock.clone()).unwrap();
    let spec = ScaleSpec { items: 400, customers: 120, sales: 3_000, lines: 12_000, days: 200, ..Default::default() };
    shop.build_scale(&spec, &mut |_| {}).unwrap();
    reverse_some(&mut shop, &clock);
    shop
}

#[test]
fn demo_shop_reports_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let shop = demo_shop(dir.path());
    compare("demo", &shop, requests("Mi Instan"));
}

#[test]
fn generated_shop_reports_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let shop = generated_shop(dir.path());
    compare("generated", &shop, requests("Mi Instan"));
}

/// The generated shop with three campaigns to its 120 customers (the benchmark's
/// `benches/sql/add_campaigns.sql`: windows cutting days at any second, a holdout,
/// varied statuses and costs). Its golden files were written by the campaigns report
/// while it still read every recipient's window from the ledger (at 447d198).
#[test]
fn generated_shop_campaigns_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let shop = generated_shop(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("generated.db")).unwrap();
    conn.execute_batch(include_str!("../benches/sql/add_campaigns.sql")).unwrap();
    let campaigns = requests("Mi Instan").into_iter().filter(|(label, _)| label.ends_with("-campaigns")).collect();
    compare("generated-campaigns", &shop, campaigns);
}
