//! The outbox tab: every message with its state, filtered by state and kind.

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{short_time, text_popup};
use crate::store::messages::{MessageFilter, MessageRow};
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection, num};

/// Rows the tab loads (newest first).
const LIMIT: usize = 200;

const STATUSES: &[&str] = &[
    "",
    "pending",
    "failed",
    "dead",
    "unknown",
    "skipped",
    "held",
    "sending",
    "sent",
    "delivered",
    "read",
    "cancelled",
];
/// Outbox kinds to filter by (`""`: all), with their English and Indonesian labels.
const KINDS: &[(&str, &str, &str)] = &[
    ("", "all", "semua"),
    ("receipt", "receipt", "struk"),
    ("reminder", "reminder", "pengingat"),
    ("winback", "win-back", "ajak kembali"),
    ("birthday", "birthday", "ulang tahun"),
    ("campaign", "campaign", "kampanye"),
    ("refill", "refill", "beli lagi"),
    // The assistant's answers, and the owner's digest and alerts.
    ("reply", "assistant reply", "balasan asisten"),
    ("digest", "owner digest/alerts", "ringkasan/peringatan pemilik"),
];

const COLUMNS: &[Column] = &[
    num("#", "#", 5, 4),
    col("Created", "Dibuat", 11, 5),
    col("Kind", "Jenis", 8, 7),
    col("Status", "Status", 9, 9),
    flex("To", "Kepada", 14, 8),
    num("Tries", "Coba", 5, 3),
    col("Error", "Galat", 20, 2),
];

#[derive(Debug, Default)]
pub struct OutboxTab {
    rows: Vec<MessageRow>,
    selected: usize,
    status: usize,
    kind: usize,
    open: bool,
}

fn label(value: &str, lang: Lang) -> &str {
    if value.is_empty() { lang.pick("all", "semua") } else { value }
}

impl OutboxTab {
    pub fn filter(&self) -> MessageFilter {
        let pick = |list: &[&str], i: usize| Some(list[i].to_string()).filter(|s| !s.is_empty());
        let kind = Some(KINDS[self.kind].0.to_string()).filter(|s| !s.is_empty());
        MessageFilter { status: pick(STATUSES, self.status), kind, limit: LIMIT }
    }

    pub fn set_rows(&mut self, rows: Vec<MessageRow>) {
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    fn load(&self) -> Option<Action> {
        Some(Action::Messages(MessagesAction::Load))
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        if self.open {
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
                self.open = false;
            }
            return None;
        }
        let id = self.rows.get(self.selected).map(|r| r.id);
        match key.code {
            KeyCode::Char('s') => {
                self.status = (self.status + 1) % STATUSES.len();
                self.selected = 0;
                self.load()
            }
            KeyCode::Char('k') => {
                self.kind = (self.kind + 1) % KINDS.len();
                self.selected = 0;
                self.load()
            }
            KeyCode::Char('r') => id.map(|id| Action::Messages(MessagesAction::Retry(id))),
            KeyCode::Char('c') | KeyCode::Delete => id.map(|id| Action::Messages(MessagesAction::Cancel(id))),
            KeyCode::Enter => {
                self.open = id.is_some();
                None
            }
            code => {
                self.selected = move_selection(self.selected, self.rows.len(), code);
                None
            }
        }
    }

    pub fn help() -> Vec<(&'static str, &'static str, &'static str)> {
        vec![
            ("s / k", "filter by state / kind", "saring status / jenis"),
            ("r", "send again (failed, dead, unknown)", "kirim ulang (gagal, mati, tak jelas)"),
            ("c / Del", "cancel (pending, failed)", "batalkan (menunggu, gagal)"),
            ("Enter", "the message's text", "isi pesan"),
        ]
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, tz: &TimeZone, theme: &Theme, lang: Lang) {
        let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let text = format!(
            "{} {} · s {} · k {} · r {} · c {}",
            self.rows.len(),
            lang.pick("msgs", "pesan"),
            label(STATUSES[self.status], lang),
            lang.pick(KINDS[self.kind].1, KINDS[self.kind].2),
            lang.pick("retry", "ulang"),
            lang.pick("cancel", "batal"),
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    short_time(m.created_at, tz),
                    m.kind.clone(),
                    m.status.clone(),
                    m.customer_name.clone().unwrap_or_else(|| m.phone.clone()),
                    m.attempts.to_string(),
                    m.last_error.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let dimmed: Vec<bool> = self.rows.iter().map(|m| m.status == "cancelled").collect();
        let selected = (!self.rows.is_empty()).then_some(self.selected);
        TableView { columns: COLUMNS, rows: &rows, dimmed: &dimmed, selected }.render(frame, table, theme, lang);
        if self.open
            && let Some(m) = self.rows.get(self.selected)
        {
            let mut lines = vec![
                Line::from(Span::styled(format!("{} · {} · {}", m.phone, m.template, m.status), theme.muted())),
                Line::from(""),
                Line::from(m.body.as_str()),
            ];
            if let Some(error) = &m.last_error {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(format!("⚠ {error}"), theme.error())));
            }
            let title = format!("{} #{}", lang.pick("Message", "Pesan"), m.id);
            text_popup(frame, area, &title, lines, theme);
        }
    }
}
