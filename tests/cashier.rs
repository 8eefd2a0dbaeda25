//! The till driven by keys, as a cashier uses it.

mod common;

use common::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use warung::tui::action::Module;
use warung::tui::i18n::Lang;

fn cashier(lang: Lang) -> Harness {
    let mut h = Harness::new(lang);
    h.login("kasir", "kasir123");
    assert_eq!(h.app.module(), Module::Cashier);
    // No shift yet: the till asks for the opening float first.
    h.type_text("200000");
    h.key(KeyCode::Enter);
    h
}

fn scan(h: &mut Harness, code: &str) {
    h.type_text(code);
    h.key(KeyCode::Enter);
}

fn count(h: &Harness, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn empty_till() {
    let h = cashier(Lang::Id);
    h.snapshot_both("till_empty");
}

#[test]
fn scan_three_items_two_of_a_fourth_and_pay_cash_with_change() {
    let mut h = cashier(Lang::Id);
    scan(&mut h, "089686010947"); // Indomie Goreng
    scan(&mut h, "089686010343"); // Indomie Soto
    scan(&mut h, "AQ-600");
    scan(&mut h, "2*GLK-1KG");
    h.snapshot_both("till_four_lines");
    h.key(KeyCode::F(12));
    h.type_text("50000");
    h.snapshot_both("till_payment");
    h.key(KeyCode::Enter);
    // 3.500 + 3.200 + 3.500 + 2 × 17.500 = 45.200 → change 4.800
    let screen = h.screen(80, 24);
    assert!(screen.contains("KEMBALIAN Rp 4.800"), "{screen}");
    assert!(screen.contains("INV/261123/0001"), "{screen}");
    assert_eq!(count(&h, "SELECT total FROM sales"), 45_200);
    assert_eq!(count(&h, "SELECT change_due FROM sales"), 4_800);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sale_lines"), 4);
    // Any key starts the next sale.
    scan(&mut h, "AQ-600");
    assert!(!h.screen(80, 24).contains("KEMBALIAN"));
}

#[test]
fn unknown_code_rings_clears_the_input_and_the_next_scan_works() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "9999999999999");
    assert!(h.app.take_bell());
    let screen = h.screen(80, 24);
    // The code stays in view in the message; the input line is empty again.
    assert!(screen.contains("Unknown code 9999999999999"), "{screen}");
    assert!(!screen.contains("> 9999999999999"), "{screen}");
    scan(&mut h, "089686010947");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Indomie Goreng 85g") && screen.contains("TOTAL Rp 3.500"), "{screen}");
}

#[test]
fn absurd_quantities_are_refused() {
    let mut h = cashier(Lang::En);
    for text in ["0*AQ-600", "0.0001*AQ-600", "2000000*AQ-600"] {
        scan(&mut h, text);
        assert!(h.app.take_bell(), "{text}");
        h.ctrl('u');
    }
    assert!(h.screen(80, 24).contains("Scan or type a code"));
}

#[test]
fn letters_search_names_and_enter_picks() {
    let mut h = cashier(Lang::En);
    h.type_text("indo soto");
    h.snapshot_both("till_search");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Indomie Soto 70g"));
    h.type_text("gula");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Gulaku") || screen.contains("Indomie Goreng"), "{screen}");
}

#[test]
fn plus_minus_and_delete_change_the_selected_line() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::Char('+'));
    h.key(KeyCode::Char('+'));
    assert!(h.screen(80, 24).contains("TOTAL Rp 10.500"));
    h.key(KeyCode::Char('-'));
    assert!(h.screen(80, 24).contains("TOTAL Rp 7.000"));
    h.key(KeyCode::Delete);
    assert!(h.screen(80, 24).contains("Scan or type a code"));
}

#[test]
fn tiers_reprice_and_quantity_breaks_apply() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(6));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Price: Wholesale 1") && screen.contains("TOTAL Rp 3.200"), "{screen}");
    h.key(KeyCode::F(5));
    scan(&mut h, "9*AQ-600"); // 10 in all: the wholesale 1 minimum
    let screen = h.screen(80, 24);
    assert!(screen.contains("W1") && screen.contains("TOTAL Rp 32.000"), "{screen}");
}

#[test]
fn credit_sale_to_a_customer_picked_with_f2() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(2));
    h.type_text("darto");
    h.snapshot_both("till_customer_picker");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Warung Pak Darto") && screen.contains("Price: Wholesale 1"), "{screen}");
    h.key(KeyCode::F(12));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    // Its credit limit is 0: refused until a manager approves.
    let screen = h.screen(80, 24);
    assert!(screen.contains("would owe Rp 3.200, above the"), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(9));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Approved by pemilik"));
    h.key(KeyCode::F(12));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT amount FROM receivables"), 3_200);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM outbox WHERE kind = 'receipt'"), 1);
}

