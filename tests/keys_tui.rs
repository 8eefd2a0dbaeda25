//! Every screen state declares its keys once: F1, the hint lines and what a key
//! does come from that table. Here each state of the cashier, master data, reports,
//! settings, the dashboard, stock-taking, purchases, customers & CRM, messages and
//! the login is visited and every key its table lacks is pressed: none may change
//! the screen. (`snapshot_both` checks the tables of
//! every snapshotted state too: no press in two entries, no key in hint words.)

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::services::Actor;
use warung::tui::action::Module;
use warung::tui::i18n::Lang;

fn scan(h: &mut Harness, code: &str) {
    h.type_text(code);
    h.key(KeyCode::Enter);
}

#[test]
fn login_form() {
    let mut h = Harness::new(Lang::Id);
    h.assert_undeclared_keys_do_nothing("login");
}

#[test]
fn the_till_and_its_dialogs() {
    let mut h = Harness::new(Lang::En);
    h.login("kasir", "kasir123");
    assert_eq!(h.app.module(), Module::Cashier);
    h.assert_undeclared_keys_do_nothing("open shift prompt");
    h.type_text("200000");
    h.key(KeyCode::Enter);
    h.assert_undeclared_keys_do_nothing("empty till");
    scan(&mut h, "AQ-600");
    scan(&mut h, "IDM-GRG");
    h.assert_undeclared_keys_do_nothing("till with lines");
    h.type_text("gul");
    h.assert_undeclared_keys_do_nothing("till searching names");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(8));
    h.assert_undeclared_keys_do_nothing("discount prompt");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(2));
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("customer picker");
    h.key(KeyCode::Insert);
    h.assert_undeclared_keys_do_nothing("quick customer form");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(12));
    h.assert_undeclared_keys_do_nothing("payment");
    h.key(KeyCode::Enter);
    // Over the receipt any other key starts the next sale (its table says so): only
    // the table itself is checked.
    h.assert_key_table_sound("receipt");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(11));
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("sales history");
    h.key(KeyCode::Enter);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a receipt in the history");
    h.key(KeyCode::Esc);
    h.type_text("r");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a return");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(4));
    h.app.wait_background();
    h.key(KeyCode::F(4));
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("held sales");
}

#[test]
fn master_data_lists_forms_and_labels() {
    let mut h = Harness::logged_in(Lang::Id);
    h.alt('4');
    h.assert_undeclared_keys_do_nothing("items");
    h.type_text("/");
    h.assert_undeclared_keys_do_nothing("items filter");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.assert_undeclared_keys_do_nothing("item form");
    h.key(KeyCode::Esc);
    h.type_text("l");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("labels dialog");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("customers");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("categories");
}

#[test]
fn reports_list_fields_table_filter_and_export() {
    let mut h = Harness::logged_in(Lang::Id);
    h.alt('6');
    h.assert_undeclared_keys_do_nothing("report list");
    h.key(KeyCode::Tab);
    h.assert_undeclared_keys_do_nothing("a date field");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a loaded report");
    h.type_text("/");
    h.assert_undeclared_keys_do_nothing("the report's filter");
    h.key(KeyCode::Esc);
    h.type_text("e");
    h.assert_undeclared_keys_do_nothing("export prompt");
}

#[test]
fn settings_and_dashboard() {
    let mut h = Harness::logged_in(Lang::En);
    h.assert_undeclared_keys_do_nothing("dashboard");
    h.alt('9');
    h.assert_undeclared_keys_do_nothing("settings");
    h.key(KeyCode::Enter);
    h.assert_undeclared_keys_do_nothing("a setting being edited");
}

#[test]
fn stock_taking_without_a_count_and_its_dialogs() {
    let mut h = Harness::logged_in(Lang::Id);
    h.alt('5');
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("no count");
    h.type_text("n");
    h.assert_undeclared_keys_do_nothing("start a count");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(6));
    h.assert_undeclared_keys_do_nothing("adjust stock");
}

#[test]
fn purchases_views_and_their_dialogs() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("receive, nothing yet");
    // Shift+Tab goes back a view, as in the other modules.
    h.key(KeyCode::BackTab);
    h.app.wait_background();
    assert!(h.screen(80, 24).contains("r return goods"), "{}", h.screen(80, 24));
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.type_text("AQ");
    h.assert_undeclared_keys_do_nothing("receive, typing a code");
    h.ctrl('u');
    h.key(KeyCode::F(2));
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("supplier picker");
    h.type_text("indo");
    h.app.wait_background();
    h.key(KeyCode::Enter);
    scan(&mut h, "10*089686010947");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a line's quantity and cost");
    h.key(KeyCode::Tab);
    h.ctrl('u');
    h.type_text("3000");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("1 lines"), "{}", h.screen(80, 24));
    h.assert_undeclared_keys_do_nothing("receive, a line");
    scan(&mut h, "indomie");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("items found by name");
    h.key(KeyCode::Esc);
    scan(&mut h, "NEW-1");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("an unknown code's new item");
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(12));
    h.assert_undeclared_keys_do_nothing("finish the purchase");
    h.type_text("F-1");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // on credit
    h.key(KeyCode::Enter);
    h.app.wait_background();
    assert!(h.screen(80, 24).contains("Received PB-000001"), "{}", h.screen(80, 24));
    h.assert_undeclared_keys_do_nothing("received, labels one key away");
    h.key(KeyCode::F(9));
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("labels for the purchase");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("suppliers owed");
    through_one_partys_debts(&mut h, "supplier");
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("purchase history");
    h.type_text("r");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a return, its quantity");
    h.key(KeyCode::Tab);
    h.assert_undeclared_keys_do_nothing("a return, its reason");
}

