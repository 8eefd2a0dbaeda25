//! Small dialogs shared by the Purchases and Stock-taking screens: a bordered box
//! over the screen, labelled input fields, a row of choices.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::theme::Theme;
use crate::tui::widgets::input::TextInput;

pub const LABEL_WIDTH: usize = 14;

/// Draw a box of `height` lines (at most the area) titled `title` with `lines` in it.
pub fn render(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'_>>, theme: &Theme) {
    let width = area.width.min(60);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + 1.min(area.height - height), width, height };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent())
        .title(Span::styled(format!(" {title} "), theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// `Label         value` with the value highlighted when focused.
pub fn field<'a>(label: &str, input: &TextInput, focused: bool, width: u16, theme: &Theme) -> Line<'a> {
    let (text, _) = input.view((width as usize).saturating_sub(LABEL_WIDTH + 3).max(4));
    let style = input.style(if focused { theme.selection() } else { theme.base() });
    let shown = if focused { format!("{text}▏") } else { text };
    Line::from(vec![Span::raw(format!("{label:<LABEL_WIDTH$}")), Span::styled(shown, style)])
}

/// A row of choices with the chosen one highlighted; when they do not all fit in
/// `width`, only the chosen one, between arrows.
pub fn choices<'a>(label: &str, options: &[&str], chosen: usize, width: u16, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::raw(format!("{label:<LABEL_WIDTH$}"))];
    let needed: usize = LABEL_WIDTH + options.iter().map(|o| o.chars().count() + 2).sum::<usize>();
    if needed > width as usize {
        let option = options.get(chosen).copied().unwrap_or_default();
        spans.push(Span::styled(format!("‹ {option} ›"), theme.selection()));
        return Line::from(spans);
    }
    for (i, option) in options.iter().enumerate() {
        let style = if i == chosen { theme.selection() } else { theme.muted() };
        spans.push(Span::styled(format!(" {option} "), style));
    }
    Line::from(spans)
}

pub fn hint<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), theme.muted()))
}