#[test]
fn quick_create_a_customer_at_the_till() {
    let mut h = cashier(Lang::En);
    h.key(KeyCode::F(2));
    h.type_text("Bu Rina");
    h.key(KeyCode::Insert);
    h.key(KeyCode::Enter);
    h.type_text("0813-5555-0101");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Bu Rina"), "{screen}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM customers WHERE phone = '6281355550101' AND wa_opt_in = 1"), 1);
}

#[test]
fn hold_and_resume_across_a_restart() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "3*AQ-600");
    h.key(KeyCode::F(4));
    assert!(h.screen(80, 24).contains("Held:"));
    // A new app on the same file (a restart) still has it.
    let shop = warung::services::Shop::open(&h.dir.path().join("shop.db"), common::clock()).unwrap();
    h.app = warung::tui::App::new(shop, Lang::En, warung::tui::theme::Theme::load("default", false).unwrap(), None)
        .unwrap();
    h.login("kasir", "kasir123");
    h.key(KeyCode::F(4));
    h.snapshot_both("till_held");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("TOTAL Rp 10.500"));
}

/// Two AQ-600 at 20% off: more than a cashier may give without a manager's PIN.
fn till_with_a_big_discount() -> Harness {
    let mut h = cashier(Lang::En);
    scan(&mut h, "2*AQ-600");
    h.key(KeyCode::F(8));
    h.type_text("20%");
    h.key(KeyCode::Enter);
    h
}

#[test]
fn a_big_discount_needs_the_manager_pin() {
    let mut h = till_with_a_big_discount();
    assert!(h.screen(80, 24).contains("needs a manager's approval"));
    // Said before any payment is taken, not at the final Enter.
    h.key(KeyCode::F(12));
    let screen = h.screen(80, 24);
    assert!(screen.contains("AQ-600 discount 20.0%: needs a manager's approval before paying: F9"), "{screen}");
    h.key(KeyCode::F(9));
    h.type_text("0000");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("belongs to no manager"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(9));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT total FROM sales"), 5_600);
}

#[test]
fn guessing_the_manager_pin_at_the_till_locks_it_even_for_the_right_pin() {
    let mut h = till_with_a_big_discount();
    for guess in 0..45 {
        h.key(KeyCode::F(9));
        h.type_text(&format!("{:04}", 5000 + guess));
        h.key(KeyCode::Enter);
        h.key(KeyCode::Esc);
    }
    h.key(KeyCode::F(9));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("too many wrong PINs"), "the right PIN waits too: {screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales"), 0, "the discount was never approved");
    assert!(count(&h, "SELECT COUNT(*) FROM audit_log WHERE action = 'pin.failed'") >= 3);
}

#[test]
fn scanner_bursts_lose_and_reorder_nothing() {
    let mut h = cashier(Lang::En);
    // 50 scans of a 13-digit code + Enter, each arriving as one burst of 14 events.
    for _ in 0..50 {
        let events: Vec<Event> = "089686010947"
            .chars()
            .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
            .chain(std::iter::once(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))))
            .collect();
        for event in &events {
            h.app.handle_event(event);
        }
    }
    assert!(!h.app.take_bell());
    let screen = h.screen(80, 24);
    assert!(screen.contains("TOTAL Rp 165.000"), "50 × wholesale 3.300: {screen}");
}

#[test]
fn the_till_asks_to_open_a_shift_and_closing_counts_the_cash() {
    let mut h = Harness::new(Lang::En);
    h.login("kasir", "kasir123");
    h.snapshot_both("till_open_shift");
    h.type_text("200000");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Shift open with Rp 200.000"));
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(12));
    h.type_text("5000");
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales WHERE shift_id IS NOT NULL"), 1);
    h.ctrl('p');
    h.type_text("close shift");
    h.key(KeyCode::Enter);
    // A scan into the counted cash is named as a scan, never counted.
    burst(&mut h, "089686010947");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM shifts WHERE closed_at IS NOT NULL"), 0);
    assert!(h.screen(80, 24).contains("That was a scan"), "{}", h.screen(80, 24));
    h.type_text("203000");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Expected Rp 203.500 · counted Rp 203.000 · difference Rp -500"), "{screen}");
}

