//! F1: the keys of the current screen and the global ones, from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::i18n::Lang;
use crate::tui::keymap::bindings;
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, screen_keys: &[(&str, &str, &str)], theme: &Theme, lang: Lang) {
    let width = area.width.min(70);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y, width, height: area.height };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent())
        .title(Span::styled(lang.pick(" Help · Esc closes ", " Bantuan · Esc menutup "), theme.title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let key_width = 16;
    let line = |keys: &str, text: &str| {
        Line::from(vec![Span::styled(format!("{keys:>key_width$}  "), theme.accent()), Span::raw(text.to_string())])
    };
    let mut lines = Vec::new();
    if !screen_keys.is_empty() {
        lines.push(Line::from(Span::styled(lang.pick("This screen", "Layar ini"), theme.title())));
        lines.extend(screen_keys.iter().map(|(k, en, id)| line(k, lang.pick(en, id))));
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(lang.pick("Everywhere", "Di mana saja"), theme.title())));
    lines.push(line("Esc", lang.pick("back / cancel", "kembali / batal")));
    for b in bindings().iter().filter(|b| !b.keys.is_empty()) {
        lines.push(line(&b.keys, lang.pick(&b.en, &b.id)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
