//! Partners, suggestions and refill reminders on the service kit's shop.

use jiff::civil::date;
use rusqlite::params;

use crate::domain::Qty;

use super::*;
use crate::services::testkit::{Kit, kit};
use crate::store::outbox;

const TODAY: Date = date(2026, 11, 23);

fn refills(k: &Kit) -> Vec<outbox::OutboxRow> {
    outbox::recent(k.shop.store.conn(), 1000).unwrap().into_iter().filter(|m| m.kind == "refill").collect()
}

fn reachable(k: &Kit, customer: i64, phone: Option<&str>) {
    k.shop
        .store
        .conn()
        .execute("UPDATE customers SET phone = ?2, wa_opt_in = 1 WHERE id = ?1", params![customer, phone])
        .unwrap();
}

/// Sales to `customer` of `lines` on each of `days_ago` (counted back from today), the
/// clock put back to today after.
fn history(k: &mut Kit, customer: i64, lines: &[(&str, i64)], days_ago: &[i64]) {
    for &ago in days_ago {
        k.advance_days(-ago);
        k.credit_sale(&k.cashier.clone(), customer, lines);
        k.advance_days(ago);
    }
}

#[test]
fn refresh_keeps_partners_that_sell_together_and_the_till_reads_them() {
    let mut k = kit();
    let cashier = k.cashier.clone();
    for _ in 0..6 {
        k.cash_sale(&cashier, &[("A", 1), ("B", 2)], 100_000);
    }
    k.cash_sale(&cashier, &[("C", 1)], 100_000);
    k.cash_sale(&cashier, &[("A", 1), ("C", 1)], 100_000);
    let summary = k.shop.refresh_recommendations(TODAY).unwrap();
    // 8 baskets; A-B in 6 (lift 6·8/(7·6) > 1); A-C in one only: below 5 pairs.
    assert_eq!(summary, RefreshSummary { baskets: 8, items: 2, partners: 2 });
    let (a, b) = (k.item_id("A"), k.item_id("B"));
    let names = |s: Vec<Suggestion>| s.into_iter().map(|s| s.sku).collect::<Vec<_>>();
    assert_eq!(names(k.shop.suggestions(&[a], 2).unwrap()), ["B"]);
    assert_eq!(names(k.shop.suggestions(&[b], 2).unwrap()), ["A"]);
    assert!(k.shop.suggestions(&[a, b], 2).unwrap().is_empty(), "never what is in the cart");
    assert!(k.shop.suggestions(&[], 2).unwrap().is_empty());
    // An item archived since is never suggested.
    k.shop.set_item_active(&k.owner.clone(), b, false).unwrap();
    assert!(k.shop.suggestions(&[a], 2).unwrap().is_empty());
    // The daily triggers recount once a day, however often the dispatcher starts.
    assert_eq!(k.shop.refresh_recommendations_daily(TODAY).unwrap(), None, "counted up to today already");
    let next_day = k.shop.refresh_recommendations_daily(date(2026, 11, 24)).unwrap();
    assert_eq!(next_day.map(|r| r.baskets), Some(8));
    // A refresh over no history empties the table.
    let empty = k.shop.refresh_recommendations(date(2020, 1, 1)).unwrap();
    assert_eq!(empty, RefreshSummary::default());
}

#[test]
fn refill_reminder_once_per_interval_to_reachable_customers_with_items_due() {
    let mut k = kit();
    let (sri, darto) = (k.sri, k.darto);
    reachable(&k, sri, Some("6281234567890"));
    reachable(&k, darto, None);
    k.shop.set_setting(&k.owner.clone(), "recommend.refill_holdout_pct", "0").unwrap();
    // Every 7 days, the last 16 days ago: due from day 9 (1.2 × 7 = 8.4) to day 21. Rice
    // twice on one day counts once.
    history(&mut k, sri, &[("K", 5), ("A", 1)], &[37, 30, 23, 16]);
    history(&mut k, sri, &[("K", 1)], &[16]);
    history(&mut k, darto, &[("C", 1)], &[37, 30, 23, 16]);
    let due = k.shop.due_refills(TODAY).unwrap();
    assert_eq!(due.len(), 3, "{due:?}");
    let rice = due.iter().find(|d| d.customer_id == sri && d.item_id == k.item_id("K")).unwrap();
    assert_eq!((rice.rhythm.purchases, rice.rhythm.interval_days, rice.due.days_since), (4, 7, 16));
    assert_eq!(rice.due.due_since, date(2026, 11, 16));

    assert_eq!(k.shop.queue_refills(TODAY).unwrap(), 1, "Darto has no phone");
    let sent = refills(&k);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].dedupe_key, format!("refill:{sri}:2026-11-23"));
    assert_eq!(
        sent[0].body,
        "Halo Bu Sri, Item A dan Item K biasanya sudah waktunya beli lagi. Mau kami siapkan? Balas PESAN, nanti kami \
         kabari kalau sudah siap diambil. Salam, Toko Saya."
    );
    assert_eq!(k.shop.queue_refills(TODAY).unwrap(), 0, "once a day");
    k.advance_days(6);
    assert_eq!(k.shop.queue_refills(date(2026, 11, 29)).unwrap(), 0, "at most once in 7 days");
    k.advance_days(-6);
    // Opted out: nothing.
    k.shop.store.conn().execute("UPDATE customers SET wa_opt_in = 0 WHERE id = ?1", [sri]).unwrap();
    assert_eq!(k.shop.queue_refills(date(2026, 12, 1)).unwrap(), 0);
}

