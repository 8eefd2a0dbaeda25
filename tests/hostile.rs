//! Hostile input, as property tests: random CSV files for every import, random
//! scanned codes, phone numbers, receipt templates and key sequences. The same checks
//! (tests/common/hostile.rs) are the cargo-fuzz targets in `fuzz/`; a crash either
//! finds becomes a case in `regressions` below.

mod common;

use common::hostile;
use proptest::prelude::*;
use warung::services::import::ImportKind;
use warung::tui::i18n::Lang;

const KINDS: [ImportKind; 3] = [ImportKind::Items, ImportKind::Customers, ImportKind::Suppliers];

/// Text made of what CSV files and cells are made of: separators, quotes, line ends,
/// digits, signs, formula starters, letters and some non-ASCII.
fn csvish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(r#"([a-z_ ]{0,8}|[0-9]{1,14}|[,;"\r\n\t=+\-@.|*]|é|Rp|\u{feff}){0,40}"#).unwrap()
}

/// A CSV file whose header mostly uses the kind's real columns, with random cells.
fn csv_file(kind: ImportKind) -> impl Strategy<Value = String> {
    let columns: Vec<&'static str> = kind.columns().iter().map(|c| c.name).collect();
    (
        proptest::sample::subsequence(columns.clone(), 1..=columns.len()),
        prop::bool::weighted(0.1),
        prop::collection::vec(prop::collection::vec(csvish(), 0..8), 0..6),
        prop_oneof![Just(","), Just(";")],
    )
        .prop_map(|(mut header, unknown, rows, sep)| {
            if unknown {
                header.push("surprise");
            }
            let mut file = header.join(sep);
            for row in rows {
                file.push('\n');
                file.push_str(&row.join(sep));
            }
            file
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn imports_are_all_or_nothing((kind, file) in (0..3usize).prop_flat_map(|k| (Just(KINDS[k]), csv_file(KINDS[k])))) {
        hostile::import_csv(kind, file.as_bytes());
    }

    #[test]
    fn imports_of_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300), kind in 0..3usize) {
        hostile::import_csv(KINDS[kind], &bytes);
    }

    #[test]
    fn scanned_codes(code in r"[0-9]{0,14}|\PC{0,20}") {
        hostile::barcode(&code);
    }

    #[test]
    fn phone_numbers(text in r"(\+|00)?(62|0)?[ -]?8[0-9 -]{0,14}|\PC{0,16}") {
        hostile::phone(&text);
    }

    #[test]
    fn receipt_templates(body in r"(\{\{|\}\}|\{%|%\}|\{#|#\}|[a-z_. |()]{0,10}|for|if|end|endfor|endif|in|sale|lines|line|\PC){0,30}") {
        hostile::template(&body);
    }
}

proptest! {
    // Each case logs in and draws every key at two sizes: fewer, longer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn key_sequences(bytes in prop::collection::vec(any::<u8>(), 0..240)) {
        let mut h = common::Harness::logged_in(Lang::Id);
        hostile::keys(&mut h, &hostile::keys_from_bytes(&bytes));
    }
}
