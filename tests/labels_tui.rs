//! Printing labels from the TUI: marking items on Master data (Space, then `l`) and
//! printing what a purchase received from Purchases.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::services::Actor;
use warung::tui::i18n::Lang;

fn printer_on_file(h: &Harness) -> std::path::PathBuf {
    let path = h.dir.path().join("printer.bin");
    h.other_process()
        .set_setting(&Actor::command_line(), "printer.target", &format!("file:{}", path.display()))
        .unwrap();
    path
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Replace what the focused field holds.
fn retype(h: &mut Harness, text: &str) {
    h.ctrl('u');
    h.type_text(text);
}

#[test]
fn mark_items_with_space_and_print_their_labels_on_the_roll_printer() {
    let mut h = Harness::logged_in(Lang::En);
    let printer = printer_on_file(&h);
    h.alt('4');
    // Aqua, Bimoli, Gulaku, Indomie Goreng, Indomie Soto: mark the two Indomie.
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char(' '));
    h.snapshot_both("labels_marked");
    h.key(KeyCode::Char('l'));
    h.snapshot_both("labels_dialog");
    retype(&mut h, "2"); // copies
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    retype(&mut h, "roll-58");
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("4 labels sent to file:"), "{screen}");
    assert!(!screen.contains("✓"), "marks are cleared after printing:\n{screen}");
    let bytes = std::fs::read(&printer).unwrap();
    assert!(contains(&bytes, b"\x1dkA\x0c089686010947"));
    assert!(contains(&bytes, b"\x1dkA\x0c089686010343"));
    // The layout is remembered for the next time.
    assert_eq!(h.other_process().setting("labels.layout").unwrap(), "roll-58");
}

#[test]
fn an_unreachable_printer_is_a_clear_error_and_nothing_is_reported_printed() {
    let mut h = Harness::logged_in(Lang::Id);
    h.other_process().set_setting(&Actor::command_line(), "printer.target", "tcp:127.0.0.1:9").unwrap();
    h.other_process().set_setting(&Actor::command_line(), "labels.layout", "roll-58").unwrap();
    h.alt('4');
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('l'));
    h.key(KeyCode::F(10));
    let screen = h.screen(80, 24);
    assert!(screen.contains("tcp:127.0.0.1:9"), "{screen}");
    assert!(!screen.contains("label dikirim"), "{screen}");
}

#[test]
fn after_receiving_a_purchase_its_labels_are_one_key_away() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('3');
    h.key(KeyCode::F(2));
    h.type_text("indo");
    h.key(KeyCode::Enter);
    h.type_text("3*089686010947");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    retype(&mut h, "3000");
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(12));
    h.type_text("F-9");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Received PB-000001") && screen.contains("F9 print labels"), "{screen}");
    // Letters still search: `l` goes to the input, not to labels.
    h.key(KeyCode::Char('l'));
    assert!(!h.screen(80, 24).contains("Labels for"));
    h.ctrl('u');
    h.key(KeyCode::F(9));
    h.snapshot_both("labels_purchase_dialog");
    h.key(KeyCode::F(10));
    let screen = h.screen(80, 24);
    assert!(screen.contains("3 labels written to"), "{screen}");
    let pdf = std::fs::read(h.dir.path().join("labels.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn an_item_without_a_barcode_is_named_with_how_to_give_it_one() {
    let mut h = Harness::logged_in(Lang::En);
    printer_on_file(&h);
    h.alt('4');
    h.key(KeyCode::Char('l')); // Aqua 600ml, selected, has no barcode
    h.key(KeyCode::F(10));
    let screen = h.screen(80, 24);
    assert!(screen.contains("No labels to print · no barcode, skipped: AQ-600 Aqua 600ml (b makes one)"), "{screen}");
}