#[test]
fn a_held_out_customer_is_recorded_and_sent_nothing() {
    let mut k = kit();
    let sri = k.sri;
    reachable(&k, sri, Some("6281234567890"));
    k.shop.set_setting(&k.owner.clone(), "recommend.refill_holdout_pct", "100").unwrap();
    history(&mut k, sri, &[("K", 1)], &[37, 30, 23, 16]);
    let summary = k.shop.run_daily_triggers(TODAY).unwrap();
    assert_eq!(summary.refills, 0);
    assert!(refills(&k).is_empty());
    let held: i64 = k
        .shop
        .store
        .conn()
        .query_row("SELECT COUNT(*) FROM refill_reminders WHERE holdout = 1 AND outbox_id IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(held, 1);
    // Switched off: not even chosen.
    k.shop.set_setting(&k.owner.clone(), "recommend.refill_enabled", "no").unwrap();
    assert_eq!(k.shop.run_daily_triggers(date(2026, 12, 1)).unwrap().refills, 0);
}

#[test]
fn an_item_archived_since_is_never_due_nor_in_a_reminder() {
    let mut k = kit();
    let (sri, owner) = (k.sri, k.owner.clone());
    reachable(&k, sri, Some("6281234567890"));
    k.shop.set_setting(&owner, "recommend.refill_holdout_pct", "0").unwrap();
    history(&mut k, sri, &[("K", 1), ("A", 1)], &[37, 30, 23, 16]);
    let (rice, a) = (k.item_id("K"), k.item_id("A"));
    k.shop.set_item_active(&owner, rice, false).unwrap();
    let due: Vec<i64> = k.shop.due_refills(TODAY).unwrap().iter().map(|d| d.item_id).collect();
    assert_eq!(due, [a]);
    assert_eq!(k.shop.queue_refills(TODAY).unwrap(), 1);
    assert!(refills(&k)[0].body.starts_with("Halo Bu Sri, Item A biasanya"), "{}", refills(&k)[0].body);
}

#[test]
fn no_history_no_refills_and_no_partners() {
    let mut k = kit();
    assert!(k.shop.due_refills(TODAY).unwrap().is_empty());
    assert_eq!(k.shop.queue_refills(TODAY).unwrap(), 0);
    assert_eq!(k.shop.refresh_recommendations(TODAY).unwrap(), RefreshSummary::default());
}

#[test]
fn items_are_joined_as_indonesians_say_them() {
    assert_eq!(items_phrase(&[]), "");
    assert_eq!(items_phrase(&["Beras 5kg"]), "Beras 5kg");
    assert_eq!(items_phrase(&["Beras 5kg", "Gas 3kg"]), "Beras 5kg dan Gas 3kg");
    assert_eq!(items_phrase(&["Beras", "Telur", "Gas"]), "Beras, Telur dan Gas");
}

#[test]
fn voided_sales_and_wholly_returned_lines_are_not_in_any_basket() {
    let mut k = kit();
    let (cashier, owner) = (k.cashier.clone(), k.owner.clone());
    let count = |k: &Kit| {
        let (start, end) = DateRange { from: TODAY, to: TODAY }.bounds_ms(&k.shop.time_zone());
        basket_counts(k.shop.store.conn(), start, end).unwrap()
    };
    let voided = k.cash_sale(&cashier, &[("A", 1), ("B", 1)], 100_000).invoice;
    let returned = k.cash_sale(&cashier, &[("A", 1), ("C", 2)], 100_000).invoice;
    let partly = k.cash_sale(&cashier, &[("B", 1), ("C", 2)], 100_000).invoice;
    k.shop.void_sale(&owner, &voided, "salah input").unwrap();
    let refund = crate::domain::refund::RefundMethod::Cash;
    k.shop.return_lines(&owner, None, &returned, &[(2, Qty::from_units(2))], refund, "rusak").unwrap();
    k.shop.return_lines(&owner, None, &partly, &[(2, Qty::ONE)], refund, "rusak").unwrap();
    let counts = count(&k);
    assert_eq!(counts.baskets(), 2, "the voided sale is no basket");
    let (a, b, c) = (k.item_id("A"), k.item_id("B"), k.item_id("C"));
    assert_eq!((counts.baskets_with(a), counts.baskets_with(b), counts.baskets_with(c)), (1, 1, 1));
    assert_eq!(counts.pairs(1).len(), 2, "B with C (one C kept), never A with C");
}

#[test]
fn campaigns_name_each_recipients_recommended_items() {
    use crate::services::messages::{MessageKind, MessageTemplate};
    let mut k = kit();
    let (cashier, owner, sri, darto) = (k.cashier.clone(), k.owner.clone(), k.sri, k.darto);
    reachable(&k, sri, Some("6281234567890"));
    reachable(&k, darto, Some("6285611112222"));
    for _ in 0..6 {
        k.cash_sale(&cashier, &[("A", 1), ("B", 1)], 100_000);
    }
    k.cash_sale(&cashier, &[("C", 1)], 100_000);
    // Sri bought A 40 days ago, never B; Darto bought both this week.
    history(&mut k, sri, &[("A", 1)], &[40]);
    history(&mut k, darto, &[("A", 1), ("B", 1)], &[3]);
    k.shop.refresh_recommendations(TODAY).unwrap();
    let template = MessageTemplate {
        key: "saran".into(),
        kind: MessageKind::Campaign,
        body: "Halo {{ customer_name }}{% if recommended_items %}, coba {{ recommended_items }}{% endif %}!".into(),
        wa_name: "saran".into(),
        wa_language: "id".into(),
        wa_params: vec![],
    };
    k.shop.save_message_template(&owner, &template).unwrap();
    let campaign = k.shop.create_campaign(&owner, "Saran", None, "saran", 0).unwrap();
    assert_eq!(k.shop.send_campaign(&owner, campaign.id).unwrap(), 2);
    let mut bodies: Vec<String> = outbox::recent(k.shop.store.conn(), 100)
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "campaign")
        .map(|m| m.body)
        .collect();
    bodies.sort();
    assert_eq!(bodies, ["Halo Bu Sri, coba Item B!", "Halo Warung Pak Darto!"]);
    // Only campaigns have a customer to recommend to.
    let birthday = MessageTemplate { key: "ultah".into(), kind: MessageKind::Birthday, ..template };
    let err = k.shop.save_message_template(&owner, &birthday).unwrap_err().to_string();
    assert!(err.contains("undefined"), "{err}");
}

