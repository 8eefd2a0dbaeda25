//! Ctrl+P: type to fuzzy-find any screen or command, Enter runs it. Works where
//! F-keys and Alt do not (phones, some SSH clients).

use crossterm::event::{KeyCode, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::input::TextInput;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Binding, Command, bindings};
use crate::tui::theme::Theme;

pub struct Palette {
    input: TextInput,
    entries: Vec<Binding>,
    /// Indices into `entries`, best match first.
    matches: Vec<usize>,
    selected: usize,
    lang: Lang,
}

pub enum PaletteOutcome {
    Continue,
    Close,
    Run(Command),
}

impl Palette {
    pub fn new(lang: Lang) -> Palette {
        let entries = bindings();
        let matches = (0..entries.len()).collect();
        Palette { input: TextInput::default(), entries, matches, selected: 0, lang }
    }

    fn label(&self, b: &Binding) -> String {
        match self.lang {
            // Match both languages so either word finds the command.
            Lang::Id => format!("{} {}", b.id, b.en),
            Lang::En => format!("{} {}", b.en, b.id),
        }
    }

    fn refilter(&mut self) {
        let query = self.input.value();
        self.selected = 0;
        if query.trim().is_empty() {
            self.matches = (0..self.entries.len()).collect();
            return;
        }
        let mut matcher = Matcher::new(Config::DEFAULT);
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let labels: Vec<(usize, String)> = self.entries.iter().enumerate().map(|(i, b)| (i, self.label(b))).collect();
        let scored = pattern.match_list(labels.iter().map(|(i, l)| IndexedLabel(*i, l.as_str())), &mut matcher);
        self.matches = scored.into_iter().map(|(entry, _)| entry.0).collect();
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> PaletteOutcome {
        match key.code {
            KeyCode::Esc => return PaletteOutcome::Close,
            KeyCode::Enter => {
                return match self.matches.get(self.selected) {
                    Some(i) => PaletteOutcome::Run(self.entries[*i].command),
                    None => PaletteOutcome::Continue,
                };
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1)),
            _ => {
                if self.input.handle(key) {
                    self.refilter();
                }
            }
        }
        PaletteOutcome::Continue
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.min(56);
        let height = area.height.min(16);
        let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + 1.min(area.height), width, height };
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent())
            .title(Span::styled(self.lang.pick(" Commands ", " Perintah "), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let (text, x) = self.input.view(inner.width.saturating_sub(3) as usize);
        let mut lines = vec![Line::from(vec![Span::styled("> ", theme.accent()), Span::raw(text)])];
        let visible = inner.height.saturating_sub(1) as usize;
        let start = (self.selected + 1).saturating_sub(visible);
        for (row, i) in self.matches.iter().enumerate().skip(start).take(visible) {
            let b = &self.entries[*i];
            let label = self.lang.pick(&b.en, &b.id);
            let key_width = 7;
            let text = format!("{:<key_width$} {label}", b.keys);
            let style = if row == self.selected { theme.selection() } else { theme.base() };
            lines.push(Line::from(Span::styled(format!("{text:<w$}", w = inner.width as usize), style)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        frame.set_cursor_position((inner.x + 2 + x as u16, inner.y));
    }
}

/// An entry index with the text it is matched on.
struct IndexedLabel<'a>(usize, &'a str);

impl AsRef<str> for IndexedLabel<'_> {
    fn as_ref(&self) -> &str {
        self.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Module;

    fn type_text(p: &mut Palette, text: &str) {
        for c in text.chars() {
            p.handle_key(&KeyEvent::from(KeyCode::Char(c)));
        }
    }

    #[test]
    fn fuzzy_finds_screens_in_either_language() {
        let mut p = Palette::new(Lang::Id);
        type_text(&mut p, "pngtrn");
        assert!(matches!(
            p.handle_key(&KeyEvent::from(KeyCode::Enter)),
            PaletteOutcome::Run(Command::GoTo(Module::Settings))
        ));
        let mut p = Palette::new(Lang::Id);
        type_text(&mut p, "settings");
        assert!(matches!(
            p.handle_key(&KeyEvent::from(KeyCode::Enter)),
            PaletteOutcome::Run(Command::GoTo(Module::Settings))
        ));
    }

    #[test]
    fn no_match_runs_nothing() {
        let mut p = Palette::new(Lang::En);
        type_text(&mut p, "zzzzqqq");
        assert!(matches!(p.handle_key(&KeyEvent::from(KeyCode::Enter)), PaletteOutcome::Continue));
    }
}
