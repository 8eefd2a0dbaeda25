use jiff::civil::date;

use super::*;
use crate::clock::{Clock, FixedClock};
use crate::domain::PaymentMethod;
use crate::domain::Qty;
use crate::domain::master::CustomerForm;
use crate::reports::engagement::percent;
use crate::services::testkit::{Kit, kit, tender};
use crate::store::analytics::test_support;

fn noon(d: Date) -> i64 {
    FixedClock::jakarta_noon(d).now_ms()
}

fn set_day(k: &Kit, d: Date) {
    k.clock.advance_ms(noon(d) - k.clock.now_ms());
}

fn range(from: Date, to: Date) -> DateRange {
    DateRange { from, to }
}

/// Darto buys 10 Aug (10.000), 12 Sep (2.000), 5 Nov (20.000); Sri 20 Aug (5.000)
/// and 10 Nov (1.000); Budi once, 5 Sep (3.000); a walk-in 12 Sep (1.000). On
/// 1 Nov a campaign goes to Darto and Sri with Budi held out; Darto's 5 Nov sale
/// also sends him a receipt.
fn shop() -> (Kit, i64) {
    let mut k = kit();
    let (owner, cashier) = (k.owner.clone(), k.cashier.clone());
    let form = CustomerForm { name: "Budi".into(), credit_limit: "1000000".into(), ..Default::default() };
    let budi = k.shop.create_customer(&owner, &form).unwrap();
    let (darto, sri) = (k.darto, k.sri);
    let sales: [(Date, Option<i64>, &str, i64); 7] = [
        (date(2026, 8, 10), Some(darto), "C", 1),
        (date(2026, 8, 20), Some(sri), "B", 2),
        (date(2026, 9, 5), Some(budi), "A", 3),
        (date(2026, 9, 12), Some(darto), "A", 2),
        (date(2026, 9, 12), None, "A", 1),
        (date(2026, 11, 5), Some(darto), "C", 2),
        (date(2026, 11, 10), Some(sri), "A", 1),
    ];
    for (day, customer, sku, units) in sales {
        if day == date(2026, 11, 5) {
            test_support::campaign(
                k.shop.store.conn(),
                "Kangen",
                &[(darto, false), (sri, false), (budi, true)],
                noon(date(2026, 11, 1)),
            )
            .unwrap();
        }
        set_day(&k, day);
        match customer {
            Some(c) => {
                k.credit_sale(&cashier, c, &[(sku, units)]);
            }
            None => {
                let cart = k.cart(&[(sku, units * 1000)], None);
                k.checkout(&cashier, cart, vec![tender(PaymentMethod::Cash, 100_000)]);
            }
        }
        if day == date(2026, 11, 5) {
            test_support::sent_message(k.shop.store.conn(), "receipt", darto, noon(day) + 1000).unwrap();
        }
    }
    set_day(&k, date(2026, 11, 23));
    (k, budi)
}

#[test]
fn retention_matrix_by_first_purchase_month() {
    let (k, _) = shop();
    let cells = k.shop.retention(&range(date(2026, 8, 1), date(2026, 11, 23))).unwrap();
    let got: Vec<(String, i32, i64, i64)> =
        cells.iter().map(|c| (c.cohort.to_string(), c.months_since, c.customers, c.active)).collect();
    let want = [
        ("2026-08-01", 0, 2, 2),
        ("2026-08-01", 1, 2, 1),
        ("2026-08-01", 2, 2, 0),
        ("2026-08-01", 3, 2, 2),
        ("2026-09-01", 0, 1, 1),
        ("2026-09-01", 1, 1, 0),
        ("2026-09-01", 2, 1, 0),
    ];
    assert_eq!(got, want.map(|(c, m, n, a)| (c.to_string(), m, n, a)));
    // A later window: August's customers are not a cohort of it.
    let later = k.shop.retention(&range(date(2026, 9, 1), date(2026, 9, 30))).unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(percent(1, 3), Qty::from_thousandths(33_300));
    assert_eq!(percent(2, 3), Qty::from_thousandths(66_700));
}

