//! The TUI driven with key events and rendered into ratatui's TestBackend,
//! snapshotted at 80x24 and 48x20.

use std::path::Path;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warung::clock::FixedClock;
use warung::domain::Role;
use warung::domain::master::{CustomerForm, ItemForm, SupplierForm};
use warung::services::{Actor, Shop};
use warung::store::items::ItemFilter;
use warung::tui::App;
use warung::tui::action::Module;
use warung::tui::i18n::Lang;
use warung::tui::theme::Theme;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)))
}

fn fixture_shop(path: &Path) -> Shop {
    let mut shop = Shop::open(path, clock()).unwrap();
    let owner = Actor::command_line();
    shop.add_user(&owner, "pemilik", "Bu Ani", Role::Owner, "rahasia1").unwrap();
    shop.add_user(&owner, "kasir", "Sari", Role::Cashier, "kasir123").unwrap();
    shop.set_setting(&owner, "store.name", "Toko Maju").unwrap();
    let items = [
        ("IDM-GRG", "Indomie Goreng 85g", "Mi Instan", "3500", "3300", "089686010947"),
        ("IDM-SOTO", "Indomie Soto 70g", "Mi Instan", "3200", "", "089686010343"),
        ("AQ-600", "Aqua 600ml", "Minuman", "3500", "3200", ""),
        ("GLK-1KG", "Gulaku 1kg", "Sembako", "17500", "17000", ""),
        ("BML-2L", "Bimoli 2L", "Sembako", "38500", "", ""),
    ];
    for (sku, name, category, price, w1, barcode) in items {
        let form = ItemForm {
            sku: sku.into(),
            name: name.into(),
            category: category.into(),
            price: price.into(),
            price_wholesale1: w1.into(),
            min_qty_wholesale1: if w1.is_empty() { String::new() } else { "10".into() },
            barcode: barcode.into(),
            ..Default::default()
        };
        shop.create_item(&owner, &form).unwrap();
    }
    for (name, phone, tier) in [("Bu Sri", "0812-3456-789", "retail"), ("Warung Pak Darto", "0856 1111 2222", "wholesale1")] {
        let form = CustomerForm { name: name.into(), phone: phone.into(), tier: tier.into(), wa_opt_in: "yes".into(), ..Default::default() };
        shop.create_customer(&owner, &form).unwrap();
    }
    shop.create_supplier(&owner, &SupplierForm { name: "PT Indofood".into(), phone: "021-5551234".into(), address: "Jakarta".into() }).unwrap();
    shop
}

struct Harness {
    app: App,
    dir: tempfile::TempDir,
}