#[test]
fn history_reprints_and_owner_voids_and_returns() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "3*AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(11));
    h.snapshot_both("till_history");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("INV/261123/0001"));
    h.key(KeyCode::Esc);
    // A cashier may not void.
    h.key(KeyCode::Char('v'));
    h.type_text("salah input");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("may not"), "{}", h.screen(80, 24));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    // The owner voids a second sale, then takes one bottle of the first back for cash.
    h.ctrl('l');
    h.login("pemilik", "rahasia1");
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    h.type_text("0");
    h.key(KeyCode::Enter);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(11));
    h.key(KeyCode::Char('v'));
    h.type_text("pembeli batal");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Voided INV/261123/0002"), "{}", h.screen(80, 24));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales WHERE status = 'void'"), 1);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Char('+'));
    h.key(KeyCode::Enter);
    h.type_text("bocor");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("refund Rp 3.500"), "{screen}");
    assert_eq!(count(&h, "SELECT SUM(qty) FROM stock_moves WHERE kind = 'sale_return'"), 1000);
    assert!(
        warung::services::Shop::open(&h.dir.path().join("shop.db"), common::clock())
            .unwrap()
            .doctor()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn partial_payment_of_a_credit_sale_from_the_receivables_tab() {
    let mut h = Harness::new(Lang::En);
    h.login("pemilik", "rahasia1");
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    h.type_text("0");
    h.key(KeyCode::Enter);
    scan(&mut h, "5*AQ-600");
    h.key(KeyCode::F(2));
    h.type_text("darto");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter); // on credit: 5 × 3.200 = 16.000, approved by the owner at the till
    assert_eq!(count(&h, "SELECT amount FROM receivables"), 16_000);
    h.key(KeyCode::Esc);
    h.alt('7');
    h.key(KeyCode::Tab);
    h.snapshot_both("receivables");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    h.type_text("6000"); // typed over what is owed, which it replaces
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Received Rp 6.000: INV/261123/0001 6.000"), "{screen}");
    assert!(screen.contains("owes Rp 10.000"), "{screen}");
    assert_eq!(count(&h, "SELECT paid FROM receivables"), 6_000);
    h.key(KeyCode::Char('s'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Closing balance") && screen.contains("10.000"), "{screen}");
}

#[test]
fn a_bad_amount_in_the_receivables_pay_dialog_is_said_in_indonesian() {
    let mut h = Harness::new(Lang::Id);
    h.login("pemilik", "rahasia1");
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    h.type_text("0");
    h.key(KeyCode::Enter);
    scan(&mut h, "5*AQ-600");
    h.key(KeyCode::F(2));
    h.type_text("darto");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.alt('7');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    h.type_text("12abc");
    h.key(KeyCode::Enter);
    // `screen` also fails on any English text.
    let screen = h.screen(80, 24);
    assert!(screen.contains("'12abc' bukan jumlah rupiah"), "{screen}");
    assert_eq!(count(&h, "SELECT paid FROM receivables"), 0);
}

#[test]
fn with_a_printer_set_the_receipt_prints_when_the_sale_completes() {
    let mut h = cashier(Lang::En);
    let printer = h.dir.path().join("printer.bin");
    let mut shop = warung::services::Shop::open(&h.dir.path().join("shop.db"), common::clock()).unwrap();
    let target = format!("file:{}", printer.display());
    shop.set_setting(&warung::services::Actor::command_line(), "printer.target", &target).unwrap();
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    let bytes = std::fs::read(&printer).unwrap();
    assert!(bytes.starts_with(b"\x1b@"), "ESC @ first");
    assert!(String::from_utf8_lossy(&bytes).contains("INV/261123/0001"));
}

#[test]
fn logging_out_parks_the_open_sale_for_the_next_user() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "2*AQ-600");
    h.ctrl('l');
    h.login("pemilik", "rahasia1");
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    h.type_text("0");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Scan or type a code"), "the till starts empty");
    h.key(KeyCode::F(4));
    assert!(h.screen(80, 24).contains("Open sale (kasir)"), "{}", h.screen(80, 24));
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("TOTAL Rp 7.000"));
}

#[test]
fn idle_lock_keeps_the_open_sale_for_the_same_cashier() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    scan(&mut h, "2*GLK-1KG");
    // Default: locks after 10 idle minutes, not before.
    h.clock.advance_ms(9 * 60_000);
    h.app.tick();
    assert!(h.app.actor().is_some());
    h.clock.advance_ms(60_000);
    h.app.tick();
    assert!(h.app.actor().is_none(), "locked");
    h.snapshot_both("idle_locked");
    // The name is filled in: the password alone logs back in, to the same sale.
    h.type_text("kasir123");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Gulaku 1kg") && screen.contains("Aqua 600ml"), "{screen}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM held_sales"), 0);
}

