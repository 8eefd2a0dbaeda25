//! Modules that are not built yet say so plainly instead of pretending.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::action::Module;
use crate::tui::i18n::Lang;
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, module: Module, theme: &Theme, lang: Lang) {
    let (en, id) = module.title();
    let lines = vec![
        Line::from(Span::styled(lang.pick(en, id), theme.title())),
        Line::from(""),
        Line::from(Span::styled(
            lang.pick(
                "This module is not available in this version of warung yet.",
                "Modul ini belum tersedia di versi warung ini.",
            ),
            theme.warning(),
        )),
        Line::from(""),
        Line::from(Span::styled(
            lang.pick(
                "Alt+4 master data · Alt+7 customers · Alt+9 settings · Ctrl+P all commands",
                "Alt+4 data master · Alt+7 pelanggan · Alt+9 pengaturan · Ctrl+P semua perintah",
            ),
            theme.muted(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
