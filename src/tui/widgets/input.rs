//! A one-line text input with a cursor.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
    masked: bool,
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        TextInput { value: value.to_string(), cursor: value.chars().count(), masked: false }
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
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    fn byte_index(&self, char_index: usize) -> usize {
        self.value.char_indices().nth(char_index).map_or(self.value.len(), |(i, _)| i)
    }

    /// Apply an editing key; true when the key was used.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let len = self.value.chars().count();
        match key.code {
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                let at = self.byte_index(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
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
            self.value.chars().collect()
        };
        let width = width.max(1);
        let start = (self.cursor + 1).saturating_sub(width);
        let visible: String = shown.iter().skip(start).take(width).collect();
        (visible, self.cursor - start)
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
        input.handle(&key(KeyCode::Backspace));
        assert_eq!(input.value(), "kopi ");
        let input = TextInput::new("0123456789");
        assert_eq!(input.view(4), ("789".to_string(), 3));
    }

    #[test]
    fn masked_input_hides_text() {
        let mut input = TextInput::masked();
        input.handle(&key(KeyCode::Char('x')));
        assert_eq!(input.view(10).0, "•");
        assert_eq!(input.value(), "x");
    }
}