/// A cashier's sale of one Aqua, then ten idle minutes: the lock screen.
fn locked_with_a_sale() -> Harness {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    h.clock.advance_ms(10 * 60_000);
    h.app.tick();
    assert!(h.app.actor().is_none(), "locked");
    h
}

#[test]
fn idle_lock_then_someone_else_parks_the_open_sale() {
    let mut h = locked_with_a_sale();
    h.ctrl('u');
    h.key(KeyCode::BackTab);
    h.ctrl('u');
    h.login("pemilik", "rahasia1");
    assert_eq!(h.app.actor().unwrap().username, "pemilik");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM held_sales WHERE label = 'Open sale (kasir)'"), 1);
}

#[test]
fn idle_lock_can_be_switched_off() {
    let mut h = cashier(Lang::En);
    let owner = warung::services::Actor::command_line();
    h.other_process().set_setting(&owner, "security.idle_lock_minutes", "0").unwrap();
    h.app.tick();
    h.clock.advance_ms(24 * 60 * 60_000);
    h.app.tick();
    assert!(h.app.actor().is_some());
}

#[test]
fn quitting_parks_an_open_sale() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    h.ctrl('q');
    assert!(h.app.quit);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM held_sales"), 1);
}

/// A scanner's burst: the code's characters and Enter, with no pause between them.
fn burst(h: &mut Harness, code: &str) {
    let events: Vec<Event> = code
        .chars()
        .map(KeyCode::Char)
        .chain(std::iter::once(KeyCode::Enter))
        .map(|c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE)))
        .collect();
    for event in &events {
        h.app.handle_event(event);
    }
}

#[test]
fn a_scan_into_the_opening_float_is_never_the_float() {
    let mut h = Harness::new(Lang::En);
    h.login("kasir", "kasir123");
    // The first scan of the day, then 20 more without a pause.
    for _ in 0..21 {
        burst(&mut h, "089686010947");
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM shifts"), 0);
    let screen = h.screen(80, 24);
    assert!(screen.contains("That was a scan"), "{screen}");
    assert!(screen.contains("open the shift first"), "{screen}");
    assert!(!screen.contains("> 089686010947"), "the input is cleared: {screen}");
    h.snapshot_both("till_scan_into_float");
    h.type_text("200000");
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT opening_float FROM shifts"), 200_000);
    burst(&mut h, "089686010947");
    assert!(h.screen(80, 24).contains("TOTAL Rp 3.500"));
}

#[test]
fn a_scan_into_the_payment_box_never_completes_the_sale() {
    let mut h = cashier(Lang::En);
    burst(&mut h, "089686010947");
    h.key(KeyCode::F(12));
    for _ in 0..20 {
        burst(&mut h, "089686010947");
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales"), 0);
    let screen = h.screen(80, 24);
    assert!(screen.contains("That was a scan, not an amount"), "{screen}");
    // An EAN-8 read as rupiah is under the typed-amount bound: the change gives it away.
    burst(&mut h, "96385070");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales"), 0);
    assert!(h.screen(80, 24).contains("change would be over Rp"), "{}", h.screen(80, 24));
    // The amount is back to what is due: Enter takes it exactly.
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT SUM(amount) FROM sale_payments"), 3_500);
    assert_eq!(count(&h, "SELECT change_due FROM sales"), 0);
}

#[test]
fn twenty_scans_without_pause_then_an_unknown_one_then_good_ones() {
    let mut h = cashier(Lang::En);
    for _ in 0..20 {
        burst(&mut h, "089686010947");
    }
    burst(&mut h, "9999999999999");
    for _ in 0..3 {
        burst(&mut h, "089686010343");
    }
    let screen = h.screen(80, 24);
    assert!(screen.contains("TOTAL Rp 75.600"), "20 × 3.300 + 3 × 3.200: {screen}");
}

#[test]
fn a_typed_price_replaces_the_prefilled_one() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "GLK-1KG");
    h.key(KeyCode::F(3));
    h.type_text("16000");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("16.000*"), "{screen}");
    assert!(screen.contains("TOTAL Rp 16.000"), "{screen}");
    // Above the typed-amount bound: refused; at it: shown whole, never cut off.
    h.key(KeyCode::F(3));
    h.type_text("10000000001");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("above Rp 10.000.000.000"), "{}", h.screen(80, 24));
    h.type_text("999999999");
    h.key(KeyCode::Enter);
    for (width, height) in [(80, 24), (48, 20)] {
        let screen = h.screen(width, height);
        assert!(screen.contains("999.999.999"), "{screen}");
    }
}

