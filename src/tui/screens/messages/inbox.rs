//! The inbox tab: what customers wrote to the shop (received by the webhooks).

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{short_time, text_popup};
use crate::store::inbox::InboxRow;
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection};

const COLUMNS: &[Column] =
    &[col("Received", "Diterima", 11, 6), col("From", "Dari", 16, 8), flex("Text", "Isi", 20, 9)];

#[derive(Debug, Default)]
pub struct InboxTab {
    rows: Vec<InboxRow>,
    selected: usize,
    open: bool,
}

impl InboxTab {
    pub fn set_rows(&mut self, rows: Vec<InboxRow>) {
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        if self.open {
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
                self.open = false;
            }
            return None;
        }
        match key.code {
            KeyCode::Enter => {
                let row = self.rows.get(self.selected)?;
                self.open = true;
                (!row.read).then_some(Action::Messages(MessagesAction::ReadInbox(row.id)))
            }
            code => {
                self.selected = move_selection(self.selected, self.rows.len(), code);
                None
            }
        }
    }

    pub fn help() -> Vec<(&'static str, &'static str, &'static str)> {
        vec![("Enter", "read the message", "baca pesan")]
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, tz: &TimeZone, theme: &Theme, lang: Lang) {
        let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let unread = self.rows.iter().filter(|r| !r.read).count();
        let text = format!(
            "{} {} · {unread} {}",
            self.rows.len(),
            lang.pick("received", "diterima"),
            lang.pick("unread", "belum dibaca")
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    short_time(r.received_at, tz),
                    r.customer_name.clone().unwrap_or_else(|| r.phone.clone()),
                    r.body.replace('\n', " "),
                ]
            })
            .collect();
        let dimmed: Vec<bool> = self.rows.iter().map(|r| r.read).collect();
        let selected = (!self.rows.is_empty()).then_some(self.selected);
        TableView { columns: COLUMNS, rows: &rows, dimmed: &dimmed, selected }.render(frame, table, theme, lang);
        if self.open
            && let Some(r) = self.rows.get(self.selected)
        {
            let from = match &r.customer_name {
                Some(name) => format!("{name} · {} · {}", r.phone, r.provider),
                None => format!("{} · {}", r.phone, r.provider),
            };
            let lines =
                vec![Line::from(Span::styled(from, theme.muted())), Line::from(""), Line::from(r.body.as_str())];
            text_popup(frame, area, lang.pick("Message", "Pesan"), lines, theme);
        }
    }
}
