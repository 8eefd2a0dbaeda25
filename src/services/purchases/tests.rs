use jiff::civil::date;

use super::*;
use crate::domain::receivable::AgingBucket;
use crate::services::testkit::kit;
use crate::store::payables::EntryKind;

fn moves(k: &crate::services::testkit::Kit, sku: &str) -> Vec<(String, i64, i64, String)> {
    let id = k.item_id(sku);
    let mut stmt = k
        .shop
        .store
        .conn()
        .prepare("SELECT kind, qty, unit_cost, reference FROM stock_moves WHERE item_id = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn receiving_on_credit_moves_stock_cost_and_makes_a_payable() {
    let mut k = kit();
    let supplier = k.add_supplier("CV Sumber Rejeki");
    let owner = k.owner.clone();
    let cashier = k.cashier.clone();
    k.receive(supplier, &[("A", 10, 1_000)], true); // A: 10 at 1.000 → cost 1.000 (nothing was on hand)
    assert_eq!(k.shop.item(k.item_id("A")).unwrap().data.cost, Money::new(1_000));
    let got = k.receive(supplier, &[("A", 30, 2_000), ("B", 4, 2_100)], true);
    assert_eq!(got.number, "PB-000002");
    assert_eq!(got.total, Money::new(68_400));
    assert_eq!(got.due_date, Some(date(2026, 12, 23)));
    assert_eq!(k.on_hand("A"), Qty::from_units(40));
    // (10 × 1.000 + 30 × 2.000) / 40 = 1.750
    assert_eq!(k.shop.item(k.item_id("A")).unwrap().data.cost, Money::new(1_750));
    assert_eq!(
        moves(&k, "A"),
        [
            ("purchase".into(), 10_000, 1_000, "PB-000001".into()),
            ("purchase".into(), 30_000, 2_000, "PB-000002".into())
        ]
    );
    let owed = k.shop.payables(&owner, None).unwrap();
    assert_eq!((owed.len(), owed[0].total, owed[0].invoices), (1, Money::new(78_400), 2));
    assert!(k.shop.recent_audit(5).unwrap().iter().any(|a| a.action == "purchase.receive"));
    // Cashiers do not buy stock.
    let request = PurchaseRequest {
        supplier_id: supplier,
        supplier_invoice: String::new(),
        invoice_date: date(2026, 11, 23),
        lines: vec![PurchaseLineInput {
            item_id: k.item_id("A"),
            packs: Qty::ONE,
            pack_factor: Qty::ONE,
            pack_cost: Money::new(1),
        }],
        payment: PaymentMethod::Cash,
        due_date: None,
    };
    assert!(matches!(k.shop.receive_purchase(&cashier, &request), Err(ServiceError::Denied { .. })));
    k.assert_healthy();
}

#[test]
fn a_pack_is_received_as_its_base_units_at_cost_per_unit() {
    let mut k = kit();
    let supplier = k.add_supplier("PT Indomarco");
    let owner = k.owner.clone();
    let request = PurchaseRequest {
        supplier_id: supplier,
        supplier_invoice: "F-77".into(),
        invoice_date: date(2026, 11, 20),
        lines: vec![PurchaseLineInput {
            item_id: k.item_id("B"),
            packs: Qty::from_units(2),
            pack_factor: Qty::from_units(24),
            pack_cost: Money::new(48_000),
        }],
        payment: PaymentMethod::Transfer,
        due_date: None,
    };
    let got = k.shop.receive_purchase(&owner, &request).unwrap();
    assert_eq!((got.total, got.due_date), (Money::new(96_000), None));
    assert_eq!(k.on_hand("B"), Qty::from_units(48));
    assert_eq!(moves(&k, "B"), [("purchase".into(), 48_000, 2_000, got.number.clone())]);
    // Paid at once: nothing owed.
    assert!(k.shop.payables(&owner, None).unwrap().is_empty());
}

#[test]
fn zero_or_negative_quantities_and_costs_are_refused_naming_the_field() {
    let mut k = kit();
    let supplier = k.add_supplier("CV Maju");
    let owner = k.owner.clone();
    let line = |packs: i64, cost: i64| PurchaseLineInput {
        item_id: 1,
        packs: Qty::from_units(packs),
        pack_factor: Qty::ONE,
        pack_cost: Money::new(cost),
    };
    let mut request = PurchaseRequest {
        supplier_id: supplier,
        supplier_invoice: String::new(),
        invoice_date: date(2026, 11, 23),
        lines: vec![line(1, 100), line(0, 100), line(2, -5)],
        payment: PaymentMethod::Credit,
        due_date: None,
    };
    let err = k.shop.receive_purchase(&owner, &request).unwrap_err().to_string();
    assert_eq!(err, "quantity: line 2: must be more than 0; cost: line 3: must be more than 0");
    request.lines = vec![];
    assert!(k.shop.receive_purchase(&owner, &request).unwrap_err().to_string().contains("lines: add at least one"));
    request.lines = vec![line(1, 100)];
    request.due_date = Some(date(2026, 11, 1));
    assert!(k.shop.receive_purchase(&owner, &request).unwrap_err().to_string().starts_with("due_date: "));
    // Nothing was written.
    assert_eq!(k.on_hand("A"), Qty::ZERO);
    assert!(k.shop.recent_purchases(10).unwrap().is_empty());
}

#[test]
fn returns_come_off_what_is_owed_then_are_refunded() {
    let mut k = kit();
    let supplier = k.add_supplier("CV Sumber Rejeki");
    let owner = k.owner.clone();
    let credit = k.receive(supplier, &[("C", 5, 8_000)], true).number; // owes 40.000
    let r = k.shop.return_to_supplier(&owner, &credit, &[(k.item_id("C"), Qty::from_units(2))], "rusak").unwrap();
    assert_eq!(
        (r.number.as_str(), r.total, r.credited, r.refunded),
        ("PB-000001-R1", Money::new(16_000), Money::new(16_000), Money::ZERO)
    );
    assert_eq!(k.on_hand("C"), Qty::from_units(3));
    assert_eq!(k.shop.payables(&owner, None).unwrap()[0].total, Money::new(24_000));
    // More than is left to return is refused, and nothing changes.
    let err = k.shop.return_to_supplier(&owner, &credit, &[(k.item_id("C"), Qty::from_units(4))], "x").unwrap_err();
    assert!(err.to_string().contains("only 3 of 5 can still go back"), "{err}");
    assert!(k.shop.return_to_supplier(&owner, &credit, &[(k.item_id("A"), Qty::ONE)], "x").is_err());
    assert!(k.shop.return_to_supplier(&owner, &credit, &[(k.item_id("C"), Qty::ONE)], " ").is_err());
    // Paid half, then returning more than is still owed refunds the rest in cash.
    k.shop.pay_supplier(&owner, supplier, None, Money::new(20_000), PaymentMethod::Cash, "").unwrap();
    let r = k.shop.return_to_supplier(&owner, &credit, &[(k.item_id("C"), Qty::from_units(3))], "expired").unwrap();
    assert_eq!((r.credited, r.refunded), (Money::new(4_000), Money::new(20_000)));
    assert!(k.shop.payables(&owner, None).unwrap().is_empty());
    assert_eq!(k.on_hand("C"), Qty::ZERO);
    assert!(k.shop.recent_audit(3).unwrap().iter().any(|a| a.action == "purchase.return"));
    k.assert_healthy();
}

#[test]
fn paying_half_leaves_half_and_overpaying_is_refused() {
    let mut k = kit();
    let supplier = k.add_supplier("UD Tani");
    let owner = k.owner.clone();
    let first = k.receive(supplier, &[("A", 10, 1_000)], true).number; // 10.000
    k.advance_days(1);
    let second = k.receive(supplier, &[("B", 2, 2_500)], true).number; // 5.000
    let paid = k.shop.pay_supplier(&owner, supplier, None, Money::new(7_500), PaymentMethod::Transfer, "BCA").unwrap();
    assert_eq!(paid.len(), 1);
    assert_eq!((paid[0].document.as_str(), paid[0].balance), (first.as_str(), Money::new(2_500)));
    // One invoice on its own, in part.
    let open = k.shop.supplier_payables(&owner, supplier).unwrap();
    let second_id = open.iter().find(|p| p.document.number == second).unwrap().id;
    k.shop.pay_supplier(&owner, supplier, Some(second_id), Money::new(1_000), PaymentMethod::Cash, "").unwrap();
    let open = k.shop.supplier_payables(&owner, supplier).unwrap();
    let balances: Vec<(String, i64)> = open.iter().map(|p| (p.document.number.clone(), p.balance.rupiah())).collect();
    assert_eq!(balances, [(first, 2_500), (second.clone(), 4_000)]);
    let too_much = k.shop.pay_supplier(&owner, supplier, Some(second_id), Money::new(4_001), PaymentMethod::Cash, "");
    assert!(too_much.unwrap_err().to_string().starts_with("amount: "));
    assert!(k.shop.pay_supplier(&owner, supplier, None, Money::ZERO, PaymentMethod::Cash, "").is_err());
    assert!(k.shop.pay_supplier(&owner, supplier, None, Money::new(1), PaymentMethod::Credit, "").is_err());
    assert!(matches!(
        k.shop.pay_supplier(&k.cashier.clone(), supplier, None, Money::new(1), PaymentMethod::Cash, ""),
        Err(ServiceError::Denied { .. })
    ));
    assert!(k.shop.recent_audit(10).unwrap().iter().any(|a| a.action == "payable.payment"));
    k.assert_healthy();
}

#[test]
fn payables_age_by_due_date() {
    let mut k = kit();
    let supplier = k.add_supplier("UD Tani");
    let owner = k.owner.clone();
    k.receive(supplier, &[("A", 1, 1_000)], true); // due 2026-12-23
    let aged = |k: &crate::services::testkit::Kit, as_of| k.shop.payables(&owner, Some(as_of)).unwrap()[0].aging;
    assert_eq!(aged(&k, date(2026, 12, 23)).current, Money::new(1_000));
    assert_eq!(aged(&k, date(2026, 12, 24)).d1_30, Money::new(1_000));
    assert_eq!(aged(&k, date(2027, 3, 24)).over_90, Money::new(1_000));
    k.advance_days(40);
    let open = k.shop.supplier_payables(&owner, supplier).unwrap();
    assert_eq!((open[0].days_overdue, open[0].bucket), (10, AgingBucket::Days1To30));
}

#[test]
fn supplier_statement_runs_a_balance() {
    let mut k = kit();
    let supplier = k.add_supplier("UD Tani");
    let owner = k.owner.clone();
    let before = k.receive(supplier, &[("A", 10, 1_000)], true).number; // 23 Nov, 10.000 owed
    k.advance_days(2);
    let cash = k.receive(supplier, &[("B", 2, 2_500)], false).number; // 25 Nov, paid
    k.shop.pay_supplier(&owner, supplier, None, Money::new(4_000), PaymentMethod::Cash, "").unwrap();
    k.shop.return_to_supplier(&owner, &cash, &[(k.item_id("B"), Qty::ONE)], "rusak").unwrap(); // refunded 2.500
    let s = k.shop.supplier_statement(&owner, supplier, date(2026, 11, 24), date(2026, 11, 30)).unwrap();
    assert_eq!(s.opening_balance, Money::new(10_000));
    let lines: Vec<(EntryKind, &str, i64, i64, i64)> = s
        .lines
        .iter()
        .map(|l| (l.kind, l.document.as_str(), l.added.rupiah(), l.taken.rupiah(), l.balance.rupiah()))
        .collect();
    let ret = format!("{cash}-R1");
    assert_eq!(
        lines,
        [
            (EntryKind::Purchase, cash.as_str(), 5_000, 0, 15_000),
            (EntryKind::Payment, cash.as_str(), 0, 5_000, 10_000),
            (EntryKind::Payment, before.as_str(), 0, 4_000, 6_000),
            (EntryKind::Return, ret.as_str(), 0, 2_500, 3_500),
            (EntryKind::Refund, ret.as_str(), 2_500, 0, 6_000),
        ]
    );
    assert_eq!(s.closing_balance, Money::new(6_000));
    assert_eq!(s.closing_balance, k.shop.payables(&owner, None).unwrap()[0].total);
}

#[test]
fn reorder_list_suggests_up_to_the_level_by_last_supplier() {
    let mut k = kit();
    let owner = k.owner.clone();
    for (sku, level) in [("A", "20"), ("B", "5"), ("C", "3")] {
        let id = k.item_id(sku);
        let mut form = crate::domain::master::ItemForm::from_data(&k.shop.item(id).unwrap().data);
        form.reorder_level = level.into();
        k.shop.update_item(&owner, id, &form).unwrap();
    }
    let tani = k.add_supplier("UD Tani");
    let agung = k.add_supplier("CV Agung");
    k.receive(tani, &[("A", 5, 900)], false);
    k.receive(agung, &[("A", 1, 950)], false);
    k.receive(tani, &[("B", 10, 2_000)], false); // above its level: not listed
    let list = k.shop.reorder_list(&owner).unwrap();
    let rows: Vec<(Option<&str>, &str, i64, i64)> = list
        .iter()
        .map(|l| (l.row.supplier.as_deref(), l.row.sku.as_str(), l.suggested.thousandths(), l.row.last_cost.rupiah()))
        .collect();
    assert_eq!(rows, [(Some("CV Agung"), "A", 14_000, 950), (None, "C", 3_000, 8_000)]);
    assert!(k.shop.reorder_list(&k.cashier.clone()).is_err());
}

fn report_csv(k: &crate::services::testkit::Kit, name: &str, from: Date, to: Date, month: bool) -> String {
    let mut request = crate::services::reports::ReportRequest::new(name).between(from, to);
    if month {
        request.options.group_by = Some(crate::reports::GroupBy::Month);
    }
    let mut out = Vec::new();
    k.shop.run_report(&k.owner, &request, &mut crate::reports::writers::CsvSink::new(&mut out)).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn purchase_reports_read_purchases_payables_and_the_ledger() {
    let mut k = kit();
    let owner = k.owner.clone();
    let tani = k.add_supplier("UD Tani");
    let first = k.receive(tani, &[("A", 10, 1_000), ("B", 2, 2_500)], true).number; // 15.000 due 23 Dec
    k.advance_days(1);
    k.receive(tani, &[("C", 1, 8_000)], false);
    k.shop.pay_supplier(&owner, tani, None, Money::new(6_000), PaymentMethod::Cash, "").unwrap();
    k.shop.return_to_supplier(&owner, &first, &[(k.item_id("A"), Qty::from_units(2))], "rusak").unwrap(); // 2.000 off
    let (d23, d24) = (date(2026, 11, 23), date(2026, 11, 24));
    assert_eq!(
        report_csv(&k, "purchase-summary", d23, d24, false),
        "period,purchases,items,total,start,end\n2026-11-23,1,12,15000,2026-11-23,2026-11-23\n\
         2026-11-24,1,1,8000,2026-11-24,2026-11-24\n"
    );
    assert!(
        report_csv(&k, "purchase-summary", d23, d24, true).ends_with("\n2026-11,2,13,23000,2026-11-23,2026-11-24\n")
    );
    let header = "code,name,invoice,date,due_date,amount,paid,balance,days_overdue,bucket\n";
    assert_eq!(
        report_csv(&k, "payables", d24, d24, false),
        format!("{header}S{tani},UD Tani,INV-1,2026-11-23,2026-12-23,15000,8000,7000,-29,current\n")
    );
    // As of the first day, nothing was paid yet; aged later, it is overdue.
    assert!(report_csv(&k, "payables", d23, d23, false).ends_with(",15000,0,15000,-30,current\n"));
    assert!(report_csv(&k, "payables", d24, date(2027, 1, 2), false).ends_with(",7000,10,1-30\n"));
    let movement = report_csv(&k, "stock-movement", d23, d24, false);
    assert!(movement.contains("\nA,Item A,0,8,0,0,0,0,8,"), "{movement}");
    assert!(movement.contains("\nC,Item C,0,1,0,0,0,0,1,"), "{movement}");
    // Reorder: A at 8 with a level of 10 came from UD Tani at 1.000.
    let a = k.item_id("A");
    let mut form = crate::domain::master::ItemForm::from_data(&k.shop.item(a).unwrap().data);
    form.reorder_level = "10".into();
    k.shop.update_item(&owner, a, &form).unwrap();
    assert_eq!(
        report_csv(&k, "reorder", d24, d24, false),
        "supplier,sku,item,on_hand,reorder_level,suggested_qty,last_cost\nUD Tani,A,Item A,8,10,2,1000\n"
    );
}

#[test]
fn doctor_finds_payables_that_disagree_with_their_payments() {
    let mut k = kit();
    let supplier = k.add_supplier("UD Tani");
    let number = k.receive(supplier, &[("A", 2, 1_000)], true).number;
    k.assert_healthy();
    k.shop.store.conn().execute("UPDATE payables SET paid = 500", []).unwrap();
    assert_eq!(
        k.shop.doctor().unwrap().iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("payable: {number} shows 500 paid but its payments add up to 0")]
    );
    k.shop.store.conn().execute("UPDATE items SET on_hand = on_hand + 1000 WHERE sku = 'A'", []).unwrap();
    let findings = k.shop.doctor().unwrap();
    assert!(findings.iter().any(|f| f.to_string().starts_with("stock: item A shows 3 on hand")), "{findings:?}");
}
