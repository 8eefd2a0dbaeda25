//! Triggers, campaigns and the outbox actions on the service kit's shop.

use jiff::civil::date;
use rusqlite::params;

use super::*;
use crate::services::testkit::{Kit, kit};
use crate::store::campaigns::{holdout_flags, insert_segment_run_for_test};
use crate::store::outbox;

/// Give `customer` a phone, an opt-in choice and a birthday.
fn contact(k: &Kit, customer: i64, phone: &str, opt_in: bool, birthday: Option<&str>) {
    k.shop
        .store
        .conn()
        .execute(
            "UPDATE customers SET phone = ?2, wa_opt_in = ?3, birthday = ?4 WHERE id = ?1",
            params![customer, phone, opt_in, birthday],
        )
        .unwrap();
}

fn keys(k: &Kit, kind: &str) -> Vec<String> {
    let mut keys: Vec<String> = outbox::recent(k.shop.store.conn(), 1000)
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.dedupe_key)
        .collect();
    keys.sort();
    keys
}

fn add_customers(k: &mut Kit, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let form = crate::domain::master::CustomerForm {
                name: format!("Pelanggan {i}"),
                phone: format!("0812000{:05}", i),
                wa_opt_in: if i % 5 == 4 { "no".into() } else { "yes".into() },
                ..Default::default()
            };
            k.shop.create_customer(&k.owner, &form).unwrap()
        })
        .collect()
}

#[test]
fn checkout_receipt_is_rendered_from_the_editable_template() {
    let mut k = kit();
    contact(&k, k.sri, "6281234567890", true, None);
    let mut receipt = k.shop.message_template("receipt").unwrap();
    receipt.body = "Makasih {{ customer_name }}! {{ invoice }} = {{ total|rupiah }}".into();
    receipt.wa_params = vec!["invoice".into(), "total".into()];
    k.shop.save_message_template(&k.owner, &receipt).unwrap();
    let sale = k.credit_sale(&k.cashier.clone(), k.sri, &[("A", 2)]);
    assert!(sale.receipt_queued);
    let m = &outbox::recent(k.shop.store.conn(), 1).unwrap()[0];
    assert_eq!(m.body, format!("Makasih Bu Sri! {} = Rp 2.000", sale.invoice));
    assert_eq!(m.template, "receipt");
    let params: serde_json::Value = serde_json::from_str(&m.params_json).unwrap();
    assert_eq!(params["wa_template"], "receipt");
    assert_eq!(params["wa_params"], serde_json::json!([sale.invoice, "Rp 2.000"]));
    assert_eq!(params["vars"]["credit"], 2000);
}

#[test]
fn shipped_receipt_mentions_the_debt_and_cashiers_cannot_edit_templates() {
    let mut k = kit();
    contact(&k, k.sri, "6281234567890", true, None);
    let sale = k.credit_sale(&k.cashier.clone(), k.sri, &[("C", 1)]);
    let m = &outbox::recent(k.shop.store.conn(), 1).unwrap()[0];
    assert_eq!(
        m.body,
        format!(
            "Halo Bu Sri, terima kasih sudah berbelanja di Toko Saya. Nota {}: total Rp 10.000. Dicatat sebagai piutang: Rp 10.000.",
            sale.invoice
        )
    );
    let promo = k.shop.message_template("promo").unwrap();
    assert!(k.shop.save_message_template(&k.cashier, &promo).unwrap_err().to_string().contains("may not"));
}

#[test]
fn preview_uses_the_customer_and_their_open_debt() {
    let mut k = kit();
    contact(&k, k.darto, "6285611112222", true, None);
    let reminder = k.shop.message_template("payment_reminder").unwrap();
    let sample = k.shop.preview_message(&reminder, k.darto).unwrap();
    assert!(sample.body.starts_with("Halo Warung Pak Darto, pengingat dari Toko Saya"), "{}", sample.body);
    let sale = k.credit_sale(&k.cashier.clone(), k.darto, &[("C", 2)]);
    let real = k.shop.preview_message(&reminder, k.darto).unwrap();
    assert!(
        real.body.contains(&format!("nota {} sisa Rp 20.000, jatuh tempo 07-12-2026", sale.invoice)),
        "{}",
        real.body
    );
    assert_eq!(real.wa_params, ["Warung Pak Darto", "Toko Saya", sale.invoice.as_str(), "Rp 20.000", "07-12-2026"]);
    let mut edited = reminder.clone();
    edited.body = "{{ nope }}".into();
    assert!(k.shop.preview_message(&edited, k.darto).is_err());
}

