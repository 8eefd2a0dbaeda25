//! The outbox tab: every message with its state, filtered by state and kind.

use crossterm::event::{KeyCode, KeyEvent};
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{short_time, text_popup};
use crate::domain::words::{MESSAGE_KINDS, MESSAGE_STATUSES, Table, Vocabulary};
use crate::store::messages::{MessageFilter, MessageRow};
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, MOVE, Press, chr, help, key, lookup, press};
use crate::tui::theme::Theme;
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection, num};

/// Rows the tab loads (newest first).
const LIMIT: usize = 200;

const COLUMNS: &[Column] = &[
    num("#", "#", 5, 4),
    col("Created", "Dibuat", 11, 5),
    col("Kind", "Jenis", 11, 7),
    col("Status", "Status", 9, 9),
    flex("To", "Kepada", 14, 8),
    num("Tries", "Coba", 5, 3),
    col("Error", "Galat", 18, 2),
];

/// What the outbox's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutboxKey {
    Move,
    /// The next state, or kind, to filter by.
    Status,
    Kind,
    Retry,
    Cancel,
    Open,
    Close,
}

const CANCEL: &str = "cancel (pending, failed)";
const CANCEL_ID: &str = "batalkan (menunggu, gagal)";

/// Named in the header with the filter they set.
const STATUS: Key<OutboxKey> = key("s", &[chr('s')], OutboxKey::Status, "filter by state", "saring status");
const KIND: Key<OutboxKey> = key("k", &[chr('k')], OutboxKey::Kind, "filter by kind", "saring jenis");

/// The list; the hints end its header.
const LIST_KEYS: &[Key<OutboxKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, OutboxKey::Move, "choose a message", "pilih pesan"),
    STATUS,
    KIND,
    key("r", &[chr('r')], OutboxKey::Retry, "send again (failed, dead, unknown)", "kirim ulang (gagal, mati, tak jelas)")
        .hint("retry", "ulang"),
    key("c", &[chr('c')], OutboxKey::Cancel, CANCEL, CANCEL_ID).hint("cancel", "batal"),
    key("Del", &[press(KeyCode::Delete)], OutboxKey::Cancel, CANCEL, CANCEL_ID),
    key("Enter", &[press(KeyCode::Enter)], OutboxKey::Open, "the message's text", "isi pesan"),
];

const CLOSE: &[Press] = &[press(KeyCode::Esc), press(KeyCode::Enter)];

/// A message's text.
const OPEN_KEYS: &[Key<OutboxKey>] = &[key("Esc/Enter", CLOSE, OutboxKey::Close, "close", "tutup")];

#[derive(Debug, Default)]
pub struct OutboxTab {
    rows: Vec<MessageRow>,
    selected: usize,
    status: usize,
    kind: usize,
    open: bool,
}

/// The filter's choice `i` in `list` (states or kinds): 0 is all (`None`), then each entry.
fn choice(list: Table, i: usize) -> Option<&'static (&'static str, &'static str, &'static str)> {
    i.checked_sub(1).and_then(|i| list.get(i))
}

/// How the filter's choice `i` reads.
fn choice_label(list: Table, i: usize, lang: Lang) -> &'static str {
    choice(list, i).map_or(lang.pick("all", "semua"), |(_, en, id)| lang.pick(en, id))
}

impl OutboxTab {
    pub fn filter(&self) -> MessageFilter {
        let code = |list, i| choice(list, i).map(|(code, _, _)| code.to_string());
        MessageFilter { status: code(MESSAGE_STATUSES, self.status), kind: code(MESSAGE_KINDS, self.kind), limit: LIMIT }
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

    fn table(&self) -> &'static [Key<OutboxKey>] {
        if self.open { OPEN_KEYS } else { LIST_KEYS }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        help(self.table())
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let id = self.rows.get(self.selected).map(|r| r.id);
        match lookup(self.table(), key)? {
            OutboxKey::Close => self.open = false,
            OutboxKey::Status => {
                self.status = (self.status + 1) % (MESSAGE_STATUSES.len() + 1);
                self.selected = 0;
                return self.load();
            }
            OutboxKey::Kind => {
                self.kind = (self.kind + 1) % (MESSAGE_KINDS.len() + 1);
                self.selected = 0;
                return self.load();
            }
            OutboxKey::Retry => return id.map(|id| Action::Messages(MessagesAction::Retry(id))),
            OutboxKey::Cancel => return id.map(|id| Action::Messages(MessagesAction::Cancel(id))),
            OutboxKey::Open => self.open = id.is_some(),
            OutboxKey::Move => self.selected = move_selection(self.selected, self.rows.len(), key.code),
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, tz: &TimeZone, theme: &Theme, lang: Lang) {
        let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let text = format!(
            "{} {} · {} {} · {} {} · {}",
            self.rows.len(),
            lang.pick("msgs", "pesan"),
            STATUS.label,
            choice_label(MESSAGE_STATUSES, self.status, lang),
            KIND.label,
            choice_label(MESSAGE_KINDS, self.kind, lang),
            hint_text(LIST_KEYS, lang),
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    short_time(m.created_at, tz),
                    Vocabulary::MessageKind.word(&m.kind, lang).to_string(),
                    Vocabulary::MessageStatus.word(&m.status, lang).to_string(),
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
                Line::from(Span::styled(format!("{} · {} · {}", m.phone, m.template, Vocabulary::MessageStatus.word(&m.status, lang)), theme.muted())),
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
