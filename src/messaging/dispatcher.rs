//! The dispatcher: claims due outbox rows under a lease, paces them, sends each through
//! the provider and settles the outcome. Any number of dispatchers (TUI sessions,
//! `warung dispatch`) may run on one database: a row is sent by the one holding its
//! lease, and a request that may have left is never sent again (see `store::outbox::claim`).

use std::path::Path;
use std::time::Duration;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rand::Rng;

use super::pacing::{QuietHours, RateLimiter, RecipientGap};
use super::policy::{Policy, settle_for};
use super::providers::{self, Provider};
use super::redact::Redactor;
use super::{OutgoingMessage, SendOutcome};
use crate::clock::{day_start_ms, local_date};
use crate::services::dispatch::Settle;
use crate::services::{Result, Shop};
use crate::store::outbox::{ClaimKinds, ClaimedRow};

/// Limits and timings; `from_settings` reads the shop's, tests build their own.
pub struct DispatchOptions {
    /// How long a claim reserves rows for this dispatcher.
    pub lease: Duration,
    /// First retry delay; doubles per attempt (with jitter) up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// After this many failed attempts a message is dead.
    pub max_attempts: i64,
    pub rate: RateLimiter,
    pub recipient_gap: Duration,
    pub quiet_hours: Option<QuietHours>,
    pub marketing_daily_cap: i64,
    /// How often an idle dispatcher looks for new rows.
    pub poll: Duration,
    /// How long Meta's marketing experiment (130472) keeps a customer from WhatsApp
    /// marketing (`messaging.experiment_days`).
    pub experiment: Duration,
}

