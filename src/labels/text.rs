//! Measuring and wrapping label text. Page labels are set in Helvetica (Arial in
//! SVG viewers has the same widths), so widths come from Helvetica-Bold's metrics
//! (the wider of the two weights, so regular text always fits too). Roll labels
//! wrap by character count.

/// Helvetica-Bold advance widths (1/1000 em) for ASCII 32..=126, from Adobe's
/// Core 14 AFM files.
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    333, 333, 584, 584, 584, 611, 975, // ':'..'@'
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
    667, 667, 611, // 'A'..'Z'
    333, 278, 333, 584, 556, 333, // '['..'`'
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
    556, 556, 500, // 'a'..'z'
    389, 280, 389, 584, // '{'..'~'
];

/// Width of `≥` in the Symbol font, which the PDF uses for it.
pub const GREATER_EQUAL_WIDTH: u16 = 549;

const ELLIPSIS: char = '…';

fn char_width(c: char) -> u16 {
    match c {
        ' '..='~' => HELVETICA_BOLD[c as usize - 32],
        '≥' => GREATER_EQUAL_WIDTH,
        ELLIPSIS => 1000,
        _ => 722, // accented capitals and the like: a wide letter
    }
}

/// Width in mm of `text` set at `size` mm.
pub fn width_mm(text: &str, size: f32) -> f32 {
    text.chars().map(|c| f32::from(char_width(c))).sum::<f32>() * size / 1000.0
}

/// Break `text` into at most `max_lines` lines for which `fits` holds, breaking at
/// spaces (or inside a word longer than a line). Text that does not fit is cut and
/// the last line ends in `…`.
pub fn wrap(text: &str, max_lines: usize, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut cut = false;
    'words: for word in words {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // The word starts a new line; split it while it is longer than a line.
        for c in word.chars() {
            if lines.len() == max_lines {
                cut = true;
                break 'words;
            }
            let mut longer = current.clone();
            longer.push(c);
            if fits(&longer) || current.is_empty() {
                current = longer;
            } else {
                lines.push(std::mem::replace(&mut current, c.to_string()));
            }
        }
        if lines.len() == max_lines {
            cut = true;
            break;
        }
    }
    if !current.is_empty() {
        if lines.len() < max_lines {
            lines.push(current);
        } else {
            cut = true;
        }
    }
    if cut && let Some(last) = lines.last_mut() {
        while !last.is_empty() && !fits(&format!("{last}{ELLIPSIS}")) {
            last.pop();
        }
        *last = format!("{}{ELLIPSIS}", last.trim_end());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_chars(n: usize) -> impl Fn(&str) -> bool {
        move |s: &str| s.chars().count() <= n
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("Gula Pasir Curah 1 kg", 2, by_chars(12)), vec!["Gula Pasir", "Curah 1 kg"]);
        assert_eq!(wrap("Teh", 2, by_chars(12)), vec!["Teh"]);
    }

    #[test]
    fn too_long_names_are_cut_with_an_ellipsis() {
        let lines = wrap("Minyak Goreng Kemasan Pouch Isi Ulang 2 Liter", 2, by_chars(12));
        assert_eq!(lines, vec!["Minyak", "Goreng…"]);
        let lines = wrap("Minyak Goreng Kemasan", 1, by_chars(12));
        assert_eq!(lines, vec!["Minyak…"]);
    }

    #[test]
    fn a_word_longer_than_a_line_is_split() {
        assert_eq!(wrap("ABCDEFGHIJ", 2, by_chars(4)), vec!["ABCD", "EFG…"]);
        assert_eq!(wrap("ABCDEFGH", 2, by_chars(4)), vec!["ABCD", "EFGH"]);
    }

    #[test]
    fn widths_follow_helvetica() {
        assert!((width_mm("0", 10.0) - 5.56).abs() < 0.001);
        assert!(width_mm("WWW", 3.0) > width_mm("iii", 3.0));
    }
}