#[test]
fn reminders_go_before_on_and_every_m_days_after_the_due_date_never_twice() {
    let mut k = kit();
    contact(&k, k.darto, "6285611112222", true, None);
    contact(&k, k.sri, "6281234567890", false, None);
    let sale = k.credit_sale(&k.cashier.clone(), k.darto, &[("C", 1)]); // due 2026-12-07
    k.credit_sale(&k.cashier.clone(), k.sri, &[("C", 1)]); // not opted in: no reminders
    let inv = &sale.invoice;
    let run = |k: &mut Kit, d| k.shop.remind_receivables(d).unwrap();
    assert_eq!(run(&mut k, date(2026, 12, 3)), 0);
    assert_eq!(run(&mut k, date(2026, 12, 4)), 1);
    assert_eq!(run(&mut k, date(2026, 12, 4)), 0, "not twice a day");
    assert_eq!(run(&mut k, date(2026, 12, 5)), 0, "not twice a stage");
    assert_eq!(run(&mut k, date(2026, 12, 7)), 1);
    assert_eq!(run(&mut k, date(2026, 12, 10)), 0);
    assert_eq!(run(&mut k, date(2026, 12, 14)), 1);
    assert_eq!(run(&mut k, date(2026, 12, 21)), 1);
    assert_eq!(
        keys(&k, "reminder"),
        [
            format!("reminder:{inv}:before:2026-12-04"),
            format!("reminder:{inv}:due:2026-12-07"),
            format!("reminder:{inv}:overdue:2026-12-14"),
            format!("reminder:{inv}:overdue:2026-12-21"),
        ]
    );
    let last = &outbox::recent(k.shop.store.conn(), 1).unwrap()[0];
    assert!(last.body.contains("Sudah lewat 14 hari"), "{}", last.body);
    // Paid off: no more reminders.
    k.shop.store.conn().execute("UPDATE receivables SET paid = amount", []).unwrap();
    assert_eq!(run(&mut k, date(2026, 12, 28)), 0);
}

#[test]
fn winback_once_per_silence_to_opted_in_customers_only() {
    let mut k = kit();
    contact(&k, k.darto, "6285611112222", true, None);
    contact(&k, k.sri, "6281234567890", false, None);
    k.credit_sale(&k.cashier.clone(), k.darto, &[("A", 1)]); // 2026-11-23
    k.credit_sale(&k.cashier.clone(), k.sri, &[("A", 1)]);
    let today = date(2026, 11, 23);
    let after = |days: i64| today.checked_add(jiff::Span::new().days(days)).unwrap();
    assert_eq!(k.shop.queue_winbacks(after(59)).unwrap(), 0);
    assert_eq!(k.shop.queue_winbacks(after(60)).unwrap(), 1);
    assert_eq!(k.shop.queue_winbacks(after(61)).unwrap(), 0, "once per silence");
    assert_eq!(keys(&k, "winback"), [format!("winback:{}:2026-11-23", k.darto)]);
    let m = &outbox::recent(k.shop.store.conn(), 1).unwrap()[0];
    assert!(m.body.contains("sudah 60 hari"), "{}", m.body);
    k.shop.set_setting(&k.owner, "winback.enabled", "no").unwrap();
    k.shop.set_setting(&k.owner, "winback.after_days", "1").unwrap();
    assert_eq!(k.shop.run_daily_triggers(after(90)).unwrap().winbacks, 0);
}

