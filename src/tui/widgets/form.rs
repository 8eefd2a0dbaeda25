//! Edit forms: labelled fields, inline validation messages under each field.
//! Enter moves to the next field (and saves on the last), Ctrl+S or F10 saves,
//! Esc cancels; ←/→ or Space cycle a choice field; Alt+Enter starts a new line in a
//! text of several lines (shown as ⏎ on the field's one line).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::input::TextInput;
use crate::domain::master::FieldErrors;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, Press, alt, ctrl, help, key, lookup, press, typed};
use crate::tui::theme::Theme;
use crate::tui::widgets::help::hint_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Text that may run over several lines (a message template's body).
    Lines,
    Secret,
    Choice(&'static [Choice]),
}

/// One option of a choice field: the code the form's value holds (what the services
/// and the CSV know) and what people read in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub code: &'static str,
    pub en: &'static str,
    pub id: &'static str,
}

pub const fn option(code: &'static str, en: &'static str, id: &'static str) -> Choice {
    Choice { code, en, id }
}

/// The shop's "no"/"yes" settings and flags.
pub const YES_NO: &[Choice] = &[option("no", "no", "tidak"), option("yes", "yes", "ya")];

#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Same name as the CSV column and the domain's field errors.
    pub name: &'static str,
    pub en: &'static str,
    pub id: &'static str,
    pub kind: FieldKind,
}

pub const fn text(name: &'static str, en: &'static str, id: &'static str) -> FieldSpec {
    FieldSpec { name, en, id, kind: FieldKind::Text }
}

pub const fn lines(name: &'static str, en: &'static str, id: &'static str) -> FieldSpec {
    FieldSpec { name, en, id, kind: FieldKind::Lines }
}

pub const fn choice(name: &'static str, en: &'static str, id: &'static str, options: &'static [Choice]) -> FieldSpec {
    FieldSpec { name, en, id, kind: FieldKind::Choice(options) }
}

/// What a form's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The next field; on the last, submit.
    Advance,
    Next,
    Previous,
    Submit,
    /// A new line in a text of several lines (elsewhere: as Enter).
    NewLine,
    Cancel,
}

const ENTER: &[Press] = &[press(KeyCode::Enter)];
const SUBMIT: &[Press] = &[ctrl('s'), press(KeyCode::F(10))];
const ESC: &[Press] = &[press(KeyCode::Esc)];
const NEXT: &[Press] = &[press(KeyCode::Tab), press(KeyCode::Down)];
const PREVIOUS: &[Press] = &[press(KeyCode::BackTab), press(KeyCode::Up)];
const NEW_LINE: &[Press] = &[alt(KeyCode::Enter)];

