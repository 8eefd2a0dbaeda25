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
use super::records::RecordKind;
use super::records::RecordList;
use super::segments::{SegmentsScreen, segment_name};
use crate::store::segments::CustomerSegment;
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
    /// The selected customer's newest segment (as-of date and row), by customer id.
    customer_segment: Option<(i64, Option<(String, CustomerSegment)>)>,
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

    pub fn selected_customer(&self) -> Option<i64> {
        self.customers.selected_row().map(Customers::id)
    }

    pub fn set_customer_segment(&mut self, customer_id: i64, segment: Option<(String, CustomerSegment)>) {
        self.customer_segment = Some((customer_id, segment));
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
            CrmTab::Customers => {
                let before = self.selected_customer();
                let action = self.customers.handle_key(key, lang);
                // A new customer selected: ask for their segment.
                match (action, self.selected_customer()) {
                    (None, Some(id)) if before != Some(id) => Some(Action::CustomerSegment(id)),
                    (action, _) => action,
                }
            }
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
            CrmTab::Customers => {
                // The segment under the list, unless an open form needs that line.
                let room = self.customers.form_height(body.width).is_none_or(|h| h < body.height);
                let [list, segment] =
                    Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(room))]).areas(body);
                self.customers.render(frame, list, theme, lang);
                if room && let Some(line) = self.segment_line(lang, segment.width >= 60) {
                    frame.render_widget(Paragraph::new(Span::styled(line, theme.accent())), segment);
                }
            }
            CrmTab::Receivables => self.receivables.render(frame, body, theme, lang),
            CrmTab::Segments => self.segments.render(frame, body, theme, lang),
            CrmTab::Health => self.health.render(frame, body, theme, lang),
        }
    }

    /// "Bu Ani · Segment: Drifting · RFM Need attention (as of 2026-11-20)" for the
    /// selected customer, once loaded; without the name and "as of" when narrow.
    fn segment_line(&self, lang: Lang, wide: bool) -> Option<String> {
        let row = self.customers.selected_row()?;
        let (id, segment) = self.customer_segment.as_ref()?;
        if *id != row.id {
            return None;
        }
        let text = match segment {
            Some((as_of, s)) => format!(
                "{} · RFM {} ({}{as_of})",
                segment_name(&s.cluster_label, lang),
                segment_name(&s.rfm_segment, lang),
                if wide { lang.pick("as of ", "per ") } else { "" }
            ),
            None => lang.pick("no segmentation yet", "belum ada segmentasi").to_string(),
        };
        let segment = format!("{} {text}", lang.pick("Segment:", "Segmen:"));
        Some(if wide { format!("{} · {segment}", row.data.name) } else { segment })
    }
}