impl DispatchOptions {
    pub fn from_settings(shop: &Shop, provider: &str) -> Result<DispatchOptions> {
        let rate = match provider {
            "file" => RateLimiter::unthrottled(),
            "fonnte" => RateLimiter::qr_gateway(),
            _ => RateLimiter::per_second(shop.setting("messaging.rate_per_second")?.parse().unwrap_or(20)),
        };
        Ok(DispatchOptions {
            lease: Duration::from_secs(60),
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(3600),
            max_attempts: 8,
            rate,
            // WhatsApp limits messages to one recipient in a burst (pair rate limit).
            recipient_gap: if provider == "file" { Duration::ZERO } else { Duration::from_secs(6) },
            quiet_hours: QuietHours::parse(&shop.setting("messaging.quiet_hours")?),
            marketing_daily_cap: shop.setting("messaging.marketing_daily_cap")?.parse().unwrap_or(200),
            poll: Duration::from_secs(2),
            experiment: Duration::from_secs(
                86_400 * shop.setting("messaging.experiment_days")?.parse::<u64>().unwrap_or(30),
            ),
        })
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassSummary {
    /// Messages claimed (each ends in one of the counts below).
    pub claimed: usize,
    pub sent: usize,
    pub retrying: usize,
    /// Dead, or cancelled because the customer opted out.
    pub dead: usize,
    pub unknown: usize,
    pub postponed: usize,
    /// Declined by the platform for reasons that are not the shop's (not failures).
    pub skipped: usize,
    /// Held with their template (the first message of each, that met the problem).
    pub held: usize,
    /// The provider refused our credentials and was halted.
    pub halted: Option<String>,
}

impl PassSummary {
    pub fn add(&mut self, other: &PassSummary) {
        self.claimed += other.claimed;
        self.sent += other.sent;
        self.retrying += other.retrying;
        self.dead += other.dead;
        self.unknown += other.unknown;
        self.postponed += other.postponed;
        self.skipped += other.skipped;
        self.held += other.held;
        if other.halted.is_some() {
            self.halted.clone_from(&other.halted);
        }
    }
}

type DailyWork = Box<dyn FnMut(&mut Shop, Date) + Send>;
type MinuteWork = Box<dyn FnMut(&mut Shop) + Send>;

pub struct Dispatcher {
    shop: Shop,
    provider: Box<dyn Provider>,
    /// Sends the `sms` messages when the provider is WhatsApp-only (Twilio beside it).
    sms: Option<Box<dyn Provider>>,
    options: DispatchOptions,
    gap: RecipientGap,
    /// Provider answers pass through it before they are stored or logged.
    redactor: Redactor,
    tz: TimeZone,
    daily: Option<DailyWork>,
    last_day: Option<Date>,
    minutely: Option<MinuteWork>,
    last_minute: Option<i64>,
    /// Set while `run` runs: a stop request ends the pass after the message in flight.
    stop: Option<tokio::sync::watch::Receiver<bool>>,
}

impl Dispatcher {
    pub fn new(shop: Shop, provider: Box<dyn Provider>, options: DispatchOptions) -> Dispatcher {
        let tz = shop.time_zone();
        let gap = RecipientGap::new(options.recipient_gap);
        let redactor = Redactor::for_shop_and(&shop, provider.secrets());
        Dispatcher {
            shop,
            provider,
            sms: None,
            options,
            gap,
            redactor,
            tz,
            daily: None,
            last_day: None,
            minutely: None,
            last_minute: None,
            stop: None,
        }
    }

    /// The dispatcher for the shop at `db` as its settings say (its own connection).
    pub fn from_settings(db: &Path, clock: std::sync::Arc<dyn crate::clock::Clock>) -> Result<Dispatcher> {
        let shop = Shop::open(db, clock.clone())?;
        crate::services::hub::push_daily_in_background(&shop, db, clock);
        let provider = providers::from_settings(&shop, db, providers::REQUEST_TIMEOUT)?;
        let sms = providers::sms_fallback(&shop, providers::REQUEST_TIMEOUT)?;
        let options = DispatchOptions::from_settings(&shop, provider.name())?;
        let mut dispatcher = Dispatcher::new(shop, provider, options);
        if let Some(sms) = sms {
            dispatcher.set_sms_channel(sms);
        }
        // The calendar's messages (reminders, win-back, birthdays, refills) and the
        // bought-together refresh, once per shop day.
        dispatcher.on_new_shop_day(|shop, today| match shop.run_daily_triggers(today) {
            Ok(queued) => tracing::info!(?queued, %today, "daily messages queued"),
            Err(e) => tracing::warn!(error = %e, %today, "daily messages could not be queued"),
        });
        // The assistant's digest and alerts to the owner's phone.
        dispatcher.every_minute(|shop| match shop.queue_owner_messages() {
            Ok(queued) => tracing::debug!(?queued, "owner messages"),
            Err(e) => tracing::warn!(error = %e, "owner messages could not be queued"),
        });
        Ok(dispatcher)
    }

    /// Send `sms` messages through `sms` (a provider that can), so marketing Meta's
    /// experiment keeps off WhatsApp goes by SMS instead.
    pub fn set_sms_channel(&mut self, sms: Box<dyn Provider>) {
        self.redactor = Redactor::for_shop_and(&self.shop, [self.provider.secrets(), sms.secrets()].concat());
        self.sms = Some(sms);
    }

    pub fn set_lease(&mut self, lease: Duration) {
        self.options.lease = lease;
    }

    pub fn options_mut(&mut self) -> &mut DispatchOptions {
        &mut self.options
    }

    pub fn provider_name(&self) -> &'static str {
        self.provider.name()
    }

    pub fn shop(&self) -> &Shop {
        &self.shop
    }

    /// Work to do once per shop day (reminders, win-back, birthdays): `run` calls it
    /// when it starts and whenever the date in the shop's time zone changes.
    pub fn on_new_shop_day(&mut self, work: impl FnMut(&mut Shop, Date) + Send + 'static) {
        self.daily = Some(Box::new(work));
    }

    /// Work to do once a minute (the owner's digest and alerts), from `run` and `run_once`.
    pub fn every_minute(&mut self, work: impl FnMut(&mut Shop) + Send + 'static) {
        self.minutely = Some(Box::new(work));
    }

    /// Run the day's work if the shop date moved on since the last call, and the
    /// minute's work if the minute did.
    fn daily_work(&mut self) {
        let minute = self.shop.now_ms().div_euclid(60_000);
        if self.last_minute != Some(minute) {
            self.last_minute = Some(minute);
            if let Some(work) = self.minutely.as_mut() {
                work(&mut self.shop);
            }
        }
        let today = local_date(self.shop.now_ms(), &self.tz);
        if self.last_day == Some(today) {
            return;
        }
        self.last_day = Some(today);
        if let Some(work) = self.daily.as_mut() {
            work(&mut self.shop, today);
        }
    }

    /// Send until nothing is due now (`warung dispatch --once`). Retries scheduled for
    /// later stay queued for the next run.
    pub async fn run_once(&mut self) -> Result<PassSummary> {
        self.settle_unknown()?;
        self.daily_work();
        let mut total = PassSummary::default();
        loop {
            let pass = self.pass().await?;
            total.add(&pass);
            if pass.claimed == 0 || pass.halted.is_some() {
                return Ok(total);
            }
        }
    }

    /// Run until `stop` turns true, sleeping `poll` whenever the queue is empty.
    pub async fn run(&mut self, mut stop: tokio::sync::watch::Receiver<bool>) -> Result<()> {
        self.stop = Some(stop.clone());
        if let Err(e) = self.settle_unknown() {
            tracing::warn!(error = %e, "unknown messages could not be settled");
        }
        while !*stop.borrow() {
            self.daily_work();
            let pass = match self.pass().await {
                Ok(pass) => pass,
                Err(e) => {
                    // A busy or locked database is not a reason to stop dispatching.
                    tracing::warn!(error = %e, "dispatcher pass failed");
                    PassSummary::default()
                }
            };
            if pass.claimed == 0 || pass.halted.is_some() {
                tokio::select! {
                    _ = tokio::time::sleep(self.options.poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        Ok(())
    }

    /// Messages left `unknown` by a dispatcher that stopped mid-send, settled from what
    /// the provider can tell (the file provider's file): sent if it took them, else due
    /// again. Providers that cannot tell wait for their webhooks.
    fn settle_unknown(&mut self) -> Result<()> {
        let ids = self.shop.unknown_messages(self.provider.name())?;
        if ids.is_empty() {
            return Ok(());
        }
        let Some(taken) = self.provider.taken(&ids) else { return Ok(()) };
        let (sent, again) = self.shop.reconcile_unknown(&ids, &taken)?;
        tracing::info!(sent, again, "unknown messages settled from the provider");
        Ok(())
    }

    fn halted(&self) -> Result<Option<String>> {
        let name = self.provider.name();
        Ok(self.shop.halted_channels()?.into_iter().find(|c| c.provider == name).map(|c| c.reason))
    }

    /// Claim one batch and send it.
    pub async fn pass(&mut self) -> Result<PassSummary> {
        let mut summary = PassSummary::default();
        if let Some(reason) = self.halted()? {
            summary.halted = Some(reason);
            return Ok(summary);
        }
        let now = self.shop.now_ms();
        let quiet = self.options.quiet_hours.and_then(|q| q.ends_after(now, &self.tz));
        let today_start = day_start_ms(local_date(now, &self.tz), &self.tz);
        let mut marketing_left =
            (self.options.marketing_daily_cap - self.shop.marketing_sent_since(today_start)?).max(0);
        // Graph 131048 paused marketing on this channel: it waits in the queue.
        let paused = self.shop.marketing_pause(self.provider.name())?.is_some();
        let kinds =
            ClaimKinds { reminders: quiet.is_none(), marketing: quiet.is_none() && marketing_left > 0 && !paused };
        let lease_ms = self.options.lease.as_millis() as i64;
        let (rows, turned_unknown) = self.shop.claim_messages(lease_ms, self.options.rate.batch_size(), kinds)?;
        if turned_unknown > 0 {
            tracing::warn!(turned_unknown, "messages of a stopped dispatcher are waiting for provider statuses");
            self.settle_unknown()?;
        }
        summary.claimed = rows.len();
        // Set when the platform pauses marketing mid-batch (131048).
        let mut paused_until = None;
        let mut rows = rows.into_iter();
        while let Some(row) = rows.next() {
            if self.stop.as_ref().is_some_and(|stop| *stop.borrow()) {
                // Stopping: hand back what this pass has not begun.
                let now = self.shop.now_ms();
                for rest in std::iter::once(row).chain(rows.by_ref()) {
                    self.shop.settle(&rest, &Settle::Postpone { at: now, reason: None, attempt_made: false })?;
                }
                break;
            }
            if let Some(reason) = self.not_to_send(&row, now)? {
                self.shop.settle(&row, &Settle::Skip { reason })?;
                summary.skipped += 1;
                continue;
            }
            if super::is_marketing(&row.kind) {
                if let Some(at) = paused_until {
                    self.shop.settle(&row, &Settle::Postpone { at, reason: None, attempt_made: false })?;
                    summary.postponed += 1;
                    continue;
                }
                if marketing_left == 0 {
                    let tomorrow = local_date(now, &self.tz).tomorrow().map(|d| day_start_ms(d, &self.tz));
                    let at = tomorrow.unwrap_or(now + 86_400_000);
                    let reason = Some("daily marketing cap reached".to_string());
                    self.shop.settle(&row, &Settle::Postpone { at, reason, attempt_made: false })?;
                    summary.postponed += 1;
                    continue;
                }
                if !self.shop.may_market_to(row.customer_id)? {
                    let reason = "the customer opted out of marketing".to_string();
                    self.shop.settle(&row, &Settle::Cancelled { reason })?;
                    summary.dead += 1;
                    continue;
                }
                marketing_left -= 1;
            }
            if let Some(at) = self.gap.wait_until(&row.phone, self.shop.now_ms()) {
                self.shop.settle(&row, &Settle::Postpone { at, reason: None, attempt_made: false })?;
                summary.postponed += 1;
                continue;
            }
            self.options.rate.wait().await;
            let settled = self.send_one(&row).await?;
            match &settled {
                Some(Settle::Sent { .. }) => summary.sent += 1,
                Some(
                    Settle::RetryAt { .. } | Settle::Postpone { .. } | Settle::Later { .. } | Settle::AsTemplate { .. },
                ) => summary.retrying += 1,
                Some(Settle::Dead { .. } | Settle::OptOut { .. } | Settle::Cancelled { .. }) => summary.dead += 1,
                Some(Settle::Skip { .. } | Settle::Experiment { .. }) => summary.skipped += 1,
                Some(Settle::Hold { .. }) => summary.held += 1,
                Some(Settle::PauseMarketing { until, .. }) => {
                    summary.retrying += 1;
                    paused_until = Some(*until);
                }
                Some(Settle::Unknown { .. }) => summary.unknown += 1,
                Some(Settle::Halt { reason, .. }) => {
                    summary.halted = Some(reason.clone());
                    // Give the rest back untouched: nothing more goes to a refused channel.
                    let now = self.shop.now_ms();
                    for rest in rows.by_ref() {
                        self.shop.settle(&rest, &Settle::Postpone { at: now, reason: None, attempt_made: false })?;
                    }
                    break;
                }
                None => {}
            }
        }
        Ok(summary)
    }

    /// Why a claimed message is not to be sent at all any more: past its end (a
    /// campaign's last day, a reminder's time to live), or marketing to a customer Meta's
    /// experiment holds back.
    fn not_to_send(&self, row: &ClaimedRow, now: i64) -> Result<Option<String>> {
        if let Some(end) = row.expires_at
            && now > end
        {
            let when = jiff::Timestamp::from_millisecond(end).map(|t| t.to_zoned(self.tz.clone()));
            let when = when.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
            return Ok(Some(format!("not handed over before its end ({when}); never delivered late")));
        }
        if super::is_marketing(&row.kind)
            && row.channel == "whatsapp"
            && let Some(until) = self.shop.marketing_experiment_until(row.customer_id)?
        {
            let days = (until - now + 86_399_999).div_euclid(86_400_000);
            return Ok(Some(format!(
                "the customer is in Meta's marketing experiment for {days} more days (WhatsApp error 130472)"
            )));
        }
        Ok(None)
    }

    /// Send one claimed row and record the outcome; `None` if another dispatcher took
    /// the row over after our lease ran out.
    async fn send_one(&mut self, row: &ClaimedRow) -> Result<Option<Settle>> {
        let window_open = row.channel == "whatsapp"
            && !row.as_template
            && self.shop.last_inbound_at(&row.phone)?.is_some_and(|at| at >= self.shop.now_ms() - 86_400_000);
        let message = OutgoingMessage::from_row(row, window_open);
        // A template the platform has not approved (or paused, disabled) is never sent:
        // its messages wait until it is approved again.
        let provider: &dyn Provider = match &self.sms {
            Some(sms) if row.channel == "sms" => sms.as_ref(),
            _ => self.provider.as_ref(),
        };
        if provider.name() == "whatsapp_cloud"
            && !window_open
            && let Some(status) = self.shop.template_platform_status(&row.template)?
            && status != "APPROVED"
        {
            let reason = format!("template {} is {status} on WhatsApp; sent once it is approved", row.template);
            let settle = Settle::Hold { reason };
            self.shop.settle(row, &settle)?;
            return Ok(Some(settle));
        }
        if !self.shop.begin_attempt(row.id, provider.name())? {
            return Ok(None);
        }
        let outcome = provider.send(&message).await.redacted(&self.redactor);
        let now = self.shop.now_ms();
        let attempts = row.attempts + 1;
        match &outcome {
            SendOutcome::Sent { .. } => self.gap.record(&row.phone, now),
            SendOutcome::DelayRecipient { after, .. } => {
                let at = now + after.as_millis() as i64;
                self.gap.record(&row.phone, at - self.options.recipient_gap.as_millis() as i64);
            }
            _ => {}
        }
        let policy = Policy {
            provider: provider.name(),
            attempts,
            max_attempts: self.options.max_attempts,
            backoff: self.backoff(attempts),
            experiment: self.options.experiment,
            sms_fallback: self.sms.is_some(),
        };
        let settle = settle_for(outcome, row, now, &policy);
        self.shop.settle(row, &settle)?;
        match &settle {
            Settle::Sent { .. } => tracing::debug!(id = row.id, "message sent"),
            other => tracing::info!(id = row.id, outcome = ?other, "message not sent"),
        }
        Ok(Some(settle))
    }

    /// Exponential backoff with jitter: half to the full doubled delay.
    fn backoff(&self, attempts: i64) -> Duration {
        let doubled = self.options.backoff_base.saturating_mul(1 << (attempts - 1).clamp(0, 20) as u32);
        let full = doubled.min(self.options.backoff_cap);
        let half = full / 2;
        half + rand::rng().random_range(Duration::ZERO..=half)
    }
}
