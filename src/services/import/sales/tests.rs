use super::super::test_support::owner;
use super::*;
use crate::services::testkit::kit;

const GOOD: &str = "\
invoice,date,sku,qty,price,customer_code,customer_phone,customer_name,discount,cashier,payment
H-001,2026-01-05 09:15,A,2,1000,C001,0812-1111-2222,Bu Sri,,kasir,cash
H-001,2026-01-05 09:15,C,1,9500,C001,0812-1111-2222,Bu Sri,500,kasir,cash
H-002,2026-02-10,B,1.5,2500,,0813-3333-4444,Pak Budi,,,transfer
H-003,2026-03-01 18:00:30,A,1,1000,,,,,,
H-004,2026-03-02,C,1,10000,C001,,,,,credit
";

fn count(k: &crate::services::testkit::Kit, sql: &str) -> i64 {
    k.shop.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn history_becomes_sales_customers_and_an_open_receivable_without_messages() {
    let mut k = kit();
    let summary = k.shop.import_sales(&owner(), GOOD.as_bytes(), &SalesImportOptions::default()).unwrap();
    assert_eq!(summary.to_string(), "5 rows: 4 sales, 2 new customers, 1 receivable");
    let sales: Vec<(String, i64, i64, String, Option<String>)> = k
        .shop
        .store
        .conn()
        .prepare(
            "SELECT s.invoice, s.subtotal, s.total, s.source, c.code FROM sales s
               LEFT JOIN customers c ON c.id = s.customer_id ORDER BY s.at",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // H-001: 2 × 1.000 + (9.500 − 500); H-002: 1,5 × 2.500 = 3.750.
    assert_eq!(sales[0], ("H-001".into(), 11_000, 11_000, "import".into(), Some("C001".into())));
    assert_eq!(sales[1].1, 3_750);
    assert_eq!(sales[2].4, None);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sale_lines"), 5);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sale_payments WHERE method = 'transfer' AND amount = 3750"), 1);
    // Bu Sri was created with her code and phone, Pak Budi with a generated code.
    let sri =
        k.shop.customer(crate::store::customers::id_by_code(k.shop.store.conn(), "C001").unwrap().unwrap()).unwrap();
    assert_eq!((sri.data.name.as_str(), sri.data.phone.unwrap().as_str()), ("Bu Sri", "6281211112222"));
    assert_eq!(count(&k, "SELECT COUNT(*) FROM customers WHERE phone = '6281333334444' AND name = 'Pak Budi'"), 1);
    // Times are shop-local: 09:15 in Jakarta is 02:15 UTC; a bare date counts at noon.
    let tz = k.shop.time_zone();
    let at = |invoice: &str| {
        let ms: i64 =
            k.shop.store.conn().query_row("SELECT at FROM sales WHERE invoice = ?1", [invoice], |r| r.get(0)).unwrap();
        crate::reports::LocalTime::of_ms(ms, &tz).datetime.to_string()
    };
    assert_eq!(at("H-001"), "2026-01-05T09:15:00");
    assert_eq!(at("H-002"), "2026-02-10T12:00:00");
    assert_eq!(at("H-003"), "2026-03-01T18:00:30");
    // The credit sale is owed, due 14 days on; no receipt or anything else was queued.
    let due: String = k.shop.store.conn().query_row("SELECT due_date FROM receivables", [], |r| r.get(0)).unwrap();
    assert_eq!(due, "2026-03-16");
    assert_eq!(count(&k, "SELECT COUNT(*) FROM outbox"), 0);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM stock_moves WHERE kind = 'sale'"), 0);
    assert_eq!(k.shop.recent_audit(1).unwrap()[0].action, "import.sales");
    k.assert_healthy();
}

#[test]
fn affect_stock_moves_stock_at_the_sale_time() {
    let mut k = kit();
    let options = SalesImportOptions { affect_stock: true, ..Default::default() };
    k.shop.import_sales(&owner(), GOOD.as_bytes(), &options).unwrap();
    assert_eq!(k.on_hand("A"), Qty::from_units(-3));
    assert_eq!(k.on_hand("C"), Qty::from_units(-2));
    k.assert_healthy();
}

#[test]
fn every_problem_is_listed_and_nothing_is_written() {
    let mut k = kit();
    let cash = k.cash_sale(&k.cashier.clone(), &[("A", 1)], 1_000).invoice;
    let bad = format!(
        "\
invoice,date,sku,qty,price,customer_code,customer_phone,customer_name,discount,cashier,payment
H-1,2026-13-01,A,1,1000,,,,,,
H-2,2026-01-01,ZZZ,0,abc,,,Bu Tanpa Kode,,nobody,cek
H-3,2026-01-01,A,1,1000,,021-555,,,,
H-4,2026-01-01,A,1,1000,,,,2000,,credit
H-5,2026-01-01,A,1,1000,,,,,,
H-5,2026-01-02,A,1,1000,,,,,,
{cash},2026-01-01,A,1,1000,,,,,,
"
    );
    let result = k.shop.import_sales(&owner(), bad.as_bytes(), &SalesImportOptions::default());
    assert_eq!(
        problem_lines_of(result),
        [
            "row 2, column date: '2026-13-01' is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS])".to_string(),
            "row 3, column sku: no item has SKU ZZZ".into(),
            "row 3, column qty: must be more than 0".into(),
            "row 3, column price: 'abc' is not an amount of rupiah (write it like 12500 or 12.500)".into(),
            "row 3, column customer_name: give customer_code or customer_phone too, so the customer is recognised again".into(),
            "row 3, column cashier: no user is called nobody".into(),
            "row 3, column payment: 'cek' is not a payment method (use cash, transfer, qris or credit)".into(),
            "row 4, column customer_phone: '021-555' is not an Indonesian mobile number (it should start 08, +628 or 628)".into(),
            "row 5, column payment: a sale on credit needs a customer (customer_code or customer_phone)".into(),
            "row 5, column discount: Rp 2.000 is more than the line's Rp 1.000".into(),
            "row 7, column date: differs from row 6 of the same invoice H-5".into(),
            format!("row 8, column invoice: {cash} is already a sale in this shop"),
        ]
    );
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sales"), 1);
}

