//! Master data (Alt+4): items, customers, suppliers and categories as tabs
//! (Tab / Shift+Tab switch). Customers & CRM (Alt+7) reuses the customer list.

mod action;
pub use action::MasterAction;

mod controller;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::{Action, LabelSource};
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, SWITCH_TAB, help, key, lookup};
use crate::tui::widgets::label_dialog::{self, LabelDialog};
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::records::RecordList;
use crate::tui::widgets::records::kinds::{Customers, Items, Suppliers};
use crate::tui::widgets::table::{Column, TableView, flex, num};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Items,
    Customers,
    Suppliers,
    Categories,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Items, Tab::Customers, Tab::Suppliers, Tab::Categories];

    fn title(self) -> (&'static str, &'static str) {
        match self {
            Tab::Items => ("Items", "Barang"),
            Tab::Customers => ("Customers", "Pelanggan"),
            Tab::Suppliers => ("Suppliers", "Pemasok"),
            Tab::Categories => ("Categories", "Kategori"),
        }
    }
}

/// Switching tabs (the direction is the key's), when no form or filter is being typed into.
const TAB_KEYS: &[Key<SwitchTab>] =
    &[key("Tab / Shift+Tab", SWITCH_TAB, SwitchTab, "next / previous tab", "tab berikut / sebelumnya")];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SwitchTab;

#[derive(Default)]
pub struct MasterScreen {
    pub tab: Tab,
    pub items: RecordList<Items>,
    pub customers: RecordList<Customers>,
    pub suppliers: RecordList<Suppliers>,
    /// (category, active items)
    pub categories: Vec<(String, i64)>,
    /// The print-labels dialog, when open.
    pub labels: Option<LabelDialog>,
}

const CATEGORY_COLUMNS: &[Column] = &[flex("Category", "Kategori", 20, 10), num("Items", "Barang", 8, 9)];

impl MasterScreen {
    /// The query that fills the visible tab.
    pub fn load_action(&self) -> Action {
        match self.tab {
            Tab::Items => self.items.load_action(),
            Tab::Customers => self.customers.load_action(),
            Tab::Suppliers => self.suppliers.load_action(),
            Tab::Categories => Action::Master(MasterAction::LoadCategories),
        }
    }

    /// Open the print-labels dialog with the remembered `layout`.
    pub fn ask_labels(&mut self, source: LabelSource, layout: &str, lang: Lang) {
        self.labels = Some(LabelDialog::new(source, layout, lang));
    }
}

impl View for MasterScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if let Some(outcome) = label_dialog::handle_open(&mut self.labels, key) {
            return outcome;
        }
        if !self.is_editing()
            && let Some(SwitchTab) = lookup(TAB_KEYS, key)
        {
            let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
            let step = if key.code == KeyCode::BackTab { Tab::ALL.len() - 1 } else { 1 };
            self.tab = Tab::ALL[(i + step) % Tab::ALL.len()];
            return Some(self.load_action());
        }
        match self.tab {
            Tab::Items => self.items.handle_key(key, lang),
            Tab::Customers => self.customers.handle_key(key, lang),
            Tab::Suppliers => self.suppliers.handle_key(key, lang),
            Tab::Categories => None,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [tabs_area, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let mut spans = Vec::new();
        for tab in Tab::ALL {
            let (en, id) = tab.title();
            let style = if tab == self.tab { theme.selection() } else { theme.muted() };
            spans.push(Span::styled(format!(" {} ", lang.pick(en, id)), style));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), tabs_area);
        match self.tab {
            Tab::Items => self.items.render(frame, body, theme, lang),
            Tab::Customers => self.customers.render(frame, body, theme, lang),
            Tab::Suppliers => self.suppliers.render(frame, body, theme, lang),
            Tab::Categories => {
                let rows: Vec<Vec<String>> =
                    self.categories.iter().map(|(name, n)| vec![name.clone(), n.to_string()]).collect();
                TableView { columns: CATEGORY_COLUMNS, rows: &rows, dimmed: &[], selected: None }
                    .render(frame, body, theme, lang);
            }
        }
        if let Some(dialog) = &self.labels {
            dialog.render(frame, body, theme, lang);
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        if let Some(dialog) = &self.labels {
            return dialog.keys();
        }
        let list = match self.tab {
            Tab::Items => self.items.keys(),
            Tab::Customers => self.customers.keys(),
            Tab::Suppliers => self.suppliers.keys(),
            Tab::Categories => Vec::new(),
        };
        if self.is_editing() { list } else { help(TAB_KEYS).into_iter().chain(list).collect() }
    }

    fn is_editing(&self) -> bool {
        if self.labels.is_some() {
            return true;
        }
        match self.tab {
            Tab::Items => self.items.is_editing(),
            Tab::Customers => self.customers.is_editing(),
            Tab::Suppliers => self.suppliers.is_editing(),
            Tab::Categories => false,
        }
    }

    /// Esc closes a form or clears the filter; it never leaves Master data.
    fn at_rest(&self) -> bool {
        false
    }

    /// On the visible tab's list (categories: the items').
    fn show(&mut self, notice: Notice, text: String) {
        match self.tab {
            Tab::Items | Tab::Categories => self.items.notify(notice, text),
            Tab::Customers => self.customers.notify(notice, text),
            Tab::Suppliers => self.suppliers.notify(notice, text),
        }
    }
}
