//! Labels: every barcode a label carries must scan, and `warung labels` as a user runs it.
//!
//! Every barcode a label carries must scan. The real SVG output is rasterised (resvg)
//! and decoded with a maintained decoder (rxing, a port of ZXing), for every symbology,
//! on every sheet preset (the smallest is a4-5x13, 38.1 x 21.2 mm) and at the densities
//! of an office printer (300 dpi) and a label printer (203 dpi).

mod common;

use common::{fixture_shop, warung};
use predicates::prelude::*;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use rxing::BarcodeFormat;
use warung::domain::{Money, PriceList, Qty};
use warung::labels::{self, LabelContent, LabelItem, LabelKind, LabelOptions, Layout, PRESETS};
use warung::tui::i18n::Lang;

const CODES: [(&str, BarcodeFormat); 6] = [
    ("2000000000015", BarcodeFormat::EAN_13),
    ("8998866200578", BarcodeFormat::EAN_13),
    ("96385074", BarcodeFormat::EAN_8),
    ("036000291452", BarcodeFormat::UPC_A),
    ("GULA-1KG/A", BarcodeFormat::CODE_128),
    // An even run of digits goes in Code 128's denser code set C.
    ("12345678901231", BarcodeFormat::CODE_128),
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

fn shop() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("toko.db");
    drop(fixture_shop(&db));
    (dir, db)
}

#[test]
fn cli_writes_a_pdf_of_sheets_and_names_items_it_skipped() {
    let (dir, db) = shop();
    let pdf = dir.path().join("label.pdf");
    warung(&db)
        .args(["labels", "IDM-GRG", "IDM-SOTO", "AQ-600", "--copies", "2", "--output"])
        .arg(&pdf)
        .assert()
        .success()
        .stderr(predicate::str::contains("AQ-600 Aqua 600ml").and(predicate::str::contains("--generate")))
        .stderr(predicate::str::contains("4 labels (a4-3x10)"));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(String::from_utf8_lossy(&bytes).contains("(Toko Maju) Tj"));
    warung(&db)
        .args(["labels", "IDM-GRG", "--no-shop-name", "--output"])
        .arg(&pdf)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists (use --force"));
    warung(&db).args(["labels", "IDM-GRG", "--no-shop-name", "--force", "--output"]).arg(&pdf).assert().success();
    assert!(!String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).contains("Toko Maju"));
}

#[test]
fn cli_generates_missing_barcodes_and_the_svg_it_writes_scans() {
    let (_dir, db) = shop();
    let out = warung(&db)
        .args(["labels", "AQ-600", "--generate", "--format", "svg", "--layout", "a4-5x13"])
        .assert()
        .success()
        .stderr(predicate::str::contains("AQ-600 Aqua 600ml → 2000000000015"))
        .get_output()
        .stdout
        .clone();
    let svg = String::from_utf8(out).unwrap();
    assert_eq!(decode(&svg, 203.0, BarcodeFormat::EAN_13), "2000000000015");
    // The layout given is remembered for next time.
    warung(&db).args(["config", "get", "labels.layout"]).assert().success().stdout("a4-5x13\n");
    // The UPC-A the shop already had scans too.
    let out = warung(&db).args(["labels", "IDM-GRG", "--format", "svg"]).assert().success().get_output().stdout.clone();
    assert_eq!(decode(&String::from_utf8(out).unwrap(), 203.0, BarcodeFormat::UPC_A), "089686010947");
}

#[test]
fn cli_prints_escpos_with_gs_k_to_the_printer_target() {
    let (dir, db) = shop();
    let printer = dir.path().join("printer.bin");
    let target = format!("file:{}", printer.display());
    warung(&db).args(["config", "set", "printer.target", &target]).assert().success();
    warung(&db)
        .args(["labels", "IDM-GRG", "--print"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 labels (roll-58)"));
    let bytes = std::fs::read(&printer).unwrap();
    let mut gs_k = vec![0x1D, b'k', 65, 12];
    gs_k.extend_from_slice(b"089686010947");
    assert!(bytes.windows(gs_k.len()).any(|w| w == gs_k.as_slice()), "{bytes:x?}");
    assert!(bytes.starts_with(&[0x1B, b'@']));

    // The same bytes to a file with --output, for an 80 mm printer.
    let file = dir.path().join("labels.bin");
    warung(&db)
        .args(["labels", "IDM-GRG", "--format", "escpos", "--layout", "roll-80", "--output"])
        .arg(&file)
        .assert()
        .success();
    assert!(std::fs::read(&file).unwrap().windows(4).any(|w| w == [0x1D, b'w', 4, 0x1D]));
}

#[test]
fn cli_says_clearly_when_the_printer_cannot_be_reached() {
    let (_dir, db) = shop();
    // Nothing listens on port 9 of the loopback address.
    warung(&db).args(["config", "set", "printer.target", "tcp:127.0.0.1:9"]).assert().success();
    warung(&db)
        .args(["labels", "IDM-GRG", "--print"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("tcp:127.0.0.1:9").and(predicate::str::contains("no label was printed")))
        .stderr(predicate::str::contains("labels (roll").not());
}

#[test]
fn cli_refuses_bad_input_with_what_was_wrong() {
    let (_dir, db) = shop();
    warung(&db)
        .args(["labels", "IDM-GRG", "--layout", "custom:cols=3,rows=10,label=72x29.7"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("need 216 mm, but the page is 210 mm wide"));
    warung(&db).args(["labels", "--kind", "shelf"]).assert().failure().stderr(predicate::str::contains("--category"));
    warung(&db)
        .args(["labels", "IDM-GRG", "IDM-SOTO", "--format", "svg"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--output FILE.svg"));
    // A code stored with a wrong check digit (by another tool) is refused, naming the item.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO item_barcodes (code, item_id, factor) SELECT '4006381333932', id, 1000 FROM items WHERE sku = 'AQ-600'",
        [],
    )
    .unwrap();
    drop(conn);
    warung(&db)
        .args(["labels", "AQ-600"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("AQ-600 Aqua 600ml").and(predicate::str::contains("check digit")));
}

#[test]
fn cli_shelf_labels_by_category_and_price_change() {
    let (dir, db) = shop();
    let pdf = dir.path().join("rak.pdf");
    warung(&db)
        .args(["labels", "--category", "sembako", "--kind", "shelf", "--layout", "a4-2x7", "--output"])
        .arg(&pdf)
        .assert()
        .success()
        .stderr(predicate::str::contains("2 labels (a4-2x7)"));
    // Every item's price was set when it was created.
    warung(&db)
        .args(["labels", "--changed-since", "2000-01-01", "--kind", "shelf", "--force", "--output"])
        .arg(&pdf)
        .assert()
        .success()
        .stderr(predicate::str::contains("5 labels"));
    warung(&db)
        .args(["labels", "--changed-since", "2999-01-01", "--kind", "shelf"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no labels to print"));
}