#[test]
fn birthdays_once_a_year_and_leap_day_birthdays_on_the_28th() {
    let mut k = kit();
    contact(&k, k.darto, "6285611112222", true, Some("1980-11-23"));
    contact(&k, k.sri, "6281234567890", true, Some("1992-02-29"));
    let extra = add_customers(&mut k, 5);
    contact(&k, extra[4], "6281200000004", false, Some("1990-11-23"));
    assert_eq!(k.shop.run_daily_triggers(date(2026, 11, 23)).unwrap().birthdays, 1);
    assert_eq!(k.shop.run_daily_triggers(date(2026, 11, 23)).unwrap().birthdays, 0);
    assert_eq!(k.shop.queue_birthdays(date(2027, 2, 28)).unwrap(), 1);
    assert_eq!(k.shop.queue_birthdays(date(2028, 2, 28)).unwrap(), 0);
    assert_eq!(k.shop.queue_birthdays(date(2028, 2, 29)).unwrap(), 1);
    assert_eq!(
        keys(&k, "birthday"),
        [format!("birthday:{}:2026", k.darto), format!("birthday:{}:2027", k.sri), format!("birthday:{}:2028", k.sri)]
    );
}

#[test]
fn campaign_holdout_is_deterministic_and_send_queues_one_per_recipient() {
    let mut k = kit();
    let ids = add_customers(&mut k, 25); // every fifth has not opted in: 20 reachable
    let owner = k.owner.clone();
    let plan = k.shop.plan_campaign(None, "promo", 1000).unwrap();
    assert_eq!((plan.audience, plan.holdout, plan.estimated_cost.rupiah()), (20, 2, 18 * 670));
    let created = k.shop.create_campaign(&owner, "Promo Lebaran", None, "promo", 1000).unwrap();
    assert_eq!(created.plan, plan);
    let flags = holdout_flags(k.shop.store.conn(), created.id).unwrap();
    assert_eq!(flags.len(), 20);
    assert_eq!(flags.iter().filter(|(_, h)| *h).count(), 2);
    // The same campaign id draws the same holdout.
    let audience = crate::store::campaigns::audience(k.shop.store.conn(), None).unwrap();
    let again = campaigns::draw_holdout(created.id, &audience, 1000);
    assert_eq!(flags.iter().map(|(_, h)| *h).collect::<Vec<_>>(), again);
    // A recipient who opts out before sending is skipped.
    let leaver = flags.iter().find(|(_, h)| !h).unwrap().0;
    k.shop.store.conn().execute("UPDATE customers SET wa_opt_in = 0 WHERE id = ?1", [leaver]).unwrap();
    assert_eq!(k.shop.send_campaign(&owner, created.id).unwrap(), 17);
    let sent = k.shop.campaign(created.id).unwrap();
    assert_eq!((sent.recipients, sent.holdout, sent.queued), (20, 2, 17));
    assert!(sent.sent_at.is_some());
    let queued = keys(&k, "campaign");
    assert_eq!(queued.len(), 17);
    assert!(queued.iter().all(|key| key.starts_with(&format!("campaign:{}:", created.id))));
    assert!(!queued.contains(&format!("campaign:{}:{leaver}", created.id)));
    assert!(!queued.contains(&format!("campaign:{}:{}", created.id, ids[4])), "never opted in");
    let err = k.shop.send_campaign(&owner, created.id).unwrap_err().to_string();
    assert!(err.contains("sent already"), "{err}");
    assert_eq!(keys(&k, "campaign").len(), 17);
}