#[test]
fn an_approval_on_an_empty_till_does_not_let_a_discount_through() {
    let mut h = cashier(Lang::En);
    // F9 on an empty till: the approval is for a return, nothing else.
    h.key(KeyCode::F(9));
    assert!(h.screen(80, 24).contains("For: a return"));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    scan(&mut h, "2*AQ-600");
    h.key(KeyCode::F(8));
    h.key(KeyCode::Tab);
    h.type_text("50%");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    assert!(h.screen(80, 24).contains("sale discount 50.0%: needs a manager's approval"));
    // Asked for that discount, it is approved and the audit row of the sale says so.
    h.key(KeyCode::F(9));
    assert!(h.screen(80, 24).contains("For: sale discount 50.0%"));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT total FROM sales"), 3_500);
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    let after: String =
        conn.query_row("SELECT after FROM audit_log WHERE action = 'sale.complete'", [], |r| r.get(0)).unwrap();
    assert_eq!(after, "total 3500; approved by pemilik: sale discount 50.0%");
}

#[test]
fn hold_and_resume_keep_the_approval_and_the_part_payment() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "2*AQ-600");
    h.key(KeyCode::F(8));
    h.key(KeyCode::Tab);
    h.type_text("50%");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(9));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // QRIS
    h.type_text("1000");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(4));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM held_sales"), 1);
    h.key(KeyCode::F(4));
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("✓"), "the approval came back: {screen}");
    h.key(KeyCode::F(12));
    let screen = h.screen(80, 24);
    assert!(screen.contains("QRIS") && screen.contains("Rp 1.000"), "{screen}");
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales"), 1);
    assert_eq!(count(&h, "SELECT amount FROM sale_payments WHERE method = 'qris'"), 1_000);
    assert_eq!(count(&h, "SELECT amount FROM sale_payments WHERE method = 'cash'"), 2_500);
}

#[test]
fn the_void_asks_for_a_reason_in_a_visible_dialog_and_refuses_one_letter() {
    let mut h = Harness::logged_in(Lang::En);
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    h.type_text("0");
    h.key(KeyCode::Enter);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(11));
    h.key(KeyCode::Char('v'));
    h.key(KeyCode::Char('v'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Void INV/261123/0001") && screen.contains("> v"), "{screen}");
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales WHERE status = 'void'"), 0);
    assert!(h.screen(80, 24).contains("at least 4 letters"), "{}", h.screen(80, 24));
    h.snapshot_both("till_void_reason");
    h.type_text("oops, salah input");
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales WHERE status = 'void'"), 1);
}

#[test]
fn deleting_the_last_line_clears_the_customer() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(2));
    h.type_text("darto");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Warung Pak Darto"));
    h.key(KeyCode::Delete);
    let screen = h.screen(80, 24);
    assert!(screen.contains("No customer (F2)") && screen.contains("customer cleared"), "{screen}");
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales WHERE customer_id IS NULL"), 1);
}

#[test]
fn scans_at_the_lock_screen_are_no_passwords_and_esc_never_quits() {
    let mut h = locked_with_a_sale();
    for _ in 0..6 {
        burst(&mut h, "089686010947");
    }
    let screen = h.screen(80, 24);
    assert!(screen.contains("That was a scan"), "{screen}");
    assert_eq!(count(&h, "SELECT failed_logins FROM users WHERE username = 'kasir'"), 0);
    h.key(KeyCode::Esc);
    assert!(!h.app.quit, "Esc on the lock screen does not quit");
    h.type_text("kasir123");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("Aqua 600ml"));
}

#[test]
fn scans_at_the_login_screen_are_no_passwords() {
    let mut h = Harness::new(Lang::En);
    // The first scan is said at once, and the name field stays ready for the name.
    burst(&mut h, "089686010947");
    let screen = h.screen(80, 24);
    assert!(screen.contains("That was a scan: 089686010947"), "{screen}");
    h.type_text("kasir");
    h.key(KeyCode::Tab);
    h.type_text("kasir123");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.module(), Module::Cashier, "{}", h.screen(80, 24));
    h.ctrl('l');
    for _ in 0..20 {
        burst(&mut h, "089686010947");
    }
    assert!(h.screen(80, 24).contains("That was a scan"));
    assert_eq!(count(&h, "SELECT COALESCE(SUM(failed_logins), 0) FROM users"), 0);
    h.login("kasir", "kasir123");
    assert_eq!(h.app.module(), Module::Cashier);
}

