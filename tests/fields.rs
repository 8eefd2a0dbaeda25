//! Fields that cannot surprise (issue 21). A field that opens with a value has it
//! selected: what the user types replaces it, never lands after it (`1` + `24`
//! became `124`, a supplier payment 694.950.200.000, an item price 20.002.500), so
//! each field here is typed into straight away, with no clearing first. A scanner's
//! burst in a quantity is no quantity.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::store::items::ItemFilter;
use warung::tui::i18n::Lang;

fn query(h: &Harness, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_item_price_typed_over_the_old_one_replaces_it() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('4');
    h.key(KeyCode::Down); // Bimoli 2L, retail 38.500
    h.key(KeyCode::Enter);
    for _ in 0..5 {
        h.key(KeyCode::Down); // to the retail price
    }
    h.type_text("39000");
    h.ctrl('s');
    let bimoli = h.other_process().items(&ItemFilter { text: "Bimoli".into(), ..Default::default() }).unwrap();
    assert_eq!(bimoli[0].data.prices.retail.rupiah(), 39_000);
}

#[test]
fn a_supplier_payment_typed_over_what_is_owed_replaces_it() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    h.key(KeyCode::F(2));
    h.type_text("indo");
    h.key(KeyCode::Enter);
    h.type_text("10*089686010947");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    h.type_text("3000"); // the pack cost, typed over the item's cost
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    h.type_text("F-123");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // credit
    h.key(KeyCode::Enter);
    assert_eq!(query(&h, "SELECT amount FROM payables"), 30_000);
    h.key(KeyCode::Tab); // payables
    h.key(KeyCode::Char('p'));
    h.type_text("20000");
    h.key(KeyCode::Enter);
    assert_eq!(query(&h, "SELECT paid FROM payables"), 20_000, "{}", h.screen(80, 24));
}

#[test]
fn a_scan_into_a_purchase_quantity_is_no_quantity() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    h.key(KeyCode::F(2));
    h.type_text("indo");
    h.key(KeyCode::Enter);
    h.type_text("089686010947");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    h.type_text("3000");
    h.key(KeyCode::Up); // back to the quantity, still selected
    h.type_text("089686010947");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("That was a scan, not a quantity: 089686010947"), "{screen}");
    assert!(screen.contains("0 lines"), "{screen}");
    // What was refused stays selected: the number typed next replaces it. Above a
    // line's bound it is refused too, saying the bound.
    h.type_text("2000000");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Quantity not allowed: 2000000 (at most 1000000)"), "{}", h.screen(80, 24));
    h.key(KeyCode::Esc);
    h.type_text("2000000*AQ-600");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Quantity not allowed: 2000000"), "{}", h.screen(80, 24));
}
