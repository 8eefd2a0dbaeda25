//! The outbox as the dispatcher and the webhook receiver use it: claim due messages
//! under a lease, settle each attempt, halt and resume channels, and apply what
//! providers report later (statuses, inbound messages, opt-outs).

use super::{Actor, Result, Shop, Tx};
use crate::domain::Permission;
use crate::store::channels::HaltedChannel;
use crate::store::inbox::NewInbound;
use crate::store::outbox::{ClaimKinds, ClaimedRow};
use crate::store::{self};

/// How an attempt ended, as the outbox records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settle {
    Sent {
        provider_id: String,
    },
    /// Failed; try again at `at` (epoch ms).
    RetryAt {
        at: i64,
        reason: String,
    },
    Dead {
        reason: String,
    },
    /// The request may have reached the provider: wait for its webhook, never resend.
    Unknown {
        reason: String,
    },
    /// Not to be sent any more (the customer opted out after it was queued).
    Cancelled {
        reason: String,
    },
    /// Not attempted after all (pacing, quiet hours, cap): pending again from `at`.
    Postpone {
        at: i64,
        reason: Option<String>,
        attempt_made: bool,
    },
    /// The provider refused our credentials: halt it and leave the message as it was.
    Halt {
        provider: String,
        reason: String,
    },
    /// The customer does not take marketing any more: dead, and opted out.
    OptOut {
        reason: String,
    },
    /// Not a failure: the platform's per-user marketing limit; due again at `at`.
    Later {
        at: i64,
        reason: String,
    },
    /// Not sent, and not the shop's fault (marketing limits, an expired message).
    Skip {
        reason: String,
    },
    /// Meta's marketing experiment holds the customer back until `until`: skipped on
    /// WhatsApp, and with `by_sms` queued again as an SMS.
    Experiment {
        until: i64,
        reason: String,
        by_sms: bool,
    },
    /// Refused as free text: due again now, only as its template from now on.
    AsTemplate {
        reason: String,
    },
    /// The channel is flagged for spam: marketing on `provider` pauses until `until`;
    /// this message is due again then.
    PauseMarketing {
        provider: String,
        until: i64,
        reason: String,
    },
    /// Its template cannot be used now: this and every queued message of it wait.
    Hold {
        reason: String,
    },
}

/// States of a message the provider took (or may have taken: `unknown`). Only these
/// move on a provider's status: a webhook never "delivers" a message still queued.
pub fn accepted_by_provider(status: &str) -> bool {
    matches!(status, "unknown" | "sent" | "delivered" | "read")
}

/// The WhatsApp states in the order they happen; a late webhook never moves back.
pub fn progress(status: &str) -> u8 {
    match status {
        "sent" => 1,
        "delivered" => 2,
        "read" => 3,
        _ => 0,
    }
}

/// The longest inbound text kept (WhatsApp's own limit for a text message); the rest
/// is cut, so a flood of long texts cannot fill the disk.
pub const MAX_INBOUND_CHARS: usize = 4096;

/// What a status webhook says a message costs (WhatsApp's `pricing` object).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pricing {
    /// `billable`, when given (Meta is retiring it in favour of `type`).
    pub billable: Option<bool>,
    /// marketing, utility, authentication, service, …
    pub category: Option<String>,
    /// PMP (per message) or CBP (per conversation, before July 2025).
    pub model: Option<String>,
    /// regular (charged), free_customer_service, free_entry_point.
    pub kind: Option<String>,
}

impl Pricing {
    fn is_billable(&self) -> bool {
        self.billable.unwrap_or_else(|| self.kind.as_deref().is_none_or(|k| k == "regular"))
    }
}

/// The settings key of a pricing category's price (`authentication_international` is
/// priced as authentication, `marketing_lite` as marketing).
fn price_key(category: &str) -> Option<&'static str> {
    match category {
        c if c.starts_with("marketing") => Some("messaging.price.marketing"),
        c if c.starts_with("utility") => Some("messaging.price.utility"),
        c if c.starts_with("authentication") => Some("messaging.price.authentication"),
        c if c.starts_with("service") => Some("messaging.price.service"),
        _ => None,
    }
}

/// Inbound words that mean "stop sending me marketing".
pub fn is_stop_word(body: &str) -> bool {
    let word = body.trim().trim_end_matches(['.', '!']);
    ["STOP", "BERHENTI", "UNSUBSCRIBE"].iter().any(|w| word.eq_ignore_ascii_case(w))
}

