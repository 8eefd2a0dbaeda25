//! F1: the keys of the current screen and the global ones, from the keymap. The
//! overlay scrolls (↑/↓, PgUp/PgDn) when it is longer than the terminal.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::i18n::Lang;
use crate::tui::keymap::bindings;
use crate::tui::theme::Theme;

/// One of a screen's keys for the F1 help: the keys, what they do in English and Indonesian.
pub type KeyHelp = (&'static str, &'static str, &'static str);

/// The first line shown after `key` moved it from `scroll` (clamped when drawn).
pub fn scrolled(scroll: u16, key: crossterm::event::KeyCode) -> u16 {
    use crossterm::event::KeyCode;
    match key {
        KeyCode::Up => scroll.saturating_sub(1),
        KeyCode::Down => scroll.saturating_add(1),
        KeyCode::PageUp => scroll.saturating_sub(10),
        KeyCode::PageDown => scroll.saturating_add(10),
        KeyCode::Home => 0,
        _ => scroll,
    }
}

pub fn render(frame: &mut Frame, area: Rect, screen_keys: &[KeyHelp], scroll: u16, theme: &Theme, lang: Lang) {
    let width = area.width.min(70);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y, width, height: area.height };
    frame.render_widget(Clear, popup);
    let key_width = if width < 60 { 12 } else { 16 };
    let text_width = (width as usize).saturating_sub(key_width + 4).max(8);
    let mut lines = Vec::new();
    let entry = |lines: &mut Vec<Line>, keys: &str, text: &str| {
        for (i, part) in textwrap::wrap(text, text_width).into_iter().enumerate() {
            let keys = if i == 0 { keys } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:>key_width$}  "), theme.accent()),
                Span::raw(part.into_owned()),
            ]));
        }
    };
    if !screen_keys.is_empty() {
        lines.push(Line::from(Span::styled(lang.pick("This screen", "Layar ini"), theme.title())));
        for (k, en, id) in screen_keys {
            entry(&mut lines, k, lang.pick(en, id));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(lang.pick("Everywhere", "Di mana saja"), theme.title())));
    entry(&mut lines, "Esc", lang.pick("back / cancel", "kembali / batal"));
    for b in bindings().iter().filter(|b| !b.keys.is_empty()) {
        entry(&mut lines, &b.keys, lang.pick(&b.en, &b.id));
    }
    let height = popup.height.saturating_sub(2);
    let last_start = (lines.len() as u16).saturating_sub(height);
    let scroll = scroll.min(last_start);
    let title = if last_start > 0 {
        lang.pick(" Help · ↑/↓ scroll · Esc closes ", " Bantuan · ↑/↓ gulir · Esc menutup ")
    } else {
        lang.pick(" Help · Esc closes ", " Bantuan · Esc menutup ")
    };
    let block =
        Block::default().borders(Borders::ALL).border_style(theme.accent()).title(Span::styled(title, theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), popup);
}