#[test]
fn campaigns_target_a_segment_of_the_latest_run() {
    let mut k = kit();
    let ids = add_customers(&mut k, 5);
    let owner = k.owner.clone();
    let err = k.shop.plan_campaign(Some("Champions"), "promo", 0).unwrap_err().to_string();
    assert!(err.contains("warung segment"), "{err}");
    let conn = k.shop.store.conn();
    insert_segment_run_for_test(conn, "2026-11-01", &[(ids[0], "Champions", "Loyal"), (ids[1], "Champions", "Loyal")]);
    insert_segment_run_for_test(
        conn,
        "2026-11-20",
        &[(ids[0], "At Risk", "Sleeping"), (ids[1], "Champions", "Loyal"), (ids[4], "Champions", "Loyal")],
    );
    assert_eq!(k.shop.plan_campaign(Some("champions"), "promo", 0).unwrap().audience, 1, "ids[4] not opted in");
    assert_eq!(k.shop.plan_campaign(Some("SLEEPING"), "promo", 0).unwrap().audience, 1);
    let err = k.shop.plan_campaign(Some("Lost"), "promo", 0).unwrap_err().to_string();
    assert!(err.contains("At Risk, Champions, Loyal, Sleeping"), "{err}");
    let err = k.shop.create_campaign(&owner, "x", None, "birthday", 0).unwrap_err().to_string();
    assert!(err.contains("campaign templates"), "{err}");
    assert!(k.shop.create_campaign(&k.cashier.clone(), "x", None, "promo", 0).is_err());
}

#[test]
fn retry_and_cancel_are_audited_and_refuse_the_wrong_states() {
    let mut k = kit();
    contact(&k, k.sri, "6281234567890", true, None);
    k.credit_sale(&k.cashier.clone(), k.sri, &[("A", 1)]);
    let id = outbox::recent(k.shop.store.conn(), 1).unwrap()[0].id;
    let err = k.shop.retry_message(&k.cashier.clone(), id).unwrap_err().to_string();
    assert!(err.contains("is pending; only failed, dead, unknown"), "{err}");
    k.shop.store.conn().execute("UPDATE outbox SET status = 'dead'", []).unwrap();
    k.shop.retry_message(&k.cashier.clone(), id).unwrap();
    k.shop.cancel_message(&k.cashier.clone(), id).unwrap();
    let err = k.shop.cancel_message(&k.cashier.clone(), id).unwrap_err().to_string();
    assert!(err.contains("is cancelled"), "{err}");
    let audit: Vec<String> = k.shop.recent_audit(2).unwrap().into_iter().map(|a| a.action).collect();
    assert_eq!(audit, ["message.cancel", "message.retry"]);
}

#[test]
fn utility_messages_carry_their_time_to_live_and_campaigns_their_end() {
    let mut k = kit();
    contact(&k, k.sri, "6281234567890", true, None);
    k.shop.set_setting(&k.owner.clone(), "whatsapp_cloud.message_send_ttl_seconds", "3600").unwrap();
    k.credit_sale(&k.cashier.clone(), k.sri, &[("A", 1)]); // due 2026-12-07
    k.shop.remind_receivables(date(2026, 12, 7)).unwrap();
    let expiry = |k: &Kit, kind: &str| -> Option<i64> {
        k.shop
            .store
            .conn()
            .query_row("SELECT expires_at - created_at FROM outbox WHERE kind = ?1", [kind], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(expiry(&k, "reminder"), Some(3_600_000), "a reminder never arrives days late");
    assert_eq!(expiry(&k, "receipt"), None, "a receipt is still worth having late");

    let owner = k.owner.clone();
    let campaign = k.shop.create_campaign(&owner, "Akhir pekan", None, "promo", 0).unwrap();
    let today = crate::clock::local_date(k.shop.now_ms(), &k.shop.time_zone());
    let yesterday = today.yesterday().unwrap();
    let err = k.shop.set_campaign_end(&owner, campaign.id, yesterday).unwrap_err().to_string();
    assert!(err.contains("before today"), "{err}");
    k.shop.set_campaign_end(&owner, campaign.id, today).unwrap();
    k.shop.send_campaign(&owner, campaign.id).unwrap();
    let end_of_today = crate::clock::day_start_ms(today.tomorrow().unwrap(), &k.shop.time_zone()) - 1;
    let ends: i64 = k
        .shop
        .store
        .conn()
        .query_row("SELECT expires_at FROM outbox WHERE kind = 'campaign'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ends, end_of_today);
    let err = k.shop.set_campaign_end(&owner, campaign.id, today).unwrap_err().to_string();
    assert!(err.contains("sent already"), "{err}");
}
