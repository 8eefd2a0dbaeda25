//! Purchases (Alt+3) and Stock-taking (Alt+5) driven by keys, as an owner and a
//! cashier use them.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::domain::{Money, PaymentMethod, Qty};
use warung::services::Actor;
use warung::services::purchases::{PurchaseLineInput, PurchaseRequest};
use warung::tui::i18n::Lang;

fn query(h: &Harness, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn enter(h: &mut Harness, text: &str) {
    h.type_text(text);
    h.key(KeyCode::Enter);
}

/// Replace what the focused field holds.
fn retype(h: &mut Harness, text: &str) {
    h.ctrl('u');
    h.type_text(text);
}

fn doctor_is_clean(h: &Harness) {
    assert!(h.other_process().doctor().unwrap().is_empty());
}

/// Alt+3, supplier PT Indofood, 10 Indomie at 3.000 and a carton-free line of Aqua.
fn purchase_on_screen(lang: Lang) -> Harness {
    let mut h = Harness::logged_in(lang);
    h.alt('3');
    h.key(KeyCode::F(2));
    h.type_text("indo");
    h.key(KeyCode::Enter);
    enter(&mut h, "10*089686010947");
    h.key(KeyCode::Tab);
    retype(&mut h, "3000");
    h.key(KeyCode::Enter);
    enter(&mut h, "AQ-600");
    h.key(KeyCode::Tab);
    retype(&mut h, "2500");
    h.key(KeyCode::Enter);
    h
}

#[test]
fn receive_on_credit_then_pay_half() {
    let mut h = purchase_on_screen(Lang::En);
    h.snapshot_both("purchase_lines");
    h.key(KeyCode::F(12));
    h.type_text("F-123");
    h.key(KeyCode::Tab); // transfer
    h.key(KeyCode::Tab); // credit
    h.snapshot_both("purchase_finish");
    h.key(KeyCode::Down);
    h.key(KeyCode::Down); // the due date, shown for credit
    h.type_text("2026-12-10");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Received PB-000001 · Rp 32.500 · due 2026-12-10"), "{screen}");
    assert_eq!(query(&h, "SELECT COUNT(*) FROM payables WHERE due_date = '2026-12-10'"), 1);
    assert_eq!(query(&h, "SELECT on_hand FROM items WHERE sku = 'IDM-GRG'"), 10_000);
    assert_eq!(query(&h, "SELECT cost FROM items WHERE sku = 'IDM-GRG'"), 3_000);
    assert_eq!(query(&h, "SELECT amount FROM payables"), 32_500);

    h.key(KeyCode::Tab); // payables
    h.snapshot_both("purchase_payables");
    h.key(KeyCode::Char('p'));
    retype(&mut h, "16250");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Paid Rp 16.250: PB-000001 16.250"), "{screen}");
    assert_eq!(query(&h, "SELECT paid FROM payables"), 16_250);
    h.key(KeyCode::Char('s'));
    h.snapshot_both("purchase_statement");
    let statement = h.screen(80, 24);
    assert!(statement.contains("Closing balance"), "{statement}");
    assert!(statement.contains("16.250"), "{statement}");
    doctor_is_clean(&h);
}

#[test]
fn zero_quantities_and_costs_are_refused_naming_the_field() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    enter(&mut h, "0*AQ-600");
    assert!(h.screen(80, 24).contains("Quantity must be more than 0"));
    h.ctrl('u');
    enter(&mut h, "AQ-600");
    h.key(KeyCode::Tab);
    retype(&mut h, "0");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Cost must be more than 0"));
    // Without a supplier F12 says what is missing.
    retype(&mut h, "3000");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    assert!(h.screen(80, 24).contains("Pick the supplier first (F2)"));
    assert_eq!(query(&h, "SELECT COUNT(*) FROM purchases"), 0);
}

#[test]
fn an_unknown_code_offers_to_create_the_item() {
    let mut h = Harness::logged_in(Lang::Id);
    h.alt('3');
    enter(&mut h, "8991234567891");
    h.snapshot_both("purchase_unknown_code");
    h.type_text("Kopi Kapal Api 165g");
    h.key(KeyCode::Tab);
    h.type_text("15000");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Kopi Kapal Api 165g"), "{screen}");
    assert_eq!(query(&h, "SELECT COUNT(*) FROM item_barcodes WHERE code = '8991234567891'"), 1);
}

#[test]
fn a_new_supplier_is_created_from_the_picker_and_a_name_search_finds_items() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    h.key(KeyCode::F(2));
    h.type_text("CV Sumber Rejeki");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Supplier: CV Sumber Rejeki"));
    enter(&mut h, "bimoli");
    h.key(KeyCode::Enter); // the only match
    let screen = h.screen(80, 24);
    assert!(screen.contains("Bimoli 2L"), "{screen}");
    assert_eq!(query(&h, "SELECT COUNT(*) FROM suppliers"), 2);
}

#[test]
fn return_goods_from_the_history() {
    let mut h = purchase_on_screen(Lang::En);
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter); // cash
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // history
    h.snapshot_both("purchase_history");
    h.key(KeyCode::Char('r'));
    h.type_text("2");
    h.key(KeyCode::Tab);
    h.type_text("kemasan rusak");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Returned PB-000001-R1"), "{screen}");
    assert!(screen.contains("cash back Rp 6.000"), "{screen}");
    assert_eq!(query(&h, "SELECT on_hand FROM items WHERE sku = 'IDM-GRG'"), 8_000);
    doctor_is_clean(&h);
}