#[test]
fn selling_beyond_stock_warns_or_is_refused_as_the_shop_says() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "AQ-600");
    assert!(h.screen(80, 24).contains("warning: only 0 in stock"), "{}", h.screen(80, 24));
    // A longer name wraps the warning onto a second row at 48 columns: nothing is cut.
    scan(&mut h, "089686010947");
    h.snapshot_both("till_oversell");
    let narrow = h.screen(48, 20);
    assert!(narrow.contains("Indomie Goreng 85g × 1 · warning: only 0 in\nstock"), "{narrow}");
    let owner = warung::services::Actor::command_line();
    h.other_process().set_setting(&owner, "stock.oversell", "refuse").unwrap();
    h.key(KeyCode::Delete);
    h.key(KeyCode::Delete);
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    scan(&mut h, "AQ-600");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Not added: Aqua 600ml: only 0 in stock"), "{screen}");
    assert!(screen.contains("Items 0"), "{screen}");
}

/// A static QRIS as a bank prints it (short merchant fields), with its CRC.
fn static_qris() -> String {
    let body = "00020101021126240014ID.CO.QRIS.WWW0102015204541153033605802ID5908TOKOMAJU6007JAKARTA6304";
    format!("{body}{:04X}", warung::domain::qris::crc16(body.as_bytes()))
}

/// The QR drawn in half blocks on `screen`, read back by a QR decoder as a phone would.
fn decode_screen_qr(screen: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let is_block = |c: &char| matches!(c, '█' | '▀' | '▄');
    let qr_rows: Vec<usize> = (0..rows.len()).filter(|y| rows[*y].iter().any(is_block)).collect();
    let (top, bottom) = (qr_rows[0], *qr_rows.last().unwrap());
    let left = qr_rows.iter().filter_map(|y| rows[*y].iter().position(is_block)).min().unwrap();
    let right = qr_rows.iter().filter_map(|y| rows[*y].iter().rposition(is_block)).max().unwrap();
    let (scale, border) = (6u32, 8u32);
    let (w, h) = ((right - left + 1) as u32, 2 * (bottom - top + 1) as u32);
    let image = image::GrayImage::from_fn((w + 2 * border) * scale, (h + 2 * border) * scale, |px, py| {
        let (mx, my) = (px / scale, py / scale);
        let dark = mx >= border && my >= border && mx < w + border && my < h + border && {
            let (x, y) = ((mx - border) as usize + left, (my - border) as usize);
            let cell = rows[top + y / 2].get(x).copied().unwrap_or(' ');
            matches!((cell, y % 2), ('█', _) | ('▀', 0) | ('▄', 1))
        };
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR on the screen:\n{screen}");
    grids[0].decode().unwrap().1
}

#[test]
fn qris_shows_a_qr_for_the_exact_amount_that_a_phone_can_read() {
    let mut h = cashier(Lang::En);
    let owner = warung::services::Actor::command_line();
    let printer = h.dir.path().join("printer.bin");
    let mut shop = h.other_process();
    shop.set_setting(&owner, "qris.payload", &static_qris()).unwrap();
    shop.set_setting(&owner, "printer.target", &format!("file:{}", printer.display())).unwrap();
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    scan(&mut h, "2*AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // QRIS
    h.snapshot_both("till_qris");
    let content = decode_screen_qr(&h.screen(80, 24));
    assert!(content.starts_with("000201010212"), "dynamic: {content}");
    assert_eq!(warung::domain::qris::amount_of(&content), Ok(Some(warung::domain::Money::new(7_000))));
    // Too small a window says so instead of drawing a QR no phone can read.
    assert!(h.screen(48, 20).contains("The QR needs"), "{}", h.screen(48, 20));
    // Enter confirms the money came.
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT amount FROM sale_payments WHERE method = 'qris'"), 7_000);
    // The receipt carries the same QR, sent with the printer's QR command (GS ( k).
    let bytes = std::fs::read(&printer).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"\x1d(k") && has(content.as_bytes()), "ESC/POS QR of {content}");
}

#[test]
fn a_damaged_or_foreign_qris_payload_is_refused_when_saved() {
    let h = cashier(Lang::En);
    let owner = warung::services::Actor::command_line();
    let mut shop = h.other_process();
    let damaged = static_qris().replace("TOKOMAJU", "TOKOMAJA");
    let err = shop.set_setting(&owner, "qris.payload", &damaged).unwrap_err().to_string();
    assert!(err.contains("CRC"), "{err}");
    let err = shop.set_setting(&owner, "qris.payload", "https://pay.example.com").unwrap_err().to_string();
    assert!(err.contains("not a QRIS payload"), "{err}");
    assert_eq!(shop.setting("qris.payload").unwrap(), "");
}

/// The till with points on (a point per Rp 1.000) and the member card of Bu Sri.
fn till_with_points() -> (Harness, String) {
    let mut h = cashier(Lang::En);
    let owner = warung::services::Actor::command_line();
    let mut shop = h.other_process();
    shop.set_setting(&owner, "points.enabled", "yes").unwrap();
    shop.set_setting(&owner, "points.rupiah_per_point", "1000").unwrap();
    let sri = shop.customer(1).unwrap().code;
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    (h, sri)
}

#[test]
fn a_member_earns_points_sees_them_and_pays_with_them() {
    let (mut h, sri) = till_with_points();
    scan(&mut h, "4*AQ-600"); // 14.000: 14 points
    scan(&mut h, &sri); // the member card
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT points FROM customers WHERE id = 1"), 14);
    // What the sale earned stays in view under the change, however long the receipt.
    h.snapshot_both("till_member_receipt");
    for (w, ht) in [(80, 24), (48, 20)] {
        assert!(h.screen(w, ht).contains("Points +14 -0 · balance 14"), "{}", h.screen(w, ht));
    }
    scan(&mut h, "4*AQ-600");
    h.key(KeyCode::F(2));
    h.type_text("sri");
    h.key(KeyCode::Enter);
    // Whole at both sizes: at 48 columns the points take a row of their own.
    for (w, ht) in [(80, 24), (48, 20)] {
        assert!(h.screen(w, ht).contains("points 14 (Rp 1.400)"), "{}", h.screen(w, ht));
    }
    h.snapshot_both("till_member_points");
    h.key(KeyCode::F(12));
    for _ in 0..4 {
        h.key(KeyCode::Tab); // cash → transfer → QRIS → credit → points
    }
    let screen = h.screen(80, 24);
    assert!(screen.contains("Points") && screen.contains("1400"), "{screen}");
    // More than the balance is refused.
    h.type_text("2000");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("only 14 points"), "{}", h.screen(80, 24));
    h.key(KeyCode::Enter); // back at 1.400: 14 points pay
    h.key(KeyCode::Tab); // cash, the rest
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sales"), 2, "{}", h.screen(80, 24));
    assert_eq!(count(&h, "SELECT amount FROM sale_payments WHERE method = 'points'"), 1_400);
    assert_eq!(count(&h, "SELECT points FROM customers WHERE id = 1"), 0, "no earning while redeeming");
    let shop = h.other_process();
    let receipt = shop.render_receipt(shop.sale_id_by_invoice("INV/261123/0002").unwrap(), None).unwrap();
    assert!(receipt.contains("Poin +0 -14") && receipt.contains("saldo 0"), "{receipt}");
    assert!(h.other_process().doctor().unwrap().is_empty());
}

