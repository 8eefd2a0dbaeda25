//! Text from outside (typed, imported, stored) that reaches a terminal.
//!
//! Control characters (ESC, BEL, NUL, CR, LF, …) in a name could move the cursor,
//! set the terminal's title or hide text, so name-like fields refuse them and
//! anything printed to a terminal has them removed.

/// Why a name-like field is refused.
pub const CONTROL_CHARACTERS: &str = "must not contain control characters (such as Esc, Tab or a line break)";
/// [`CONTROL_CHARACTERS`] in Indonesian.
pub const CONTROL_CHARACTERS_ID: &str = "tidak boleh berisi karakter kontrol (seperti Esc, Tab atau ganti baris)";

pub fn has_control_chars(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// `text` without control characters, keeping line breaks and tabs of multi-line
/// output (a receipt) when `keep_lines` is set.
pub fn strip_controls(text: &str, keep_lines: bool) -> String {
    text.chars().filter(|&c| !c.is_control() || (keep_lines && matches!(c, '\n' | '\t'))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_strips_control_characters() {
        assert!(has_control_chars("Kopi\u{1b}]0;pwned\u{7}"));
        assert!(has_control_chars("a\rb"));
        assert!(!has_control_chars("Kopi Susu – Rp 5.000"));
        assert_eq!(strip_controls("Kopi\u{1b}]0;x\u{7}\r\nSusu\0", true), "Kopi]0;x\nSusu");
        assert_eq!(strip_controls("a\nb\tc", false), "abc");
    }
}
