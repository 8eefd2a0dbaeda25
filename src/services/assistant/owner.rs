//! What the assistant sends the owners and managers on its own: the daily digest at
//! `assistant.digest_time`, and batched alerts (an item at its reorder level, a void,
//! a discount above `assistant.alert_discount_pct`), each subject once per day.
//!
//! The dispatcher calls [`Shop::queue_owner_messages`] every minute. Exactly once
//! holds with any number of dispatchers and restarts: the digest's dedupe key is per
//! day and phone, and alert subjects are claimed per day in the same transaction as
//! the message that tells them.

use serde_json::{Value, json};

use super::replies::{day_figures, render_text};
use super::texts::object;
use super::{Settings, Shop};
use crate::clock::{day_start_ms, local_date};
use crate::domain::assistant::{AssistantText, Tongue, fit_reply};
use crate::domain::{Money, Phone};
use crate::services::{Actor, Result};
use crate::store;
use crate::store::outbox::NewMessage;

/// Alerts wait this long after the last batch, so several become one message.
pub const ALERT_BATCH_MS: i64 = 15 * 60_000;

/// What one call queued.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OwnerQueued {
    pub digests: usize,
    pub alerts: usize,
}

impl Shop {
    /// Queue the digest when it is due today and not queued yet, and a batch of new
    /// alerts. Nothing while the assistant or its owner commands are off, or no owner
    /// or manager has a phone.
    pub fn queue_owner_messages(&mut self) -> Result<OwnerQueued> {
        let settings = Settings::read(self)?;
        let mut queued = OwnerQueued::default();
        let phones: Vec<Phone> =
            store::assistant::staff_phones(self.store.conn())?.iter().filter_map(|p| Phone::parse(p).ok()).collect();
        if !settings.enabled || !settings.owner || phones.is_empty() {
            return Ok(queued);
        }
        let tz = self.time_zone();
        let now = self.now_ms();
        let today = local_date(now, &tz);
        let tongue = if self.setting("ui.language")? == "en" { Tongue::En } else { Tongue::Id };
        let (h, m) = crate::services::settings::parse_hhmm(&self.setting("assistant.digest_time")?).unwrap_or((21, 0));
        let due = today.at(h as i8, m as i8, 0, 0).to_zoned(tz.clone()).map(|z| z.timestamp().as_millisecond());
        let key = |phone: &Phone| format!("digest:{today}:{}", phone.as_str());
        let mut waiting = Vec::new();
        for phone in &phones {
            if !store::assistant::queued(self.store.conn(), &key(phone))? {
                waiting.push(phone);
            }
        }
        if due.is_ok_and(|due| now >= due) && !waiting.is_empty() {
            let figures = self.dashboard(&Actor::command_line())?;
            queued.digests = self.write(|tx| {
                let tomorrow = today.tomorrow().unwrap_or(today);
                let due_tomorrow: Vec<_> =
                    store::receivables::open(tx, None, None)?.into_iter().filter(|r| r.due_date == tomorrow).collect();
                let owed = Money::checked_sum(due_tomorrow.iter().map(|r| r.balance()))?;
                let mut values = day_figures(tx, &figures)?;
                values.extend(object(json!({
                    "low_stock": figures.low_stock,
                    "due_tomorrow": owed.rupiah(),
                    "due_tomorrow_count": due_tomorrow.len(),
                    "failed": store::assistant::failed_messages_since(tx, day_start_ms(today, &tz))?,
                })));
                let said = (tongue, settings.store_name.as_str());
                let (template, text) = render_text(tx, said, None, AssistantText::Digest, Value::Object(values))?;
                let text = fit_reply(&text, "…");
                let mut n = 0;
                for phone in &waiting {
                    n += usize::from(enqueue(tx, (&template, "owner_digest"), phone, &text, &key(phone))?);
                }
                Ok(n)
            })?;
        }
        queued.alerts = self.queue_alerts((tongue, &settings.store_name), &phones)?;
        Ok(queued)
    }

    fn queue_alerts(&mut self, (tongue, store_name): (Tongue, &str), phones: &[Phone]) -> Result<usize> {
        let now = self.now_ms();
        let last = store::assistant::last_alert_at(self.store.conn())?;
        if last.is_some_and(|at| now - at < ALERT_BATCH_MS) {
            return Ok(0);
        }
        let tz = self.time_zone();
        let today = local_date(now, &tz);
        let pct: f64 = self.setting("assistant.alert_discount_pct")?.parse().unwrap_or(20.0);
        let max_bp = (pct * 100.0).round() as i64;
        self.write(|tx| {
            let found = store::assistant::alert_subjects(tx, day_start_ms(today, &tz), max_bp)?;
            let subjects: Vec<String> = found.iter().map(|(s, _, _)| s.clone()).collect();
            let new = store::assistant::claim_alert_subjects(tx, &today.to_string(), &subjects, tx.now)?;
            if new.is_empty() {
                return Ok(0);
            }
            let alerts: Vec<Value> = found
                .iter()
                .filter(|(s, _, _)| new.contains(s))
                .map(|(subject, name, amount)| {
                    let kind = subject.split_once(':').map_or("", |(kind, _)| kind);
                    // A stock alert's amount is the quantity left; the others are rupiah.
                    let (qty, money) = if kind == "stock" { (Some(amount), None) } else { (None, Some(amount)) };
                    json!({ "kind": kind, "name": name, "qty": qty, "amount": money })
                })
                .collect();
            let (template, text) =
                render_text(tx, (tongue, store_name), None, AssistantText::Alert, json!({ "alerts": alerts }))?;
            let text = fit_reply(&text, "…");
            let batch = format!("alert:{today}:{}", tx.now);
            let mut n = 0;
            for phone in phones {
                n += usize::from(enqueue(
                    tx,
                    (&template, "owner_alert"),
                    phone,
                    &text,
                    &format!("{batch}:{}", phone.as_str()),
                )?);
            }
            Ok(n)
        })
    }
}

/// Queue one message to an owner's phone, written with the shop's `template`; outside
/// the 24-hour window it goes as the approved WhatsApp template `wa_name` with the text
/// as its one parameter. False if its key was queued before.
fn enqueue(
    tx: &crate::services::Tx<'_>,
    (template, wa_name): (&str, &str),
    phone: &Phone,
    body: &str,
    key: &str,
) -> Result<bool> {
    let params = json!({ "wa_template": wa_name, "wa_params": [body] }).to_string();
    Ok(store::outbox::enqueue(
        tx,
        &NewMessage {
            kind: "digest",
            channel: "whatsapp",
            phone: phone.as_str(),
            customer_id: None,
            template,
            params_json: &params,
            body,
            dedupe_key: key,
            at: tx.now,
        },
    )?)
}