#[test]
fn a_member_card_wins_over_an_item_whose_name_search_matches_its_code() {
    let mut h = cashier(Lang::En);
    let owner = warung::services::Actor::command_line();
    let mut shop = h.other_process();
    let sri = shop.customer(1).unwrap().code; // M00001
    let item = warung::domain::master::ItemForm {
        sku: "MNM-00001".into(),
        name: "Aqua 1500ml".into(),
        price: "7000".into(),
        ..Default::default()
    };
    shop.create_item(&owner, &item).unwrap();
    h.app.run(warung::tui::action::Action::GoTo(Module::Cashier));
    burst(&mut h, &sri);
    let screen = h.screen(80, 24);
    assert!(screen.contains("M00001 Bu Sri") && screen.contains("Items 0"), "{screen}");
}

#[test]
fn a_return_gives_back_as_points_what_points_paid_and_the_rest_in_cash() {
    let (mut h, sri) = till_with_points();
    for _ in 0..2 {
        scan(&mut h, "4*AQ-600"); // 14.000
        scan(&mut h, &sri);
        h.key(KeyCode::F(12));
        if count(&h, "SELECT points FROM customers WHERE id = 1") > 0 {
            for _ in 0..4 {
                h.key(KeyCode::Tab); // to points: 14 points pay Rp 1.400
            }
            h.key(KeyCode::Enter);
            h.key(KeyCode::Tab); // cash, the other 12.600
        }
        h.key(KeyCode::Enter);
    }
    assert_eq!(count(&h, "SELECT amount FROM sale_payments WHERE method = 'points'"), 1_400);
    // One bottle of the second sale comes back, approved with the manager's PIN.
    h.key(KeyCode::F(9));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(11));
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Char('+'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("INV/261123/0002 · refund: cash + points"), "{screen}");
    h.key(KeyCode::Enter);
    h.type_text("bocor");
    h.key(KeyCode::Enter);
    // 3.500 back: 12.600/14.000 of it in cash (3.150), the 350 points paid as 4 points.
    let screen = h.screen(80, 24);
    assert!(screen.contains("refund Rp 3.150 · points back 4"), "{screen}");
    // At 48 columns the message wraps; nothing of it is cut.
    let narrow = h.screen(48, 20);
    assert!(narrow.contains("points back 4"), "{narrow}");
    assert_eq!(count(&h, "SELECT points FROM customers WHERE id = 1"), 4);
    assert_eq!(count(&h, "SELECT amount - points_amount FROM sale_returns"), 3_150);
    assert!(h.other_process().doctor().unwrap().is_empty());
}