/// A webhook reports a message's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedStatus<'a> {
    /// The provider the webhook came from: it moves only messages sent through it.
    pub provider: &'a str,
    pub provider_id: &'a str,
    /// Our outbox id, when the provider echoes it back (callback data).
    pub outbox_id: Option<i64>,
    /// sent | delivered | read (failures are settled as the dispatcher settles them)
    pub status: &'a str,
    pub at: i64,
}

impl Shop {
    /// Reserve up to `limit` due messages for `lease_ms`. Also returns how many messages
    /// of a dead dispatcher were turned `unknown`.
    pub fn claim_messages(
        &mut self,
        lease_ms: i64,
        limit: usize,
        kinds: ClaimKinds,
    ) -> Result<(Vec<ClaimedRow>, usize)> {
        self.write(|tx| Ok(store::outbox::claim(tx, tx.now, tx.now + lease_ms, limit, kinds)?))
    }

    /// Mark the request as leaving now through `provider`; false if another dispatcher
    /// took the row over.
    pub fn begin_attempt(&mut self, id: i64, provider: &str) -> Result<bool> {
        self.write(|tx| Ok(store::outbox::begin_attempt(tx, id, provider, tx.now)?))
    }

    /// Messages `provider` may or may not have taken (`unknown`).
    pub fn unknown_messages(&mut self, provider: &str) -> Result<Vec<i64>> {
        self.write(|tx| {
            store::outbox::expire_leases(tx, tx.now)?;
            Ok(store::outbox::unknown_of(tx, provider)?)
        })
    }

    /// Settle `unknown` messages whose fate is known after all: those in `taken` (with
    /// their provider ids) were sent, the rest are due again. Returns (sent, due again).
    pub fn reconcile_unknown(
        &mut self,
        ids: &[i64],
        taken: &std::collections::HashMap<i64, String>,
    ) -> Result<(usize, usize)> {
        self.write(|tx| {
            let (mut sent, mut again) = (0, 0);
            for &id in ids {
                if let Some(provider_id) = taken.get(&id) {
                    store::outbox::mark_sent(tx, id, provider_id, tx.now)?;
                    sent += 1;
                } else if store::outbox::retry_unknown(tx, id, "never reached the provider; sending again", tx.now)? {
                    again += 1;
                }
            }
            Ok((sent, again))
        })
    }

    pub fn settle(&mut self, row: &ClaimedRow, settle: &Settle) -> Result<()> {
        use store::outbox::{mark, mark_sent, release, requeue};
        self.write(|tx| {
            match settle {
                Settle::Sent { provider_id } => mark_sent(tx, row.id, provider_id, tx.now)?,
                Settle::RetryAt { at, reason } => mark(tx, row.id, "failed", reason, *at, tx.now)?,
                Settle::Dead { reason } => mark(tx, row.id, "dead", reason, tx.now, tx.now)?,
                Settle::Cancelled { reason } => mark(tx, row.id, "cancelled", reason, tx.now, tx.now)?,
                Settle::Unknown { reason } => mark(tx, row.id, "unknown", reason, tx.now, tx.now)?,
                Settle::Postpone { at, reason, attempt_made } => {
                    release(tx, row.id, *at, reason.as_deref(), *attempt_made, tx.now)?
                }
                Settle::Halt { provider, reason } => {
                    release(tx, row.id, tx.now, None, true, tx.now)?;
                    store::channels::halt(tx, provider, reason, tx.now)?;
                    tracing::error!(provider, reason, "messaging channel halted");
                }
                Settle::OptOut { reason } => {
                    mark(tx, row.id, "dead", reason, tx.now, tx.now)?;
                    if let Some(customer) = row.customer_id
                        && store::opt_out::by_id(tx, customer, tx.now)?
                    {
                        audit_opt_out(tx, customer, Some(reason.clone()))?;
                    }
                }
                Settle::Later { at, reason } => requeue(tx, row.id, *at, reason, true, false, tx.now)?,
                Settle::Skip { reason } => mark(tx, row.id, "skipped", reason, tx.now, tx.now)?,
                Settle::Experiment { until, reason, by_sms } => {
                    let sms = if *by_sms { store::outbox::copy_as_sms(tx, row.id, tx.now)? } else { None };
                    let reason = match sms {
                        Some(id) => format!("{reason}; sent by SMS instead (#{id})"),
                        None => reason.clone(),
                    };
                    mark(tx, row.id, "skipped", &reason, tx.now, tx.now)?;
                    if let Some(customer) = row.customer_id {
                        store::opt_out::pause_for_experiment(tx, customer, *until)?;
                    }
                }
                Settle::AsTemplate { reason } => requeue(tx, row.id, tx.now, reason, false, true, tx.now)?,
                Settle::PauseMarketing { provider, until, reason } => {
                    if crate::store::outbox::MARKETING_KINDS.contains(&row.kind.as_str()) {
                        store::channels::pause_marketing(tx, provider, *until, reason, tx.now)?;
                    }
                    requeue(tx, row.id, *until, reason, false, false, tx.now)?;
                }
                Settle::Hold { reason } => {
                    let held = store::outbox::hold_template(tx, row.id, &row.template, reason, tx.now)?;
                    tracing::warn!(template = row.template, held, reason, "template held");
                }
            }
            Ok(())
        })
    }

