//! One label laid out as marks in millimetres (bars and text lines), from the top-left
//! corner. The SVG and PDF writers draw the same marks, so what a test decodes from
//! the SVG is what the PDF prints.

use super::symbol::Symbol;
use super::text::{width_mm, wrap};
use super::{LabelContent, LabelError, LabelKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A filled black rectangle.
    Bar { x: f32, y: f32, width: f32, height: f32 },
    /// One line of text; `y` is the baseline, `size` the font size, both in mm.
    Text { x: f32, y: f32, size: f32, bold: bool, anchor: Anchor, text: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}

/// Bars shorter than this are refused rather than printed unscannable.
const MIN_BAR_HEIGHT: f32 = 5.0;

fn clamp(value: f32, low: f32, high: f32) -> f32 {
    value.max(low).min(high)
}

/// Lays text lines top-down inside the label's padding.
struct Column<'a> {
    drawing: &'a mut Drawing,
    left: f32,
    width: f32,
    y: f32,
}

impl Column<'_> {
    fn line(&mut self, text: &str, size: f32, bold: bool) {
        self.y += size;
        let center = self.left + self.width / 2.0;
        self.drawing.marks.push(Mark::Text {
            x: center,
            y: self.y - size * 0.2,
            size,
            bold,
            anchor: Anchor::Middle,
            text: text.to_string(),
        });
        self.y += size * 0.15;
    }

    fn wrapped(&mut self, text: &str, size: f32, bold: bool, max_lines: usize) {
        let width = self.width;
        for line in wrap(text, max_lines, |s| width_mm(s, size) <= width) {
            self.line(&line, size, bold);
        }
    }
}

/// Lay out one label of `width` x `height` mm.
pub fn draw(content: &LabelContent, width: f32, height: f32) -> Result<Drawing, LabelError> {
    let pad = clamp(width.min(height) * 0.05, 1.0, 3.0);
    let mut drawing = Drawing { width, height, marks: Vec::new() };
    let small = clamp(height * 0.085, 1.8, 3.2);
    let mut column = Column { drawing: &mut drawing, left: pad, width: width - 2.0 * pad, y: pad };
    match content.kind {
        LabelKind::Barcode => {
            let symbol = content.symbol.as_ref().ok_or_else(|| LabelError::NoBarcode(content.name.clone()))?;
            if let Some(shop) = &content.shop {
                column.wrapped(shop, small, false, 1);
            }
            let name_lines = if height >= 30.0 { 2 } else { 1 };
            column.wrapped(&content.name, clamp(height * 0.11, 2.2, 4.5), false, name_lines);
            column.line(&content.price, clamp(height * 0.15, 2.6, 6.0), true);
            for tier in &content.tiers {
                column.line(tier, small, false);
            }
            let top = column.y + small * 0.2;
            let digits = small;
            let bars_height = height - pad - digits * 1.15 - top;
            if bars_height < MIN_BAR_HEIGHT {
                return Err(LabelError::TooSmall(format!(
                    "the bars of {} would be {} mm high on a {} x {} mm label (at least {MIN_BAR_HEIGHT} mm): use a larger layout{}",
                    content.name,
                    super::layout::mm(bars_height.max(0.0)),
                    super::layout::mm(width),
                    super::layout::mm(height),
                    if content.tiers.is_empty() { "" } else { " or leave out the wholesale tiers" }
                )));
            }
            draw_symbol(&mut drawing, symbol, width, top, bars_height)?;
            let baseline = top + bars_height + digits * 0.95;
            drawing.marks.push(Mark::Text {
                x: width / 2.0,
                y: baseline,
                size: digits,
                bold: false,
                anchor: Anchor::Middle,
                text: symbol.code.clone(),
            });
        }
        LabelKind::Shelf => {
            let name_lines = if height >= 30.0 { 2 } else { 1 };
            column.wrapped(&content.name, clamp(height * 0.12, 2.4, 6.0), true, name_lines);
            // The price as large as the space left allows, on one line.
            // Below the price: the unit, the tiers and the date line.
            let below = (content.tiers.len() + 2) as f32 * small * 1.15;
            let room = height - column.y - pad - below;
            let fit_width = column.width / width_mm(&content.price, 1.0);
            let price_size = clamp((room / 1.15).min(fit_width).min(height * 0.4), 2.5, 24.0);
            column.line(&content.price, price_size, true);
            column.line(&content.unit, small, false);
            for tier in &content.tiers {
                column.line(tier, small, false);
            }
            drawing.marks.push(Mark::Text {
                x: pad,
                y: height - pad,
                size: small * 0.9,
                bold: false,
                anchor: Anchor::Start,
                text: content.date_line.clone(),
            });
        }
    }
    Ok(drawing)
}