fn problem_lines_of(result: Result<SalesImportSummary, ImportError>) -> Vec<String> {
    match result {
        Err(ImportError::Problems(problems)) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn dry_run_writes_nothing() {
    let mut k = kit();
    let options = SalesImportOptions { dry_run: true, ..Default::default() };
    let summary = k.shop.import_sales(&owner(), GOOD.as_bytes(), &options).unwrap();
    assert!(summary.to_string().ends_with("(dry run: nothing written)"));
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sales"), 0);
}

/// (state, units done, units total) of every import run, oldest first.
fn runs(k: &crate::services::testkit::Kit) -> Vec<(String, i64, i64)> {
    let conn = k.shop.store.conn();
    let mut stmt = conn.prepare("SELECT state, units_done, units_total FROM import_runs ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

fn import_one_sale_a_batch(k: &mut crate::services::testkit::Kit) -> Result<SalesImportSummary, ImportError> {
    k.shop.import_sales_in(&owner(), "", GOOD.as_bytes(), &SalesImportOptions::default(), Batching::Fixed(1))
}

#[test]
fn one_sale_a_batch_finds_the_customer_an_earlier_batch_created() {
    let mut k = kit();
    let summary = import_one_sale_a_batch(&mut k).unwrap();
    assert_eq!(summary.to_string(), "5 rows: 4 sales, 2 new customers, 1 receivable");
    assert_eq!(count(&k, "SELECT COUNT(*) FROM customers WHERE code = 'C001'"), 1);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sales"), 4);
    assert_eq!(runs(&k), [("done".to_string(), 4, 4)]);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.sales'"), 1);
    k.assert_healthy();
}

#[test]
fn a_run_stopped_half_way_keeps_whole_sales_and_the_same_file_finishes_it() {
    let mut k = kit();
    // The machine stops while writing H-003 (the third batch).
    k.shop
        .store
        .conn()
        .execute_batch(
            "CREATE TEMP TRIGGER stop BEFORE INSERT ON sales WHEN NEW.invoice = 'H-003'
             BEGIN SELECT RAISE(ABORT, 'power cut'); END",
        )
        .unwrap();
    let stopped = import_one_sale_a_batch(&mut k).unwrap_err();
    assert!(
        matches!(stopped, ImportError::Unfinished { written: 2, total: 4, units: Units::Sales, .. }),
        "{stopped:?}"
    );
    assert!(stopped.to_string().starts_with("2 of 4 sales were written"), "{stopped}");
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sales"), 2);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sale_lines"), 3, "H-001 whole, with both its lines");
    assert_eq!(runs(&k), [("publishing".to_string(), 2, 4)]);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.sales'"), 0);
    let findings = k.shop.doctor().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0]
            .to_string()
            .contains("stopped with 2 of 4 sales written; finish it with `warung import sales FILE`")
    );

    k.shop.store.conn().execute_batch("DROP TRIGGER stop").unwrap();
    let dry = SalesImportOptions { dry_run: true, ..Default::default() };
    let rest = k.shop.import_sales(&owner(), GOOD.as_bytes(), &dry).unwrap();
    assert_eq!(rest.to_string(), "2 rows: 2 sales, 0 new customers, 1 receivable (dry run: nothing written)");
    let rest = k.shop.import_sales(&owner(), GOOD.as_bytes(), &SalesImportOptions::default()).unwrap();
    assert_eq!(rest.to_string(), "2 rows: 2 sales, 0 new customers, 1 receivable", "only H-003 and H-004");
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sales"), 4);
    assert_eq!(runs(&k), [("done".to_string(), 4, 4)]);
    k.assert_healthy();
}

#[test]
fn a_batch_checks_its_sales_again_under_the_lock() {
    let mut k = kit();
    let invoice = k.cash_sale(&k.cashier.clone(), &[("A", 1)], 1_000).invoice;
    // Another warung takes invoice H-004 while H-002 is being written.
    k.shop
        .store
        .conn()
        .execute_batch(&format!(
            "CREATE TEMP TRIGGER meanwhile AFTER INSERT ON sales WHEN NEW.invoice = 'H-002'
             BEGIN UPDATE sales SET invoice = 'H-004' WHERE invoice = '{invoice}'; END"
        ))
        .unwrap();
    let stopped = import_one_sale_a_batch(&mut k).unwrap_err();
    let ImportError::Unfinished { written: 3, total: 4, cause, .. } = stopped else { panic!("{stopped:?}") };
    assert_eq!(problem_lines_of(Err(*cause)), ["row 6, column invoice: H-004 is already a sale in this shop"]);
    assert_eq!(count(&k, "SELECT COUNT(*) FROM sales WHERE source = 'import'"), 3);
    // A file in parts stays unfinished: the corrected rest is another file.
    k.shop.abandon_import(&owner(), 1).unwrap();
    k.assert_healthy();
}