#[test]
fn cashiers_do_not_buy_stock() {
    let mut h = Harness::new(Lang::En);
    h.login("kasir", "kasir123");
    h.type_text("100000");
    h.key(KeyCode::Enter);
    h.alt('3');
    h.key(KeyCode::F(2));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Purchasing is for owners and managers"), "{screen}");
}

fn start_count(h: &mut Harness) {
    h.alt('5');
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Enter); // every item
}

#[test]
fn count_part_of_the_stock_see_the_variance_and_approve_it() {
    let mut h = Harness::logged_in(Lang::En);
    let owner = Actor::command_line();
    let mut other = h.other_process();
    let aqua = other.lookup_code("AQ-600").unwrap().unwrap().0.item_id;
    let supplier = other.suppliers("", false).unwrap()[0].id;
    let request = PurchaseRequest {
        supplier_id: supplier,
        supplier_invoice: String::new(),
        invoice_date: jiff::civil::date(2026, 11, 23),
        lines: vec![PurchaseLineInput {
            item_id: aqua,
            packs: Qty::from_units(5),
            pack_factor: Qty::ONE,
            pack_cost: Money::new(3_200),
        }],
        payment: PaymentMethod::Cash,
        due_date: None,
    };
    other.receive_purchase(&owner, &request).unwrap();
    start_count(&mut h);
    for _ in 0..3 {
        enter(&mut h, "AQ-600");
    }
    enter(&mut h, "4*GLK-1KG");
    h.snapshot_both("count_scanning");
    h.key(KeyCode::F(9));
    h.snapshot_both("count_variance");
    // Someone counts more on another till after the variance was shown.
    other.count_code(&owner, "AQ-600", Qty::ONE, false).unwrap();
    h.key(KeyCode::F(12));
    let screen = h.screen(80, 24);
    assert!(screen.contains("changed since you looked"), "{screen}");
    assert_eq!(query(&h, "SELECT COUNT(*) FROM stock_moves WHERE kind = 'count'"), 0);
    h.key(KeyCode::F(12));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Count approved"), "{screen}");
    assert_eq!(query(&h, "SELECT on_hand FROM items WHERE sku = 'AQ-600'"), 4_000);
    assert_eq!(query(&h, "SELECT on_hand FROM items WHERE sku = 'GLK-1KG'"), 4_000);
    assert_eq!(query(&h, "SELECT COUNT(*) FROM stock_moves WHERE kind = 'count' AND reference = 'stock count #1'"), 2);
    doctor_is_clean(&h);
}

#[test]
fn a_count_in_progress_survives_a_restart_and_cashiers_help_count() {
    let mut h = Harness::logged_in(Lang::Id);
    start_count(&mut h);
    enter(&mut h, "AQ-600");
    h.ctrl('l');
    h.login("kasir", "kasir123");
    h.type_text("100000");
    h.key(KeyCode::Enter);
    h.alt('5');
    enter(&mut h, "2*AQ-600");
    let screen = h.screen(80, 24);
    assert!(screen.contains("#1 semua barang · 1/5 terhitung"), "{screen}");
    assert!(!screen.contains("F9"), "cashiers do not see the variance: {screen}");
    // Restarted: a fresh app on the same file is still in the same count.
    h.app = warung::tui::App::new(
        h.other_process(),
        Lang::En,
        warung::tui::theme::Theme::load("default", false).unwrap(),
        None,
    )
    .unwrap();
    h.login("pemilik", "rahasia1");
    h.alt('5');
    let screen = h.screen(80, 24);
    assert!(screen.contains("#1 all items · 1/5 counted · F9 variance"), "{screen}");
    assert_eq!(query(&h, "SELECT counted FROM stock_count_lines"), 3_000);
}

#[test]
fn adjust_stock_with_a_reason() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('5');
    h.key(KeyCode::F(6));
    h.type_text("AQ-600");
    h.key(KeyCode::Down);
    h.type_text("-2");
    h.key(KeyCode::Tab); // expired
    h.snapshot_both("stock_adjust");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Aqua 600ml: on hand now -2"), "{screen}");
    assert_eq!(query(&h, "SELECT COUNT(*) FROM stock_moves WHERE kind = 'adjustment' AND reference = 'expired'"), 1);
    assert_eq!(query(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'stock.adjust'"), 1);
}

#[test]
fn prefilled_quantity_and_cost_are_replaced_by_what_is_typed() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    h.key(KeyCode::F(2));
    h.type_text("indo");
    h.key(KeyCode::Enter);
    // The line opens with quantity 1 and the item's cost, each selected.
    enter(&mut h, "AQ-600");
    h.type_text("24");
    h.key(KeyCode::Tab);
    h.type_text("2500");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Rp 60.000"), "24 × 2.500, not 124 × 32002500: {screen}");
    // An amount above the typed bound is refused, never taken.
    enter(&mut h, "AQ-600");
    h.key(KeyCode::Tab);
    h.type_text("127240126000");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("above the limit of Rp 10.000.000.000"), "{}", h.screen(80, 24));
}