    /// The message a provider's status refers to, as the dispatcher would settle it,
    /// with its status; only among `provider`'s own messages (see `record_reported_status`).
    pub fn reported_message(
        &self,
        provider: &str,
        provider_id: &str,
        outbox_id: Option<i64>,
    ) -> Result<Option<(ClaimedRow, String)>> {
        let conn = self.store.conn();
        let Some((id, status)) = store::outbox::find_for_status(conn, provider, provider_id, outbox_id)? else {
            return Ok(None);
        };
        Ok(store::outbox::row_to_settle(conn, id)?.map(|row| (row, status)))
    }

    /// Marketing paused on `provider` (131048), if it is now: until when, and why.
    pub fn marketing_pause(&self, provider: &str) -> Result<Option<(i64, String)>> {
        let pauses = store::channels::marketing_pauses(self.store.conn(), self.now_ms())?;
        Ok(pauses.into_iter().find(|p| p.provider == provider).map(|p| (p.until, p.reason)))
    }

    /// Every running marketing pause, for the dashboard.
    pub fn marketing_pauses(&self) -> Result<Vec<store::channels::MarketingPause>> {
        Ok(store::channels::marketing_pauses(self.store.conn(), self.now_ms())?)
    }

    /// A channel-wide problem a webhook reported without a message (`value.errors`).
    pub fn channel_problem(
        &mut self,
        provider: &str,
        halt: bool,
        pause_until: Option<i64>,
        reason: &str,
    ) -> Result<()> {
        self.write(|tx| {
            if halt {
                store::channels::halt(tx, provider, reason, tx.now)?;
            }
            if let Some(until) = pause_until {
                store::channels::pause_marketing(tx, provider, until, reason, tx.now)?;
            }
            Ok(())
        })
    }

