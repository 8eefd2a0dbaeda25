//! The inbox tab: what customers wrote to the shop (received by the webhooks).
//! `Enter` opens the customer's whole conversation (their messages and the shop's,
//! newest last) with a line to answer by hand.

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::words::Vocabulary;
use super::{short_time, text_popup};
use crate::store::assistant::ConversationEntry;
use crate::store::inbox::InboxRow;
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, MOVE, help, key, lookup, press, typed};
use crate::tui::theme::Theme;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection};

const COLUMNS: &[Column] =
    &[col("Received", "Diterima", 11, 6), col("From", "Dari", 16, 8), flex("Text", "Isi", 20, 9)];

/// What the inbox's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InboxKey {
    Move,
    Open,
    Send,
    Close,
}

const LIST_KEYS: &[Key<InboxKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, InboxKey::Move, "choose a message", "pilih pesan"),
    key("Enter", &[press(KeyCode::Enter)], InboxKey::Open, "the conversation", "percakapan"),
];

/// A conversation: what is typed is the answer.
const THREAD_KEYS: &[Key<InboxKey>] = &[
    typed("text", "the answer, typed by hand", "balasan, diketik sendiri"),
    key("Enter", &[press(KeyCode::Enter)], InboxKey::Send, "send it (nothing typed: close)", "kirim (kosong: tutup)"),
    key("Esc", &[press(KeyCode::Esc)], InboxKey::Close, "close the conversation", "tutup percakapan"),
];

#[derive(Debug, Default)]
pub struct InboxTab {
    rows: Vec<InboxRow>,
    selected: usize,
    open: bool,
    /// The selected sender's conversation, once loaded.
    thread: Vec<ConversationEntry>,
    reply: TextInput,
    /// Why the last reply was refused.
    error: Option<String>,
}

impl InboxTab {
    pub fn set_rows(&mut self, rows: Vec<InboxRow>) {
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The conversation with the selected sender.
    pub fn set_thread(&mut self, thread: Vec<ConversationEntry>) {
        self.thread = thread;
    }

    /// The reply was queued: the conversation with it, and an empty line.
    pub fn replied(&mut self, thread: Vec<ConversationEntry>) {
        self.thread = thread;
        self.reply.clear();
        self.error = None;
    }

    pub fn reply_failed(&mut self, why: String) {
        self.error = Some(why);
    }

    fn table(&self) -> &'static [Key<InboxKey>] {
        if self.open { THREAD_KEYS } else { LIST_KEYS }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        help(self.table())
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let Some(command) = lookup(self.table(), key) else {
            if self.open {
                self.reply.handle(key);
            }
            return None;
        };
        match command {
            InboxKey::Close => self.close(),
            InboxKey::Send if self.reply.is_empty() => self.close(),
            InboxKey::Send => {
                let phone = self.rows.get(self.selected)?.phone.clone();
                let text = self.reply.value().to_string();
                return Some(Action::Messages(MessagesAction::ReplyByHand { phone, text }));
            }
            InboxKey::Open => {
                let row = self.rows.get(self.selected)?;
                self.open = true;
                let read = (!row.read).then_some(row.id);
                return Some(Action::Messages(MessagesAction::OpenThread { phone: row.phone.clone(), read }));
            }
            InboxKey::Move => self.selected = move_selection(self.selected, self.rows.len(), key.code),
        }
        None
    }

    fn close(&mut self) {
        self.open = false;
        self.thread.clear();
        self.reply.clear();
        self.error = None;
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
            let mut lines = vec![Line::from(Span::styled(from, theme.muted()))];
            // The newest that fit, newest last.
            let room = (area.height as usize).saturating_sub(8).max(1);
            let shown = self.thread.len().saturating_sub(room);
            for entry in &self.thread[shown..] {
                let when = short_time(entry.at, tz);
                let line = if entry.inbound {
                    Line::from(format!("{when} › {}", entry.text.replace('\n', " ")))
                } else {
                    let text = format!("{when} ‹ {} [{}]", entry.text.replace('\n', " "), Vocabulary::MessageStatus.word(&entry.status, lang));
                    Line::from(Span::styled(text, theme.accent()))
                };
                lines.push(line);
            }
            if let Some(why) = &self.error {
                lines.push(Line::from(Span::styled(why.clone(), theme.error())));
            }
            let (typed, _) = self.reply.view(60);
            lines.push(Line::from(format!("{} {typed}", lang.pick("Reply:", "Balas:"))));
            text_popup(frame, area, lang.pick("Conversation", "Percakapan"), lines, theme);
        }
    }
}
