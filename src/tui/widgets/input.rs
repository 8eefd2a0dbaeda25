//! A one-line text input with a cursor. A field that opens with a value has it
//! selected: typing replaces it, Backspace/Delete clear it, and an arrow key keeps
//! it for editing. So a prefilled `1` and a typed `24` make `24`, never `124`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::{Qty, QtyError};
use ratatui::style::{Modifier, Style};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
    masked: bool,
    /// The whole value is selected: the next character replaces it.
    selected: bool,
}

impl TextInput {
    /// A field prefilled with `value`, selected so that typing replaces it.
    pub fn new(value: &str) -> Self {
        let mut input = TextInput::default();
        input.prefill(value);
        input
    }

    /// Set the value and select it, as when a field opens with a value.
    pub fn prefill(&mut self, value: &str) {
        self.set(value);
        self.selected = !value.is_empty();
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// `style` for the value, reversed while it is selected so it shows.
    pub fn style(&self, style: Style) -> Style {
        if self.selected { style.add_modifier(Modifier::REVERSED) } else { style }
    }

    pub fn masked() -> Self {
        TextInput { masked: true, ..Default::default() }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, value: &str) {
        self.value = value.to_string();
        self.cursor = value.chars().count();
        self.selected = false;
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Put `c` at the cursor. A selected value is kept (typing replaces it before
    /// it gets here): a line break added to a prefilled text adds to it.
    pub fn insert(&mut self, c: char) {
        self.selected = false;
        let at = self.byte_index(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    fn byte_index(&self, char_index: usize) -> usize {
        self.value.char_indices().nth(char_index).map_or(self.value.len(), |(i, _)| i)
    }

    /// Apply an editing key; true when the key was used.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        if std::mem::take(&mut self.selected) {
            let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            match key.code {
                KeyCode::Char(_) if plain => self.clear(),
                KeyCode::Backspace | KeyCode::Delete => {
                    self.clear();
                    return true;
                }
                _ => {}
            }
        }
        let len = self.value.chars().count();
        match key.code {
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => self.insert(c),
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => self.clear(),
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_index(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_index(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }

    /// The part to show in `width` columns, and the cursor's column within it.
    pub fn view(&self, width: usize) -> (String, usize) {
        let shown: Vec<char> = if self.masked {
            "•".repeat(self.value.chars().count()).chars().collect()
        } else {
            // A line break shows as ⏎, one column like any character, so the field
            // stays one line and the cursor keeps its place.
            self.value.chars().map(|c| if c == '\n' { '⏎' } else { c }).collect()
        };
        let width = width.max(1);
        let start = (self.cursor + 1).saturating_sub(width);
        let visible: String = shown.iter().skip(start).take(width).collect();
        (visible, self.cursor - start)
    }
}

/// `3*CODE` → (3, CODE); `CODE` → (1, CODE). The quantity may be decimal (`1.5*BRS`).
pub fn split_quantity(text: &str) -> Result<(Qty, &str), QtyError> {
    match text.split_once('*') {
        Some((qty, code)) => Ok((Qty::parse(qty)?, code.trim())),
        None => Ok((Qty::ONE, text.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn edits_at_the_cursor() {
        let mut input = TextInput::new("ac");
        input.handle(&key(KeyCode::Left));
        input.handle(&key(KeyCode::Char('b')));
        assert_eq!(input.value(), "abc");
        input.handle(&key(KeyCode::Home));
        input.handle(&key(KeyCode::Delete));
        assert_eq!(input.value(), "bc");
        input.handle(&key(KeyCode::End));
        input.handle(&key(KeyCode::Backspace));
        assert_eq!(input.value(), "b");
        assert!(!input.handle(&key(KeyCode::Enter)));
    }

    #[test]
    fn handles_multibyte_text_and_scrolls() {
        let mut input = TextInput::new("kopi ☕");
        input.handle(&key(KeyCode::End));
        input.handle(&key(KeyCode::Backspace));
        assert_eq!(input.value(), "kopi ");
        let input = TextInput::new("0123456789");
        assert_eq!(input.view(4), ("789".to_string(), 3));
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_typing() {
        let mut input = TextInput::new("1");
        assert!(input.is_selected());
        input.handle(&key(KeyCode::Char('2')));
        input.handle(&key(KeyCode::Char('4')));
        assert_eq!(input.value(), "24");
        // An arrow keeps the value for editing; Backspace on a selection clears it.
        let mut input = TextInput::new("127240");
        input.handle(&key(KeyCode::End));
        input.handle(&key(KeyCode::Char('0')));
        assert_eq!(input.value(), "1272400");
        let mut input = TextInput::new("INV/{YYMMDD}/{SEQ:4}");
        input.handle(&key(KeyCode::Backspace));
        assert_eq!(input.value(), "");
        assert!(!TextInput::new("").is_selected());
    }

    #[test]
    fn masked_input_hides_text() {
        let mut input = TextInput::masked();
        input.handle(&key(KeyCode::Char('x')));
        assert_eq!(input.view(10).0, "•");
        assert_eq!(input.value(), "x");
    }

    #[test]
    fn quantity_prefix() {
        assert_eq!(split_quantity("3*8991234"), Ok((Qty::from_units(3), "8991234")));
        assert_eq!(split_quantity("1,5*BRS"), Ok((Qty::from_thousandths(1500), "BRS")));
        assert_eq!(split_quantity("IDM"), Ok((Qty::ONE, "IDM")));
        assert!(split_quantity("x*IDM").is_err());
    }
}
