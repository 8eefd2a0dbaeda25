//! The app: which screen is showing, who is logged in, and the one place where
//! screen actions meet the services. Rendering is a pure function of this state.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::{
    Action, CashierAction, MessagesAction, Module, PurchasesAction, ReceivablesAction, RecordAction, SegmentsAction,
    StockTakeAction,
};
use super::i18n::Lang;
use super::keymap::{Command, command_for};
use super::screens::cashier::{CashierScreen, TillSetup};
use super::screens::crm::CrmScreen;
use super::screens::dashboard::DashboardScreen;
use super::screens::health::PEAK_DAYS;
use super::screens::login::LoginScreen;
use super::screens::master::{Customers, Items, MasterScreen, Suppliers, Tab};
use super::screens::messages::{MessagesData, MessagesScreen};
use super::screens::purchases::PurchasesScreen;
use super::screens::records::{LIST_LIMIT, Notice, RecordKind, RecordList};
use super::screens::reports::ReportsScreen;
use super::screens::settings::SettingsScreen;
use super::screens::stocktake::StockTakeScreen;
use super::theme::Theme;
use super::widgets::help;
use super::widgets::palette::{Palette, PaletteOutcome};
use crate::clock::timestamp;
use crate::domain::{Qty, Role};
use crate::reports::DateRange;
use crate::services::backup::{AutoBackup, BackupJob};
use crate::services::segments::KRequest;
use crate::services::{Actor, Result as ServiceResult, ServiceError, Shop};
use crate::store::customers::CustomerFilter;
use crate::store::items::ItemFilter;

mod labels;
mod message_preview;
mod purchasing;
mod reporting;
mod worker;

