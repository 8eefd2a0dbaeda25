//! A WhatsApp order rung up at the till: F10 lists the open orders, Enter loads one
//! for its customer, paying completes the order and links its invoice.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::clock::Clock;
use warung::services::Actor;
use warung::tui::i18n::Lang;

fn count(h: &Harness, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn f10_loads_a_whatsapp_order_and_paying_completes_it() {
    let mut h = Harness::new(Lang::Id);
    let mut phone = h.other_process();
    phone.set_setting(&Actor::command_line(), "assistant.enabled", "yes").unwrap();
    phone.assistant_test("pesan 2 indomie goreng, 1 gulaku", "0812-3456-789", true).unwrap();
    phone.assistant_test("ya", "0812-3456-789", true).unwrap();
    h.login("kasir", "kasir123");
    h.type_text("200000");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(10));
    h.snapshot_both("till_whatsapp_orders");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Bu Sri") && screen.contains("Indomie Goreng") && screen.contains("Gulaku"), "{screen}");
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("INV/261123/0001"));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM orders WHERE status = 'completed' AND sale_id = 1"), 1);
    assert_eq!(count(&h, "SELECT total FROM sales WHERE id = 1"), 2 * 3_500 + 17_500);
    // The order report links the invoice; the sale is in Bu Sri's history.
    let report = |name: &str| {
        let out = common::warung(&h.dir.path().join("shop.db")).args(["report", name]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let orders = report("orders");
    assert!(orders.lines().nth(1).is_some_and(|l| l.ends_with(",completed,2,24500,INV/261123/0001")), "{orders}");
    let customers = report("customers");
    let sri = customers.lines().find(|l| l.contains("Bu Sri")).unwrap();
    assert!(sri.contains(",2026-11-23,1,24500,"), "first and last purchase today, one order of Rp 24.500: {sri}");
    // Nothing is left to ring up.
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(10));
    assert!(h.screen(80, 24).contains("Tidak ada pesanan WhatsApp"), "{}", h.screen(80, 24));
}

#[test]
fn the_inbox_opens_the_conversation_and_the_owner_answers_by_hand() {
    let mut h = Harness::logged_in(Lang::Id);
    let mut phone = h.other_process();
    let now = h.clock.now_ms();
    phone.record_inbound("whatsapp_cloud", "628123456789", "Bu, beras 5kg ada?", Some("wamid.t1"), now).unwrap();
    h.alt('8');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.type_text("Ada, Bu. Mau diantar?");
    h.key(KeyCode::Enter);
    h.snapshot_both("messages_conversation_reply");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM outbox WHERE kind = 'reply' AND body = 'Ada, Bu. Mau diantar?'"), 1);
    h.key(KeyCode::Esc);
    assert!(!h.screen(80, 24).contains("Percakapan"));
}
