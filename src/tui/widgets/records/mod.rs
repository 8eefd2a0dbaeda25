//! One list-and-form screen serves items, customers and suppliers: `/` filters,
//! ↑/↓ select, `n` new, Enter edit, `a` archive or restore, `h` show archived
//! (see [`LIST_KEYS`]; a kind adds its own, e.g. items' barcode and labels).

pub mod controller;
pub mod kinds;

use std::collections::BTreeSet;

use crate::tui::action::{LabelSource, LabelsAction};
use crate::tui::keymap::{Key, KeyHelp, MOVE, chr, help, key, lookup, press, typed};
use crate::tui::widgets::help::{f1_hint, hint_text};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::master::FieldErrors;
use crate::tui::action::{Action, RecordAction};
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{FieldSpec, Form, FormOutcome};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{Column, TableView, move_selection};

/// What differs between items, customers and suppliers.
pub trait RecordKind {
    type Row: Clone;
    type Form;
    /// (English, Indonesian) singular noun for titles: "item" / "barang".
    const NOUN: (&'static str, &'static str);
    fn columns() -> &'static [Column];
    /// The row as the list shows it, in the user's language.
    fn cells(row: &Self::Row, lang: Lang) -> Vec<String>;
    fn id(row: &Self::Row) -> i64;
    fn active(row: &Self::Row) -> bool;
    fn fields() -> &'static [FieldSpec];
    fn values(row: &Self::Row) -> Vec<String>;
    fn read_form(form: &Form) -> Self::Form;
    fn wrap(action: RecordAction<Self::Form>) -> Action;
    /// Keys only this kind has on its list (items: barcode, marks and labels).
    const EXTRA_KEYS: &'static [Key<RecordKey>] = &[];
}

/// What the keys of a record list do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKey {
    Move,
    Filter,
    ClearFilter,
    New,
    Edit,
    Archive,
    ShowArchived,
    /// Generate an in-store barcode for the selected item.
    Barcode,
    /// Mark the selected row for labels.
    Mark,
    /// Print labels for the marked rows (or the selected one).
    Labels,
    /// Keep the filter typed and go back to the list.
    FilterDone,
}

pub const LIST_KEYS: &[Key<RecordKey>] = &[
    key("/", &[chr('/')], RecordKey::Filter, "filter the list", "saring daftar").hint("filter", "saring"),
    key("↑/↓ PgUp/PgDn", MOVE, RecordKey::Move, "move", "pindah"),
    key("n", &[chr('n'), press(KeyCode::Insert)], RecordKey::New, "new", "tambah").hint("new", "tambah"),
    key("Enter", &[press(KeyCode::Enter), chr('e')], RecordKey::Edit, "edit", "ubah").hint("edit", "ubah"),
    key("a", &[chr('a')], RecordKey::Archive, "archive / restore", "arsipkan / pulihkan"),
    key("h", &[chr('h')], RecordKey::ShowArchived, "show / hide archived", "tampilkan/sembunyikan arsip"),
    key("Esc", &[press(KeyCode::Esc)], RecordKey::ClearFilter, "clear the filter", "hapus saringan"),
];