pub use reporting::ReportResult;
pub use worker::Finished;

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
    /// Alt+1: owners' and managers' overview.
    dashboard: DashboardScreen,
    master: MasterScreen,
    /// Alt+7: customers and receivables.
    crm: CrmScreen,
    settings: SettingsScreen,
    cashier: CashierScreen,
    /// Alt+6.
    reports: ReportsScreen,
    /// Alt+3.
    purchases: PurchasesScreen,
    /// Alt+5.
    stocktake: StockTakeScreen,
    /// Alt+8.
    messages: MessagesScreen,
    /// Renders the Messages screen's template previews off the UI thread.
    previews: worker::Worker<message_preview::PreviewResult>,
    /// Runs the Reports screen's reports off the UI thread, and cancels the running one.
    report_worker: worker::Worker<reporting::ReportResult>,
    report_cancel: Option<reporting::Cancel>,
    /// Where the workers' answers arrive; taken by the event loop.
    background: Option<tokio::sync::mpsc::UnboundedReceiver<Finished>>,
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
        let (finished, background) = worker::channel();
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
            dashboard: DashboardScreen::default(),
            master: MasterScreen::default(),
            crm: CrmScreen::default(),
            settings: SettingsScreen::default(),
            cashier: CashierScreen::default(),
            reports: ReportsScreen::default(),
            purchases: PurchasesScreen::default(),
            stocktake: StockTakeScreen::default(),
            messages: MessagesScreen::default(),
            previews: worker::Worker::new(finished.clone(), Finished::Preview),
            report_worker: worker::Worker::new(finished, Finished::Report),
            report_cancel: None,
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
                if matches!(key.code, crossterm::event::KeyCode::Esc | crossterm::event::KeyCode::F(1)) {
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
        if key.code == crossterm::event::KeyCode::Char('z')
            && key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
        {
            self.suspend = true;
            return;
        }
        if let Some(command) = command_for(key) {
            self.run_command(command);
            return;
        }
        let action = match (&self.actor, self.module) {
            // A scan into the name field is said at once, before it moves to the password.
            (None, _) if let Some(code) = self.login.name_entered(key).filter(|name| self.is_scan(name)) => {
                self.login.scanned(&code, self.lang);
                None
            }
            (None, _) => self.login.handle_key(key, self.lang),
            (Some(_), Module::MasterData) => self.master.handle_key(key, self.lang),
            (Some(_), Module::Customers) => self.crm.handle_key(key, self.lang),
            (Some(_), Module::Settings) => self.settings.handle_key(key),
            (Some(_), Module::Cashier) => self.cashier.handle_key(key, self.lang),
            (Some(_), Module::Dashboard) if matches!(key.code, crossterm::event::KeyCode::Char('r')) => {
                Some(Action::GoTo(Module::Dashboard))
            }
            (Some(actor), Module::Reports) if key.code == crossterm::event::KeyCode::Esc && self.reports.at_list() => {
                Some(Action::GoTo(home_module(actor.role)))
            }
            (Some(_), Module::Reports) => self.reports.handle_key(key, self.lang),
            (Some(actor), Module::Purchases)
                if key.code == crossterm::event::KeyCode::Esc && self.purchases.at_top() =>
            {
                Some(Action::GoTo(home_module(actor.role)))
            }
            (Some(_), Module::Purchases) => self.purchases.handle_key(key, self.lang),
            (Some(actor), Module::StockTaking)
                if key.code == crossterm::event::KeyCode::Esc && self.stocktake.at_top() =>
            {
                Some(Action::GoTo(home_module(actor.role)))
            }
            (Some(_), Module::StockTaking) => self.stocktake.handle_key(key, self.lang),
            (Some(actor), Module::Messages)
                if key.code == crossterm::event::KeyCode::Esc && self.messages.at_rest() =>
            {
                Some(Action::GoTo(home_module(actor.role)))
            }
            (Some(_), Module::Messages) => self.messages.handle_key(key, self.lang),
            (Some(actor), _) if key.code == crossterm::event::KeyCode::Esc => {
                Some(Action::GoTo(home_module(actor.role)))
            }
            _ => None,
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
                    self.cashier.ask_close_shift(self.lang);
                }
                Command::AuditTrail => {
                    self.go_to(Module::Reports);
                    self.reports.pick("audit");
                }
                Command::WhatsAppOrders => {
                    self.go_to(Module::Cashier);
                    self.run(Action::Cashier(crate::tui::action::CashierAction::ListOrders));
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
        self.master.tab = tab;
        self.go_to(Module::MasterData);
        match tab {
            Tab::Items => self.master.items.open_new(self.lang),
            Tab::Customers => self.master.customers.open_new(self.lang),
            _ => self.master.suppliers.open_new(self.lang),
        }
    }

    fn go_to(&mut self, module: Module) {
        self.module = module;
        match module {
            Module::MasterData => self.run(self.master.load_action()),
            Module::Customers => self.run(self.crm.load_action()),
            Module::Settings => self.load_settings(),
            Module::Cashier => self.load_till(),
            Module::Dashboard => self.load_dashboard(),
            Module::Messages => self.run(self.messages.load_action()),
            Module::Reports => {
                let today = crate::clock::local_date(self.shop.now_ms(), &self.tz);
                self.reports.open(self.shop.report_list(), today);
            }
            Module::Purchases => {
                let today = crate::clock::local_date(self.shop.now_ms(), &self.tz);
                let denied = !self.actor.as_ref().is_some_and(|a| a.role.can(crate::domain::Permission::Purchase));
                self.purchases.open(today, denied);
                if !denied {
                    self.run(Action::Purchases(PurchasesAction::Load));
                }
            }
            Module::StockTaking => {
                self.stocktake.may_manage =
                    self.actor.as_ref().is_some_and(|a| a.role.can(crate::domain::Permission::AdjustStock));
                self.run(Action::StockTake(StockTakeAction::Load));
            }
        }
    }

    fn load_dashboard(&mut self) {
        let Some(actor) = &self.actor else { return };
        match self.shop.dashboard(actor) {
            Ok(dashboard) => self.dashboard.set(dashboard),
            Err(ServiceError::Denied { .. }) => self.dashboard = DashboardScreen::Denied,
            Err(e) => self.dashboard = DashboardScreen::Failed(e.to_string()),
        }
    }

    fn load_till(&mut self) {
        let Some(actor) = &self.actor else { return };
        let setup = (|| -> ServiceResult<TillSetup> {
            Ok(TillSetup {
                tax_bp: self.shop.tax_bp()?,
                discount_limit_bp: self.shop.discount_limit_bp()?,
                needs_approval: crate::services::checkout::needs_approval(actor.role),
                refuse_oversell: self.shop.refuses_oversell()?,
                qris: self.shop.qris_payload()?,
                points: self.shop.points_rules()?,
            })
        })();
        match setup {
            Ok(setup) => self.cashier.setup(setup),
            Err(e) => self.cashier.error(e.to_string()),
        }
        // Entering the till, or another process writing, must not rebuild 100k names
        // unless the catalogue itself changed.
        let catalog = self.shop.catalog_stamp().and_then(|stamp| {
            if self.cashier.catalog_stamp() == Some(stamp) {
                Ok(None)
            } else {
                Ok(Some((self.shop.sellable_items()?, stamp)))
            }
        });
        match catalog {
            Ok(Some((items, stamp))) => self.cashier.set_catalog(items, stamp),
            Ok(None) => {}
            Err(e) => self.cashier.error(e.to_string()),
        }
        // Each sale belongs to its cashier's shift: ask to open one first.
        if actor.user_id.is_some() && matches!(self.shop.current_shift(actor), Ok(None)) {
            self.cashier.needs_shift = true;
            self.cashier.ask_open_shift(self.lang);
        }
    }

    fn receivables_action(&mut self, action: ReceivablesAction) {
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        let screen = &mut self.crm.receivables;
        let shop = &mut self.shop;
        let open = |shop: &Shop, screen: &mut super::screens::receivables::ReceivablesScreen, id: i64| match shop
            .customer(id)
            .and_then(|c| Ok((c.data.name, shop.customer_receivables(id)?)))
        {
            Ok((name, rows)) => screen.set_detail(id, name, rows),
            Err(e) => screen.failed(e.to_string()),
        };
        match action {
            ReceivablesAction::Load => match shop.receivables(None) {
                Ok(rows) => screen.set_rows(rows),
                Err(e) => screen.failed(e.to_string()),
            },
            ReceivablesAction::Open(id) => open(shop, screen, id),
            ReceivablesAction::Pay { customer_id, amount, method, reference } => {
                match shop.receive_payment(&actor, customer_id, amount, method, &reference) {
                    Ok(allocations) => {
                        let applied: Vec<String> =
                            allocations.iter().map(|a| format!("{} {}", a.document, a.applied.grouped())).collect();
                        if screen.customer_in_view().is_some() {
                            open(shop, screen, customer_id);
                        } else if let Ok(rows) = shop.receivables(None) {
                            screen.set_rows(rows);
                        }
                        screen.paid(format!("{} {amount}: {}", lang.pick("Received", "Diterima"), applied.join(", ")));
                    }
                    Err(e) => screen.failed(e.to_string()),
                }
            }
            ReceivablesAction::Statement(id) => {
                let today = crate::clock::local_date(shop.now_ms(), &shop.time_zone());
                let from = today.checked_sub(jiff::ToSpan::days(90)).unwrap_or(today);
                match shop.customer_statement(id, from, today) {
                    Ok(statement) => screen.set_statement(&statement, lang),
                    Err(e) => screen.failed(e.to_string()),
                }
            }
        }
    }

    fn segments_action(&mut self, action: SegmentsAction) {
        let Some(actor) = self.actor.clone() else { return };
        let screen = &mut self.crm.segments;
        let result = match action {
            SegmentsAction::Load => self.shop.latest_segmentation().map(|run| screen.set_run(run)),
            SegmentsAction::Run => self.shop.segment(&actor, KRequest::default(), None).map(|run| {
                let text = format!(
                    "{} {} {}",
                    self.lang.pick("Segmented", "Tersegmentasi"),
                    run.customers,
                    self.lang.pick("customers", "pelanggan")
                );
                screen.set_run(Some(run));
                screen.notify(Notice::Info, text);
            }),
            SegmentsAction::Members(label) => {
                self.shop.segment_members(&label, LIST_LIMIT).map(|rows| screen.set_members(label, rows))
            }
        };
        if let Err(e) = result {
            screen.notify(Notice::Error, e.to_string());
        }
    }

    fn load_health(&mut self) {
        let Some(actor) = &self.actor else { return };
        let shop = &self.shop;
        // Revenue and costs: for whoever may see the dashboard.
        if let Err(e) = actor.require(crate::domain::Permission::SeeCost, "see the shop's health") {
            return self.crm.health.failed(e.to_string());
        }
        let today = crate::clock::local_date(shop.now_ms(), &shop.time_zone());
        let peak_range = DateRange { from: today.saturating_sub(jiff::ToSpan::days(PEAK_DAYS - 1)), to: today };
        let loaded = shop.health_periods().and_then(|[before, after]| {
            Ok(([shop.period_health(before)?, shop.period_health(after)?], shop.peak_times(&peak_range)?))
        });
        match loaded {
            Ok((periods, peak)) => self.crm.health.set(periods, peak),
            Err(e) => self.crm.health.failed(e.to_string()),
        }
    }

    /// What recommendations earned over the reports' default range (the last 30 days).
    fn load_recommendations(&mut self) {
        let Some(actor) = &self.actor else { return };
        let today = crate::clock::local_date(self.shop.now_ms(), &self.shop.time_zone());
        let range = DateRange::resolve(None, None, today)
            .and_then(|range| self.shop.recommendation_results(actor, range).map_err(|e| e.to_string()));
        match range {
            Ok(results) => self.crm.recommendations.set(results),
            Err(e) => self.crm.recommendations.failed(e),
        }
    }

    fn load_messages(&mut self, filter: &crate::store::messages::MessageFilter) -> ServiceResult<MessagesData> {
        let shop = &self.shop;
        let customers = shop
            .customers(&CustomerFilter { text: String::new(), include_archived: false, limit: LIST_LIMIT })?
            .into_iter()
            .map(|c| (c.id, c.data.name))
            .collect();
        Ok(MessagesData {
            messages: shop.messages(filter)?,
            inbox: shop.inbox(200)?,
            templates: shop.message_templates()?,
            template_status: shop
                .template_platform_states()?
                .into_iter()
                .filter_map(|(key, state)| Some((key, state.status?)))
                .collect(),
            customers,
            campaigns: shop.campaigns(100)?,
            segments: shop.segment_labels()?,
            halted: shop.halted_channels()?,
        })
    }

    fn messages_action(&mut self, action: MessagesAction) {
        use super::screens::records::Notice;
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        let reload = |app: &mut App| {
            let filter = app.messages.filter();
            match app.load_messages(&filter) {
                Ok(data) => app.messages.set_data(data, app.tz.clone()),
                Err(e) => app.messages.notify(Notice::Error, e.to_string()),
            }
            app.refresh_status();
        };
        let screen_error = |app: &mut App, e: ServiceError| app.messages.notify(Notice::Error, e.to_string());
        match action {
            MessagesAction::Load => reload(self),
            MessagesAction::Retry(id) => match self.shop.retry_message(&actor, id) {
                Ok(()) => {
                    reload(self);
                    self.messages
                        .notify(Notice::Info, format!("#{id} {}", lang.pick("queued again", "diantrekan lagi")));
                }
                Err(e) => screen_error(self, e),
            },
            MessagesAction::Cancel(id) => match self.shop.cancel_message(&actor, id) {
                Ok(()) => {
                    reload(self);
                    self.messages.notify(Notice::Info, format!("#{id} {}", lang.pick("cancelled", "dibatalkan")));
                }
                Err(e) => screen_error(self, e),
            },
            MessagesAction::ReadInbox(id) => match self.shop.mark_inbox_read(id) {
                Ok(()) => reload(self),
                Err(e) => screen_error(self, e),
            },
            MessagesAction::OpenThread { phone, read } => {
                if let Some(id) = read
                    && let Err(e) = self.shop.mark_inbox_read(id)
                {
                    return screen_error(self, e);
                }
                match self.shop.conversation(&actor, &phone) {
                    Ok(thread) => {
                        reload(self);
                        self.messages.inbox.set_thread(thread);
                    }
                    Err(e) => screen_error(self, e),
                }
            }
            MessagesAction::ReplyByHand { phone, text } => {
                match self
                    .shop
                    .reply_by_hand(&actor, &phone, &text)
                    .and_then(|_| self.shop.conversation(&actor, &phone))
                {
                    Ok(thread) => {
                        reload(self);
                        self.messages.inbox.replied(thread);
                    }
                    Err(e) => self.messages.inbox.reply_failed(e.to_string()),
                }
            }
            MessagesAction::Preview { template, customer_id } => {
                match self.shop.preview_vars(template.kind, customer_id) {
                    Ok(vars) => self.previews.start_preview(template, vars),
                    Err(e) => self.messages.set_preview(Err(e.to_string())),
                }
            }
            MessagesAction::SaveTemplate(template) => match self.shop.save_message_template(&actor, &template) {
                Ok(()) => {
                    reload(self);
                    self.messages.template_saved(format!("{} {}", lang.pick("Saved", "Tersimpan"), template.key));
                }
                Err(e) => self.messages.template_failed(e.to_string()),
            },
            MessagesAction::PlanCampaign(draft) => {
                let plan = crate::services::messages::holdout_bp(&draft.holdout)
                    .and_then(|bp| self.shop.plan_campaign(draft.segment.as_deref(), &draft.template, bp));
                match plan {
                    Ok(plan) => self.messages.set_plan(draft, plan),
                    Err(e) => self.messages.campaign_failed(e.to_string()),
                }
            }
            MessagesAction::CreateCampaign(draft) => {
                let created = crate::services::messages::holdout_bp(&draft.holdout).and_then(|bp| {
                    self.shop.create_campaign(&actor, &draft.name, draft.segment.as_deref(), &draft.template, bp)
                });
                match created {
                    Ok(c) => {
                        reload(self);
                        self.messages.campaign_done(format!(
                            "{} #{} · s {}",
                            lang.pick("Created campaign", "Kampanye dibuat"),
                            c.id,
                            lang.pick("sends it", "mengirimnya")
                        ));
                    }
                    Err(e) => self.messages.campaign_failed(e.to_string()),
                }
            }
            MessagesAction::SendCampaign(id) => match self.shop.send_campaign(&actor, id) {
                Ok(queued) => {
                    reload(self);
                    self.messages.campaign_done(format!(
                        "{} #{id}: {queued} {}",
                        lang.pick("Campaign", "Kampanye"),
                        lang.pick("messages queued", "pesan diantrekan")
                    ));
                }
                Err(e) => self.messages.campaign_failed(e.to_string()),
            },
            MessagesAction::ResumeChannel(provider) => match self.shop.resume_channel(&actor, &provider) {
                Ok(_) => {
                    reload(self);
                    self.messages.notify(Notice::Info, format!("{provider} {}", lang.pick("resumed", "dilanjutkan")));
                }
                Err(e) => screen_error(self, e),
            },
        }
    }

    /// Logging out parks a sale still on the till as a held sale (F4 resumes it), so
    /// the next user starts empty and nothing is lost.
    fn park_open_sale(&mut self) {
        let Some(actor) = self.actor.clone() else { return };
        if self.cashier.cart().is_empty() {
            return;
        }
        let label = format!("{} ({})", self.lang.pick("Open sale", "Belanja terbuka"), actor.username);
        match self.shop.hold_sale(&actor, &self.cashier.open_sale(), &label) {
            Ok(_) => self.cashier.held(&label, self.lang),
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
        std::mem::take(&mut self.cashier.bell)
    }

    fn cashier_action(&mut self, action: CashierAction) {
        let Some(actor) = self.actor.clone() else { return };
        let lang = self.lang;
        let till = &mut self.cashier;
        let shop = &mut self.shop;
        match action {
            CashierAction::Scan { code, qty, or_else } => match read_scan(shop, &code, or_else) {
                Ok(Some(Scanned::Item(item, factor))) => match qty.times(factor) {
                    Some(qty) => {
                        till.add(item, qty, lang);
                        suggest(shop, till);
                    }
                    None => till.error(lang.pick("Quantity too large", "Jumlah terlalu besar").into()),
                },
                Ok(Some(Scanned::Member(member))) => till.member_scanned(member, lang),
                Ok(None) => till.unknown_code(&code, lang),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::AddSuggestion(item_id) => match shop.cart_item(item_id) {
                Ok(item) => {
                    till.add(item, Qty::ONE, lang);
                    if let Err(e) = shop.suggestion_added(&actor, item_id) {
                        tracing::warn!("the added suggestion was not noted: {e}");
                    }
                    suggest(shop, till);
                }
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::FindCustomers(text) => {
                match shop.customers(&CustomerFilter { text, include_archived: false, limit: 50 }) {
                    Ok(rows) => till.customers_found(rows),
                    Err(e) => till.error(e.to_string()),
                }
            }
            CashierAction::AttachCustomer(None) => till.set_customer(None),
            CashierAction::AttachCustomer(Some(id)) => match shop.cart_customer(id) {
                Ok(customer) => till.set_customer(Some(customer)),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::QuickCreateCustomer(form) => {
                match shop.create_customer(&actor, &form).and_then(|id| shop.cart_customer(id)) {
                    Ok(customer) => till.set_customer(Some(customer)),
                    Err(e) => till.error(e.to_string()),
                }
            }
            CashierAction::Hold { sale, label } => match shop.hold_sale(&actor, &sale, &label) {
                Ok(_) => till.held(&label, lang),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::ListHeld => match shop.held_sales() {
                Ok(held) => till.held_listed(held, lang),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::Resume(id) => match shop.resume_sale(&actor, id) {
                Ok((sale, approval)) => till.resumed(sale, approval),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::ListOrders => match shop.open_orders(&actor) {
                Ok(orders) => till.orders_listed(orders, shop.now_ms(), lang),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::LoadOrder(id) => match shop.order_cart(&actor, id) {
                Ok(cart) => till.resumed(crate::services::checkout::OpenSale { cart, ..Default::default() }, None),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::Approve { pin, covers } => match shop.approve_with_pin(&actor, &pin) {
                Ok(by) => till.approved(crate::services::checkout::Approval { by, covers }, lang),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::OpenShift(float) => match shop.open_shift(&actor, float) {
                Ok(shift) => {
                    till.needs_shift = false;
                    till.shift_done(format!(
                        "{} {}",
                        lang.pick("Shift open with", "Shift dibuka dengan"),
                        shift.opening_float
                    ));
                }
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::CloseShift(counted) => match shop.close_shift(&actor, counted) {
                Ok(summary) => {
                    till.needs_shift = true;
                    till.shift_done(format!(
                        "{} {} · {} {} · {} {}",
                        lang.pick("Shift closed. Expected", "Shift ditutup. Seharusnya"),
                        summary.expected,
                        lang.pick("counted", "dihitung"),
                        summary.counted,
                        lang.pick("difference", "selisih"),
                        summary.difference
                    ));
                }
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::LoadHistory => match shop.recent_sales(100) {
                Ok(sales) => till.history_loaded(sales, shop.time_zone()),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::ShowReceipt(sale_id) => match shop.render_receipt(sale_id, None) {
                Ok(text) => till.history_receipt(sale_id, text),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::Print(sale_id) => match shop.print_receipt(sale_id) {
                Ok(()) => till
                    .history_done(shop.recent_sales(100).unwrap_or_default(), lang.pick("Printed", "Dicetak").into()),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::Void { invoice, reason } => match shop.void_sale(&actor, &invoice, &reason) {
                Ok(result) => {
                    let text = format!(
                        "{} {} · {} {}",
                        lang.pick("Voided", "Dibatalkan"),
                        result.invoice,
                        lang.pick("cash back", "uang kembali"),
                        result.cash_refund
                    );
                    till.history_done(shop.recent_sales(100).unwrap_or_default(), text);
                }
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::LoadReturnable(invoice) => match shop.returnable(&invoice) {
                Ok(sale) => till.returnable_loaded(sale),
                Err(e) => till.error(e.to_string()),
            },
            CashierAction::Return { invoice, lines, refund, reason } => {
                let approver = till.return_approver().cloned();
                match shop.return_lines(&actor, approver.as_ref(), &invoice, &lines, refund, &reason) {
                    Ok(result) => {
                        till.return_approval_used();
                        let mut text = format!(
                            "{} {} · {} {}",
                            lang.pick("Returned", "Retur"),
                            result.number,
                            lang.pick("refund", "dikembalikan"),
                            result.refund_amount
                        );
                        if result.points_back > 0 {
                            text.push_str(&format!(
                                " · {} {}",
                                lang.pick("points back", "poin kembali"),
                                result.points_back
                            ));
                        }
                        till.history_done(shop.recent_sales(100).unwrap_or_default(), text);
                    }
                    Err(e) => till.error(e.to_string()),
                }
            }
            CashierAction::Checkout(request) => match shop.checkout(&actor, &request) {
                Ok(sale) => {
                    let receipt = shop.render_receipt(sale.sale_id, None).unwrap_or_else(|e| e.to_string());
                    let sale_id = sale.sale_id;
                    till.completed(sale, receipt);
                    // With a printer set, the receipt prints at once; a printer problem
                    // never undoes the sale, it is only reported.
                    if shop.setting("printer.target").is_ok_and(|t| !t.is_empty())
                        && let Err(e) = shop.print_receipt(sale_id)
                    {
                        till.error(e.to_string());
                    }
                    self.refresh_status();
                }
                Err(e) => till.error(e.to_string()),
            },
        }
    }

    fn load_settings(&mut self) {
        match self.shop.settings(false) {
            Ok(entries) => self.settings.set_entries(entries),
            Err(e) => self.settings.failed(e.to_string()),
        }
    }

    /// Run an action through the services and hand the result to its screen.
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
                Err(e) => self.login.failed(e.to_string(), self.lang),
            },
            Action::Setup { store_name, username, password } => self.setup(&store_name, &username, &password),
            Action::Items(action) => self.record_action::<Items>(action),
            Action::Customers(action) => {
                // The same list lives in two modules; act on the one showing.
                if self.module == Module::Customers {
                    self.customer_action_on_crm(action)
                } else {
                    self.record_action::<Customers>(action)
                }
            }
            Action::Suppliers(action) => self.record_action::<Suppliers>(action),
            Action::GenerateBarcode(id) => {
                let Some(actor) = self.actor.clone() else { return };
                match self.shop.generate_barcode(&actor, id) {
                    Ok(code) => {
                        self.run(self.master.items.load_action());
                        self.master
                            .items
                            .notify(Notice::Info, format!("{} {code}", lang.pick("New barcode", "Barcode baru")));
                    }
                    Err(e) => self.master.items.notify(Notice::Error, e.to_string()),
                }
            }
            Action::Labels(action) => self.labels_action(action),
            Action::LoadCategories => match self.shop.categories() {
                Ok(list) => self.master.categories = list,
                Err(e) => self.master.items.notify(Notice::Error, e.to_string()),
            },
            Action::Cashier(action) => self.cashier_action(action),
            Action::Receivables(action) => self.receivables_action(action),
            Action::Reports(action) => self.reports_action(action),
            Action::Purchases(action) => self.purchases_action(action),
            Action::StockTake(action) => self.stocktake_action(action),
            Action::Messages(action) => self.messages_action(action),
            Action::Segments(action) => self.segments_action(action),
            Action::LoadHealth => self.load_health(),
            Action::LoadRecommendations => self.load_recommendations(),
            Action::CustomerSegment(id) => self.load_customer_segment(id),
            Action::StartCampaign { segment } => {
                self.go_to(Module::Messages);
                self.messages.start_campaign(segment, lang);
            }
            Action::SaveSetting { key, value } => {
                let Some(actor) = self.actor.clone() else { return };
                match self.shop.set_setting(&actor, &key, &value) {
                    Ok(()) => {
                        self.load_settings();
                        self.settings.saved(format!("{} {key}", lang.pick("Saved", "Tersimpan")));
                        self.apply_display_settings();
                    }
                    Err(e) => self.settings.failed(e.to_string()),
                }
            }
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
            Err(e) => self.login.failed(e.to_string(), self.lang),
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

    fn record_action<K: Record>(&mut self, action: RecordAction<K::Form>) {
        let Some(actor) = self.actor.clone() else { return };
        let screen = K::screen(&mut self.master);
        run_record_action::<K>(&mut self.shop, &actor, screen, action, self.lang);
    }

    fn customer_action_on_crm(&mut self, action: RecordAction<crate::domain::master::CustomerForm>) {
        let Some(actor) = self.actor.clone() else { return };
        run_record_action::<Customers>(&mut self.shop, &actor, &mut self.crm.customers, action, self.lang);
        if let Some(id) = self.crm.selected_customer() {
            self.load_customer_segment(id);
        }
    }

    fn load_customer_segment(&mut self, customer_id: i64) {
        match self.shop.customer_segment(customer_id) {
            Ok(segment) => self.crm.set_customer_segment(customer_id, segment),
            Err(e) => self.crm.customers.notify(Notice::Error, e.to_string()),
        }
    }

    /// The channel finished background work arrives on, for the event loop.
    pub fn take_background(&mut self) -> Option<tokio::sync::mpsc::UnboundedReceiver<Finished>> {
        self.background.take()
    }

    /// Show what a worker finished; true if the screen changed.
    pub fn background_done(&mut self, done: Finished) -> bool {
        match done {
            Finished::Preview(done) => match self.previews.accept(done) {
                Some(preview) => {
                    self.messages.set_preview(preview);
                    true
                }
                None => false,
            },
            Finished::Report(done) => match self.report_worker.accept(done) {
                Some(result) => {
                    self.report_cancel = None;
                    self.reports.finished(result);
                    true
                }
                None => false,
            },
        }
    }

    /// Wait until every worker has answered, and show the answers (without an event
    /// loop: tests and scripted runs).
    pub fn wait_background(&mut self) {
        while self.previews.pending() + self.report_worker.pending() > 0 {
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
            if self.actor.is_some() && !self.is_editing() {
                self.go_to(self.module);
            }
        }
        self.reports.tick(self.shop.now_ms());
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

    fn is_editing(&self) -> bool {
        self.master.is_editing()
            || self.crm.is_editing()
            || self.settings.is_editing()
            || self.cashier.is_editing()
            || self.reports.is_editing()
            || self.purchases.is_editing()
            || self.stocktake.is_editing()
            || self.messages.is_editing()
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

    fn screen_help(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        match (&self.actor, self.module) {
            (None, _) => vec![("Tab / Enter", "next field", "kolom berikut"), ("Enter", "log in", "masuk")],
            (Some(_), Module::MasterData) => self.master.help(),
            (Some(_), Module::Customers) => self.crm.help(),
            (Some(_), Module::Settings) => self.settings.help(),
            (Some(_), Module::Cashier) => self.cashier.help(),
            (Some(_), Module::Dashboard) => self.dashboard.help(),
            (Some(_), Module::Reports) => self.reports.help(),
            (Some(_), Module::Purchases) => self.purchases.help(),
            (Some(_), Module::StockTaking) => self.stocktake.help(),
            (Some(_), Module::Messages) => self.messages.help(),
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        frame.render_widget(Paragraph::new("").style(self.theme.base()), area);
        let [top, body, bottom] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        self.render_top_bar(frame, top);
        match (&self.actor, self.module) {
            (None, _) => self.login.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::MasterData) => self.master.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Customers) => self.crm.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Settings) => self.settings.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Cashier) => self.cashier.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Dashboard) => self.dashboard.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Reports) => self.reports.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Purchases) => self.purchases.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::StockTaking) => self.stocktake.render(frame, body, &self.theme, self.lang),
            (Some(_), Module::Messages) => self.messages.render(frame, body, &self.theme, self.lang),
        }
        self.render_status_bar(frame, bottom);
        match &self.overlay {
            Overlay::None => {}
            Overlay::Help(scroll) => help::render(frame, body, &self.screen_help(), *scroll, &self.theme, self.lang),
            Overlay::Palette(palette) => palette.render(frame, body, &self.theme),
        }
    }

    fn render_top_bar(&self, frame: &mut Frame, area: Rect) {
        let left = format!(" warung · {}", self.store_name);
        let right = match &self.actor {
            Some(_) => {
                let (en, id) = self.module.title();
                format!("Alt+{} {} ", self.module.number(), self.lang.pick(en, id))
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
        // Narrow terminals (48 columns) drop the role first.
        let user = |with_role: bool| {
            self.actor.as_ref().map(|a| {
                if with_role { format!("{} ({}) · ", a.username, a.role) } else { format!("{} · ", a.username) }
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

/// What a code entered at the till is.
enum Scanned {
    /// An item, and how many units one scan of the code is (a carton's pack).
    Item(crate::domain::cart::CartItem, Qty),
    Member(crate::domain::cart::CartCustomer),
}

/// An item's code wins, then a member card, then the name search's highlighted
/// pick (a card code such as `M00001` also finds items by name, e.g. `MNM-00001`).
fn read_scan(shop: &Shop, code: &str, picked: Option<i64>) -> crate::services::Result<Option<Scanned>> {
    if let Some((item, factor)) = shop.lookup_code(code)? {
        return Ok(Some(Scanned::Item(item, factor)));
    }
    if let Some(member) = shop.member_by_code(code)? {
        return Ok(Some(Scanned::Member(member)));
    }
    picked.map(|id| shop.cart_item(id).map(|item| Scanned::Item(item, Qty::ONE))).transpose()
}

/// Refresh the till's "often bought together" line from the precomputed partners; a
/// failure only leaves the line empty (a suggestion is never worth a refused scan).
fn suggest(shop: &Shop, till: &mut CashierScreen) {
    let cart: Vec<i64> = till.cart().lines.iter().map(|l| l.item.item_id).collect();
    let found = shop.suggestions(&cart, 2).unwrap_or_else(|e| {
        tracing::warn!("no till suggestions: {e}");
        Vec::new()
    });
    till.set_suggestions(found);
}

/// What the app needs to run list actions for a record kind.
trait Record: RecordKind {
    fn screen(master: &mut MasterScreen) -> &mut RecordList<Self>
    where
        Self: Sized;
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>>;
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()>;
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()>;
}

impl Record for Items {
    fn screen(master: &mut MasterScreen) -> &mut RecordList<Self> {
        &mut master.items
    }
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>> {
        shop.items(&ItemFilter { text: text.to_string(), include_archived, limit: LIST_LIMIT })
    }
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()> {
        match id {
            Some(id) => shop.update_item(actor, id, form),
            None => shop.create_item(actor, form).map(|_| ()),
        }
    }
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()> {
        shop.set_item_active(actor, id, active)
    }
}

impl Record for Customers {
    fn screen(master: &mut MasterScreen) -> &mut RecordList<Self> {
        &mut master.customers
    }
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>> {
        shop.customers(&CustomerFilter { text: text.to_string(), include_archived, limit: LIST_LIMIT })
    }
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()> {
        match id {
            Some(id) => shop.update_customer(actor, id, form),
            None => shop.create_customer(actor, form).map(|_| ()),
        }
    }
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()> {
        shop.set_customer_active(actor, id, active)
    }
}

impl Record for Suppliers {
    fn screen(master: &mut MasterScreen) -> &mut RecordList<Self> {
        &mut master.suppliers
    }
    fn load(shop: &Shop, text: &str, include_archived: bool) -> ServiceResult<Vec<Self::Row>> {
        shop.suppliers(text, include_archived)
    }
    fn save(shop: &mut Shop, actor: &Actor, id: Option<i64>, form: &Self::Form) -> ServiceResult<()> {
        match id {
            Some(id) => shop.update_supplier(actor, id, form),
            None => shop.create_supplier(actor, form).map(|_| ()),
        }
    }
    fn set_active(shop: &mut Shop, actor: &Actor, id: i64, active: bool) -> ServiceResult<()> {
        shop.set_supplier_active(actor, id, active)
    }
}

fn run_record_action<K: Record>(
    shop: &mut Shop,
    actor: &Actor,
    screen: &mut RecordList<K>,
    action: RecordAction<K::Form>,
    lang: Lang,
) {
    let reload = |shop: &Shop, screen: &mut RecordList<K>| {
        if let RecordAction::Load { text, include_archived } = screen.load_request() {
            match K::load(shop, &text, include_archived) {
                Ok(rows) => screen.set_rows(rows),
                Err(e) => screen.notify(Notice::Error, e.to_string()),
            }
        }
    };
    match action {
        RecordAction::Load { text, include_archived } => match K::load(shop, &text, include_archived) {
            Ok(rows) => screen.set_rows(rows),
            Err(e) => screen.notify(Notice::Error, e.to_string()),
        },
        RecordAction::Save { id, form } => match K::save(shop, actor, id, &form) {
            Ok(()) => {
                screen.saved(lang.pick("Saved", "Tersimpan").to_string());
                reload(shop, screen);
            }
            Err(ServiceError::Invalid(errors)) => screen.form_failed(Some(errors.clone()), errors.to_string()),
            Err(e) => screen.form_failed(None, e.to_string()),
        },
        RecordAction::SetActive { id, active } => match K::set_active(shop, actor, id, active) {
            Ok(()) => {
                reload(shop, screen);
                let text = if active {
                    lang.pick("Restored", "Dipulihkan")
                } else {
                    lang.pick("Archived (h shows archived)", "Diarsipkan (h menampilkan arsip)")
                };
                screen.notify(Notice::Info, text.to_string());
            }
            Err(e) => screen.notify(Notice::Error, e.to_string()),
        },
    }
}
