//! Spreadsheet formula injection: a text cell such as `=HYPERLINK(…)` or `@SUM(…)` is
//! run as a formula when a CSV is opened in Excel or LibreOffice. Text cells that
//! start with `=`, `+`, `-`, `@`, tab or CR are written with a leading `'`, which
//! spreadsheets show as plain text. Numeric columns are never passed through here.
//!
//! [`restore`] undoes [`neutralise`] on import, so export → import gives back the
//! same text. A text that already starts with `'` before such a character (say
//! `'=x`) gets one more `'`, so even that round-trips exactly.

use std::borrow::Cow;

/// Whether a spreadsheet could read `text` (after any leading `'`) as a formula.
/// (Bytes, not chars: every trigger is ASCII, and a report checks a million cells.)
fn starts_like_formula(text: &str) -> bool {
    let mut bytes = text.bytes().skip_while(|&b| b == b'\'');
    matches!(bytes.next(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// The text to write in a CSV text cell.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if starts_like_formula(text) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// The text a neutralised cell stood for: one leading `'` is dropped when what
/// follows would start like a formula; anything else is left alone.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote() {
        for text in ["=1+1", "+62 21 555", "-sold out", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"] {
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in ["Indomie Goreng", "", "Jl. Merdeka 1", "a=b", "1-2", " =x", "'quoted"] {
            assert!(matches!(neutralise(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }

    #[test]
    fn restore_undoes_neutralise() {
        for text in ["=1+1", "-x", "@me", "'=x", "''+y", "plain", "'plain", "", "'", "-"] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
    }

    #[test]
    fn restore_leaves_other_quotes_alone() {
        assert_eq!(restore("'=x"), "=x");
        assert_eq!(restore("'hello"), "'hello");
        assert_eq!(restore("'5"), "'5");
        assert_eq!(restore("="), "=");
    }
}
