//! The demo shop's messages, so the Messages screen has something to show: WhatsApp
//! receipts for the last days' sales to opted-in customers (sent, delivered, read,
//! and a few that failed), today's reminders, win-back and birthday greetings from the
//! real triggers, a sent campaign with a holdout and a draft, and a few replies.

use super::super::messages::MessageVars;
use super::super::messages::templates::{To, queue};
use super::super::{Actor, Result, Shop};
use crate::store::inbox::{self, NewInbound};
use crate::store::messages::{self as store_messages, MessageFilter, Outcome, customer_sales_since};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

const REPLIES: &[&str] = &[
    "Terima kasih Bu, barangnya sudah sampai.",
    "Minyak goreng 2L masih ada stok? Saya mau ambil 5.",
    "Besok saya transfer ya untuk nota kemarin.",
];

/// What the dispatcher "did" with the n-th demo message sent at `at`.
pub(super) fn outcome(n: usize, at: i64, provider_id: &str) -> Outcome<'_> {
    let sent = |status| Outcome {
        created_at: at,
        status,
        attempts: 1,
        provider_id: Some(provider_id),
        last_error: None,
        sent_at: Some(at + 5_000),
    };
    match n {
        0 => Outcome {
            attempts: 2,
            last_error: Some("HTTP 503 Service Unavailable; next try in 4 min"),
            provider_id: None,
            sent_at: None,
            ..sent("failed")
        },
        1 => Outcome {
            last_error: Some("(#131026) Message undeliverable: not a WhatsApp number"),
            provider_id: None,
            sent_at: None,
            ..sent("dead")
        },
        2 => Outcome { last_error: Some("timed out after sending; waiting for a status"), ..sent("unknown") },
        n if n % 4 == 0 => sent("sent"),
        n if n % 3 == 0 => sent("delivered"),
        _ => sent("read"),
    }
}

pub(in crate::services) fn seed(shop: &mut Shop) -> Result<()> {
    let owner = Actor::command_line();
    let now = shop.now_ms();
    let store_name = shop.store_name();
    shop.write(|tx| {
        let sales = customer_sales_since(tx, now - 3 * DAY_MS)?;
        for (n, sale) in sales.iter().enumerate() {
            let mut vars = MessageVars::new(&sale.name, &sale.code, &store_name);
            vars.invoice = Some(sale.invoice.clone());
            vars.total = Some(sale.total);
            vars.credit = Some(sale.credit);
            let to = To { customer_id: sale.customer_id, phone: &sale.phone };
            if let Some(id) = queue(tx, "receipt", to, &vars, &format!("receipt:{}", sale.invoice))? {
                let wamid = format!("wamid.demo{id}");
                store_messages::set_outcome(tx, id, &outcome(n, sale.at + MINUTE_MS, &wamid))?;
            }
        }
        for (sale, text) in sales.iter().rev().zip(REPLIES) {
            let inbound = NewInbound {
                received_at: sale.at + 30 * MINUTE_MS,
                provider: "fonnte",
                phone: &sale.phone,
                customer_id: Some(sale.customer_id),
                body: text,
                provider_id: None,
            };
            inbox::insert(tx, &inbound)?;
        }
        Ok(())
    })?;
    shop.run_daily_triggers(shop.today())?;
    let sent = shop.create_campaign(&owner, "Promo Gajian", None, "promo", 1000)?;
    shop.send_campaign(&owner, sent.id)?;
    let campaign_messages = shop.messages(&MessageFilter { kind: Some("campaign".into()), status: None, limit: 0 })?;
    shop.write(|tx| {
        for (n, m) in campaign_messages.iter().enumerate() {
            let wamid = format!("wamid.demo{}", m.id);
            // Skip the failures: a campaign mostly gets through.
            store_messages::set_outcome(tx, m.id, &outcome(n + 3, now - 2 * DAY_MS + n as i64 * 1_000, &wamid))?;
        }
        Ok(())
    })?;
    shop.create_campaign(&owner, "Diskon Minyak Goreng", None, "promo", 500)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::store::Store;

    #[test]
    fn the_demo_has_messages_in_many_states_only_to_opted_in_customers() {
        let clock = FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23));
        let mut shop = Shop::new(Store::open_in_memory().unwrap(), Arc::new(clock));
        shop.build_demo().unwrap();
        let messages = shop.messages(&MessageFilter::default()).unwrap();
        let states: BTreeSet<&str> = messages.iter().map(|m| m.status.as_str()).collect();
        for state in ["pending", "sent", "delivered", "read", "failed", "dead", "unknown"] {
            assert!(states.contains(state), "{state} in {states:?}");
        }
        let kinds: BTreeSet<&str> = messages.iter().map(|m| m.kind.as_str()).collect();
        for kind in ["receipt", "reminder", "campaign"] {
            assert!(kinds.contains(kind), "{kind} in {kinds:?}");
        }
        let not_opted_in: i64 = shop
            .store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM outbox o JOIN customers c ON c.id = o.customer_id WHERE c.wa_opt_in = 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(not_opted_in, 0);
        assert_eq!(shop.inbox(10).unwrap().len(), 3);
        let campaigns = shop.campaigns(10).unwrap();
        assert_eq!(campaigns.len(), 2);
        assert!(campaigns[0].sent_at.is_none() && campaigns[1].sent_at.is_some() && campaigns[1].holdout > 0);
        assert_eq!(shop.doctor().unwrap(), []);
    }
}