    /// Whether an SMS channel (Twilio) is configured beside another provider, so
    /// marketing Meta's experiment keeps off WhatsApp can go by SMS.
    pub fn sms_fallback_configured(&self) -> Result<bool> {
        if self.setting("messaging.provider")? == "twilio" {
            return Ok(false);
        }
        for key in ["twilio.account_sid", "twilio.auth_token", "twilio.from"] {
            if self.setting(key)?.trim().is_empty() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Until when Meta's experiment holds this customer back from WhatsApp marketing.
    pub fn marketing_experiment_until(&self, customer_id: Option<i64>) -> Result<Option<i64>> {
        match customer_id {
            Some(id) => Ok(store::opt_out::experiment_until(self.store.conn(), id, self.now_ms())?),
            None => Ok(None),
        }
    }

    /// Marketing to a customer who opted out since it was queued is not sent.
    pub fn may_market_to(&self, customer_id: Option<i64>) -> Result<bool> {
        match customer_id {
            Some(id) => Ok(store::opt_out::is_opted_in(self.store.conn(), id)?),
            None => Ok(true),
        }
    }

    /// Providers halted because they refused our credentials (shown as an alert).
    pub fn halted_channels(&self) -> Result<Vec<HaltedChannel>> {
        Ok(store::channels::halted(self.store.conn())?)
    }

    /// Let a halted provider send again (after fixing its token). Audited.
    pub fn resume_channel(&mut self, actor: &Actor, provider: &str) -> Result<bool> {
        actor.require(Permission::ChangeSettings, "resume a messaging channel")?;
        self.write(|tx| {
            let resumed = store::channels::resume(tx, provider, tx.now)?;
            if resumed {
                tx.audit(actor, "channel.resume", "channel", provider, Some("halted".into()), Some("running".into()))?;
            }
            Ok(resumed)
        })
    }

    /// Marketing messages handed to a provider since `since` (epoch ms).
    pub fn marketing_sent_since(&self, since: i64) -> Result<i64> {
        Ok(store::outbox::marketing_sent_since(self.store.conn(), since)?)
    }

    /// When `phone` last wrote to the shop.
    pub fn last_inbound_at(&self, phone: &str) -> Result<Option<i64>> {
        Ok(store::inbox::last_inbound_at(self.store.conn(), phone)?)
    }

    /// Apply a provider's status webhook. Duplicates and late arrivals never move a
    /// message backwards (read stays read when "delivered" comes after it). Returns
    /// whether anything changed.
    pub fn record_reported_status(&mut self, report: &ReportedStatus<'_>) -> Result<bool> {
        self.write(|tx| {
            let found = store::outbox::find_for_status(tx, report.provider, report.provider_id, report.outbox_id)?;
            let Some((id, current)) = found else {
                tracing::warn!(provider_id = report.provider_id, "status for an unknown message ignored");
                return Ok(false);
            };
            if !accepted_by_provider(&current) {
                tracing::warn!(id, current, status = report.status, "status for a message not handed over ignored");
                return Ok(false);
            }
            // Forward only: read stays read when "delivered" comes after it.
            if progress(report.status) <= progress(&current) {
                return Ok(false);
            }
            store::outbox::set_reported_status(tx, id, report.status, report.provider_id, None, report.at, tx.now)?;
            Ok(true)
        })
    }

    /// Record the pricing a status webhook reported for a message `provider` took: its
    /// cost is the setting for its category when billable, else nothing. Returns the cost.
    pub fn record_pricing(
        &mut self,
        provider: &str,
        provider_id: &str,
        outbox_id: Option<i64>,
        pricing: &Pricing,
    ) -> Result<Option<i64>> {
        let price = match pricing.category.as_deref().and_then(price_key) {
            Some(key) => self.setting(key)?.parse::<i64>().ok(),
            None => None,
        };
        self.write(|tx| {
            let Some((id, status)) = store::outbox::find_for_status(tx, provider, provider_id, outbox_id)? else {
                return Ok(None);
            };
            if !accepted_by_provider(&status) {
                return Ok(None);
            }
            let billable = pricing.is_billable();
            let cost = if billable { price.unwrap_or(0) } else { 0 };
            let (category, model) = (pricing.category.as_deref(), pricing.model.as_deref());
            store::outbox::set_pricing(tx, id, billable, category, model, cost)?;
            Ok(Some(cost))
        })
    }

    /// Store a message a customer sent (at most [`MAX_INBOUND_CHARS`] of it); STOP or
    /// BERHENTI opts them out of marketing at once (audited). Returns whether it was new
    /// (webhooks repeat themselves).
    pub fn record_inbound(
        &mut self,
        provider: &str,
        phone: &str,
        body: &str,
        provider_id: Option<&str>,
        at: i64,
    ) -> Result<bool> {
        self.write(|tx| {
            let parsed = crate::domain::Phone::parse(phone).ok();
            let phone = parsed.as_ref().map_or(phone, |p| p.as_str());
            let customer_id = match &parsed {
                Some(p) => store::customers::by_phone(tx, p)?.map(|(id, _, _)| id),
                None => None,
            };
            let kept: String;
            let body = match body.char_indices().nth(MAX_INBOUND_CHARS) {
                Some((cut, _)) => {
                    kept = format!("{}…", &body[..cut]);
                    kept.as_str()
                }
                None => body,
            };
            let added = store::inbox::insert(
                tx,
                &NewInbound { received_at: at, provider, phone, customer_id, body, provider_id },
            )?;
            if added && is_stop_word(body) {
                for customer in store::opt_out::by_phone(tx, phone, tx.now)? {
                    audit_opt_out(tx, customer, Some(body.trim().into()))?;
                }
            }
            Ok(added)
        })
    }

    /// With Fonnte as the provider and no webhook secret yet, make one (random, 32 hex
    /// digits) and store it; returns it so it can be shown this once. Audited as a
    /// settings change (the value hidden).
    pub fn ensure_fonnte_webhook_token(&mut self, actor: &Actor) -> Result<Option<String>> {
        if self.setting("messaging.provider")? != "fonnte" || !self.setting("fonnte.webhook_token")?.is_empty() {
            return Ok(None);
        }
        let token = hex::encode(rand::random::<[u8; 16]>());
        self.set_setting(actor, "fonnte.webhook_token", &token)?;
        Ok(Some(token))
    }

    /// How many messages are in each status.
    pub fn outbox_status_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(store::outbox::status_counts(self.store.conn())?)
    }
}

/// Changes made on a provider's or customer's word are audited as the messaging system.
/// The audit row of a customer opted out by a provider code or their own STOP.
fn audit_opt_out(tx: &Tx<'_>, customer: i64, why: Option<String>) -> Result<()> {
    tx.audit(&dispatcher_actor(), "customer.opt_out", "customer", customer, None, why)
}

fn dispatcher_actor() -> Actor {
    Actor { user_id: None, username: "messaging".into(), role: crate::domain::Role::Owner }
}
