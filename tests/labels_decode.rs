//! Every barcode a label carries must scan. The real SVG output is rasterised (resvg)
//! and decoded with a maintained decoder (rxing, a port of ZXing), for every symbology,
//! on every sheet preset (the smallest is a4-5x13, 38.1 x 21.2 mm) and at the densities
//! of an office printer (300 dpi) and a label printer (203 dpi).

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use rxing::BarcodeFormat;
use warung::domain::{Money, PriceList, Qty};
use warung::labels::{self, LabelContent, LabelItem, LabelKind, LabelOptions, Layout, PRESETS};
use warung::tui::i18n::Lang;

const CODES: [(&str, BarcodeFormat); 5] = [
    ("2000000000015", BarcodeFormat::EAN_13),
    ("8998866200578", BarcodeFormat::EAN_13),
    ("96385074", BarcodeFormat::EAN_8),
    ("036000291452", BarcodeFormat::UPC_A),
    ("GULA-1KG/A", BarcodeFormat::CODE_128),
];

fn content(code: &str, tiers: bool) -> LabelContent {
    let item = LabelItem {
        sku: "GL1".into(),
        name: "Gula Pasir Curah Kemasan Ulang 1 kg Manis Sekali".into(),
        unit: "PCS".into(),
        code: Some(code.into()),
        prices: PriceList {
            retail: Money::new(17_500),
            wholesale1: Some(Money::new(17_000)),
            min_qty_wholesale1: Some(Qty::from_units(12)),
            ..Default::default()
        },
    };
    let options = LabelOptions {
        kind: LabelKind::Barcode,
        shop: Some("Toko Makmur Jaya".into()),
        tiers,
        date: "04/12/2026".into(),
        lang: Lang::Id,
    };
    LabelContent::new(&item, &options).unwrap()
}

/// The SVG as a grey image at `dpi`, and its size.
fn rasterise(svg: &str, dpi: f32) -> (Vec<u8>, u32, u32) {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap();
    // usvg sizes the tree in CSS pixels (96 per inch).
    let scale = dpi / 96.0;
    let (w, h) = ((tree.size().width() * scale).ceil() as u32, (tree.size().height() * scale).ceil() as u32);
    let mut pixmap = Pixmap::new(w, h).unwrap();
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let luma = pixmap.pixels().iter().map(|p| p.demultiply()).map(|p| {
        // Unpainted pixels are transparent: paper is white.
        let a = f32::from(p.alpha()) / 255.0;
        let grey = 0.299 * f32::from(p.red()) + 0.587 * f32::from(p.green()) + 0.114 * f32::from(p.blue());
        (grey * a + 255.0 * (1.0 - a)).round() as u8
    });
    (luma.collect(), w, h)
}

fn decode(svg: &str, dpi: f32, format: BarcodeFormat) -> String {
    let (luma, w, h) = rasterise(svg, dpi);
    let result = rxing::helpers::detect_in_luma(luma, w, h, Some(format))
        .unwrap_or_else(|e| panic!("nothing decoded at {dpi} dpi: {e:?}\n{svg}"));
    assert_eq!(*result.getBarcodeFormat(), format);
    result.getText().to_string()
}

fn sheets() -> Vec<(&'static str, labels::Sheet)> {
    PRESETS
        .iter()
        .filter_map(|(name, _, _, layout)| match layout {
            Layout::Sheet(sheet) => Some((*name, *sheet)),
            Layout::Roll(_) => None,
        })
        .collect()
}

#[test]
fn the_smallest_preset_is_the_5x13_sheet() {
    let smallest = sheets()
        .into_iter()
        .min_by(|a, b| (a.1.label_width * a.1.label_height).total_cmp(&(b.1.label_width * b.1.label_height)))
        .unwrap();
    assert_eq!(smallest.0, "a4-5x13");
}

#[test]
fn every_symbology_decodes_from_the_svg_on_every_sheet_preset() {
    for (name, sheet) in sheets() {
        for (code, format) in CODES {
            let drawing = labels::draw(&content(code, false), sheet.label_width, sheet.label_height).unwrap();
            let svg = labels::svg::to_svg(&drawing);
            for dpi in [300.0, 203.0] {
                assert_eq!(decode(&svg, dpi, format), code, "{code} on {name} at {dpi} dpi");
            }
        }
    }
}

#[test]
fn bars_still_decode_with_the_wholesale_tiers_on_a_larger_label() {
    let sheet = sheets().into_iter().find(|s| s.0 == "a4-3x10").unwrap().1;
    for (code, format) in CODES {
        let drawing = labels::draw(&content(code, true), sheet.label_width, sheet.label_height).unwrap();
        assert_eq!(decode(&labels::svg::to_svg(&drawing), 300.0, format), code);
    }
}

#[test]
fn the_pdf_draws_the_same_bars_as_the_svg() {
    let sheet = sheets().into_iter().find(|s| s.0 == "a4-5x13").unwrap().1;
    let drawings: Vec<_> = CODES
        .iter()
        .map(|(code, _)| labels::draw(&content(code, false), sheet.label_width, sheet.label_height).unwrap())
        .collect();
    let bars: usize =
        drawings.iter().map(|d| d.marks.iter().filter(|m| matches!(m, labels::Mark::Bar { .. })).count()).sum();
    let pdf = labels::pdf::to_pdf(&drawings, &sheet);
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.starts_with("%PDF-"));
    assert_eq!(text.matches(" re\n").count(), bars);
    assert!(text.contains("/Helvetica-Bold") && text.contains("/WinAnsiEncoding"));
}
