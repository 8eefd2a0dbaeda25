//! The Segments tab of Customers & CRM (Alt+7): bars, drilling into a segment, and
//! starting a campaign for it; snapshotted at 80x24 and 48x20.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::services::Actor;
use warung::services::import::sales::SalesImportOptions;
use warung::services::segments::KRequest;
use warung::tui::action::Module;
use warung::tui::i18n::Lang;

/// A year of history for six customers, segmented as of the harness's day.
fn segmented(lang: Lang) -> Harness {
    let mut h = Harness::logged_in(lang);
    let mut shop = h.other_process();
    let mut csv = String::from("invoice,date,sku,qty,price,customer_code,customer_phone,customer_name\n");
    let customers = [
        ("C1", "Bu Ani", 40, 2),
        ("C2", "Pak Budi", 30, 3),
        ("C3", "Bu Citra", 3, 60),
        ("C4", "Pak Dedi", 2, 150),
        ("C5", "Mbak Eka", 1, 300),
        ("C6", "Mas Fajar", 1, 200),
    ];
    let mut n = 0;
    for (code, name, visits, days_ago_last) in customers {
        for v in 0..visits {
            n += 1;
            let day = jiff::civil::date(2026, 11, 23) - jiff::Span::new().days(days_ago_last + v * 7);
            csv.push_str(&format!("H-{n},{day},GLK-1KG,{},17500,{code},,{name}\n", 1 + v % 3));
        }
    }
    shop.import_sales(&Actor::command_line(), csv.as_bytes(), &SalesImportOptions::default()).unwrap();
    shop.segment(&Actor::command_line(), KRequest::Fixed(3), None).unwrap();
    h.alt('7');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h
}

#[test]
fn segments_as_bars() {
    let h = segmented(Lang::En);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Segments") && screen.contains("Regulars") && screen.contains("RFM segments"), "{screen}");
    h.snapshot_both("segments_bars");
}

#[test]
fn drill_into_a_segment_in_indonesian() {
    let mut h = segmented(Lang::Id);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Mulai menjauh"), "{screen}");
    h.snapshot_both("segments_members");
    h.key(KeyCode::Esc);
    assert!(h.screen(80, 24).contains("Segmen RFM"));
}

#[test]
fn c_starts_a_campaign_for_the_segment_on_messages() {
    let mut h = segmented(Lang::En);
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.module(), Module::Messages);
    // The campaign form, with the segment filled in.
    let screen = h.screen(80, 24);
    assert!(screen.contains("New campaign") && screen.contains("Segment Gone"), "{screen}");
}

#[test]
fn no_segmentation_yet_says_how_to_make_one() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('7');
    h.key(KeyCode::BackTab);
    assert!(h.screen(80, 24).contains("No segmentation yet: press s"));
    h.key(KeyCode::Char('s'));
    // Nobody has bought yet: an empty run, still stored.
    assert!(h.screen(80, 24).contains("Segmented 0 customers"), "{}", h.screen(80, 24));
}