/// From the list of who owes (or is owed): one party's open invoices, paying them and
/// their statement, and back to the list. Receivables and payables share these keys.
fn through_one_partys_debts(h: &mut Harness, party: &str) {
    h.key(KeyCode::Enter);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing(&format!("a {party}'s open invoices"));
    h.type_text("p");
    h.assert_undeclared_keys_do_nothing(&format!("paying a {party}"));
    h.key(KeyCode::Esc);
    h.type_text("s");
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing(&format!("a {party}'s statement"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.app.wait_background();
}

/// Bu Sri owes for a sale on credit.
fn customer_owing(h: &Harness) {
    use warung::domain::PaymentMethod;
    use warung::domain::cart::Cart;
    use warung::services::checkout::{CheckoutRequest, Tender};
    let mut shop = h.other_process();
    let (item, _) = shop.lookup_code("GLK-1KG").unwrap().unwrap();
    let mut cart = Cart::default();
    cart.add(item, warung::domain::Qty::from_units(1)).unwrap();
    cart.set_customer(Some(shop.cart_customer(1).unwrap()));
    let total = shop.cart_totals(&cart).unwrap().total;
    let credit = Tender { method: PaymentMethod::Credit, amount: total, reference: String::new() };
    let request = CheckoutRequest { cart, payments: vec![credit], due_date: None, approval: None };
    shop.checkout(&Actor::command_line(), &request).unwrap();
}

#[test]
fn customers_receivables_segments_health_and_recommendations() {
    let mut h = Harness::logged_in(Lang::Id);
    customer_owing(&h);
    h.alt('7');
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("customers");
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("who owes");
    through_one_partys_debts(&mut h, "customer");
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("no segmentation yet");
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("health");
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("recommendations");
}

#[test]
fn segments_and_a_segments_customers() {
    let mut h = Harness::logged_in(Lang::En);
    let mut shop = h.other_process();
    let mut csv = String::from("invoice,date,sku,qty,price,customer_code,customer_phone,customer_name\n");
    let customers = [("C1", "Bu Ani", 12, 2), ("C2", "Pak Budi", 2, 120), ("C3", "Bu Citra", 1, 300)];
    for (code, name, visits, days_ago_last) in customers {
        for v in 0..visits {
            let day = common::TODAY - jiff::Span::new().days(days_ago_last + v * 7);
            csv.push_str(&format!("{code}-{v},{day},GLK-1KG,1,17500,{code},,{name}\n"));
        }
    }
    let options = warung::services::import::sales::SalesImportOptions::default();
    shop.import_sales(&Actor::command_line(), csv.as_bytes(), &options).unwrap();
    shop.segment(&Actor::command_line(), warung::services::segments::KRequest::Fixed(2), None).unwrap();
    h.alt('7');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("segments");
    h.key(KeyCode::Enter);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a segment's customers");
}

/// The fixture shop with a sent campaign (one message failed), a message from Bu Sri
/// and the Fonnte channel halted.
fn shop_with_messages() -> Harness {
    let h = Harness::new(Lang::En);
    let mut shop = h.other_process();
    let owner = Actor::command_line();
    let campaign = shop.create_campaign(&owner, "Promo Gajian", None, "promo", 0).unwrap();
    shop.send_campaign(&owner, campaign.id).unwrap();
    let db = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    db.execute_batch(
        "UPDATE outbox SET status = 'failed', attempts = 2, last_error = 'HTTP 503 from fonnte' WHERE id = 1;
         INSERT INTO inbox (received_at, provider, phone, customer_id, body, provider_id)
              SELECT created_at, 'fonnte', phone, customer_id, 'Stok beras masih ada?', 'in-1' FROM outbox WHERE id = 1;
         INSERT INTO channel_state VALUES ('fonnte', (SELECT created_at FROM outbox WHERE id = 1), 'token refused (401)', 0);",
    )
    .unwrap();
    h
}

#[test]
fn messages_tabs_and_their_dialogs() {
    let mut h = shop_with_messages();
    h.login("pemilik", "rahasia1");
    h.alt('8');
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("outbox, a channel halted");
    h.key(KeyCode::Enter);
    h.assert_undeclared_keys_do_nothing("a message's text");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("inbox");
    h.key(KeyCode::Enter);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a conversation");
    h.type_text("Ada, Bu");
    h.assert_undeclared_keys_do_nothing("a conversation, answering");
    // The list's keys are letters of the answer here (R resumes a channel at the list).
    h.type_text(" R");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Ada, Bu R") && screen.contains("halted"), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("templates");
    h.key(KeyCode::Enter);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a template being edited");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Tab);
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("campaigns");
    h.type_text("n");
    h.assert_undeclared_keys_do_nothing("a new campaign");
    h.type_text("Promo Akhir Tahun");
    h.ctrl('s');
    h.app.wait_background();
    h.assert_undeclared_keys_do_nothing("a new campaign's audience and cost");
    h.key(KeyCode::Enter);
    h.app.wait_background();
    let draft = h.screen(80, 24);
    assert!(draft.contains("Promo Akhir Tahun"), "{draft}");
    // The draft is the newest: first.
    h.key(KeyCode::Home);
    h.type_text("s");
    assert!(h.screen(80, 24).contains("Send campaign?"), "{}", h.screen(80, 24));
    h.assert_undeclared_keys_do_nothing("sending a campaign");
}
