//! Shared by the TUI tests: a small fixture shop and a harness that drives `App`
//! with key events and renders it into ratatui's TestBackend.
#![allow(dead_code)]

pub mod english;
pub mod hostile;
pub mod postgres;
pub mod till;

use std::path::Path;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warung::clock::FixedClock;
use warung::domain::Role;
use warung::domain::master::{CustomerForm, ItemForm, SupplierForm};
use warung::services::{Actor, Shop};
use warung::tui::App;
use warung::tui::i18n::Lang;
use warung::tui::keymap::Press;
use warung::tui::theme::Theme;

/// The shop-local day every test lives on, and the instant the real binary starts its
/// clock at: noon of that day in Jakarta. Tests never read the wall clock, so they pass
/// at any hour, on any date and in any machine time zone.
pub const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 23);
pub const NOW: &str = "2026-11-23T05:00:00Z";

/// The real binary on `db`, with a neutral environment and its clock at [`NOW`].
pub fn warung(db: &Path) -> assert_cmd::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("warung"));
    cmd.arg("--db").arg(db);
    neutral_env(&mut cmd);
    assert_cmd::Command::from_std(cmd)
}

/// What every run of the real binary gets: no inherited shop, English, the test clock.
pub fn neutral_env(cmd: &mut std::process::Command) {
    cmd.env_remove("WARUNG_DB").env("LANG", "C");
    test_clock_env(cmd);
}

/// The test clock for a child process: it reads [`NOW`] at the moment this test process
/// first started one, and runs on from there, so every child (binaries, child tills, a
/// dispatcher started after the tills) shares one time line.
pub fn test_clock_env(cmd: &mut std::process::Command) {
    static SINCE: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let since = *SINCE.get_or_init(|| jiff::Timestamp::now().as_millisecond());
    cmd.env(warung::clock::TEST_NOW_ENV, NOW).env(warung::clock::TEST_NOW_SINCE_ENV, since.to_string());
}

/// Every customer of the shop at `db` agrees to messages (an import creates them without).
pub fn opt_in_everyone(db: &Path) {
    let mut shop = Shop::open(db, clock()).unwrap();
    let filter = warung::store::customers::CustomerFilter { limit: 10_000, ..Default::default() };
    for c in shop.customers(&filter).unwrap() {
        let mut form = CustomerForm::from_data(&c.data);
        form.wa_opt_in = "yes".into();
        shop.update_customer(&Actor::command_line(), c.id, &form).unwrap();
    }
}

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::jakarta_noon(TODAY))
}

pub fn fixture_shop(path: &Path) -> Shop {
    fixture_shop_on(path, clock())
}

/// The fixture shop with its clock in the caller's hands.
pub fn fixture_shop_on(path: &Path, clock: Arc<FixedClock>) -> Shop {
    let mut shop = Shop::open(path, clock).unwrap();
    let owner = Actor::command_line();
    shop.add_user(&owner, "pemilik", "Bu Ani", Role::Owner, "rahasia1").unwrap();
    shop.add_user(&owner, "kasir", "Sari", Role::Cashier, "kasir123").unwrap();
    shop.set_pin(&owner, "pemilik", "1234").unwrap();
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
    for (name, phone, tier) in
        [("Bu Sri", "0812-3456-789", "retail"), ("Warung Pak Darto", "0856 1111 2222", "wholesale1")]
    {
        let form = CustomerForm {
            name: name.into(),
            phone: phone.into(),
            tier: tier.into(),
            wa_opt_in: "yes".into(),
            ..Default::default()
        };
        shop.create_customer(&owner, &form).unwrap();
    }
    shop.create_supplier(
        &owner,
        &SupplierForm { name: "PT Indofood".into(), phone: "021-5551234".into(), address: "Jakarta".into() },
    )
    .unwrap();
    shop
}

/// A hint word that names a key (F2, Enter, Esc, Tab, Del, Ctrl+…, arrows, …).
fn names_a_key(word: &str) -> bool {
    let named = ["Enter", "Esc", "Tab", "Del", "Ins", "PgUp", "PgDn", "Space", "Backspace"];
    let chords = ["Ctrl+", "Alt+", "Shift+", "↑", "↓", "←", "→"];
    word.split(|c: char| !c.is_alphanumeric()).any(|w| {
        named.contains(&w)
            || w.strip_prefix('F').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    }) || chords.iter().any(|k| word.contains(k))
}

pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
    /// The app's clock (noon, 23 Nov 2026, until a test moves it).
    pub clock: Arc<FixedClock>,
}

thread_local! {
    /// The language [`Harness::new`] started this test's app in: an Indonesian
    /// screen must show no English (see [`english`]). Each test runs on its own
    /// thread, and harnesses built by hand are not checked.
    static STARTED_IN: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

impl Harness {
    pub fn new(lang: Lang) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let clock = clock();
        let shop = fixture_shop_on(&dir.path().join("shop.db"), clock.clone());
        let app = App::new(shop, lang, Theme::load("default", false).unwrap(), None).unwrap();
        STARTED_IN.set(Some(lang));
        Harness { app, dir, clock }
    }

    pub fn logged_in(lang: Lang) -> Harness {
        let mut h = Harness::new(lang);
        h.login("pemilik", "rahasia1");
        h
    }

    /// A second connection to the same file, as another process would have.
    pub fn other_process(&self) -> Shop {
        Shop::open(&self.dir.path().join("shop.db"), clock()).unwrap()
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn ctrl(&mut self, c: char) {
        self.app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    pub fn alt(&mut self, c: char) {
        self.app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn login(&mut self, user: &str, password: &str) {
        self.type_text(user);
        self.key(KeyCode::Enter);
        self.type_text(password);
        self.key(KeyCode::Enter);
    }

    pub fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| self.app.render(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let line: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            out.push_str(line.trim_end());
            out.push('\n');
        }
        if STARTED_IN.get() == Some(Lang::Id) {
            english::assert_no_english(&out);
        }
        out
    }

    pub fn snapshot_both(&self, name: &str) {
        insta::assert_snapshot!(format!("{name}_80x24"), self.screen(80, 24));
        insta::assert_snapshot!(format!("{name}_48x20"), self.screen(48, 20));
        self.assert_key_table_sound(name);
    }

    /// The key table of what shows (F1's and the hint lines' source) is sound: no
    /// press belongs to two entries (each press yields the command of the one entry
    /// that declares it), and hint words name no key (keys come from labels only).
    pub fn assert_key_table_sound(&self, state: &str) {
        let keys = self.app.screen_keys();
        let mut seen: Vec<(&Press, &str)> = Vec::new();
        for k in &keys {
            for press in k.presses {
                if let Some((_, other)) = seen.iter().find(|(p, _)| *p == press) {
                    panic!("{state}: {press:?} is both {other:?} and {:?}", k.label);
                }
                seen.push((press, k.label));
            }
            if let Some((en, id)) = k.hint {
                for word in [en, id] {
                    assert!(!names_a_key(word), "{state}: the hint word {word:?} of {:?} names a key", k.label);
                }
            }
        }
    }

    /// Press every key that no entry of the current table declares (typing and
    /// editing keys aside) and see that none changes the screen or the module: what
    /// the table lacks does nothing. Esc is skipped where the screen is at rest (it
    /// leaves for the user's home, a global key). A message the key dismissed is no change.
    pub fn assert_undeclared_keys_do_nothing(&mut self, state: &str) {
        let probes = [
            KeyCode::F(2),
            KeyCode::F(3),
            KeyCode::F(4),
            KeyCode::F(5),
            KeyCode::F(6),
            KeyCode::F(7),
            KeyCode::F(8),
            KeyCode::F(9),
            KeyCode::F(10),
            KeyCode::F(11),
            KeyCode::F(12),
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Insert,
        ];
        self.assert_key_table_sound(state);
        for code in probes {
            let event = KeyEvent::new(code, KeyModifiers::NONE);
            let declared = self.app.screen_keys().iter().any(|k| k.presses.iter().any(|p| p.matches(&event)));
            if declared || (code == KeyCode::Esc && self.app.at_rest()) {
                continue;
            }
            let (before, module) = (self.screen(80, 24), self.app.module());
            self.app.handle_key(&event);
            self.app.wait_background();
            let after = self.screen(80, 24);
            // Any key dismisses a message shown; nothing else may change.
            let unchanged = before.lines().zip(after.lines()).all(|(b, a)| b == a || a.is_empty());
            assert!(
                unchanged && module == self.app.module(),
                "{state}: {code:?} is in no entry of its key table but changed the screen:\n{before}\n---\n{after}"
            );
        }
    }
}