impl Harness {
    fn new(lang: Lang) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let shop = fixture_shop(&dir.path().join("shop.db"));
        let app = App::new(shop, lang, Theme::load("default", false).unwrap(), None).unwrap();
        Harness { app, dir }
    }

    fn logged_in(lang: Lang) -> Harness {
        let mut h = Harness::new(lang);
        h.login("pemilik", "rahasia1");
        h
    }

    /// A second connection to the same file, as another process would have.
    fn other_process(&self) -> Shop {
        Shop::open(&self.dir.path().join("shop.db"), clock()).unwrap()
    }

    fn key(&mut self, code: KeyCode) {
        self.app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn ctrl(&mut self, c: char) {
        self.app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    fn alt(&mut self, c: char) {
        self.app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn login(&mut self, user: &str, password: &str) {
        self.type_text(user);
        self.key(KeyCode::Enter);
        self.type_text(password);
        self.key(KeyCode::Enter);
    }

    fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| self.app.render(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let line: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    fn snapshot_both(&self, name: &str) {
        insta::assert_snapshot!(format!("{name}_80x24"), self.screen(80, 24));
        insta::assert_snapshot!(format!("{name}_48x20"), self.screen(48, 20));
    }
}

#[test]
fn login_screen() {
    let h = Harness::new(Lang::Id);
    h.snapshot_both("login");
}

#[test]
fn first_run_asks_for_the_owner() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::open(&dir.path().join("new.db"), clock()).unwrap();
    let app = App::new(shop, Lang::En, Theme::load("default", false).unwrap(), None).unwrap();
    let mut h = Harness { app, dir };
    h.snapshot_both("setup");
    h.type_text("Toko Baru");
    h.key(KeyCode::Enter);
    h.type_text("ani");
    h.key(KeyCode::Enter);
    h.type_text("rahasia1");
    h.key(KeyCode::Enter);
    h.type_text("rahasia1");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.actor().map(|a| a.role), Some(Role::Owner));
    let other = Shop::open(&h.dir.path().join("new.db"), clock()).unwrap();
    assert_eq!(other.store_name(), "Toko Baru");
}

#[test]
fn wrong_password_is_reported_without_saying_which_part() {
    let mut h = Harness::new(Lang::En);
    h.login("pemilik", "salah");
    assert!(h.app.actor().is_none());
    let screen = h.screen(80, 24);
    assert!(screen.contains("wrong username or password"), "{screen}");
    h.snapshot_both("login_failed");
}

#[test]
fn owner_lands_on_the_item_list() {
    let h = Harness::logged_in(Lang::Id);
    assert_eq!(h.app.module(), Module::MasterData);
    h.snapshot_both("items");
}

#[test]
fn slash_filters_the_item_list() {
    let mut h = Harness::logged_in(Lang::Id);
    h.key(KeyCode::Char('/'));
    h.type_text("indo");
    h.snapshot_both("items_filtered");
    h.key(KeyCode::Esc);
    assert!(h.screen(80, 24).contains("Bimoli"));
}

#[test]
fn edit_an_item_and_see_it_saved() {
    let mut h = Harness::logged_in(Lang::Id);
    // Sorted by name: Aqua, Bimoli, Gulaku, Indomie Goreng, Indomie Soto.
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.snapshot_both("item_form");
    for _ in 0..5 {
        h.key(KeyCode::Down);
    }
    h.ctrl('u');
    h.type_text("39000");
    h.ctrl('s');
    let screen = h.screen(80, 24);
    assert!(screen.contains("Tersimpan"), "{screen}");
    assert!(screen.contains("39.000"), "{screen}");
    let other = h.other_process();
    let bimoli = other.items(&ItemFilter { text: "Bimoli".into(), ..Default::default() }).unwrap();
    assert_eq!(bimoli[0].data.prices.retail.rupiah(), 39_000);
}

#[test]
fn a_new_item_with_mistakes_shows_inline_errors() {
    let mut h = Harness::logged_in(Lang::En);
    h.key(KeyCode::Char('n'));
    h.type_text("IDM-GRG");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("-5");
    h.ctrl('s');
    h.snapshot_both("item_form_errors");
    // Focus is on the first bad field (name). Fix name, cost and price; the
    // duplicate sku is then reported naming the item that has it.
    h.type_text("Mie Baru");
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.ctrl('u');
    h.key(KeyCode::Down);
    h.type_text("1000");
    h.ctrl('s');
    let screen = h.screen(80, 24);
    assert!(screen.contains("IDM-GRG is already used by Indomie Goreng 85g"), "{screen}");
}

#[test]
fn generate_a_barcode_for_the_selected_item() {
    let mut h = Harness::logged_in(Lang::En);
    h.key(KeyCode::Char('b'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("New barcode 2000000000015"), "{screen}");
    let aqua = h.other_process().items(&ItemFilter { text: "Aqua".into(), ..Default::default() }).unwrap();
    assert_eq!(aqua[0].data.barcodes[0].code, "2000000000015");
}

#[test]
fn archive_hides_and_h_shows_archived() {
    let mut h = Harness::logged_in(Lang::En);
    h.key(KeyCode::Char('a'));
    assert!(!h.screen(80, 24).contains("Aqua"));
    h.key(KeyCode::Char('h'));
    assert!(h.screen(80, 24).contains("Aqua"));
}

#[test]
fn customers_tab_and_crm_module() {
    let mut h = Harness::logged_in(Lang::Id);
    h.key(KeyCode::Tab);
    h.snapshot_both("customers");
    h.alt('7');
    assert_eq!(h.app.module(), Module::Customers);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Warung Pak Darto"), "{screen}");
    h.key(KeyCode::Char('/'));
    h.type_text("0856");
    let screen = h.screen(80, 24);
    assert!(!screen.contains("Bu Sri") && screen.contains("Pak Darto"), "{screen}");
}

#[test]
fn customer_form_validates_the_phone_inline() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('7');
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Enter);
    h.type_text("Pak Budi");
    h.key(KeyCode::Enter);
    h.type_text("021-555");
    h.ctrl('s');
    h.snapshot_both("customer_form_errors");
    h.ctrl('u');
    h.type_text("0813 2222 3333");
    h.ctrl('s');
    let found = h.other_process().customers(&Default::default()).unwrap();
    let budi = found.iter().find(|c| c.data.name == "Pak Budi").unwrap();
    assert_eq!(budi.data.phone.as_ref().unwrap().as_str(), "6281322223333");
}

