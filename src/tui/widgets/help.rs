//! F1: the keys of the current screen and the global ones, from the key tables. The
//! overlay scrolls (↑/↓, PgUp/PgDn) when it is longer than the terminal. The hint
//! lines screens draw under lists and in dialogs come from the same tables.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::i18n::Lang;
use crate::tui::keymap::Key;
pub use crate::tui::keymap::KeyHelp;
use crate::tui::keymap::{Command, bindings};
use crate::tui::theme::Theme;

/// A table's hint line: its entries with a hint, as `label word`, joined by ` · `.
pub fn hint_text<'a, C: 'a>(keys: impl IntoIterator<Item = &'a Key<C>>, lang: Lang) -> String {
    hint_parts(keys, lang).join(" · ")
}

/// The hint line cut to the whole entries that fit in `width` columns (F1 lists the
/// rest); at least the first entry, if any.
pub fn hint_fit<'a, C: 'a>(keys: impl IntoIterator<Item = &'a Key<C>>, lang: Lang, width: usize) -> String {
    let mut parts = hint_parts(keys, lang).into_iter();
    let first = parts.next().unwrap_or_default();
    joined_while_fitting(first, parts, width)
}

/// `summary · hints`: as many whole hints as fit in `width` after the summary, none
/// (and no ` · `) when not even the first does; F1 lists them all.
pub fn with_hints<'a, C: 'a>(
    summary: String,
    keys: impl IntoIterator<Item = &'a Key<C>>,
    lang: Lang,
    width: usize,
) -> String {
    joined_while_fitting(summary, hint_parts(keys, lang), width)
}

/// `start · part · part…` with the parts, in order, while the line fits in `width`.
fn joined_while_fitting(start: String, parts: impl IntoIterator<Item = String>, width: usize) -> String {
    let mut line = start;
    for part in parts {
        let joined = format!("{line} · {part}");
        if joined.chars().count() > width {
            break;
        }
        line = joined;
    }
    line
}

/// `F1 help`: ends a hint line that names only some of a screen's keys.
pub fn f1_hint(lang: Lang) -> String {
    let keys = bindings().into_iter().find(|b| b.command == Command::Help).map(|b| b.keys).unwrap_or_default();
    format!("{keys} {}", lang.pick("help", "bantuan"))
}

fn hint_parts<'a, C: 'a>(keys: impl IntoIterator<Item = &'a Key<C>>, lang: Lang) -> Vec<String> {
    keys.into_iter()
        .filter_map(|k| {
            let (en, id) = k.hint?;
            let word = lang.pick(en, id);
            Some([k.label, word].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" "))
        })
        .collect()
}

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
        for k in screen_keys {
            entry(&mut lines, k.label, lang.pick(k.en, k.id));
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

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::keymap::{key, press};

    const KEYS: &[Key<()>] = &[
        key("F12", &[press(KeyCode::F(12))], (), "approve", "setujui").hint("approve", "setujui"),
        key("Esc", &[press(KeyCode::Esc)], (), "back", "kembali").hint("back", "kembali"),
    ];

    #[test]
    fn hints_after_a_summary_are_whole_or_left_out() {
        let line = |width| with_hints("Selisih 2".into(), KEYS, Lang::Id, width);
        assert_eq!(line(80), "Selisih 2 · F12 setujui · Esc kembali");
        assert_eq!(line(30), "Selisih 2 · F12 setujui");
        assert_eq!(line(20), "Selisih 2");
    }
}
