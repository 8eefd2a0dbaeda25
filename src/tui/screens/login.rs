//! Login, and the first-run wizard that creates the shop's owner.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, typed};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{FieldKind, FieldSpec, Form, FormKey, FormOutcome, form_keys, text};

const LOGIN_FIELDS: &[FieldSpec] = &[
    text("username", "Username", "Nama pengguna"),
    FieldSpec { name: "password", en: "Password", id: "Kata sandi", kind: FieldKind::Secret },
];

const SETUP_FIELDS: &[FieldSpec] = &[
    text("store_name", "Shop name", "Nama toko"),
    text("username", "Owner username", "Nama pengguna pemilik"),
    FieldSpec { name: "password", en: "Password", id: "Kata sandi", kind: FieldKind::Secret },
    FieldSpec { name: "confirm", en: "Repeat password", id: "Ulangi kata sandi", kind: FieldKind::Secret },
];

pub struct LoginScreen {
    form: Form,
    /// First run: create the owner instead of logging in.
    setup: bool,
    /// Shown under the form, e.g. the demo shop's login.
    hint: Option<String>,
    /// The idle lock: Esc clears the password instead of quitting the app.
    locked: bool,
}

impl LoginScreen {
    pub fn login(lang: Lang, hint: Option<String>) -> LoginScreen {
        let form = Form::new(lang.pick("Log in", "Masuk").into(), LOGIN_FIELDS, &[]).with_keys(form_keys(
            ("next / log in", "lanjut / masuk"),
            None,
            ("quit", "keluar"),
        ));
        LoginScreen { form, setup: false, hint, locked: false }
    }

    /// After the idle lock: the user's name filled in, the cursor on the password.
    pub fn locked(lang: Lang, username: &str, notice: String) -> LoginScreen {
        let mut screen = LoginScreen::login(lang, None);
        screen.form.set_value(0, username);
        screen.form.focus("password");
        screen.form.message = Some(notice);
        screen.form = screen.form.with_keys(LoginScreen::locked_keys());
        screen.locked = true;
        screen
    }

    pub fn setup(lang: Lang) -> LoginScreen {
        let title = lang.pick("Welcome: set up your shop", "Selamat datang: siapkan toko Anda");
        let form = Form::new(title.into(), SETUP_FIELDS, &[]).with_keys(form_keys(
            ("next / create", "lanjut / buat"),
            None,
            ("quit", "keluar"),
        ));
        LoginScreen { form, setup: true, hint: None, locked: false }
    }

    /// Behind the idle lock Esc clears the password; Ctrl+Q quits (a global key the
    /// app takes, reminded in the hint line because Esc no longer does).
    fn locked_keys() -> Vec<Key<FormKey>> {
        let mut keys = form_keys(("log in", "masuk"), None, ("clear", "hapus"));
        keys.push(typed("Ctrl+Q", "quit", "keluar").hint("quit", "keluar"));
        keys
    }

    /// Its keys for F1.
    pub fn keys(&self) -> Vec<KeyHelp> {
        self.form.keys()
    }

    pub fn failed(&mut self, message: String, lang: Lang) {
        let kept = if self.setup {
            vec![self.form.value("store_name"), self.form.value("username")]
        } else {
            vec![self.form.value("username")]
        };
        let fresh = if self.setup { LoginScreen::setup(lang) } else { LoginScreen::login(lang, None) };
        self.form = if self.locked { fresh.form.with_keys(LoginScreen::locked_keys()) } else { fresh.form };
        for (i, value) in kept.iter().enumerate() {
            self.form.set_value(i, value);
        }
        // Back on the password field, which was cleared.
        self.form.focus("password");
        self.form.message = Some(message);
    }

    /// The name typed so far, when Enter is pressed in the name field of the login
    /// (not the first-run wizard): the app checks it for a scan.
    pub fn name_entered(&self, key: &KeyEvent) -> Option<String> {
        let on_name = !self.setup && self.form.focused_field() == "username";
        (on_name && key.code == crossterm::event::KeyCode::Enter).then(|| self.form.value("username"))
    }

    /// A scanner burst landed in a field: not a password, never a failed login.
    /// The field that got it is cleared, the name kept when it was typed.
    pub fn scanned(&mut self, code: &str, lang: Lang) {
        let username = self.form.value("username");
        let kept = if username == code { String::new() } else { username };
        self.failed(
            format!(
                "{} {code} · {}",
                lang.pick("That was a scan:", "Itu hasil scan:"),
                lang.pick("log in first (name, password), then scan", "masuk dulu (nama, kata sandi), lalu scan")
            ),
            lang,
        );
        self.form.set_value(0, &kept);
        if kept.is_empty() {
            self.form.focus("username");
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        match self.form.handle_key(key) {
            FormOutcome::Submit if self.setup => {
                if self.form.value("password") != self.form.value("confirm") {
                    self.failed(lang.pick("The two passwords differ", "Kedua kata sandi berbeda").into(), lang);
                    return None;
                }
                Some(Action::Setup {
                    store_name: self.form.value("store_name"),
                    username: self.form.value("username"),
                    password: self.form.value("password"),
                })
            }
            FormOutcome::Submit => {
                Some(Action::Login { username: self.form.value("username"), password: self.form.value("password") })
            }
            FormOutcome::Cancel if self.locked => {
                // Someone's open sale waits behind the lock: Esc never quits here.
                self.form.set_value(1, "");
                self.form.focus("password");
                None
            }
            FormOutcome::Cancel => Some(Action::Quit),
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width.min(64);
        let height = self.form.wanted_height(width).min(area.height.saturating_sub(2));
        let [column] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(area);
        let [_, form_area, hint_area] =
            Layout::vertical([Constraint::Max(2), Constraint::Length(height), Constraint::Min(0)]).areas(column);
        self.form.render(frame, form_area, theme, lang);
        let mut lines = Vec::new();
        if self.setup {
            lines.push(Line::from(Span::styled(
                lang.pick("The owner can add cashiers later.", "Pemilik bisa menambah kasir nanti."),
                theme.muted(),
            )));
        }
        if let Some(hint) = &self.hint {
            lines.insert(0, Line::from(Span::styled(hint.as_str(), theme.accent())));
        }
        frame.render_widget(Paragraph::new(lines).centered(), hint_area);
    }
}