#[test]
fn months_of_repeat_buyers_revenue_cost_and_credited_sales() {
    let (k, _) = shop();
    let months = k.shop.monthly_health(&range(date(2026, 9, 1), date(2026, 11, 30))).unwrap();
    let sep = months[0];
    assert_eq!((sep.customers, sep.returning, sep.new_customers, sep.orders), (2, 1, 1, 3));
    assert_eq!(sep.revenue, Money::new(3_000 + 2_000 + 1_000));
    assert_eq!(months[1].orders, 0);
    let nov = months[2];
    assert_eq!((nov.customers, nov.returning, nov.new_customers, nov.orders), (2, 2, 0, 2));
    assert_eq!((nov.marketing_messages, nov.utility_messages), (2, 1));
    // Two campaign messages at Rp 670; receipts are utility, not marketing cost.
    assert_eq!(nov.marketing_cost, Money::new(1_340));
    // Darto bought 4 days after his message; Sri 9 days after, outside the 7-day window.
    assert_eq!(nov.message_revenue, Money::new(20_000));
}

#[test]
fn campaign_lift_against_its_holdout() {
    let (mut k, _) = shop();
    let results = k.shop.campaign_results(&range(date(2026, 11, 1), date(2026, 11, 23))).unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!((r.recipients, r.holdout, r.messages_sent, r.cost), (3, 1, 2, Money::new(1_340)));
    assert_eq!((r.buyers, r.revenue, r.holdout_buyers), (1, Money::new(20_000), 0));
    assert_eq!(
        (r.conversion(), r.holdout_conversion(), r.lift()),
        (Qty::from_units(50), Qty::ZERO, Qty::from_units(50))
    );
    assert_eq!(r.incremental_revenue(), Money::new(20_000));
    // A 10-day window also credits Sri's purchase.
    let owner = k.owner.clone();
    k.shop.set_setting(&owner, "analytics.attribution_days", "10").unwrap();
    let wider = &k.shop.campaign_results(&range(date(2026, 11, 1), date(2026, 11, 23))).unwrap()[0];
    assert_eq!((wider.buyers, wider.revenue), (2, Money::new(21_000)));
    // Campaigns sent outside the range are not listed.
    assert!(k.shop.campaign_results(&range(date(2026, 10, 1), date(2026, 10, 31))).unwrap().is_empty());
}

#[test]
fn health_compares_before_and_after_whatsapp() {
    let (k, _) = shop();
    let [before, after] = k.shop.health_periods().unwrap();
    assert_eq!((before.from, before.to), (date(2026, 8, 1), date(2026, 10, 31)));
    assert_eq!((after.from, after.to), (date(2026, 11, 1), date(2026, 11, 23)));
    // 1 Oct – 23 Nov (54 days): of the three who bought in the 54 days before, two came back.
    let h = k.shop.period_health(range(date(2026, 10, 1), date(2026, 11, 23))).unwrap();
    assert_eq!((h.base_customers, h.retained, h.active_customers), (3, 2, 2));
    assert_eq!(h.retention(), Qty::from_thousandths(66_700));
    assert_eq!((h.revenue, h.monthly_revenue()), (Money::new(21_000), Money::new(11_666)));
    assert_eq!((h.marketing_messages, h.marketing_cost, h.message_revenue), (2, Money::new(1_340), Money::new(20_000)));
}

#[test]
fn peak_times_by_weekday_and_hour() {
    let (k, _) = shop();
    let peak = k.shop.peak_times(&range(date(2026, 8, 1), date(2026, 11, 23))).unwrap();
    // All at noon: Monday 10 Aug, Thursdays 20 Aug and 5 Nov, Saturdays (3 sales), Tuesday 10 Nov.
    let noon_column: Vec<i64> = (0..7).map(|d| peak.sales[d][12]).collect();
    assert_eq!(noon_column, [1, 1, 0, 2, 0, 3, 0]);
    assert_eq!(peak.revenue[3][12], 5_000 + 20_000);
    assert_eq!(peak.sales.iter().flatten().sum::<i64>(), 7);
}
