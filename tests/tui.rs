//! The TUI driven with key events and rendered into ratatui's TestBackend,
//! snapshotted at 80x24 and 48x20.

mod common;

use common::{Harness, clock};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warung::domain::Role;
use warung::services::Shop;
use warung::store::items::ItemFilter;
use warung::tui::App;
use warung::tui::action::Module;
use warung::tui::i18n::Lang;
use warung::tui::theme::Theme;

#[test]
fn login_screen() {
    let h = Harness::new(Lang::Id);
    h.snapshot_both("login");
}

#[test]
fn first_run_asks_for_the_owner() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let shop = Shop::open(&dir.path().join("new.db"), clock.clone()).unwrap();
    let app = App::new(shop, Lang::En, Theme::load("default", false).unwrap(), None).unwrap();
    let mut h = Harness { app, dir, clock };
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
    let other = Shop::open(&h.dir.path().join("new.db"), h.clock.clone()).unwrap();
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

/// Logged in as the owner, on Master data's item list (Alt+4).
fn on_items(lang: Lang) -> Harness {
    let mut h = Harness::logged_in(lang);
    h.alt('4');
    h
}

#[test]
fn item_list() {
    let h = on_items(Lang::Id);
    assert_eq!(h.app.module(), Module::MasterData);
    h.snapshot_both("items");
}

#[test]
fn slash_filters_the_item_list() {
    let mut h = on_items(Lang::Id);
    h.key(KeyCode::Char('/'));
    h.type_text("indo");
    h.snapshot_both("items_filtered");
    h.key(KeyCode::Esc);
    assert!(h.screen(80, 24).contains("Bimoli"));
}

