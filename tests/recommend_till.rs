//! The till's "often bought together" line: read from the precomputed partners when an
//! item is added, F10 adds the first suggestion.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use warung::domain::cart::{Cart, CartLine};
use warung::domain::{Money, PaymentMethod, Qty};
use warung::services::Actor;
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::tui::i18n::Lang;

/// Five past sales of Indomie Goreng with Aqua, and one of Gulaku alone; partners refreshed.
fn till_with_pairs(lang: Lang) -> Harness {
    let h = Harness::new(lang);
    let mut shop = h.other_process();
    let cli = Actor::command_line();
    for skus in [&["IDM-GRG", "AQ-600"][..]; 5].into_iter().chain([&["GLK-1KG"][..]]) {
        let mut cart = Cart::default();
        for sku in skus {
            let (item, _) = shop.lookup_code(sku).unwrap().unwrap();
            cart.lines.push(CartLine { item, qty: Qty::ONE, price_override: None, discount: Default::default() });
        }
        let cash = Tender { method: PaymentMethod::Cash, amount: Money::new(100_000), reference: String::new() };
        shop.checkout(&cli, &CheckoutRequest { cart, payments: vec![cash], ..Default::default() }).unwrap();
    }
    let refreshed = shop.refresh_recommendations(common::TODAY).unwrap();
    assert_eq!(refreshed.partners, 2, "Indomie → Aqua and Aqua → Indomie");
    let mut h = h;
    h.login("kasir", "kasir123");
    h.type_text("200000");
    h.key(KeyCode::Enter);
    h
}

fn scan(h: &mut Harness, code: &str) {
    h.type_text(code);
    h.key(KeyCode::Enter);
}

#[test]
fn adding_an_item_shows_what_is_often_bought_with_it_and_f10_adds_it() {
    let mut h = till_with_pairs(Lang::Id);
    scan(&mut h, "GLK-1KG");
    assert!(!h.screen(80, 24).contains("Sering dibeli bersama"), "Gulaku has no partner");
    scan(&mut h, "089686010947");
    h.snapshot_both("till_suggestion");
    h.key(KeyCode::F(10));
    let screen = h.screen(80, 24);
    assert!(screen.contains("Aqua 600ml"), "{screen}");
    assert!(!screen.contains("Sering dibeli bersama"), "never what is in the cart: {screen}");
    // 17.500 + 3.500 + 3.500
    assert!(screen.contains("24.500"), "{screen}");
    // Nothing left to suggest: F10 adds nothing.
    h.key(KeyCode::F(10));
    let screen = h.screen(80, 24);
    assert!(screen.contains("24.500") && !screen.contains("28.000"), "{screen}");
}

#[test]
fn the_line_speaks_english_too() {
    let mut h = till_with_pairs(Lang::En);
    scan(&mut h, "AQ-600");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Often bought together: Indomie Goreng 85g · F10 add"), "{screen}");
}

#[test]
fn suggestions_added_and_sold_show_in_the_recommendations_report() {
    let mut h = till_with_pairs(Lang::Id);
    scan(&mut h, "GLK-1KG");
    scan(&mut h, "089686010947");
    h.key(KeyCode::F(10)); // Aqua, sold
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    assert!(h.screen(80, 24).contains("INV/261123/0007"), "{}", h.screen(80, 24));
    h.key(KeyCode::Esc);
    h.clock.advance_ms(60_000);
    scan(&mut h, "AQ-600");
    h.key(KeyCode::F(10)); // Indomie, taken out again before paying
    h.key(KeyCode::Delete);
    h.key(KeyCode::F(12));
    h.key(KeyCode::Enter);
    let out = common::warung(&h.dir.path().join("shop.db")).args(["report", "recommendations"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let till = text.lines().find(|l| l.starts_with("till,")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(till, "till,2,,1,3500,,,,", "two added, one sold for Rp 3.500");
}
