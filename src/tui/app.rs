//! The app: who is logged in, which module shows, and what is global — login,
//! the overlays (F1 help, the command palette), the idle lock, the status bar and
//! the background channel. Each module's screen and controller live in
//! `screens/<module>/`; the app hands keys, actions and renders to the one showing.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tokio::sync::mpsc::UnboundedReceiver;

use super::action::{Action, CashierAction, Module};
use super::i18n::Lang;
use super::keymap::{Command, command_for};
use super::screens::login::LoginScreen;
use super::screens::master::Tab;
use super::screens::{Context, Screen, Screens, Then};
use super::theme::Theme;
use super::widgets::error::error_text;
use super::widgets::help::{self, KeyHelp};
use super::widgets::palette::{Palette, PaletteOutcome};
use super::worker::{Finished, Workers};
use crate::clock::timestamp;
use crate::domain::Role;
use crate::services::backup::{AutoBackup, BackupJob};
use crate::services::{Actor, Result as ServiceResult, Shop};

enum Overlay {
    None,
    /// F1, scrolled down this many lines.
    Help(u16),
    Palette(Palette),
}

pub struct App {
    shop: Shop,
    lang: Lang,
    theme: Theme,
    actor: Option<Actor>,
    login: LoginScreen,
    module: Module,
    /// Every module's screen.
    screens: Screens,
    /// Long work off the UI thread: reports, exports, segmentation, previews.
    workers: Workers,
    /// Where the workers' answers arrive; taken by the event loop.
    background: Option<UnboundedReceiver<Finished>>,
    /// Folds the WAL into the file off the till's commits while the app runs.
    _checkpointer: Option<crate::store::checkpoint::Checkpointer>,
    overlay: Overlay,
    store_name: String,
    waiting_messages: i64,
    /// A messaging provider refused our credentials (shown in the status bar).
    messaging_halted: bool,
    /// When the last backup succeeded (epoch ms), for the status bar.
    last_backup: Option<i64>,
    /// When the running background backup started (shop clock, epoch ms).
    backup_started: Option<i64>,
    /// The shop's time zone, read with the other status values rather than per frame.
    tz: jiff::tz::TimeZone,
    data_version: i64,
    /// `security.idle_lock_minutes` in ms, read with the status values.
    idle_lock_ms: Option<i64>,
    /// When the last key was pressed (shop clock, epoch ms).
    last_key_at: i64,
    /// Who was logged in when the screen locked: their open work stays in the
    /// screens until they log back in (someone else logging in parks their sale).
    locked: Option<Actor>,
    pub quit: bool,
    pub suspend: bool,
}

/// Where each role starts after logging in.
fn home_module(role: Role) -> Module {
    match role {
        Role::Cashier => Module::Cashier,
        Role::Owner | Role::Manager => Module::Dashboard,
    }
}