/// A form's key table, saying what Enter, Ctrl+S/F10 and Esc do where the form is used
/// (English, Indonesian); the hint line names Ctrl+S/F10 only when `save` is given.
pub fn form_keys(
    enter: (&'static str, &'static str),
    save: Option<(&'static str, &'static str)>,
    esc: (&'static str, &'static str),
) -> Vec<Key<FormKey>> {
    let (save_en, save_id) = save.unwrap_or(("save", "simpan"));
    let submit = key("Ctrl+S/F10", SUBMIT, FormKey::Submit, save_en, save_id);
    vec![
        key("Enter", ENTER, FormKey::Advance, enter.0, enter.1).hint(enter.0, enter.1),
        if save.is_some() { submit.hint(save_en, save_id) } else { submit },
        key("Esc", ESC, FormKey::Cancel, esc.0, esc.1).hint(esc.0, esc.1),
        key("Tab/↓", NEXT, FormKey::Next, "next field", "kolom berikut"),
        key("Shift+Tab/↑", PREVIOUS, FormKey::Previous, "previous field", "kolom sebelumnya"),
        key("Alt+Enter", NEW_LINE, FormKey::NewLine, "new line in a long text", "baris baru di teks panjang"),
        typed("←/→ Space", "change a choice", "ganti pilihan"),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    Submit,
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    specs: &'static [FieldSpec],
    inputs: Vec<TextInput>,
    focus: usize,
    errors: FieldErrors,
    /// A problem that belongs to no field (a conflict, a permission).
    pub message: Option<String>,
    /// Its keys; the hint at the bottom is drawn from them.
    keys: Vec<Key<FormKey>>,
}

impl Form {
    pub fn new(title: String, specs: &'static [FieldSpec], values: &[String]) -> Form {
        let inputs = specs
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let value = values.get(i).map(String::as_str).unwrap_or_default();
                match spec.kind {
                    FieldKind::Secret => TextInput::masked(),
                    FieldKind::Choice(options) => {
                        // A choice cycles with ←/→; nothing to select.
                        let mut input = TextInput::default();
                        input.set(if value.is_empty() { options[0].code } else { value });
                        input
                    }
                    FieldKind::Text | FieldKind::Lines => TextInput::new(value),
                }
            })
            .collect();
        Form {
            title,
            specs,
            inputs,
            focus: 0,
            errors: FieldErrors::default(),
            message: None,
            keys: form_keys(("next", "lanjut"), Some(("save", "simpan")), ("cancel", "batal")),
        }
    }

    /// The form's keys as F1 lists them.
    pub fn keys(&self) -> Vec<KeyHelp> {
        help(&self.keys)
    }

    /// Keys saying what Enter and Esc do where the form is used (see [`form_keys`]).
    pub fn with_keys(mut self, keys: Vec<Key<FormKey>>) -> Form {
        self.keys = keys;
        self
    }

    /// Rows the form wants (fields, messages, footer, border); it scrolls when it
    /// gets fewer.
    pub fn wanted_height(&self, width: u16) -> u16 {
        let per_field = if width < 62 { 2 } else { 1 };
        let error_rows = self.specs.iter().filter(|s| self.errors.for_field(s.name).is_some()).count() * 2;
        (self.specs.len() * per_field + error_rows + usize::from(self.message.is_some()) * 2 + 3) as u16
    }

    pub fn value(&self, name: &str) -> String {
        self.specs.iter().position(|s| s.name == name).map(|i| self.inputs[i].value().to_string()).unwrap_or_default()
    }

    pub fn set_value(&mut self, index: usize, value: &str) {
        if let (Some(input), Some(spec)) = (self.inputs.get_mut(index), self.specs.get(index)) {
            match spec.kind {
                FieldKind::Text | FieldKind::Lines => input.prefill(value),
                _ => input.set(value),
            }
        }
    }

    pub fn focus(&mut self, name: &str) {
        if let Some(i) = self.specs.iter().position(|s| s.name == name) {
            self.focus = i;
        }
    }

    pub fn focused_field(&self) -> &'static str {
        self.specs[self.focus].name
    }

    /// Show errors inline and move to the first field that has one.
    pub fn set_errors(&mut self, errors: FieldErrors) {
        if let Some(first) = errors.0.first()
            && let Some(i) = self.specs.iter().position(|s| s.name == first.field)
        {
            self.focus = i;
        }
        self.message = errors.0.iter().find(|e| !self.specs.iter().any(|s| s.name == e.field)).map(ToString::to_string);
        self.errors = errors;
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> FormOutcome {
        let last = self.specs.len() - 1;
        match lookup(&self.keys, key) {
            Some(FormKey::Cancel) => return FormOutcome::Cancel,
            Some(FormKey::Submit) => return FormOutcome::Submit,
            Some(FormKey::NewLine) if self.specs[self.focus].kind == FieldKind::Lines => {
                self.inputs[self.focus].insert('\n');
            }
            Some(FormKey::Advance | FormKey::NewLine) if self.focus == last => return FormOutcome::Submit,
            Some(FormKey::Advance | FormKey::NewLine | FormKey::Next) => self.focus = (self.focus + 1).min(last),
            Some(FormKey::Previous) => self.focus = self.focus.saturating_sub(1),
            None => {
                if let FieldKind::Choice(options) = self.specs[self.focus].kind {
                    self.cycle(options, key);
                } else {
                    self.inputs[self.focus].handle(key);
                }
            }
        }
        FormOutcome::Continue
    }

    fn cycle(&mut self, options: &[Choice], key: &KeyEvent) {
        let current = options.iter().position(|o| o.code == self.inputs[self.focus].value()).unwrap_or(0);
        let next = match key.code {
            KeyCode::Left => (current + options.len() - 1) % options.len(),
            KeyCode::Right | KeyCode::Char(' ') => (current + 1) % options.len(),
            _ => return,
        };
        self.inputs[self.focus].set(options[next].code);
    }

    /// Wide: label and value side by side. Narrow (phones over SSH): the label on
    /// its own line above the value. Error messages wrap under their field.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(format!(" {} ", self.title), theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = inner.width as usize;
        let stacked = width < 60;
        // The labels whole ("Ulang tahun (TTTT-BB-HH)"), up to two fifths of the width.
        let longest = self.specs.iter().map(|spec| lang.pick(spec.en, spec.id).chars().count()).max().unwrap_or(0);
        let label_width = if stacked { 0 } else { (longest + 1).clamp(12, width * 2 / 5) };
        let value_width = width.saturating_sub(label_width).max(1);

        let mut lines: Vec<Line> = Vec::new();
        let mut cursor = None;
        for (i, (spec, input)) in self.specs.iter().zip(&self.inputs).enumerate() {
            let focused = i == self.focus;
            let label = lang.pick(spec.en, spec.id);
            let label_style = if focused { theme.accent() } else { theme.muted() };
            let value_style = input.style(if focused { theme.selection() } else { theme.base() });
            let (shown, cursor_x) = input.view(value_width.saturating_sub(1));
            let shown = match spec.kind {
                FieldKind::Choice(options) => {
                    let chosen = options.iter().find(|o| o.code == input.value());
                    format!("‹ {} ›", chosen.map_or(shown, |o| lang.pick(o.en, o.id).to_string()))
                }
                _ => shown,
            };
            let value = Span::styled(format!("{shown:<value_width$}"), value_style);
            if stacked {
                lines.push(Line::from(Span::styled(label.to_string(), label_style)));
                lines.push(Line::from(value));
            } else {
                let label: String = label.chars().take(label_width - 1).collect();
                lines.push(Line::from(vec![
                    Span::styled(format!("{label:>w$} ", w = label_width - 1), label_style),
                    value,
                ]));
            }
            if focused {
                cursor = Some((lines.len() - 1, cursor_x));
            }
            if let Some(message) = self.errors.for_field_in(spec.name, lang) {
                let indent = " ".repeat(label_width);
                let text = format!("⚠ {message}");
                for part in textwrap::wrap(&text, width.saturating_sub(label_width).max(8)) {
                    lines.push(Line::from(Span::styled(format!("{indent}{part}"), theme.error())));
                }
            }
        }
        let fields_end = lines.len();
        if let Some(message) = &self.message {
            for part in textwrap::wrap(&format!("⚠ {message}"), width.max(8)) {
                lines.push(Line::from(Span::styled(part.into_owned(), theme.error())));
            }
        }
        lines.push(Line::from(Span::styled(hint_text(&self.keys, lang), theme.muted())));
        // Keep the focused field (and the messages below the fields) in view.
        let height = inner.height as usize;
        let (focus_line, cursor_x) = cursor.unwrap_or((0, 0));
        let tail = lines.len() - fields_end;
        let scroll = (focus_line + 1 + tail).saturating_sub(height).min(lines.len().saturating_sub(height));
        frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
        if let Some(y) = focus_line.checked_sub(scroll).filter(|y| *y < height) {
            frame.set_cursor_position((inner.x + (label_width + cursor_x) as u16, inner.y + y as u16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::master::FieldErrors;
    use crossterm::event::KeyModifiers;

    const SPECS: &[FieldSpec] = &[
        text("name", "Name", "Nama"),
        choice(
            "tier",
            "Tier",
            "Harga",
            &[option("retail", "Retail", "Eceran"), option("wholesale1", "Wholesale 1", "Grosir 1")],
        ),
    ];

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_moving_and_submitting() {
        let mut form = Form::new("New".into(), SPECS, &[]);
        form.handle_key(&key(KeyCode::Char('B')));
        assert_eq!(form.handle_key(&key(KeyCode::Enter)), FormOutcome::Continue);
        assert_eq!(form.value("tier"), "retail");
        form.handle_key(&key(KeyCode::Right));
        assert_eq!(form.value("tier"), "wholesale1");
        form.handle_key(&key(KeyCode::Right));
        assert_eq!(form.value("tier"), "retail");
        assert_eq!(form.handle_key(&key(KeyCode::Enter)), FormOutcome::Submit);
        assert_eq!(form.value("name"), "B");
        assert_eq!(form.handle_key(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)), FormOutcome::Submit);
        assert_eq!(form.handle_key(&key(KeyCode::Esc)), FormOutcome::Cancel);
    }

    #[test]
    fn errors_move_focus_to_the_first_bad_field() {
        let mut form = Form::new("New".into(), SPECS, &["x".into()]);
        form.handle_key(&key(KeyCode::Enter));
        let mut errors = FieldErrors::default();
        errors.push("name", "is required", "wajib diisi");
        errors.push("database", "locked", "terkunci");
        form.set_errors(errors);
        assert_eq!(form.focused_field(), "name");
        assert_eq!(form.message.as_deref(), Some("database: locked"));
    }

    #[test]
    fn alt_enter_starts_a_new_line_in_a_text_of_several_lines_only() {
        const SPECS: &[FieldSpec] = &[lines("body", "Text", "Isi"), text("name", "Name", "Nama")];
        let mut form = Form::new("t".into(), SPECS, &["Halo".into(), "Ani".into()]);
        let alt_enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
        // The prefilled text is kept, not replaced, and the line break goes at its end.
        assert_eq!(form.handle_key(&alt_enter), FormOutcome::Continue);
        form.handle_key(&key(KeyCode::Char('!')));
        assert_eq!(form.value("body"), "Halo\n!");
        assert_eq!(form.inputs[0].view(20).0, "Halo⏎!");
        // In a one-line field Alt+Enter is Enter: the last field saves.
        form.handle_key(&key(KeyCode::Tab));
        assert_eq!(form.handle_key(&alt_enter), FormOutcome::Submit);
        assert_eq!(form.value("name"), "Ani");
    }
}
