//! Fixed-width text for receipt paper. Widths count characters (what a receipt
//! printer prints one glyph for), never bytes.

fn len(text: &str) -> usize {
    text.chars().count()
}

fn take(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

/// Word-wrap to lines of at most `width` characters; a word longer than a line is
/// split. Line breaks in `text` are kept, and so is a paragraph's indentation (on
/// each of its lines). Always at least one (maybe empty) line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let indent: String = paragraph.chars().take_while(|c| *c == ' ').take(width - 1).collect();
        let start = lines.len();
        wrap_words(paragraph, width - len(&indent), &mut lines);
        for line in &mut lines[start..] {
            line.insert_str(0, &indent);
        }
    }
    lines
}

fn wrap_words(paragraph: &str, width: usize, lines: &mut Vec<String>) {
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let gap = usize::from(!line.is_empty());
            if len(&line) + gap + len(&word) <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // An empty line and the word still does not fit: split it.
            lines.push(take(&word, width));
            word = word.chars().skip(width).collect();
        }
    }
    lines.push(line);
}

/// Left-aligned in exactly `width` characters: padded, or cut when longer.
pub fn left(text: &str, width: usize) -> String {
    format!("{:<width$}", take(text, width))
}

/// Right-aligned in exactly `width` characters: padded, or cut when longer.
pub fn right(text: &str, width: usize) -> String {
    format!("{:>width$}", take(text, width))
}

/// Wrapped, each line centred.
pub fn center(text: &str, width: usize) -> String {
    wrap(text, width).iter().map(|line| format!("{line:^width$}").trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// `left` at the left edge and `right` at the right edge of one line. When they do
/// not fit together, `left` wraps and `right` goes right-aligned under it.
pub fn row(left_text: &str, right_text: &str, width: usize) -> String {
    let mut lines = if left_text.trim().is_empty() { Vec::new() } else { wrap(left_text, width) };
    let right_len = len(right_text);
    match lines.last_mut() {
        Some(last) if len(last) + 1 + right_len <= width => {
            let gap = width - len(last) - right_len;
            last.push_str(&" ".repeat(gap));
            last.push_str(right_text);
        }
        _ => lines.extend(wrap(right_text, width).iter().map(|line| right(line, width))),
    }
    lines.join("\n")
}

/// The safety net under any template: trailing spaces go, and a line longer than
/// `width` is broken into pieces that fit.
pub fn fit(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_end();
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() {
            out.push('\n');
        }
        for piece in chars.chunks(width) {
            out.extend(piece.iter());
            let end = out.trim_end_matches(' ').len();
            out.truncate(end);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_splits_long_ones() {
        assert_eq!(wrap("Indomie Goreng Rasa Ayam Bawang", 16), ["Indomie Goreng", "Rasa Ayam Bawang"]);
        assert_eq!(wrap("ABCDEFGHIJ xy", 4), ["ABCD", "EFGH", "IJ", "xy"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("  Diskon panjang sekali", 10), ["  Diskon", "  panjang", "  sekali"]);
        assert_eq!(wrap("Kopi Kapal Api Spesial Mix", 10).iter().map(|l| len(l)).max(), Some(10));
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(left("Crème brûlée", 6), "Crème ");
        assert_eq!(right("é", 3), "  é");
        assert_eq!(wrap("ééé ééé", 3), ["ééé", "ééé"]);
    }

    #[test]
    fn pads_and_cuts_columns() {
        assert_eq!(left("abc", 5), "abc  ");
        assert_eq!(right("abc", 5), "  abc");
        assert_eq!(left("abcdef", 3), "abc");
        assert_eq!(right("abcdef", 3), "abc");
    }

    #[test]
    fn centres_each_wrapped_line() {
        assert_eq!(center("Toko", 10), "   Toko");
        assert_eq!(center("Jl. Merdeka 10 Bandung", 12), "Jl. Merdeka\n 10 Bandung");
    }

    #[test]
    fn rows_put_text_at_both_edges_or_wrap() {
        assert_eq!(row("Total", "14.000", 16), "Total     14.000");
        assert_eq!(row("", "9.500", 8), "   9.500");
        assert_eq!(row("  Diskon", "-2.000", 16), "  Diskon  -2.000");
        assert_eq!(row("Pembayaran transfer BCA", "1.000.000", 16), "Pembayaran\ntransfer BCA\n       1.000.000");
        assert_eq!(row("ab cd", "12", 5), "ab cd\n   12");
    }

    #[test]
    fn fit_breaks_overlong_lines_and_trims() {
        assert_eq!(fit("abcdef  \n\nxy", 4), "abcd\nef\n\nxy\n");
    }
}
