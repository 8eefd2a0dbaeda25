//! Every screen state declares its keys once: F1, the hint lines and what a key
//! does come from that table. Here each state of the cashier, master data, reports,
//! settings, the dashboard and the login is visited and every key its table lacks
//! is pressed: none may change the screen. (`snapshot_both` checks the tables of
//! every snapshotted state too: no press in two entries, no key in hint words.)

mod common;

use common::Harness;
use crossterm::event::KeyCode;
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