/// The bars, centred, at the widest module width that fits the label with both quiet
/// zones (up to the symbology's nominal-plus size); refused below its scanning minimum.
fn draw_symbol(drawing: &mut Drawing, symbol: &Symbol, width: f32, top: f32, height: f32) -> Result<(), LabelError> {
    let total = symbol.total_modules() as f32;
    let kind = symbol.kind;
    let module = (width / total).min(kind.max_module_mm());
    if module < kind.min_module_mm() {
        return Err(LabelError::TooSmall(format!(
            "{} {} needs {} mm of width at its smallest module ({} mm) with quiet zones, but the label is {} mm wide",
            kind.name(),
            symbol.code,
            super::layout::mm(total * kind.min_module_mm()),
            kind.min_module_mm(),
            super::layout::mm(width)
        )));
    }
    let left = (width - total * module) / 2.0;
    for (start, modules) in symbol.bars() {
        drawing.marks.push(Mark::Bar {
            x: left + start as f32 * module,
            y: top,
            width: modules as f32 * module,
            height,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Money, PriceList, Qty};
    use crate::labels::{LabelItem, LabelOptions};
    use crate::tui::i18n::Lang;

    fn content(kind: LabelKind, name: &str, tiers: bool) -> LabelContent {
        let item = LabelItem {
            sku: "X".into(),
            name: name.into(),
            unit: "PCS".into(),
            code: Some("2000000000015".into()),
            prices: PriceList {
                retail: Money::new(3_500),
                wholesale1: Some(Money::new(3_000)),
                min_qty_wholesale1: Some(Qty::from_units(12)),
                wholesale2: Some(Money::new(2_800)),
                min_qty_wholesale2: Some(Qty::from_units(48)),
            },
        };
        let options = LabelOptions { kind, shop: None, tiers, date: "04/12/2026".into(), lang: Lang::Id };
        LabelContent::new(&item, &options).unwrap()
    }

    fn texts(drawing: &Drawing) -> Vec<(f32, f32, String)> {
        drawing
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { y, size, text, .. } => Some((*y, *size, text.clone())),
                Mark::Bar { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_long_name_is_wrapped_then_cut_with_an_ellipsis() {
        let name = "Minyak Goreng Sawit Kemasan Pouch Isi Ulang Dua Liter Hemat Keluarga";
        let big = draw(&content(LabelKind::Barcode, name, false), 70.0, 35.0).unwrap();
        let lines: Vec<String> = texts(&big)
            .into_iter()
            .map(|t| t.2)
            .filter(|t| name.contains(t.trim_end_matches('…')) && t.len() > 6)
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        let small = draw(&content(LabelKind::Barcode, name, false), 38.1, 21.2).unwrap();
        assert!(texts(&small).iter().any(|t| t.2.starts_with("Minyak") && t.2.ends_with('…')));
        for (_, size, text) in texts(&small) {
            assert!(width_mm(&text, size) <= 38.1, "{text} runs off the label");
        }
    }

    #[test]
    fn a_label_too_small_for_the_bars_is_refused_with_the_numbers() {
        let with_shop =
            LabelContent { shop: Some("Toko Makmur Jaya".into()), ..content(LabelKind::Barcode, "Teh", true) };
        let err = draw(&with_shop, 38.1, 21.2).unwrap_err().to_string();
        assert!(err.contains("38.1 x 21.2 mm") && err.contains("wholesale tiers"), "{err}");
        let err = draw(&content(LabelKind::Barcode, "Teh", false), 25.0, 30.0).unwrap_err().to_string();
        assert!(err.contains("EAN-13 2000000000015 needs 29.83 mm") && err.contains("25 mm wide"), "{err}");
    }

    #[test]
    fn shelf_lines_do_not_overlap_and_the_price_is_largest() {
        let drawing = draw(&content(LabelKind::Shelf, "Gula Pasir", true), 99.1, 38.1).unwrap();
        let lines = texts(&drawing);
        let price = lines.iter().find(|t| t.2 == "Rp 3.500").unwrap();
        assert!(lines.iter().all(|t| t.1 <= price.1));
        let date = lines.iter().find(|t| t.2 == "Harga per 04/12/2026").unwrap();
        let last_tier = lines.iter().find(|t| t.2 == "Grosir ≥ 48: Rp 2.800").unwrap();
        assert!(last_tier.0 + date.1 <= date.0, "{lines:?}");
        assert!(date.0 <= 38.1);
    }
}
