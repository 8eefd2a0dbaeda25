//! Customers & CRM (Alt+7): the customer list, receivables, segments and the shop's
//! health (before/after WhatsApp, peak times), as tabs.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::health::HealthScreen;
use super::master::Customers;
use super::receivables::ReceivablesScreen;
use super::records::RecordList;
use super::segments::SegmentsScreen;
use crate::tui::action::{Action, ReceivablesAction, SegmentsAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrmTab {
    #[default]
    Customers,
    Receivables,
    Segments,
    Health,
}

impl CrmTab {
    const ALL: [CrmTab; 4] = [CrmTab::Customers, CrmTab::Receivables, CrmTab::Segments, CrmTab::Health];
}

#[derive(Default)]
pub struct CrmScreen {
    pub tab: CrmTab,
    pub customers: RecordList<Customers>,
    pub receivables: ReceivablesScreen,
    pub segments: SegmentsScreen,
    pub health: HealthScreen,
}

impl CrmScreen {
    pub fn load_action(&self) -> Action {
        match self.tab {
            CrmTab::Customers => self.customers.load_action(),
            CrmTab::Receivables => Action::Receivables(ReceivablesAction::Load),
            CrmTab::Segments => Action::Segments(SegmentsAction::Load),
            CrmTab::Health => Action::LoadHealth,
        }
    }

    pub fn is_editing(&self) -> bool {
        self.customers.is_editing() || self.receivables.is_editing()
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if !self.is_editing() && matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
            let at = CrmTab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
            let step = if key.code == KeyCode::Tab { 1 } else { CrmTab::ALL.len() - 1 };
            self.tab = CrmTab::ALL[(at + step) % CrmTab::ALL.len()];
            return Some(self.load_action());
        }
        match self.tab {
            CrmTab::Customers => self.customers.handle_key(key, lang),
            CrmTab::Receivables => self.receivables.handle_key(key),
            CrmTab::Segments => self.segments.handle_key(key),
            CrmTab::Health => None,
        }
    }

    pub fn help(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut keys =
            vec![("Tab", "customers / receivables / segments / health", "pelanggan / piutang / segmen / kesehatan")];
        keys.extend(match self.tab {
            CrmTab::Customers => self.customers.help(),
            CrmTab::Receivables => self.receivables.help(),
            CrmTab::Segments => self.segments.help(),
            CrmTab::Health => Vec::new(),
        });
        keys
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let tab = |t: CrmTab, en, id| {
            let style = if self.tab == t { theme.selection() } else { theme.muted() };
            Span::styled(format!(" {} ", lang.pick(en, id)), style)
        };
        let line = Line::from(vec![
            tab(CrmTab::Customers, "Customers", "Pelanggan"),
            tab(CrmTab::Receivables, "Receivables", "Piutang"),
            tab(CrmTab::Segments, "Segments", "Segmen"),
            tab(CrmTab::Health, "Health", "Kesehatan"),
        ]);
        frame.render_widget(Paragraph::new(line), tabs);
        match self.tab {
            CrmTab::Customers => self.customers.render(frame, body, theme, lang),
            CrmTab::Receivables => self.receivables.render(frame, body, theme, lang),
            CrmTab::Segments => self.segments.render(frame, body, theme, lang),
            CrmTab::Health => self.health.render(frame, body, theme, lang),
        }
    }
}