#[test]
fn the_holdout_draw_keeps_its_share_and_keeps_each_customer_on_one_side() {
    let held = (1..=10_000).filter(|&c| held_out(c, 1000)).count();
    assert!((900..=1100).contains(&held), "about 10%: {held}");
    assert!((1..=500).all(|c| !held_out(c, 0) && held_out(c, 10_000)));
    // A larger share holds out more customers, and whoever was held out stays so.
    assert!((1..=500).all(|c| !held_out(c, 1000) || held_out(c, 5000)));
}

#[test]
fn a_customer_held_out_once_is_held_out_on_every_later_day() {
    let mut k = kit();
    let owner = k.owner.clone();
    k.shop.set_setting(&owner, "recommend.refill_holdout_pct", "50").unwrap();
    k.shop.set_setting(&owner, "recommend.refill_every_days", "1").unwrap();
    let (sri, darto) = (k.sri, k.darto);
    reachable(&k, sri, Some("6281234567890"));
    reachable(&k, darto, Some("6285611112222"));
    history(&mut k, sri, &[("K", 1)], &[37, 30, 23, 16]);
    history(&mut k, darto, &[("K", 1)], &[37, 30, 23, 16]);
    let sides = |k: &Kit| -> Vec<(i64, i64)> {
        let mut stmt = k.shop.store.conn().prepare("SELECT customer_id, holdout FROM refill_reminders").unwrap();
        let mut rows: Vec<(i64, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    };
    for day in [TODAY, date(2026, 11, 24), date(2026, 11, 25)] {
        k.shop.queue_refills(day).unwrap();
    }
    let rows = sides(&k);
    assert_eq!(rows.len(), 2, "each customer on one side only, on all three days: {rows:?}");
}
