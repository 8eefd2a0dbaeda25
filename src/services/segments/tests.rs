use jiff::civil::date;

use super::*;
use crate::domain::PaymentMethod;
use crate::domain::Qty;
use crate::domain::master::CustomerForm;
use crate::domain::refund::RefundMethod;
use crate::services::testkit::{Kit, kit, tender};
use crate::store::segments;

/// Darto buys three times (last 2 days ago), Sri once 90 days ago and returns half,
/// Budi once 10 days ago (a second sale of his is voided), Ani never.
fn shop() -> (Kit, [i64; 4]) {
    let mut k = kit();
    let (owner, cashier, manager) = (k.owner.clone(), k.cashier.clone(), k.manager.clone());
    let budi = k.shop.create_customer(&owner, &CustomerForm { name: "Budi".into(), ..Default::default() }).unwrap();
    let ani = k.shop.create_customer(&owner, &CustomerForm { name: "Ani".into(), ..Default::default() }).unwrap();
    let (darto, sri) = (k.darto, k.sri);
    let sale_for = |k: &mut Kit, customer: i64, lines: &[(&str, i64)], amount: i64| {
        let cart = k.cart(lines, Some(customer));
        k.checkout(&cashier, cart, vec![tender(PaymentMethod::Cash, amount)]).invoice
    };
    k.advance_days(-90);
    let sri_sale = sale_for(&mut k, sri, &[("B", 2000)], 5_000);
    k.advance_days(1);
    k.shop.return_lines(&manager, None, &sri_sale, &[(1, Qty::from_units(1))], RefundMethod::Cash, "rusak").unwrap();
    k.advance_days(29); // day −60
    k.credit_sale(&cashier, darto, &[("C", 2)]);
    k.advance_days(30); // −30
    sale_for(&mut k, darto, &[("A", 1000)], 1_000);
    k.advance_days(20); // −10
    sale_for(&mut k, budi, &[("A", 3000)], 3_000);
    let voided = sale_for(&mut k, budi, &[("C", 5000)], 50_000);
    k.shop.void_sale(&manager, &voided, "salah input").unwrap();
    k.advance_days(8); // −2
    sale_for(&mut k, darto, &[("C", 1000)], 10_000);
    k.advance_days(2); // back to 2026-11-23
    (k, [darto, sri, budi, ani])
}

#[test]
fn measures_net_spend_without_voids_and_less_returns() {
    let (k, [darto, sri, budi, _ani]) = shop();
    let measured = k.shop.customer_rfm(date(2026, 11, 23)).unwrap();
    let expect = |customer_id, recency_days, frequency, monetary| CustomerRfm {
        customer_id,
        rfm: Rfm { recency_days, frequency, monetary },
    };
    // Ani never bought and is not measured.
    assert_eq!(measured, [expect(darto, 2, 3, 31_000), expect(sri, 90, 1, 2_500), expect(budi, 10, 1, 3_000)]);
    // As of 20 days ago: Darto's last sale was 10 days before; Budi had not come yet.
    let earlier = k.shop.customer_rfm(date(2026, 11, 3)).unwrap();
    assert_eq!(earlier, [expect(darto, 10, 2, 21_000), expect(sri, 70, 1, 2_500)]);
}

#[test]
fn segments_are_scored_clustered_stored_and_kept() {
    let (mut k, [darto, sri, budi, ani]) = shop();
    let owner = k.owner.clone();
    let done = k.shop.segment(&owner, KRequest::Fixed(3), None).unwrap();
    assert_eq!((done.run.as_of.as_str(), done.run.k, done.customers), ("2026-11-23", 3, 3));
    let labels: Vec<(i64, &str, i64, i64)> =
        done.clusters.iter().map(|c| (c.cluster, c.label.as_str(), c.customers, c.revenue)).collect();
    assert_eq!(labels, [(0, "Regulars", 1, 31_000), (1, "Drifting", 1, 3_000), (2, "Gone", 1, 2_500)]);
    assert_eq!(done.revenue(), 36_500);
    assert_eq!(share_percent(31_000, done.revenue()), 84.9);

    let row = |id| k.shop.customer_segment(id).unwrap().unwrap().1;
    let d = row(darto);
    // Darto: recency 2 of (2, 10, 90) → 4; frequency 3 of (3, 1, 1) → 4; spend → 4.
    assert_eq!((d.r_score, d.f_score, d.m_score, d.rfm_segment.as_str(), d.cluster), (4, 4, 4, "Loyal", 0));
    let b = row(budi);
    assert_eq!(
        (b.r_score, b.f_score, b.m_score, b.rfm_segment.as_str(), b.cluster_label.as_str()),
        (2, 1, 2, "Hibernating", "Drifting")
    );
    let s = row(sri);
    assert_eq!(
        (s.r_score, s.f_score, s.m_score, s.rfm_segment.as_str(), s.cluster_label.as_str()),
        (1, 1, 1, "Lost", "Gone")
    );
    assert!(k.shop.customer_segment(ani).unwrap().is_none());

    // Again: a second run with the same rows; the first is kept.
    let again = k.shop.segment(&owner, KRequest::Fixed(3), None).unwrap();
    assert_ne!(again.run.id, done.run.id);
    let rows_of = |run| {
        let mut out = Vec::new();
        segments::rows::<ServiceError>(k.shop.store.conn(), run, |r| {
            out.push(r.clone());
            Ok(())
        })
        .unwrap();
        out
    };
    assert_eq!(rows_of(done.run.id), rows_of(again.run.id));
    assert_eq!(rows_of(done.run.id).len(), 3);
    let members = k.shop.segment_members("Lost", 10).unwrap();
    assert_eq!(members.iter().map(|m| m.customer_id).collect::<Vec<_>>(), [sri]);
}

#[test]
fn auto_k_and_rights() {
    let (mut k, _) = shop();
    let cashier = k.cashier.clone();
    let err = k.shop.segment(&cashier, KRequest::Auto, None).unwrap_err();
    assert!(err.to_string().contains("may not segment customers"), "{err}");
    let owner = k.owner.clone();
    // Three customers: k is capped at three distinct points.
    let done = k.shop.segment(&owner, KRequest::Auto, Some(date(2026, 11, 23))).unwrap();
    let choice = done.choice.unwrap();
    assert_eq!(choice.scores.len(), 7);
    assert!(done.run.k <= 3);
    assert_eq!("auto".parse::<KRequest>().unwrap(), KRequest::Auto);
    assert_eq!("4".parse::<KRequest>().unwrap(), KRequest::Fixed(4));
    assert!("0".parse::<KRequest>().unwrap_err().contains("1 to 20"));
}

#[test]
fn a_cancelled_segmentation_stores_nothing() {
    let (mut k, _) = shop();
    let owner = k.owner.clone();
    let refused = k.shop.segment_unless(&owner, KRequest::Fixed(3), None, &|| true).unwrap_err();
    assert!(matches!(refused, ServiceError::Refused(crate::services::Refusal::SegmentationCancelled)), "{refused:?}");
    assert!(k.shop.latest_segmentation().unwrap().is_none(), "the run was rolled back");
}