const FILTER_KEYS: &[Key<RecordKey>] = &[
    typed("text", "filter as you type", "saring sambil mengetik"),
    key(
        "Enter/↓",
        &[press(KeyCode::Enter), press(KeyCode::Down)],
        RecordKey::FilterDone,
        "keep the filter",
        "pakai saringan",
    ),
    key("Esc", &[press(KeyCode::Esc)], RecordKey::ClearFilter, "clear the filter", "hapus saringan"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Info,
    Error,
}

pub struct RecordList<K: RecordKind> {
    rows: Vec<K::Row>,
    selected: usize,
    filter: TextInput,
    filtering: bool,
    show_archived: bool,
    /// The open form and the id it edits (None = new).
    form: Option<(Option<i64>, Form)>,
    notice: Option<(Notice, String)>,
    /// Rows marked with Space (ids), kept across filters; items print labels for them.
    marked: BTreeSet<i64>,
}

impl<K: RecordKind> Default for RecordList<K> {
    fn default() -> Self {
        RecordList {
            rows: Vec::new(),
            selected: 0,
            filter: TextInput::default(),
            filtering: false,
            show_archived: false,
            form: None,
            notice: None,
            marked: BTreeSet::new(),
        }
    }
}

pub const LIST_LIMIT: usize = 500;

impl<K: RecordKind> RecordList<K> {
    /// The query that fills this list: its filter text and archive toggle.
    pub fn load_request(&self) -> RecordAction<K::Form> {
        RecordAction::Load { text: self.filter.value().to_string(), include_archived: self.show_archived }
    }

    pub fn load_action(&self) -> Action {
        K::wrap(self.load_request())
    }

    pub fn set_rows(&mut self, rows: Vec<K::Row>) {
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn rows(&self) -> &[K::Row] {
        &self.rows
    }

    pub fn selected_row(&self) -> Option<&K::Row> {
        self.rows.get(self.selected)
    }

    pub fn is_editing(&self) -> bool {
        self.form.is_some() || self.filtering
    }

    /// Mark or unmark the selected row, then move down.
    pub fn toggle_mark(&mut self) {
        let Some(id) = self.selected_row().map(K::id) else { return };
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        self.selected = move_selection(self.selected, self.rows.len(), KeyCode::Down);
    }

    /// The marked ids, else the selected row's.
    pub fn marked_or_selected(&self) -> Vec<i64> {
        if self.marked.is_empty() {
            self.selected_row().map(K::id).into_iter().collect()
        } else {
            self.marked.iter().copied().collect()
        }
    }

    pub fn clear_marks(&mut self) {
        self.marked.clear();
    }

    /// The lines the open form wants at this width (None: no form open).
    pub fn form_height(&self, width: u16) -> Option<u16> {
        self.form.as_ref().map(|(_, form)| form.wanted_height(width.min(76)))
    }

    pub fn notify(&mut self, kind: Notice, text: String) {
        self.notice = Some((kind, text));
    }

    /// The save went through: close the form.
    pub fn saved(&mut self, text: String) {
        self.form = None;
        self.notify(Notice::Info, text);
    }

    pub fn form_failed(&mut self, errors: Option<FieldErrors>, message: String) {
        match (&mut self.form, errors) {
            (Some((_, form)), Some(errors)) => form.set_errors(errors),
            (Some((_, form)), None) => form.message = Some(message),
            (None, _) => self.notify(Notice::Error, message),
        }
    }

    pub fn open_new(&mut self, lang: Lang) {
        let title = format!("{} {}", lang.pick("New", "Tambah"), lang.pick(K::NOUN.0, K::NOUN.1));
        self.form = Some((None, Form::new(title, K::fields(), &[])));
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if let Some((id, form)) = &mut self.form {
            return match form.handle_key(key) {
                FormOutcome::Continue => None,
                FormOutcome::Cancel => {
                    self.form = None;
                    None
                }
                FormOutcome::Submit => Some(K::wrap(RecordAction::Save { id: *id, form: K::read_form(form) })),
            };
        }
        let command = lookup(&self.table(), key);
        if self.filtering {
            return match command {
                Some(RecordKey::FilterDone) => {
                    self.filtering = false;
                    None
                }
                Some(RecordKey::ClearFilter) => {
                    self.filtering = false;
                    self.filter.clear();
                    Some(self.load_action())
                }
                _ => self.filter.handle(key).then(|| self.load_action()),
            };
        }
        self.notice = None;
        match command? {
            RecordKey::Move => self.selected = move_selection(self.selected, self.rows.len(), key.code),
            RecordKey::Filter => self.filtering = true,
            RecordKey::ClearFilter if !self.filter.is_empty() => {
                self.filter.clear();
                return Some(self.load_action());
            }
            RecordKey::ClearFilter | RecordKey::FilterDone => {}
            RecordKey::New => self.open_new(lang),
            RecordKey::Edit => {
                let row = self.selected_row()?;
                let title = format!("{} {}", lang.pick("Edit", "Ubah"), lang.pick(K::NOUN.0, K::NOUN.1));
                self.form = Some((Some(K::id(row)), Form::new(title, K::fields(), &K::values(row))));
            }
            RecordKey::Archive => {
                let row = self.selected_row()?;
                return Some(K::wrap(RecordAction::SetActive { id: K::id(row), active: !K::active(row) }));
            }
            RecordKey::ShowArchived => {
                self.show_archived = !self.show_archived;
                return Some(self.load_action());
            }
            RecordKey::Barcode => return self.selected_row().map(|row| Action::GenerateBarcode(K::id(row))),
            RecordKey::Mark => self.toggle_mark(),
            RecordKey::Labels => {
                let ids = self.marked_or_selected();
                return (!ids.is_empty()).then_some(Action::Labels(LabelsAction::Ask(LabelSource::Items(ids))));
            }
        }
        None
    }

    /// The keys of the list as it stands: the form's, the filter's or the list's.
    fn table(&self) -> Vec<Key<RecordKey>> {
        match &self.form {
            Some(_) => Vec::new(),
            None if self.filtering => FILTER_KEYS.to_vec(),
            None => LIST_KEYS.iter().chain(K::EXTRA_KEYS).copied().collect(),
        }
    }

    /// Its keys as they stand, for F1.
    pub fn keys(&self) -> Vec<KeyHelp> {
        match &self.form {
            Some((_, form)) => form.keys(),
            None => help(&self.table()),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [filter_area, table_area, notice_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let archived = if self.show_archived { lang.pick(" (with archived)", " (termasuk arsip)") } else { "" };
        let count =
            if self.rows.len() >= LIST_LIMIT { format!("{}+", LIST_LIMIT) } else { self.rows.len().to_string() };
        let filter_line = if self.filtering || !self.filter.is_empty() {
            let (text, _) = self.filter.view(filter_area.width.saturating_sub(20) as usize);
            Line::from(vec![
                Span::styled("/ ", theme.accent()),
                Span::styled(text, if self.filtering { theme.selection() } else { theme.base() }),
                Span::styled(format!("  {count}{archived}"), theme.muted()),
            ])
        } else {
            Line::from(Span::styled(
                format!("{count}{archived} · {} · {}", hint_text(LIST_KEYS, lang), f1_hint(lang)),
                theme.muted(),
            ))
        };
        frame.render_widget(Paragraph::new(filter_line), filter_area);
        if self.filtering {
            let (_, x) = self.filter.view(filter_area.width.saturating_sub(20) as usize);
            frame.set_cursor_position((filter_area.x + 2 + x as u16, filter_area.y));
        }
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = K::cells(row, lang);
                if self.marked.contains(&K::id(row))
                    && let Some(first) = cells.first_mut()
                {
                    first.insert_str(0, "✓ ");
                }
                cells
            })
            .collect();
        let dimmed: Vec<bool> = self.rows.iter().map(|r| !K::active(r)).collect();
        if self.rows.is_empty() {
            let empty = if self.filter.is_empty() {
                lang.pick("Nothing here yet. Press n to add one.", "Belum ada data. Tekan n untuk menambah.")
            } else {
                lang.pick("Nothing matches the filter. Esc clears it.", "Tidak ada yang cocok. Esc menghapus saringan.")
            };
            frame.render_widget(Paragraph::new(Span::styled(empty, theme.muted())), table_area);
        } else {
            TableView { columns: K::columns(), rows: &cells, dimmed: &dimmed, selected: Some(self.selected) }
                .render(frame, table_area, theme, lang);
        }
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice_area);
        }
        if let Some((_, form)) = &self.form {
            let width = area.width.min(76);
            let height = self.form_height(width).unwrap_or(0).min(area.height);
            let x = area.x + (area.width - width) / 2;
            form.render(frame, Rect { x, y: area.y, width, height }, theme, lang);
        }
    }
}
