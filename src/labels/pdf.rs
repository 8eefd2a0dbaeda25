//! Sheets of labels as a PDF: A4 (or the layout's page) pages, labels placed on the
//! layout's grid row by row. Text is set in the PDF core fonts (Helvetica, and Symbol
//! for `≥`), so nothing is embedded and the file stays small.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use super::{Anchor, Drawing, Mark, Sheet, text};

const PT_PER_MM: f32 = 72.0 / 25.4;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const SYMBOL: Name<'static> = Name(b"F3");
/// `≥` in the Symbol font's built-in encoding.
const SYMBOL_GREATER_EQUAL: u8 = 0xB3;

/// Split `text` into runs of one font each, encoded for that font: WinAnsi for
/// Helvetica (ASCII and Latin-1 as they are, `…` as 0x85, anything else `?`), and
/// the Symbol font for `≥`.
fn runs(text: &str) -> Vec<(bool, Vec<u8>)> {
    let mut runs: Vec<(bool, Vec<u8>)> = Vec::new();
    for c in text.chars() {
        let (symbol, byte) = match c {
            '≥' => (true, SYMBOL_GREATER_EQUAL),
            ' '..='~' | '\u{a0}'..='\u{ff}' => (false, c as u32 as u8),
            '…' => (false, 0x85),
            _ => (false, b'?'),
        };
        match runs.last_mut() {
            Some((s, bytes)) if *s == symbol => bytes.push(byte),
            _ => runs.push((symbol, vec![byte])),
        }
    }
    runs
}

fn draw_label(content: &mut Content, drawing: &Drawing, origin: (f32, f32), page_height: f32) {
    let x_pt = |x: f32| (origin.0 + x) * PT_PER_MM;
    let y_pt = |y: f32| (page_height - origin.1 - y) * PT_PER_MM;
    for mark in &drawing.marks {
        match mark {
            Mark::Bar { x, y, width, height } => {
                content.rect(x_pt(*x), y_pt(y + height), width * PT_PER_MM, height * PT_PER_MM);
                content.fill_nonzero();
            }
            Mark::Text { x, y, size, bold, anchor, text: line } => {
                let left = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - text::width_mm(line, *size) / 2.0,
                };
                let font = if *bold { BOLD } else { REGULAR };
                content.begin_text();
                content.next_line(x_pt(left), y_pt(*y));
                for (symbol, bytes) in runs(line) {
                    content.set_font(if symbol { SYMBOL } else { font }, size * PT_PER_MM);
                    content.show(Str(&bytes));
                }
                content.end_text();
            }
        }
    }
}

/// The labels on as many pages of `sheet` as they need.
pub fn to_pdf(drawings: &[Drawing], sheet: &Sheet) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let fonts =
        [(REGULAR, Ref::new(3), "Helvetica"), (BOLD, Ref::new(4), "Helvetica-Bold"), (SYMBOL, Ref::new(5), "Symbol")];
    let pages: Vec<&[Drawing]> = drawings.chunks(sheet.per_page().max(1)).collect();
    let first_page = 6;
    let page_refs: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(first_page + 2 * i as i32)).collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_refs.iter().copied()).count(pages.len() as i32);
    for (name, id, base) in fonts {
        let mut font = pdf.type1_font(id);
        font.base_font(Name(base.as_bytes()));
        if name != SYMBOL {
            font.encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        font.finish();
    }
    for (i, labels) in pages.iter().enumerate() {
        let page_ref = page_refs[i];
        let content_ref = Ref::new(page_ref.get() + 1);
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, sheet.page_width * PT_PER_MM, sheet.page_height * PT_PER_MM));
        page.parent(tree);
        page.contents(content_ref);
        {
            let mut resources = page.resources();
            let mut font_dict = resources.fonts();
            for (name, id, _) in fonts {
                font_dict.pair(name, id);
            }
        }
        page.finish();
        let mut content = Content::new();
        content.set_fill_gray(0.0);
        for (index, drawing) in labels.iter().enumerate() {
            draw_label(&mut content, drawing, sheet.origin(index), sheet.page_height);
        }
        pdf.stream(content_ref, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_runs_switch_to_the_symbol_font_for_greater_or_equal() {
        assert_eq!(
            runs("Grosir ≥ 12"),
            vec![(false, b"Grosir ".to_vec()), (true, vec![0xB3]), (false, b" 12".to_vec())]
        );
        assert_eq!(runs("Crème…☕"), vec![(false, vec![b'C', b'r', 0xE8, b'm', b'e', 0x85, b'?'])]);
    }
}
