//! Every module's screen has one shape: a [`View`] (keys to actions, a pure render,
//! its key table, whether it is editing or at rest, showing a result or an error)
//! and a [`Controller`] next to it (entering the module and running its actions
//! through the services). The app holds them in [`Screens`], indexed by [`Module`].
//!
//! A new module is a folder here (its `View`, `Controller` and action enum) and its
//! one line in the `modules!` list below, which is the only place modules are listed.

pub mod login;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::services::{Actor, Shop};
use crate::tui::action::modules;
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::help::KeyHelp;
use crate::tui::widgets::records::Notice;
use crate::tui::worker::{Finished, Workers};

/// What a screen shows and how it takes keys; it never touches the database.
pub trait View {
    /// A key, to an action for the screen's controller (None: handled inside).
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action>;
    /// A pure function of the screen's state.
    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang);
    /// The screen's keys as it stands now (F1 help).
    fn keys(&self) -> Vec<KeyHelp>;
    /// Typing into a field or a dialog: keep it when another process changes data.
    fn is_editing(&self) -> bool {
        false
    }
    /// Nothing open or typed: Esc leaves the module for the user's home.
    fn at_rest(&self) -> bool;
    /// Show the result of an action, or why it failed.
    fn show(&mut self, notice: Notice, text: String);
    /// Once a second (elapsed time of running work).
    fn tick(&mut self, _now_ms: i64) {}
}

/// Where a screen meets the services: what `cashier_action` and friends did in the app.
pub trait Controller {
    /// The module was opened (or another process changed data): load what it shows.
    fn enter(&mut self, ctx: &mut Context);
    /// Run one of the screen's actions and hand the result to the screen.
    fn run(&mut self, action: Action, ctx: &mut Context);
    /// A worker finished work this screen started; true if the screen changed.
    fn finished(&mut self, _done: Finished, _workers: &mut Workers, _lang: Lang) -> bool {
        false
    }
}

/// A module's screen: its view and its controller.
pub trait Screen: View + Controller {}

impl<T: View + Controller> Screen for T {}

/// What a controller runs with: the shop, who is logged in, the workers for long work.
pub struct Context<'a> {
    pub shop: &'a mut Shop,
    pub actor: &'a Actor,
    pub lang: Lang,
    pub workers: &'a mut Workers,
    /// What the app does when the controller is done.
    pub then: Then,
}

/// Global follow-ups a controller asks of the app.
#[derive(Debug, Default, Clone, Copy)]
pub struct Then {
    /// The status bar's figures changed (messages waiting, a sale made).
    pub refresh_status: bool,
    /// Language or theme may have changed (a setting saved).
    pub display_settings: bool,
}

modules! {
    Dashboard => dashboard::DashboardScreen, Dashboard(DashboardAction), "Dashboard", "Dasbor";
    Cashier => cashier::CashierScreen, Cashier(CashierAction), "Cashier", "Kasir";
    Purchases => purchases::PurchasesScreen, Purchases(PurchasesAction), "Purchases", "Pembelian";
    MasterData => master::MasterScreen, Master(MasterAction), "Master data", "Data master";
    StockTaking => stocktake::StockTakeScreen, StockTake(StockTakeAction), "Stock-taking", "Stok opname";
    Reports => reports::ReportsScreen, Reports(ReportsAction), "Reports", "Laporan";
    Customers => crm::CrmScreen, Crm(CrmAction), "Customers & CRM", "Pelanggan & CRM";
    Messages => messages::MessagesScreen, Messages(MessagesAction), "Messages", "Pesan";
    Settings => settings::SettingsScreen, Settings(SettingsAction), "Settings", "Pengaturan";
}

impl Screens {
    /// Some screen is being typed into (another process's change must not reload it).
    pub fn any_editing(&self) -> bool {
        Module::ALL.iter().any(|m| self.get(*m).is_editing())
    }
}