#[test]
fn a_line_discount_stays_in_view_at_48_columns_so_the_row_adds_up() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "2*AQ-600");
    h.key(KeyCode::F(8));
    h.type_text("500");
    h.key(KeyCode::Enter);
    h.snapshot_both("till_line_discount");
    // 2 × 3.500 − 500 = 6.500, every figure of it on the row.
    for (w, ht) in [(80, 24), (48, 20)] {
        let screen = h.screen(w, ht);
        let row = screen.lines().find(|l| l.contains("Aqua")).unwrap();
        let figures: Vec<&str> =
            row.split_whitespace().filter(|t| t.chars().all(|c| c.is_ascii_digit() || c == '.')).collect();
        assert!(figures.ends_with(&["2", "3.500", "500", "6.500"]), "{screen}");
    }
}

#[test]
fn an_exact_cash_sale_is_scans_f12_enter_and_the_till_is_ready_at_once() {
    let mut h = cashier(Lang::En);
    for code in ["089686010947", "089686010343", "AQ-600", "GLK-1KG"] {
        burst(&mut h, code);
    }
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT total FROM sales"), 27_700);
    // The receipt needs no dismissing: the next customer's first scan goes straight in.
    burst(&mut h, "AQ-600");
    let screen = h.screen(80, 24);
    assert!(screen.contains("TOTAL Rp 3.500") && !screen.contains("CHANGE"), "{screen}");
}

#[test]
fn an_approval_for_a_return_is_used_up_by_that_return() {
    let mut h = cashier(Lang::En);
    scan(&mut h, "3*AQ-600");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(9));
    h.type_text("1234");
    h.key(KeyCode::Enter);
    let take_one_back = |h: &mut Harness| {
        h.key(KeyCode::F(11));
        h.key(KeyCode::Char('r'));
        h.key(KeyCode::Char('+'));
        h.key(KeyCode::Enter);
        h.type_text("bocor");
        h.key(KeyCode::Enter);
        let screen = h.screen(80, 24);
        h.key(KeyCode::Esc);
        h.key(KeyCode::Esc);
        screen
    };
    let first = take_one_back(&mut h);
    assert!(first.contains("refund Rp 3.500"), "{first}");
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    let after: String =
        conn.query_row("SELECT after FROM audit_log WHERE action = 'sale.return'", [], |r| r.get(0)).unwrap();
    assert!(after.contains("approved by pemilik"), "{after}");
    let second = take_one_back(&mut h);
    assert!(second.contains("needs a manager's or owner's approval"), "{second}");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM sale_returns"), 1);
}

#[test]
fn an_indonesian_approval_names_what_it_covers_in_indonesian_and_audits_in_english() {
    let mut h = cashier(Lang::Id);
    scan(&mut h, "2*AQ-600");
    h.key(KeyCode::F(2));
    h.type_text("darto");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(8));
    h.key(KeyCode::Tab);
    h.type_text("50%");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    let screen = h.screen(80, 24);
    assert!(screen.contains("diskon penjualan 50,0%: perlu persetujuan manajer sebelum bayar: F9"), "{screen}");
    // Darto's credit limit is 0: F9 asks for the credit too, should the sale go on credit.
    h.key(KeyCode::F(9));
    h.snapshot_both("till_approval_id");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Untuk: diskon penjualan 50,0%, kredit untuk"), "{screen}");
    assert!(screen.contains("Warung Pak Darto melebihi limit Rp 0"), "{screen}");
    h.type_text("1234");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Disetujui oleh pemilik: diskon penjualan 50,0%, kredit untuk"), "{screen}");
    for english in ["sale discount", "credit for", "above the limit"] {
        assert!(!screen.contains(english), "{english}: {screen}");
    }
    h.key(KeyCode::F(12));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT amount FROM receivables"), 3_200);
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    let after: String =
        conn.query_row("SELECT after FROM audit_log WHERE action = 'sale.complete'", [], |r| r.get(0)).unwrap();
    assert_eq!(
        after,
        "total 3200; approved by pemilik: sale discount 50.0%, credit for Warung Pak Darto above the limit of 0"
    );
}
