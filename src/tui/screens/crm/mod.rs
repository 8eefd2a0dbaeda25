//! Customers & CRM (Alt+7): the customer list, receivables, segments, the shop's
//! health (before/after WhatsApp, peak times) and what recommendations earned, as tabs.

mod action;
pub use action::{CrmAction, ReceivablesAction, SegmentsAction};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub mod controller;
pub mod health;
pub mod receivables;
pub mod segments;

use self::health::HealthScreen;
use self::receivables::ReceivablesScreen;
use self::segments::SegmentsScreen;
use crate::domain::rfm::segment_name;
use crate::domain::Money;
use crate::services::recommend::RecommendationResults;
use crate::store::segments::CustomerSegment;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, SWITCH_TAB, help, key, lookup};
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::records::kinds::Customers;
use crate::tui::widgets::records::{RecordKind, RecordList};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrmTab {
    #[default]
    Customers,
    Receivables,
    Segments,
    Health,
    Recommendations,
}

/// Switching tabs (the direction is the key's), when nothing is being typed into.
const TAB_KEYS: &[Key<SwitchTab>] = &[key(
    "Tab / Shift+Tab",
    SWITCH_TAB,
    SwitchTab,
    "customers / receivables / segments / health / recommendations",
    "pelanggan / piutang / segmen / kesehatan / rekomendasi",
)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SwitchTab;

impl CrmTab {
    const ALL: [CrmTab; 5] =
        [CrmTab::Customers, CrmTab::Receivables, CrmTab::Segments, CrmTab::Health, CrmTab::Recommendations];
}

/// The Recommendations tab: what refill reminders and till suggestions earned.
#[derive(Default)]
pub enum RecommendationsTab {
    #[default]
    Empty,
    Loaded(RecommendationResults),
    Failed(String),
}

#[derive(Default)]
pub struct CrmScreen {
    pub tab: CrmTab,
    pub customers: RecordList<Customers>,
    pub receivables: ReceivablesScreen,
    pub segments: SegmentsScreen,
    pub health: HealthScreen,
    pub recommendations: RecommendationsTab,
    /// The selected customer's newest segment (as-of date and row), by customer id.
    customer_segment: Option<(i64, Option<(String, CustomerSegment)>)>,
}

impl CrmScreen {
    pub fn load_action(&self) -> Action {
        match self.tab {
            CrmTab::Customers => self.customers.load_action(),
            CrmTab::Receivables => Action::Crm(CrmAction::Receivables(ReceivablesAction::Load)),
            CrmTab::Segments => Action::Crm(CrmAction::Segments(SegmentsAction::Load)),
            CrmTab::Health => Action::Crm(CrmAction::LoadHealth),
            CrmTab::Recommendations => Action::Crm(CrmAction::LoadRecommendations),
        }
    }

    pub fn selected_customer(&self) -> Option<i64> {
        self.customers.selected_row().map(Customers::id)
    }

    pub fn set_customer_segment(&mut self, customer_id: i64, segment: Option<(String, CustomerSegment)>) {
        self.customer_segment = Some((customer_id, segment));
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

impl RecommendationsTab {
    pub fn set(&mut self, results: RecommendationResults) {
        *self = RecommendationsTab::Loaded(results);
    }

    pub fn failed(&mut self, error: String) {
        *self = RecommendationsTab::Failed(error);
    }

    /// The figures of `report recommendations` as rows, refill reminders and till
    /// suggestions side by side; what the lift means underneath when there is room.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let r = match self {
            RecommendationsTab::Loaded(results) => results,
            RecommendationsTab::Empty => return,
            RecommendationsTab::Failed(e) => {
                return frame.render_widget(Paragraph::new(Span::styled(e.as_str(), theme.error())), area);
            }
        };
        let wide = area.width >= 76;
        let value_width = if wide { 18 } else { 12 };
        let label_width = usize::from(area.width).saturating_sub(2 * (value_width + 1)).min(30);
        let row = |label: &str, refill: String, till: String| {
            let label: String = label.chars().take(label_width).collect();
            format!("{label:<label_width$} {refill:>value_width$} {till:>value_width$}")
        };
        let money = |m: Money| if wide { m.to_string() } else { m.grouped() };
        let none = || "–".to_string();
        let (e, till) = (&r.refill, &r.till);
        let lift = e.lift_revenue_per_customer().map_or_else(none, money);
        let dates = self::health::dates(&r.range, wide);
        let refills =
            if wide { lang.pick("Refill reminders", "Pengingat isi") } else { lang.pick("Refills", "Pengingat") };
        let mut lines = vec![
            Line::from(Span::styled(format!("{} {dates}", lang.pick("Recommendations", "Rekomendasi")), theme.title())),
            Line::from(Span::styled(
                row("", refills.to_string(), lang.pick("Till", "Kasir").to_string()),
                theme.muted(),
            )),
            Line::from(row(
                lang.pick("Sent / suggested added", "Terkirim / saran masuk"),
                e.messages.to_string(),
                till.added.to_string(),
            )),
            Line::from(row(lang.pick("Customers", "Pelanggan"), e.customers.to_string(), none())),
            Line::from(row(
                lang.pick("Bought / sold", "Membeli / terjual"),
                e.buyers.to_string(),
                till.sold.to_string(),
            )),
            Line::from(row(lang.pick("Revenue", "Omzet"), money(e.revenue), money(till.revenue))),
            Line::from(row(lang.pick("Held out", "Ditahan"), e.holdout_customers.to_string(), none())),
            Line::from(row(
                lang.pick("Held out who bought", "Ditahan yang membeli"),
                e.holdout_buyers.to_string(),
                none(),
            )),
            Line::from(row(lang.pick("Held-out revenue", "Omzet yang ditahan"), money(e.holdout_revenue), none())),
            Line::from(Span::styled(
                row(lang.pick("Lift per customer", "Tambahan per pelanggan"), lift, none()),
                theme.accent(),
            )),
            Line::default(),
        ];
        let days = r.attribution_days;
        let notes = [
            match lang {
                Lang::En => format!("Bought: a sale within {days} days of the reminder."),
                Lang::Id => format!("Membeli: ada penjualan dalam {days} hari sesudah pengingat."),
            },
            lang.pick(
                "Lift: revenue per customer reminded minus per customer held out (sent nothing).",
                "Tambahan: omzet per pelanggan yang diingatkan dikurangi per pelanggan yang ditahan (tidak dikirimi).",
            )
            .to_string(),
            lang.pick(
                "Till: items added with F10 from the hint, sold in the cashier's next sale.",
                "Kasir: barang yang ditambah dengan F10 dari saran, terjual di penjualan berikutnya.",
            )
            .to_string(),
        ];
        lines.extend(notes.into_iter().map(|n| Line::from(Span::styled(n, theme.muted()))));
        frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }), area);
    }
}