#[test]
fn suppliers_and_categories_tabs() {
    let mut h = Harness::logged_in(Lang::En);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert!(h.screen(80, 24).contains("PT Indofood"));
    h.key(KeyCode::Tab);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Mi Instan") && screen.contains("Sembako"), "{screen}");
}

#[test]
fn settings_edit_with_validation() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('9');
    h.snapshot_both("settings");
    // receipt.width is the tenth setting.
    for _ in 0..9 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.type_text("40");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("receipt.width must be one of: 32, 48"));
    h.ctrl('u');
    h.type_text("48");
    h.key(KeyCode::Enter);
    assert_eq!(h.other_process().setting("receipt.width").unwrap(), "48");
}

#[test]
fn cashier_cannot_change_items_or_settings() {
    let mut h = Harness::new(Lang::En);
    h.login("kasir", "kasir123");
    assert_eq!(h.app.module(), Module::Cashier);
    h.alt('4');
    h.key(KeyCode::Enter);
    h.ctrl('s');
    let screen = h.screen(80, 24);
    assert!(screen.contains("a cashier may not edit items"), "{screen}");
    h.key(KeyCode::Esc);
    h.alt('9');
    h.key(KeyCode::Enter);
    h.type_text("x");
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("a cashier may not change settings"));
}

#[test]
fn help_lists_the_screen_and_global_keys() {
    let mut h = Harness::logged_in(Lang::Id);
    h.key(KeyCode::F(1));
    h.snapshot_both("help");
    h.key(KeyCode::Esc);
    assert!(!h.screen(80, 24).contains("Bantuan · Esc"));
}

#[test]
fn palette_finds_and_opens_a_module() {
    let mut h = Harness::logged_in(Lang::Id);
    h.ctrl('p');
    h.type_text("atur");
    h.snapshot_both("palette");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.module(), Module::Settings);
}

#[test]
fn unbuilt_modules_say_so() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('2');
    h.snapshot_both("placeholder");
}

#[test]
fn ctrl_q_quits_and_ctrl_l_logs_out() {
    let mut h = Harness::logged_in(Lang::En);
    h.ctrl('l');
    assert!(h.app.actor().is_none());
    h.ctrl('q');
    assert!(h.app.quit);
}

#[test]
fn english_labels() {
    let h = Harness::logged_in(Lang::En);
    h.snapshot_both("items_en");
}

#[test]
fn thousands_of_random_keys_never_crash() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut h = Harness::logged_in(Lang::En);
    let codes = [
        KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up, KeyCode::Down, KeyCode::Left,
        KeyCode::Right, KeyCode::Home, KeyCode::End, KeyCode::PageUp, KeyCode::PageDown, KeyCode::Backspace,
        KeyCode::Delete, KeyCode::Insert, KeyCode::F(1), KeyCode::F(2), KeyCode::F(10), KeyCode::F(12),
    ];
    for i in 0..6000 {
        let key = match rng.random_range(0..10) {
            0..=3 => KeyEvent::from(codes[rng.random_range(0..codes.len())]),
            4..=7 => KeyEvent::from(KeyCode::Char(rng.random_range(b' '..=b'~') as char)),
            8 => KeyEvent::new(KeyCode::Char(rng.random_range(b'1'..=b'9') as char), KeyModifiers::ALT),
            _ => KeyEvent::new(KeyCode::Char(['p', 's', 'u'][rng.random_range(0..3)]), KeyModifiers::CONTROL),
        };
        h.app.handle_key(&key);
        if h.app.actor().is_none() {
            h.login("pemilik", "rahasia1");
        }
        h.app.quit = false;
        if i % 50 == 0 {
            h.screen(48, 20);
            h.screen(80, 24);
        }
    }
}