#[test]
fn edit_an_item_and_see_it_saved() {
    let mut h = on_items(Lang::Id);
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
    let mut h = on_items(Lang::En);
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
    let mut h = on_items(Lang::En);
    h.key(KeyCode::Char('b'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("New barcode 2000000000015"), "{screen}");
    let aqua = h.other_process().items(&ItemFilter { text: "Aqua".into(), ..Default::default() }).unwrap();
    assert_eq!(aqua[0].data.barcodes[0].code, "2000000000015");
}

#[test]
fn archive_hides_and_h_shows_archived() {
    let mut h = on_items(Lang::En);
    h.key(KeyCode::Char('a'));
    assert!(!h.screen(80, 24).contains("Aqua"));
    h.key(KeyCode::Char('h'));
    assert!(h.screen(80, 24).contains("Aqua"));
}

#[test]
fn customers_tab_and_crm_module() {
    let mut h = on_items(Lang::Id);
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
    let mut h = on_items(Lang::En);
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
fn yes_no_settings_read_and_take_ya_and_tidak_in_indonesian() {
    let mut h = Harness::logged_in(Lang::Id);
    h.alt('9');
    let screen = h.screen(100, 30);
    let label = "Kirim pesan dari aplikasi";
    let line = screen.lines().position(|l| l.contains(label)).unwrap_or_else(|| panic!("{screen}"));
    let shown: Vec<&str> = screen.lines().nth(line).unwrap().split_whitespace().collect();
    assert_eq!(shown.last(), Some(&"ya"), "{screen}");
    // Rows start under the top bar and the header.
    for _ in 0..line - 2 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.type_text("tidak");
    h.key(KeyCode::Enter);
    assert_eq!(h.other_process().setting("messaging.dispatch_in_tui").unwrap(), "no");
    assert!(h.screen(100, 30).lines().any(|l| l.contains(label) && l.trim_end().ends_with("tidak")));
}

#[test]
fn a_setting_whose_label_the_table_cuts_is_named_whole_when_selected() {
    let mut h = Harness::logged_in(Lang::Id);
    h.alt('9');
    let label = "Printer (file:PATH, usb:/dev/usb/lp0, tcp:HOST:PORT";
    let screen = h.screen(100, 30);
    let row = screen.lines().position(|l| l.starts_with("Printer (")).unwrap_or_else(|| panic!("{screen}"));
    assert!(!screen.contains(label), "the table cuts it at 100 columns: {screen}");
    // Rows start under the top bar and the header.
    for _ in 0..row - 2 {
        h.key(KeyCode::Down);
    }
    let screen = h.screen(100, 30);
    let below = screen.lines().find(|l| l.starts_with("printer.target")).unwrap_or_else(|| panic!("{screen}"));
    assert!(below.contains(label) && below.contains("Enter untuk mengubah"), "{below}");
    // A label the table shows whole is not said twice.
    h.key(KeyCode::Home);
    let screen = h.screen(100, 30);
    let below = screen.lines().find(|l| l.starts_with("store.name")).unwrap_or_else(|| panic!("{screen}"));
    assert_eq!(below.trim_end(), "store.name · Enter untuk mengubah");
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
    let mut h = on_items(Lang::Id);
    h.key(KeyCode::F(1));
    h.snapshot_both("help");
    h.key(KeyCode::Esc);
    assert!(!h.screen(80, 24).contains("Bantuan · Esc"));
}

#[test]
fn palette_finds_and_opens_a_module() {
    let mut h = on_items(Lang::Id);
    h.ctrl('p');
    h.type_text("atur");
    h.snapshot_both("palette");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.module(), Module::Settings);
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
fn the_status_bar_names_the_role_in_the_users_language() {
    let mut h = Harness::new(Lang::Id);
    let mut shop = h.other_process();
    shop.add_user(&warung::services::Actor::command_line(), "budi", "Budi", Role::Manager, "rahasia2").unwrap();
    h.login("budi", "rahasia2");
    let bar = h.screen(80, 24).lines().last().unwrap().to_string();
    assert!(bar.starts_with(" budi (manajer) · pesan 0"), "{bar}");
    h.ctrl('l');
    h.login("kasir", "kasir123");
    let bar = h.screen(80, 24).lines().last().unwrap().to_string();
    assert!(bar.starts_with(" kasir · pesan 0"), "named after the role, the role is not said twice: {bar}");
    let mut h = Harness::new(Lang::En);
    h.login("kasir", "kasir123");
    let bar = h.screen(80, 24).lines().last().unwrap().to_string();
    assert!(bar.starts_with(" kasir (cashier) · msgs 0"), "{bar}");
}

#[test]
fn english_labels() {
    let h = on_items(Lang::En);
    h.snapshot_both("items_en");
}

#[test]
fn thousands_of_random_keys_never_crash() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut h = Harness::logged_in(Lang::En);
    let codes = [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::F(1),
        KeyCode::F(2),
        KeyCode::F(10),
        KeyCode::F(12),
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

/// Ring up a cash sale of `(code, units)` at noon on `day` of November 2026, from a
/// second connection with its own clock (as another till would).
fn sell_on(h: &Harness, day: i8, lines: &[(&str, i64)]) {
    use warung::domain::cart::{Cart, CartLine};
    use warung::domain::{PaymentMethod, Qty};
    use warung::services::checkout::{CheckoutRequest, Tender};
    let clock = std::sync::Arc::new(warung::clock::FixedClock::jakarta_noon(jiff::civil::date(2026, 11, day)));
    let mut shop = Shop::open(&h.dir.path().join("shop.db"), clock).unwrap();
    let mut cart = Cart::default();
    for (code, units) in lines {
        let (item, _) = shop.lookup_code(code).unwrap().unwrap();
        cart.lines.push(CartLine {
            item,
            qty: Qty::from_units(*units),
            price_override: None,
            discount: Default::default(),
        });
    }
    let total = shop.cart_totals(&cart).unwrap().total;
    let payments = vec![Tender { method: PaymentMethod::Cash, amount: total, reference: String::new() }];
    shop.checkout(&warung::services::Actor::command_line(), &CheckoutRequest { cart, payments, ..Default::default() })
        .unwrap();
}

/// Sales last Monday (the 16th), yesterday and today (Monday the 23rd).
fn shop_with_sales(lang: Lang) -> Harness {
    let h = Harness::new(lang);
    sell_on(&h, 16, &[("AQ-600", 2)]);
    sell_on(&h, 20, &[("BML-2L", 3)]);
    sell_on(&h, 22, &[("GLK-1KG", 1), ("IDM-GRG", 5)]);
    sell_on(&h, 23, &[("BML-2L", 1)]);
    sell_on(&h, 23, &[("IDM-SOTO", 4), ("AQ-600", 3)]);
    h
}

#[test]
fn owner_lands_on_the_dashboard() {
    let mut h = shop_with_sales(Lang::Id);
    h.login("pemilik", "rahasia1");
    assert_eq!(h.app.module(), Module::Dashboard);
    let screen = h.screen(80, 24);
    // Today: 38.500 + 12.800 + 10.500 = 61.800 in two sales.
    assert!(screen.contains("61.800") && screen.contains("30.900"), "{screen}");
    h.snapshot_both("dashboard");
}

#[test]
fn dashboard_in_english() {
    let mut h = shop_with_sales(Lang::En);
    h.login("pemilik", "rahasia1");
    h.snapshot_both("dashboard_en");
}

/// A shop whose last hub push brought the association's medians (as tests/hub.rs
/// fetches them for real), logged in as the owner.
fn hub_member(lang: Lang) -> Harness {
    let mut h = shop_with_sales(lang);
    let conn = rusqlite::Connection::open(h.dir.path().join("shop.db")).unwrap();
    conn.execute(
        "INSERT INTO hub_benchmark (id, from_day, to_day, shops, median_net, median_repeat_permille, own_net,
                                    own_repeat_permille)
         VALUES (1, '2026-10-25', '2026-11-23', 48, 9800000, 412, 11200500, 385)",
        [],
    )
    .unwrap();
    h.login("pemilik", "rahasia1");
    h
}

#[test]
fn a_hub_member_sees_the_association_median_on_the_dashboard() {
    let h = hub_member(Lang::En);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Association median 30d: 9.800.000 · 41.2% | this shop: 11.200.500 · 38.5%"), "{screen}");
    h.snapshot_both("dashboard_benchmark");
    let screen = hub_member(Lang::Id).screen(80, 24);
    assert!(screen.contains("Median asosiasi 30h: 9.800.000 · 41,2% | toko ini: 11.200.500 · 38,5%"), "{screen}");
}

#[test]
fn a_cashier_is_told_the_dashboard_is_for_owners_and_managers() {
    let mut h = shop_with_sales(Lang::En);
    h.login("kasir", "kasir123");
    h.alt('1');
    assert_eq!(h.app.module(), Module::Dashboard);
    let screen = h.screen(80, 24);
    assert!(screen.contains("For owners and managers only.") && !screen.contains("61.800"), "{screen}");
}

#[test]
fn the_dashboard_shows_a_sale_from_another_process_after_a_tick() {
    let mut h = Harness::logged_in(Lang::En);
    assert!(!h.screen(80, 24).contains("38.500"));
    sell_on(&h, 23, &[("BML-2L", 1)]);
    h.app.tick();
    let screen = h.screen(80, 24);
    assert!(screen.contains("38.500") && screen.contains("Bimoli 2L"), "{screen}");
    // `r` reloads too.
    sell_on(&h, 23, &[("BML-2L", 1)]);
    h.key(KeyCode::Char('r'));
    assert!(h.screen(80, 24).contains("77.000"));
}

#[test]
fn an_edited_setting_replaces_its_value_instead_of_appending() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('9');
    // invoice.format is the eleventh setting.
    for _ in 0..10 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    h.type_text("INV/{YYMMDD}/{SEQ:5}");
    h.key(KeyCode::Enter);
    assert_eq!(h.other_process().setting("invoice.format").unwrap(), "INV/{YYMMDD}/{SEQ:5}");
}

#[test]
fn aging_keeps_adding_up_on_narrow_terminals_by_combining_buckets() {
    use warung::domain::cart::Cart;
    use warung::domain::{Money, PaymentMethod, Qty};
    use warung::services::checkout::{CheckoutRequest, Tender};
    let mut h = Harness::logged_in(Lang::En);
    let mut shop = h.other_process();
    let owner = warung::services::Actor::command_line();
    // Bu Sri owes 3.500 due today, 7.000 due 45 days ago and 17.500 due 75 days ago.
    for (code, due) in [("AQ-600", (2026, 11, 23)), ("2*AQ-600", (2026, 10, 9)), ("GLK-1KG", (2026, 9, 9))] {
        let (qty, code) = code.split_once('*').map_or((1, code), |(q, c)| (q.parse().unwrap(), c));
        let (item, _) = shop.lookup_code(code).unwrap().unwrap();
        let mut cart = Cart::default();
        cart.add(item, Qty::from_units(qty)).unwrap();
        cart.set_customer(Some(shop.cart_customer(1).unwrap()));
        let total = shop.cart_totals(&cart).unwrap().total;
        let credit = Tender { method: PaymentMethod::Credit, amount: total, reference: String::new() };
        let due_date = Some(jiff::civil::date(due.0, due.1, due.2));
        shop.checkout(&owner, &CheckoutRequest { cart, payments: vec![credit], due_date, approval: None }).unwrap();
    }
    assert_eq!(Money::new(28_000), shop.cart_customer(1).unwrap().receivable);
    h.alt('7');
    h.key(KeyCode::Tab);
    h.snapshot_both("receivables_aging");
    // 80 columns: current, 1-60 and over 60; 48 columns: current and overdue.
    let wide = h.screen(80, 24);
    assert!(wide.contains("28.000") && wide.contains("3.500") && wide.contains("7.000") && wide.contains("17.500"));
    let narrow = h.screen(48, 20);
    assert!(narrow.contains("Overdue") && narrow.contains("24.500"), "{narrow}");
}

#[test]
fn the_help_overlay_scrolls_to_its_last_key() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('2');
    h.type_text("0");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(1));
    assert!(!h.screen(48, 20).contains("Ctrl+Q"), "{}", h.screen(48, 20));
    for _ in 0..10 {
        h.key(KeyCode::PageDown);
    }
    let screen = h.screen(48, 20);
    assert!(screen.contains("Ctrl+Q"), "{screen}");
    h.key(KeyCode::Home);
    assert!(h.screen(48, 20).contains("CODE Enter"), "{}", h.screen(48, 20));
    // F12, cut off at 48x20 before, is a PageDown away.
    h.key(KeyCode::PageDown);
    assert!(h.screen(48, 20).contains("F12"), "{}", h.screen(48, 20));
}

/// On a narrow terminal a long shop name gives way to the module's name: cut with
/// "…", never run together with it (the demo shop's name did at 48 columns).
#[test]
fn a_long_shop_name_gives_way_to_the_module_on_a_narrow_top_bar() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = common::fixture_shop(&dir.path().join("shop.db"));
    shop.set_setting(&warung::services::Actor::command_line(), "store.name", "Toko Sumber Rejeki Jaya Abadi").unwrap();
    let app = App::new(shop, Lang::Id, Theme::load("default", false).unwrap(), None).unwrap();
    let mut h = Harness { app, dir, clock: clock() };
    h.login("pemilik", "rahasia1");
    h.alt('7');
    let screen = h.screen(48, 20);
    let top = screen.lines().next().unwrap();
    assert_eq!(top.trim_end(), " warung · Toko Sumber Re… Alt+7 Pelanggan & CRM", "{screen}");
    let wide = h.screen(80, 24);
    assert!(wide.lines().next().unwrap().starts_with(" warung · Toko Sumber Rejeki Jaya Abadi "), "{wide}");
}