impl View for CrmScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if !self.is_editing()
            && let Some(SwitchTab) = lookup(TAB_KEYS, key)
        {
            let at = CrmTab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
            let step = if key.code == KeyCode::BackTab { CrmTab::ALL.len() - 1 } else { 1 };
            self.tab = CrmTab::ALL[(at + step) % CrmTab::ALL.len()];
            return Some(self.load_action());
        }
        match self.tab {
            CrmTab::Customers => {
                let before = self.selected_customer();
                let action = self.customers.handle_key(key, lang);
                // A new customer selected: ask for their segment.
                match (action, self.selected_customer()) {
                    (None, Some(id)) if before != Some(id) => Some(Action::Crm(CrmAction::CustomerSegment(id))),
                    (action, _) => action,
                }
            }
            CrmTab::Receivables => self.receivables.handle_key(key, lang),
            CrmTab::Segments => self.segments.handle_key(key),
            CrmTab::Health | CrmTab::Recommendations => None,
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        let tab = match self.tab {
            CrmTab::Customers => self.customers.keys(),
            CrmTab::Receivables => self.receivables.keys(),
            CrmTab::Segments => self.segments.keys(),
            CrmTab::Health | CrmTab::Recommendations => Vec::new(),
        };
        if self.is_editing() { tab } else { help(TAB_KEYS).into_iter().chain(tab).collect() }
    }

    fn is_editing(&self) -> bool {
        self.customers.is_editing() || self.receivables.is_editing() || self.segments.is_running()
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let tab = |t: CrmTab, en, id| {
            let style = if self.tab == t { theme.selection() } else { theme.muted() };
            Span::styled(format!(" {} ", lang.pick(en, id)), style)
        };
        let mut spans = vec![
            tab(CrmTab::Customers, "Customers", "Pelanggan"),
            tab(CrmTab::Receivables, "Receivables", "Piutang"),
            tab(CrmTab::Segments, "Segments", "Segmen"),
            tab(CrmTab::Health, "Health", "Kesehatan"),
        ];
        // The last tab's name in full where it fits, else short.
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        let full = tab(CrmTab::Recommendations, "Recommendations", "Rekomendasi");
        let fits = used + full.content.chars().count() <= usize::from(tabs.width);
        spans.push(if fits { full } else { tab(CrmTab::Recommendations, "Recs", "Rekom") });
        let line = Line::from(spans);
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
            CrmTab::Recommendations => self.recommendations.render(frame, body, theme, lang),
        }
    }

    /// Esc closes what a tab opened; it never leaves the module.
    fn at_rest(&self) -> bool {
        false
    }

    fn tick(&mut self, now_ms: i64) {
        self.segments.tick(now_ms);
    }

    /// On the visible tab.
    fn show(&mut self, notice: Notice, text: String) {
        match self.tab {
            CrmTab::Customers => self.customers.notify(notice, text),
            CrmTab::Receivables => self.receivables.show(notice, text),
            CrmTab::Segments => self.segments.notify(notice, text),
            CrmTab::Health => self.health.failed(text),
            CrmTab::Recommendations => self.recommendations.failed(text),
        }
    }
}