impl App {
    pub fn new(shop: Shop, lang: Lang, theme: Theme, login_hint: Option<String>) -> ServiceResult<App> {
        let login = if shop.has_users()? { LoginScreen::login(lang, login_hint) } else { LoginScreen::setup(lang) };
        let (workers, background) = Workers::new();
        let checkpointer = shop.checkpoint_in_background()?;
        let mut app = App {
            store_name: shop.store_name(),
            waiting_messages: shop.waiting_messages()?,
            messaging_halted: false,
            last_backup: shop.last_backup_at()?,
            backup_started: None,
            tz: shop.time_zone(),
            data_version: shop.data_version()?,
            idle_lock_ms: shop.idle_lock_ms(),
            last_key_at: shop.now_ms(),
            locked: None,
            shop,
            lang,
            theme,
            actor: None,
            login,
            module: Module::Dashboard,
            screens: Screens::default(),
            workers,
            background: Some(background),
            _checkpointer: checkpointer,
            overlay: Overlay::None,
            quit: false,
            suspend: false,
        };
        app.refresh_status();
        Ok(app)
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    pub fn module(&self) -> Module {
        self.module
    }

    /// The showing screen has nothing open or typed: Esc leaves it for the user's home.
    pub fn at_rest(&self) -> bool {
        self.actor.is_some() && self.screens.get(self.module).at_rest()
    }

    /// Handle one terminal event; true when the screen must be redrawn.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                self.handle_key(key);
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        self.last_key_at = self.shop.now_ms();
        match &mut self.overlay {
            Overlay::Help(scroll) => {
                if matches!(key.code, KeyCode::Esc | KeyCode::F(1)) {
                    self.overlay = Overlay::None;
                } else {
                    *scroll = help::scrolled(*scroll, key.code);
                }
                return;
            }
            Overlay::Palette(palette) => {
                match palette.handle_key(key) {
                    PaletteOutcome::Continue => {}
                    PaletteOutcome::Close => self.overlay = Overlay::None,
                    PaletteOutcome::Run(command) => {
                        self.overlay = Overlay::None;
                        self.run_command(command);
                    }
                }
                return;
            }
            Overlay::None => {}
        }
        if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.suspend = true;
            return;
        }
        if let Some(command) = command_for(key) {
            self.run_command(command);
            return;
        }
        let action = match &self.actor {
            // A scan into the name field is said at once, before it moves to the password.
            None if let Some(code) = self.login.name_entered(key).filter(|name| self.is_scan(name)) => {
                self.login.scanned(&code, self.lang);
                None
            }
            None => self.login.handle_key(key, self.lang),
            Some(actor) => {
                let screen = self.screens.get_mut(self.module);
                if key.code == KeyCode::Esc && screen.at_rest() {
                    Some(Action::GoTo(home_module(actor.role)))
                } else {
                    screen.handle_key(key, self.lang)
                }
            }
        };
        if let Some(action) = action {
            self.run(action);
        }
    }

    fn run_command(&mut self, command: Command) {
        if self.actor.is_none() && !matches!(command, Command::Help | Command::Quit | Command::Palette) {
            return;
        }
        match command.action() {
            Some(action) => self.run(action),
            None => match command {
                Command::CloseShift => {
                    self.go_to(Module::Cashier);
                    self.screens.cashier.ask_close_shift(self.lang);
                }
                Command::AuditTrail => {
                    self.go_to(Module::Reports);
                    self.screens.reports.pick("audit");
                }
                Command::WhatsAppOrders => {
                    self.go_to(Module::Cashier);
                    self.run(Action::Cashier(CashierAction::ListOrders));
                }
                _ => self.open_new_record(command),
            },
        }
    }

    /// Master data on the right tab with an empty form (New item / customer / supplier).
    fn open_new_record(&mut self, command: Command) {
        let tab = match command {
            Command::NewItem => Tab::Items,
            Command::NewCustomer => Tab::Customers,
            _ => Tab::Suppliers,
        };
        let master = &mut self.screens.master;
        master.tab = tab;
        self.go_to(Module::MasterData);
        let master = &mut self.screens.master;
        match tab {
            Tab::Items => master.items.open_new(self.lang),
            Tab::Customers => master.customers.open_new(self.lang),
            _ => master.suppliers.open_new(self.lang),
        }
    }

    fn go_to(&mut self, module: Module) {
        self.module = module;
        self.with_screen(module, |screen, ctx| screen.enter(ctx));
    }

    /// Run `work` on `module`'s screen and controller with the services, then do
    /// what it asked of the app. Nothing runs while nobody is logged in.
    fn with_screen(&mut self, module: Module, work: impl FnOnce(&mut dyn Screen, &mut Context)) {
        let Some(actor) = self.actor.clone() else { return };
        let mut ctx = Context {
            shop: &mut self.shop,
            actor: &actor,
            lang: self.lang,
            workers: &mut self.workers,
            then: Then::default(),
        };
        work(self.screens.get_mut(module), &mut ctx);
        let then = ctx.then;
        if then.display_settings {
            self.apply_display_settings();
        } else if then.refresh_status {
            self.refresh_status();
        }
    }

    /// Logging out parks a sale still on the till as a held sale (F4 resumes it), so
    /// the next user starts empty and nothing is lost.
    fn park_open_sale(&mut self) {
        let Some(actor) = self.actor.clone() else { return };
        if self.screens.cashier.cart().is_empty() {
            return;
        }
        let label = format!("{} ({})", self.lang.pick("Open sale", "Belanja terbuka"), actor.username);
        match self.shop.hold_sale(&actor, &self.screens.cashier.open_sale(), &label) {
            Ok(_) => self.screens.cashier.held(&label, self.lang),
            Err(e) => tracing::warn!("could not park the open sale at logout: {e}"),
        }
    }

    /// A scanner burst where a name or password was expected: a barcode-shaped code,
    /// or the digits of an item's code. Such text is never tried as a password.
    fn is_scan(&self, text: &str) -> bool {
        let digits = text.len() >= 6 && text.bytes().all(|b| b.is_ascii_digit());
        crate::domain::barcode::looks_scanned(text) || (digits && matches!(self.shop.lookup_code(text), Ok(Some(_))))
    }

    /// True once when a key should ring the terminal bell.
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.screens.cashier.bell)
    }

    /// Run an action: the global ones here, a screen's through its controller.
    pub fn run(&mut self, action: Action) {
        let lang = self.lang;
        match action {
            Action::Quit => {
                // An open sale outlives the app as a held sale, also one left behind the idle lock.
                if let Some(was) = self.locked.take() {
                    self.actor = Some(was);
                }
                self.park_open_sale();
                self.quit = true;
            }
            Action::ToggleHelp => {
                self.overlay = if matches!(self.overlay, Overlay::Help(_)) { Overlay::None } else { Overlay::Help(0) }
            }
            Action::OpenPalette => self.overlay = Overlay::Palette(Palette::new(lang)),
            Action::Logout => {
                self.park_open_sale();
                self.actor = None;
                self.login = LoginScreen::login(lang, None);
            }
            Action::GoTo(module) => self.go_to(module),
            Action::Login { username, password } if self.is_scan(&username) || self.is_scan(&password) => {
                let code = if self.is_scan(&username) { username } else { password };
                self.login.scanned(&code, lang);
            }
            Action::Login { username, password } => match self.shop.login(&username, &password) {
                Ok(actor) => match self.locked.take() {
                    // Back from the idle lock: everything as it was left.
                    Some(was) if was.user_id == actor.user_id => self.actor = Some(actor),
                    was => {
                        if was.is_some() {
                            self.actor = was;
                            self.park_open_sale();
                        }
                        let home = home_module(actor.role);
                        self.actor = Some(actor);
                        self.go_to(home);
                    }
                },
                Err(e) => self.login.failed(error_text(&e, self.lang), self.lang),
            },
            Action::Setup { store_name, username, password } => self.setup(&store_name, &username, &password),
            Action::StartCampaign { segment } => {
                self.go_to(Module::Messages);
                self.screens.messages.start_campaign(segment, lang);
            }
            // Every other action is the showing screen's, for its controller.
            action => self.with_screen(self.module, |screen, ctx| screen.run(action, ctx)),
        }
    }

    fn setup(&mut self, store_name: &str, username: &str, password: &str) {
        let owner = Actor { user_id: None, username: username.trim().to_string(), role: Role::Owner };
        let result = self
            .shop
            .add_user(&owner, username, "", Role::Owner, password)
            .and_then(|()| self.shop.login(username, password))
            .and_then(|actor| {
                if !store_name.trim().is_empty() {
                    self.shop.set_setting(&actor, "store.name", store_name)?;
                }
                Ok(actor)
            });
        match result {
            Ok(actor) => {
                self.store_name = self.shop.store_name();
                self.actor = Some(actor);
                self.go_to(Module::MasterData);
            }
            Err(e) => self.login.failed(error_text(&e, self.lang), self.lang),
        }
    }

    /// Language and theme changed in Settings take effect at once.
    fn apply_display_settings(&mut self) {
        self.refresh_status();
        if let Some(lang) = self.shop.setting("ui.language").ok().and_then(|l| Lang::parse(&l)) {
            self.lang = lang;
        }
        let no_color = self.theme.name == "mono" && std::env::var_os("NO_COLOR").is_some();
        if let Ok(theme) = self.shop.setting("ui.theme").map(|t| Theme::load(&t, no_color))
            && let Ok(theme) = theme
        {
            self.theme = theme;
        }
    }

    /// The channel finished background work arrives on, for the event loop.
    pub fn take_background(&mut self) -> Option<UnboundedReceiver<Finished>> {
        self.background.take()
    }

    /// Show what a worker finished, on the screen that started it; true if it changed.
    pub fn background_done(&mut self, done: Finished) -> bool {
        self.screens.get_mut(done.module()).finished(done, &mut self.workers, self.lang)
    }

    /// Wait until every worker has answered, and show the answers (without an event
    /// loop: tests and scripted runs).
    pub fn wait_background(&mut self) {
        while self.workers.pending() > 0 {
            let Some(done) = self.background.as_mut().and_then(|rx| rx.blocking_recv()) else { return };
            self.background_done(done);
        }
    }

    /// Once a second: the idle lock, the clock, and reloads when another process
    /// changed data.
    pub fn tick(&mut self) -> bool {
        if let Some(limit) = self.idle_lock_ms
            && self.actor.is_some()
            && self.shop.now_ms() - self.last_key_at >= limit
        {
            self.lock();
        }
        let version = self.shop.data_version().unwrap_or(self.data_version);
        if version != self.data_version {
            self.data_version = version;
            self.refresh_status();
            if self.actor.is_some() && !self.screens.any_editing() {
                self.go_to(self.module);
            }
        }
        let now_ms = self.shop.now_ms();
        for module in Module::ALL {
            self.screens.get_mut(module).tick(now_ms);
        }
        // The clock in the status bar changes every minute; redraw anyway, it is cheap.
        true
    }

    /// The idle lock: back to the login screen with the user's name filled in; the
    /// open sale and every screen stay as they are for when they log back in.
    fn lock(&mut self) {
        let Some(actor) = self.actor.take() else { return };
        self.overlay = Overlay::None;
        let minutes = self.idle_lock_ms.unwrap_or_default() / 60_000;
        let notice = format!(
            "{} {minutes} {}",
            self.lang.pick("Locked after", "Terkunci setelah"),
            self.lang.pick("idle minutes: log in to go on", "menit tidak dipakai: masuk untuk melanjutkan")
        );
        self.login = LoginScreen::locked(self.lang, &actor.username, notice);
        self.locked = Some(actor);
    }

    fn refresh_status(&mut self) {
        self.waiting_messages = self.shop.waiting_messages().unwrap_or(self.waiting_messages);
        self.messaging_halted = self.shop.halted_channels().map_or(self.messaging_halted, |h| !h.is_empty());
        self.store_name = self.shop.store_name();
        self.last_backup = self.shop.last_backup_at().unwrap_or(self.last_backup);
        self.tz = self.shop.time_zone();
        self.idle_lock_ms = self.shop.idle_lock_ms();
    }

    /// The daily automatic backup's work, if none is running (the event loop asks at
    /// start and once an hour and runs it on a thread of its own, so no key waits
    /// for a big shop's copy). The status bar says a backup is running until
    /// [`App::backup_finished`].
    pub fn start_backup(&mut self) -> Option<BackupJob> {
        if self.backup_started.is_some() {
            return None;
        }
        let job = self.shop.backup_job()?;
        self.backup_started = Some(self.shop.now_ms());
        Some(job)
    }

    /// A background backup ended; a failure is logged and the status bar keeps warning.
    pub fn backup_finished(&mut self, result: ServiceResult<Option<AutoBackup>>) {
        self.backup_started = None;
        match result {
            Ok(Some(done)) => {
                tracing::info!(path = %done.path.display(), size = done.size, pruned = done.pruned.len(), "automatic backup")
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("automatic backup failed: {e}"),
        }
        self.refresh_status();
    }

    /// The keys of what shows now, as F1 lists them: the login's, or the showing
    /// screen's table for its state (list, form, dialog).
    pub fn screen_keys(&self) -> Vec<KeyHelp> {
        match &self.actor {
            None => self.login.keys(),
            Some(_) => self.screens.get(self.module).keys(),
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        frame.render_widget(Paragraph::new("").style(self.theme.base()), area);
        let [top, body, bottom] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        self.render_top_bar(frame, top);
        match &self.actor {
            None => self.login.render(frame, body, &self.theme, self.lang),
            Some(_) => self.screens.get(self.module).render(frame, body, &self.theme, self.lang),
        }
        self.render_status_bar(frame, bottom);
        match &self.overlay {
            Overlay::None => {}
            Overlay::Help(scroll) => help::render(frame, body, &self.screen_keys(), *scroll, &self.theme, self.lang),
            Overlay::Palette(palette) => palette.render(frame, body, &self.theme),
        }
    }

    fn render_top_bar(&self, frame: &mut Frame, area: Rect) {
        let left = format!(" warung · {}", self.store_name);
        let right = match &self.actor {
            Some(_) => {
                let (en, id) = self.module.title();
                let key = self.module.alt_key().map(|k| k + " ").unwrap_or_default();
                format!("{key}{} ", self.lang.pick(en, id))
            }
            None => String::new(),
        };
        // On a narrow terminal the shop's name gives way (cut with "…") so the module
        // stays whole and the two never run together.
        let room = (area.width as usize).saturating_sub(right.chars().count() + 1);
        let left = if left.chars().count() > room {
            let mut cut: String = left.chars().take(room.saturating_sub(1)).collect();
            cut.push('…');
            cut
        } else {
            left
        };
        let pad = (area.width as usize).saturating_sub(left.chars().count() + right.chars().count());
        let text = format!("{left}{:pad$}{right}", "");
        frame.render_widget(Paragraph::new(Span::styled(text, self.theme.bar())), area);
    }

    fn render_status_bar(&self, frame: &mut Frame, area: Rect) {
        use crate::services::backup::{BackupAge, backup_age};
        let lang = self.lang;
        let now_ms = self.shop.now_ms();
        let clock = timestamp(now_ms).to_zoned(self.tz.clone()).strftime("%H:%M").to_string();
        let age = match self.backup_started {
            Some(started) => BackupAge::Running { seconds: (now_ms - started).max(0) / 1000 },
            None => backup_age(now_ms, self.last_backup, &self.tz),
        };
        let (backup, warn) = match age {
            BackupAge::Running { seconds } => (format!("{} {seconds}s…", lang.pick("backup", "cadangkan")), false),
            BackupAge::Never => (lang.pick("no backup!", "belum backup!").to_string(), true),
            BackupAge::Today(at) => (format!("backup {at}"), false),
            BackupAge::Days { days, stale } => {
                (format!("backup {days}{}{}", lang.pick("d", "h"), if stale { "!" } else { "" }), stale)
            }
        };
        let width = area.width as usize;
        // Narrow terminals (48 columns) drop the role first; so does a user named
        // after it ("kasir (kasir)" says nothing twice).
        let user = |with_role: bool| {
            self.actor.as_ref().map(|a| {
                let role = a.role.name(lang);
                if with_role && !a.username.eq_ignore_ascii_case(role) {
                    format!("{} ({role}) · ", a.username)
                } else {
                    format!("{} · ", a.username)
                }
            })
        };
        let halted = if self.messaging_halted { lang.pick(" HALTED", " TERHENTI") } else { "" };
        let rest = format!("{} {}{halted} · ", lang.pick("msgs", "pesan"), self.waiting_messages);
        let tail = format!(" · {clock}");
        let mut head = format!(" {}{rest}", user(true).unwrap_or_default());
        if head.chars().count() + backup.chars().count() + tail.chars().count() > width {
            head = format!(" {}{rest}", user(false).unwrap_or_default());
        }
        let left_len = head.chars().count() + backup.chars().count() + tail.chars().count();
        let right = lang.pick("F1 help · Ctrl+P commands", "F1 bantuan · Ctrl+P perintah");
        let end = if left_len + right.chars().count() + 2 <= width {
            let pad = width - left_len - right.chars().count() - 1;
            format!("{tail}{:pad$}{right} ", "")
        } else {
            let pad = width.saturating_sub(left_len);
            format!("{tail}{:pad$}", "")
        };
        let bar = self.theme.bar();
        let backup_style =
            if warn { bar.patch(self.theme.warning()).add_modifier(ratatui::style::Modifier::BOLD) } else { bar };
        let line =
            Line::from(vec![Span::styled(head, bar), Span::styled(backup, backup_style), Span::styled(end, bar)]);
        frame.render_widget(Paragraph::new(line).style(bar), area);
    }
}
