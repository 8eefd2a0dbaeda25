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
    // The bars name every segment whole, with its share in the Indonesian decimal mark.
    let bars = h.screen(80, 24);
    assert!(bars.contains("Perlu perhatian ") && bars.contains(" 92,7%"), "{bars}");
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
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    assert!(h.screen(80, 24).contains("No segmentation yet: press s"));
    h.key(KeyCode::Char('s'));
    // The segmentation runs on a worker; its answer comes back on the background channel.
    h.app.wait_background();
    // Nobody has bought yet: an empty run, still stored.
    assert!(h.screen(80, 24).contains("Segmented 0 customers"), "{}", h.screen(80, 24));
}

#[test]
fn a_running_segmentation_shows_its_time_and_esc_cancels_it() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('7');
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Char('s'));
    // Until its answer is taken, the tab says it runs and how to stop it.
    assert!(h.screen(80, 24).contains("segmentation running… 0s · Esc cancels"), "{}", h.screen(80, 24));
    h.key(KeyCode::Esc);
    h.app.wait_background();
    let screen = h.screen(80, 24);
    assert!(screen.contains("Segmentation cancelled.") && screen.contains("No segmentation yet"), "{screen}");
}

#[test]
fn health_compares_the_periods_and_shows_peak_times() {
    let mut h = segmented(Lang::En);
    h.key(KeyCode::Tab);
    let screen = h.screen(80, 24);
    // Without WhatsApp: the three months before the last three (2026-08-24..11-23).
    for figure in
        ["Health", "2026-05-24–2026-08-23", "2026-08-24–2026-11-23", "66.7% (2/3)", "Rp 980.000", "Marketing cost"]
    {
        assert!(screen.contains(figure), "{figure} in {screen}");
    }
    // Imported sales without a time count at noon; the Fridays are the busiest.
    assert!(screen.contains("Busiest: Friday 12:00–13:00 · 13 sales"), "{screen}");
    h.snapshot_both("health");
}

#[test]
fn health_in_indonesian_on_a_narrow_terminal_shows_shop_hours() {
    let mut h = segmented(Lang::Id);
    h.key(KeyCode::Tab);
    let screen = h.screen(48, 20);
    for figure in ["Kesehatan", "Retensi", "Omzet per bulan", "Sen", "Min", "Paling ramai: Jumat 12:00–13:00"] {
        assert!(screen.contains(figure), "{figure} in {screen}");
    }
    // Only the shop's hours, 06 to 22, two columns each.
    assert!(screen.lines().any(|l| l.trim() == "06  08  10  12  14  16  18  20  22"), "{screen}");
}

#[test]
fn cashiers_do_not_see_the_shops_health() {
    let mut h = Harness::new(Lang::En);
    let mut shop = h.other_process();
    shop.add_user(&Actor::command_line(), "sari", "Sari", warung::domain::Role::Cashier, "kasir123").unwrap();
    h.login("sari", "kasir123");
    h.alt('7');
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Health") && !screen.contains("Retention") && !screen.contains("Busiest"), "{screen}");
    assert!(screen.contains("see the shop's health"), "{screen}");
}

#[test]
fn the_selected_customer_shows_their_segment() {
    let mut h = segmented(Lang::En);
    // Back to the Customers tab: the list, sorted by name, starts with Bu Ani.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Bu Ani · Segment: Regulars · RFM Champions (as of 2026-11-23)"), "{screen}");
    h.snapshot_both("customer_segment");
    h.key(KeyCode::Down);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Bu Citra · Segment: Drifting · RFM"), "{screen}");
}

#[test]
fn a_customer_never_segmented_says_so_in_indonesian() {
    let mut h = Harness::logged_in(Lang::Id);
    let mut shop = h.other_process();
    let form = warung::domain::master::CustomerForm { name: "Pak Budi".into(), ..Default::default() };
    shop.create_customer(&Actor::command_line(), &form).unwrap();
    h.alt('7');
    h.key(KeyCode::Down);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Pak Budi · Segmen: belum ada segmentasi"), "{screen}");
}

#[test]
fn health_of_a_shop_without_sales_compares_nothing() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('7');
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    let screen = h.screen(80, 24);
    let retention = screen.lines().find(|l| l.starts_with("Retention")).unwrap_or_default();
    let words: Vec<&str> = retention.split_whitespace().collect();
    assert_eq!(words, ["Retention", "0%", "(0/0)", "0%", "(0/0)", "–"], "{screen}");
    assert!(screen.contains("No sales in the last 90 days"), "{screen}");
}

