//! Settings (Alt+9): every setting with its value; Enter edits one in place.

mod action;
pub use action::SettingsAction;

mod controller;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::services::settings::{SettingDef, SettingKind};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::screens::View;
use crate::tui::theme::Theme;
use crate::tui::keymap::{Key, KeyHelp, MOVE, help, key, lookup, press, typed};
use crate::tui::widgets::help::with_hints;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::records::Notice;
use crate::tui::widgets::form::YES_NO;
use crate::tui::widgets::table::{TableView, col, flex, move_selection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SettingsKey {
    Move,
    Edit,
    Save,
    Cancel,
}

const LIST_KEYS: &[Key<SettingsKey>] = &[
    key("↑/↓ Home/End", MOVE, SettingsKey::Move, "choose a setting", "pilih pengaturan"),
    key("Enter", &[press(KeyCode::Enter)], SettingsKey::Edit, "edit, then Enter to save", "ubah, lalu Enter untuk simpan")
        .hint("to edit", "untuk mengubah"),
];

const EDIT_KEYS: &[Key<SettingsKey>] = &[
    typed("text", "the new value", "nilai baru"),
    key("Enter", &[press(KeyCode::Enter)], SettingsKey::Save, "save", "simpan"),
    key("Esc", &[press(KeyCode::Esc)], SettingsKey::Cancel, "cancel", "batal"),
];

#[derive(Default)]
pub struct SettingsScreen {
    entries: Vec<(&'static SettingDef, String)>,
    selected: usize,
    editing: Option<TextInput>,
    notice: Option<(Notice, String)>,
}

/// A yes/no setting's value as the user says it ("ya"); any other as stored.
fn shown(def: &SettingDef, value: &str, lang: Lang) -> String {
    let yes_no = matches!(def.kind, SettingKind::Choice(options) if options.contains(&"yes"));
    match YES_NO.iter().find(|c| yes_no && c.code == value) {
        Some(choice) => lang.pick(choice.en, choice.id).to_string(),
        None => value.to_string(),
    }
}

impl SettingsScreen {
    pub fn set_entries(&mut self, entries: Vec<(&'static SettingDef, String)>) {
        self.entries = entries;
        self.selected = self.selected.min(self.entries.len().saturating_sub(1));
    }

    pub fn saved(&mut self, text: String) {
        self.editing = None;
        self.notice = Some((Notice::Info, text));
    }
}

impl SettingsScreen {
    fn table(&self) -> &'static [Key<SettingsKey>] {
        if self.editing.is_some() { EDIT_KEYS } else { LIST_KEYS }
    }
}

impl View for SettingsScreen {
    fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        let command = lookup(self.table(), key);
        if let Some(input) = &mut self.editing {
            match command {
                Some(SettingsKey::Cancel) => self.editing = None,
                Some(SettingsKey::Save) => {
                    let (def, _) = self.entries.get(self.selected)?;
                    return Some(Action::Settings(SettingsAction::Save {
                        key: def.key.to_string(),
                        value: input.value().to_string(),
                    }));
                }
                _ => {
                    input.handle(key);
                }
            }
            return None;
        }
        self.notice = None;
        match command? {
            SettingsKey::Move => self.selected = move_selection(self.selected, self.entries.len(), key.code),
            SettingsKey::Edit => {
                let (def, value) = self.entries.get(self.selected)?;
                // A secret is typed afresh, never shown.
                self.editing = Some(if def.secret { TextInput::default() } else { TextInput::new(&shown(def, value, lang)) });
            }
            SettingsKey::Save | SettingsKey::Cancel => {}
        }
        None
    }

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let [table_area, edit_area, notice_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
        let rows: Vec<Vec<String>> = self
            .entries
            .iter()
            .map(|(def, value)| vec![lang.pick(def.label_en, def.label_id).to_string(), shown(def, value, lang)])
            .collect();
        // The labels whole where they fit in half the screen.
        let longest = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0) as u16;
        let label_width = longest.clamp(12, table_area.width / 2);
        let columns = [
            col("Setting", "Pengaturan", label_width, 9),
            flex("Value", "Nilai", 16, 10),
        ];
        TableView { columns: &columns, rows: &rows, dimmed: &[], selected: Some(self.selected) }
            .render(frame, table_area, theme, lang);
        if let (Some(input), Some((def, _))) = (&self.editing, self.entries.get(self.selected)) {
            let prefix = format!("{} = ", def.key);
            let (text, x) = input.view((edit_area.width as usize).saturating_sub(prefix.len() + 1));
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(prefix.clone(), theme.accent()),
                    Span::styled(text, input.style(theme.selection())),
                ])),
                edit_area,
            );
            frame.set_cursor_position((edit_area.x + (prefix.chars().count() + x) as u16, edit_area.y));
        } else if let Some((def, _)) = self.entries.get(self.selected) {
            // The table cuts a long label; the selected one is said whole here.
            let label = lang.pick(def.label_en, def.label_id);
            let summary = if label.chars().count() > label_width as usize {
                format!("{} · {label}", def.key)
            } else {
                def.key.to_string()
            };
            let line = with_hints(summary, LIST_KEYS, lang, edit_area.width as usize);
            frame.render_widget(Paragraph::new(Span::styled(line, theme.muted())), edit_area);
        }
        if let Some((kind, text)) = &self.notice {
            let style = if *kind == Notice::Error { theme.error() } else { theme.success() };
            frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), notice_area);
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        help(self.table())
    }

    fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    fn show(&mut self, notice: Notice, text: String) {
        self.notice = Some((notice, text));
    }

    /// Esc closes the setting being edited; it never leaves Settings.
    fn at_rest(&self) -> bool {
        false
    }
}
