//! A QR code in the terminal: each character cell holds two modules stacked, drawn
//! with half blocks (`▀` top dark, `▄` bottom dark, `█` both, space neither) in
//! black on white whatever the theme, inside a quiet zone of two modules, so a
//! phone camera reads it off the screen. Each module is one column wide and half a
//! row tall: square on an ordinary terminal font.

use qrcode::{Color, EcLevel, QrCode};
use ratatui::style::{Color as Ink, Style};

/// Light modules around the code, each side.
pub const QUIET: usize = 2;

/// Black on white, so the code reads the same on a dark terminal.
pub fn style() -> Style {
    Style::default().fg(Ink::Black).bg(Ink::White)
}

/// The rows of half-block characters for `data` (low error correction: the screen
/// is clean, and a smaller code fits more terminals).
pub fn half_blocks(data: &str) -> Result<Vec<String>, String> {
    let code = QrCode::with_error_correction_level(data, EcLevel::L).map_err(|e| e.to_string())?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let dark = |x: usize, y: usize| {
        let inside = (QUIET..QUIET + width).contains(&x) && (QUIET..QUIET + width).contains(&y);
        inside && colors[(y - QUIET) * width + (x - QUIET)] == Color::Dark
    };
    Ok((0..size.div_ceil(2))
        .map(|row| {
            (0..size)
                .map(|x| match (dark(x, 2 * row), dark(x, 2 * row + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect())
}
