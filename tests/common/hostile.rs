//! Checks of what warung does with hostile input, shared by the property tests in
//! `tests/hostile.rs` (run in CI) and the cargo-fuzz targets in `fuzz/` (run by hand
//! for as long as one likes). Each takes arbitrary input and panics only when warung
//! misbehaves: a crash, a half-written import, an unclear error.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warung::clock::FixedClock;
use warung::domain::barcode;
use warung::domain::phone::Phone;
use warung::lang::Lang;
use warung::services::import::{ImportError, ImportKind, ImportOptions};
use warung::services::{Actor, Shop};
use warung::store::Store;
use warung::store::customers::CustomerFilter;
use warung::store::items::ItemFilter;

fn empty_shop() -> Shop {
    let clock = Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)));
    Shop::new(Store::open_in_memory().unwrap(), clock)
}

fn record_count(shop: &Shop) -> usize {
    let items = shop.items(&ItemFilter { limit: usize::MAX, include_archived: true, ..Default::default() }).unwrap();
    let customers =
        shop.customers(&CustomerFilter { limit: usize::MAX, include_archived: true, ..Default::default() }).unwrap();
    items.len() + customers.len() + shop.suppliers("", true).unwrap().len()
}

/// Any bytes as a CSV import of any kind: either every row is written, or nothing is
/// and every problem names its row.
pub fn import_csv(kind: ImportKind, input: &[u8]) {
    let mut shop = empty_shop();
    match shop.import(&Actor::command_line(), kind, input, &ImportOptions::default()) {
        Ok(summary) => assert_eq!(record_count(&shop), summary.created, "{summary:?}"),
        Err(ImportError::Problems(problems)) => {
            assert!(!problems.is_empty());
            for p in &problems {
                assert!(p.row >= 1 && p.to_string().starts_with("row "), "a problem without its row: {p}");
                assert_ne!(p.text(Lang::En), p.text(Lang::Id), "a problem in one language only");
            }
            assert_eq!(record_count(&shop), 0, "a refused import wrote something");
        }
        Err(e @ (ImportError::Service(_) | ImportError::Unfinished { .. })) => {
            panic!("import failed outside the file's rows: {e}")
        }
    }
}

/// Any text as a scanned code: accepted as it is, or refused with a reason; an
/// accepted EAN-13/EAN-8/UPC-A shape has a correct check digit.
pub fn barcode(input: &str) {
    match barcode::validate(input) {
        Ok(code) => {
            if code.len() >= 8 && code.bytes().all(|b| b.is_ascii_digit()) && [8, 12, 13].contains(&code.len()) {
                let (payload, check) = code.split_at(code.len() - 1);
                let payload: Vec<u8> = payload.bytes().map(|b| b - b'0').collect();
                assert_eq!(barcode::gs1_check_digit(&payload), check.as_bytes()[0] - b'0', "{code}");
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Any text as a phone number: refused with a reason, or normalised to an Indonesian
/// mobile number that parses to itself again.
pub fn phone(input: &str) {
    match Phone::parse(input) {
        Ok(phone) => {
            let digits = phone.as_str();
            assert!(digits.starts_with("628") && digits.bytes().all(|b| b.is_ascii_digit()), "{digits}");
            assert!((11..=14).contains(&digits.len()), "{digits}");
            assert_eq!(Phone::parse(digits).unwrap(), phone);
            assert_eq!(Phone::parse(&phone.local()).unwrap(), phone);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Any text as an edited receipt template: a preview or an error, never a crash.
pub fn template(body: &str) {
    let shop = empty_shop();
    for name in ["receipt.txt", "invoice_a4.html"] {
        if let Err(e) = shop.preview_template(name, body) {
            assert!(!e.to_string().is_empty());
        }
    }
}

/// Bytes as key presses, two bytes each: which key, and which modifiers.
pub fn keys_from_bytes(bytes: &[u8]) -> Vec<KeyEvent> {
    bytes
        .chunks_exact(2)
        .map(|pair| {
            let code = match pair[0] {
                0..=95 => KeyCode::Char(char::from(b' ' + pair[0])),
                96..=107 => KeyCode::F(pair[0] - 95),
                108 => KeyCode::Enter,
                109 => KeyCode::Esc,
                110 => KeyCode::Tab,
                111 => KeyCode::BackTab,
                112 => KeyCode::Backspace,
                113 => KeyCode::Delete,
                114 => KeyCode::Up,
                115 => KeyCode::Down,
                116 => KeyCode::Left,
                117 => KeyCode::Right,
                118 => KeyCode::PageUp,
                119 => KeyCode::PageDown,
                120 => KeyCode::Home,
                121 => KeyCode::End,
                n => KeyCode::Char(char::from_u32(0xA0 + u32::from(n)).unwrap_or('é')),
            };
            let mut modifiers = KeyModifiers::NONE;
            if pair[1] & 1 != 0 {
                modifiers |= KeyModifiers::ALT;
            }
            // Ctrl only now and then: Ctrl+Q would end most runs at once.
            if pair[1] & 0b110 == 0b110 {
                modifiers |= KeyModifiers::CONTROL;
            }
            KeyEvent::new(code, modifiers)
        })
        .collect()
}

/// Key presses into a logged-in app, drawn at both test sizes after each: never a
/// crash, whatever the order.
pub fn keys(harness: &mut super::Harness, keys: &[KeyEvent]) {
    for key in keys {
        harness.app.handle_key(key);
        harness.app.tick();
        harness.screen(80, 24);
        harness.screen(48, 20);
        if harness.app.quit {
            break;
        }
    }
}