/// The demo shop, with its weeks of refill reminders, logged in as `user`.
fn demo(lang: Lang, user: &str) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let clock = common::clock();
    let mut shop = warung::services::Shop::open(&dir.path().join("shop.db"), clock.clone()).unwrap();
    shop.build_demo().unwrap();
    let theme = warung::tui::theme::Theme::load("default", false).unwrap();
    let app = warung::tui::App::new(shop, lang, theme, None).unwrap();
    let mut h = Harness { app, dir, clock };
    h.login(user, warung::services::demo::DEMO_PASSWORD);
    h.alt('7');
    h.key(KeyCode::BackTab);
    h
}

/// `report recommendations` over its default range (the last 30 days), by kind.
fn recommendations_report(h: &Harness) -> Vec<std::collections::HashMap<String, String>> {
    let shop = h.other_process();
    let mut out = Vec::new();
    let request = warung::services::reports::ReportRequest::new("recommendations");
    shop.run_report(&Actor::command_line(), &request, &mut *warung::reports::Format::Csv.sink(&mut out, Lang::En))
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect()
}

#[test]
fn recommendations_tab_shows_what_the_report_gives() {
    let h = demo(Lang::En, "pemilik");
    let screen = h.screen(80, 24);
    let report = recommendations_report(&h);
    let (refill, till) = (&report[0], &report[1]);
    let money = |cell: &str| warung::domain::Money::new(cell.parse().unwrap()).to_string();
    let row = |label: &str| -> Vec<String> {
        let line = screen.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{label} in {screen}"));
        line[label.len()..].split("  ").map(str::trim).filter(|w| !w.is_empty()).map(String::from).collect()
    };
    assert_eq!(row("Sent / suggested added"), [refill["messages"].clone(), till["messages"].clone()]);
    assert_eq!(row("Customers"), [refill["customers"].as_str(), "–"]);
    assert_eq!(row("Bought / sold"), [refill["buyers"].clone(), till["buyers"].clone()]);
    assert_eq!(row("Revenue"), [money(&refill["revenue"]), money(&till["revenue"])]);
    assert_eq!(row("Held out who bought"), [refill["holdout_buyers"].as_str(), "–"]);
    assert_eq!(row("Held-out revenue"), [money(&refill["holdout_revenue"]).as_str(), "–"]);
    assert_eq!(row("Lift per customer"), [money(&refill["lift_revenue_per_customer"]).as_str(), "–"]);
    assert!(refill["messages"] != "0" && refill["holdout_customers"] != "0", "the demo has reminders: {refill:?}");
    assert!(screen.contains("Recommendations 2026-10-25–2026-11-23"), "{screen}");
    h.snapshot_both("recommendations");
}

#[test]
fn recommendations_tab_in_indonesian_and_not_for_cashiers() {
    let h = demo(Lang::Id, "pemilik");
    let screen = h.screen(48, 20);
    for text in ["Rekom", "Terkirim / saran masuk", "Tambahan per pelanggan"] {
        assert!(screen.contains(text), "{text} in {screen}");
    }
    // The two columns' names on one line, however narrow.
    assert!(screen.lines().any(|l| l.trim_start().starts_with("Pengingat") && l.ends_with("Kasir")), "{screen}");
    assert!(h.screen(80, 24).lines().any(|l| l.trim() == "Pengingat isi              Kasir"), "{screen}");
    let cashier = demo(Lang::En, "kasir");
    let screen = cashier.screen(80, 24);
    assert!(screen.contains("may not see what recommendations earned"), "{screen}");
    assert!(!screen.contains("Lift per customer"), "{screen}");
}

#[test]
fn recommendations_of_a_shop_without_history_are_zero_and_no_lift() {
    let mut h = Harness::logged_in(Lang::En);
    h.alt('7');
    h.key(KeyCode::BackTab);
    let screen = h.screen(80, 24);
    let lift = screen.lines().find(|l| l.starts_with("Lift per customer")).unwrap_or_default();
    assert_eq!(
        lift.split("  ").map(str::trim).filter(|w| !w.is_empty()).collect::<Vec<_>>(),
        ["Lift per customer", "–", "–"]
    );
    assert!(screen.contains("Recommendations 2026-10-25–2026-11-23"), "{screen}");
}
