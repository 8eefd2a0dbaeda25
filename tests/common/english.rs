//! "No English on an Indonesian screen": the English texts a screen could show by
//! mistake, and a check of a rendered screen against them. Every screen the
//! harness renders in Indonesian goes through [`assert_no_english`].
//!
//! The English side comes from every `pick("English", "Indonesian")` in the
//! screens' code, every service refusal (`Refusal`), import problem
//! (`ImportProblem`), printer problem (`PrinterProblem`), `warung doctor` finding
//! (`Finding`) and reason the assistant kept silent (`Silence`), with their data left empty and cut at the gaps the data
//! would fill, and every report's description. Texts the same in both languages, and
//! short or generic ones ("OK", "SKU", "Total"), say nothing and are left out.

use std::sync::LazyLock;

use strum::IntoEnumIterator;
use warung::domain::doctor::Finding;
use warung::lang::Lang;
use warung::reports::ReportProblem;
use warung::services::Refusal;
use warung::services::assistant::Silence;
use warung::services::import::ImportProblem;
use warung::services::receipt::printer::PrinterProblem;

/// Shorter English texts are names or words Indonesian shops use too.
const MEANINGFUL_CHARS: usize = 12;

/// An app a test restarted in English shows this in its status bar.
const ENGLISH_STATUS_BAR: &str = "F1 help";

/// Words Indonesian screens use as they are.
const SHARED: &[&str] = &["Dashboard", "WhatsApp", "Checkout", "Promo", "Online", "Offline"];

static ENGLISH: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut texts: Vec<String> = screen_texts()
        .into_iter()
        .chain(refusal_texts())
        .chain(import_texts())
        .chain(report_texts())
        .chain(report_problem_texts())
        .chain(finding_texts())
        .chain(silence_texts())
        .chain(PrinterProblem::iter().flat_map(|p| pieces(&p.text(Lang::En))))
        .collect();
    texts.retain(|t| meaningful(t));
    texts.sort();
    texts.dedup();
    texts
});

/// A phrase: single words are too often codes shown as data (a report called
/// "customers", a template kind "campaign") or words Indonesian uses too ("template").
fn meaningful(text: &str) -> bool {
    text.contains(' ')
        && text.chars().count() >= MEANINGFUL_CHARS
        && text.chars().filter(char::is_ascii_alphabetic).count() >= MEANINGFUL_CHARS / 2
        && !SHARED.iter().any(|s| text.eq_ignore_ascii_case(s))
}

/// `("English", "Indonesian")` of every `pick` in src/tui, where the two differ,
/// cut at format placeholders and line breaks.
fn screen_texts() -> Vec<String> {
    let pick = regex::Regex::new(r#"pick\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)",?\s*\)"#).unwrap();
    let mut texts = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    for file in rust_files(&root) {
        let source = std::fs::read_to_string(&file).unwrap();
        for found in pick.captures_iter(&source) {
            let (en, id) = (&found[1], &found[2]);
            if en != id {
                texts.extend(pieces(en));
            }
        }
    }
    texts
}

/// The English of every refusal, cut where its (empty) data would stand.
fn refusal_texts() -> Vec<String> {
    Refusal::iter().filter(|r| r.text(Lang::En) != r.text(Lang::Id)).flat_map(|r| pieces(&r.text(Lang::En))).collect()
}

/// The English of every import problem, cut where its (empty) data would stand.
fn import_texts() -> Vec<String> {
    ImportProblem::iter()
        .filter(|p| p.text(Lang::En) != p.text(Lang::Id))
        .flat_map(|p| pieces(&p.text(Lang::En)))
        .collect()
}

/// The English of every doctor finding, cut where its (empty) data would stand.
fn finding_texts() -> Vec<String> {
    Finding::iter().flat_map(|f| pieces(&f.text(Lang::En))).collect()
}

/// The English of every reason the assistant keeps silent.
fn silence_texts() -> Vec<String> {
    Silence::iter().flat_map(|s| pieces(&s.text(Lang::En))).collect()
}

/// The English of every report problem (an unknown report, a range backwards, …).
fn report_problem_texts() -> Vec<String> {
    ReportProblem::iter().flat_map(|p| pieces(&p.text(Lang::En))).collect()
}

/// Every report's English description, cut at its punctuation (a narrow screen
/// shows only its start).
fn report_texts() -> Vec<String> {
    let clauses = regex::Regex::new(r"[:,(]").unwrap();
    warung::reports::REPORTS
        .iter()
        .flat_map(|r| clauses.split(r.description(Lang::En)).map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .collect()
}

/// The literal runs of a text: split at `{…}` placeholders, escapes, empty data
/// (two spaces, "''") and line breaks.
fn pieces(text: &str) -> Vec<String> {
    let gaps = regex::Regex::new(r"\{[^}]*\}|\\.|  |''|\n|Rp 0|\b0\b").unwrap();
    gaps.split(text).map(|p| p.trim().trim_matches(|c: char| ",:;()·".contains(c)).trim().to_string()).collect()
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The first English text on `screen`, if any.
pub fn english_on(screen: &str) -> Option<&'static str> {
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    ENGLISH.iter().map(String::as_str).find(|text| flat.contains(text))
}

/// Fail naming the English text an Indonesian screen shows. A screen whose status
/// bar is English belongs to an app the test restarted in English: not checked.
pub fn assert_no_english(screen: &str) {
    if screen.contains(ENGLISH_STATUS_BAR) {
        return;
    }
    if let Some(text) = english_on(screen) {
        panic!("English text {text:?} on an Indonesian screen:\n{screen}");
    }
}

#[test]
fn english_texts_are_found_and_indonesian_ones_are_not() {
    assert!(ENGLISH.len() > 200, "only {} English texts found", ENGLISH.len());
    assert!(english_on("… a sale on credit needs a customer (F2) …").is_some());
    assert_eq!(english_on("penjualan kasbon perlu pelanggan (F2)"), None);
    assert!(english_on("baris 3, kolom sku: no item has SKU X9").is_some(), "an import problem");
    assert!(english_on("  sales-summary  Sales per day, week or month").is_some(), "a report description");
    assert!(english_on("no shop at /tmp/x.db (create one with `warung init`, or pass --db PATH)").is_some());
    assert_eq!(english_on("baris 3, kolom sku: tidak ada barang dengan SKU X9"), None);
    assert!(english_on("stock: item A shows 3 on hand but its ledger adds up to 2").is_some(), "a doctor finding");
    assert!(english_on("no reply: the same text was answered less than a minute ago").is_some(), "a silence");
    assert!(english_on("/tmp/x.csv already exists (use --force to replace it)").is_some(), "a file refusal");
    assert_eq!(english_on("stok: barang A tercatat 3 di tangan tetapi buku stoknya berjumlah 2"), None);
}
