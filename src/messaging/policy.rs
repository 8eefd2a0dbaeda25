//! What becomes of a message after a provider's answer: one policy for the answer to a
//! send and for an error a status webhook reports later, so a code means the same
//! wherever it arrives.

use std::time::Duration;

use super::SendOutcome;
use crate::services::dispatch::Settle;
use crate::store::outbox::ClaimedRow;

/// After the platform's per-user marketing limit (131049): wait about a day, then two,
/// then three; after that the message is skipped. Never sooner.
pub const CAP_WAITS: [Duration; 3] =
    [Duration::from_secs(24 * 3600), Duration::from_secs(48 * 3600), Duration::from_secs(72 * 3600)];

/// What the caller knows beside the outcome.
pub struct Policy<'a> {
    pub provider: &'a str,
    /// Attempts made so far, this one included.
    pub attempts: i64,
    pub max_attempts: i64,
    /// The wait before the next retry of a transient failure.
    pub backoff: Duration,
    /// How long Meta's marketing experiment (130472) keeps a customer from WhatsApp marketing.
    pub experiment: Duration,
    /// An SMS channel can take what the experiment keeps off WhatsApp.
    pub sms_fallback: bool,
}

fn ms(d: Duration) -> i64 {
    d.as_millis().min(i64::MAX as u128) as i64
}

pub fn settle_for(outcome: SendOutcome, row: &ClaimedRow, now: i64, p: &Policy<'_>) -> Settle {
    match outcome {
        SendOutcome::Sent { provider_id } => Settle::Sent { provider_id },
        SendOutcome::Retry { after, reason } if p.attempts < p.max_attempts => {
            Settle::RetryAt { at: now + ms(p.backoff.max(after.unwrap_or_default())), reason }
        }
        SendOutcome::Retry { reason, .. } => {
            Settle::Dead { reason: format!("gave up after {} attempts: {reason}", p.attempts) }
        }
        SendOutcome::DelayRecipient { after, reason } => {
            Settle::Postpone { at: now + ms(after), reason: Some(reason), attempt_made: true }
        }
        SendOutcome::Permanent(reason) => Settle::Dead { reason },
        SendOutcome::HaltChannel(reason) => Settle::Halt { provider: p.provider.to_string(), reason },
        SendOutcome::OptOut(reason) => Settle::OptOut { reason },
        SendOutcome::Unknown(reason) => Settle::Unknown { reason },
        SendOutcome::CapReached(reason) => match CAP_WAITS.get(row.platform_retries.max(0) as usize) {
            Some(wait) => Settle::Later {
                at: now + ms(*wait),
                reason: format!("{reason}; trying again in {} h", wait.as_secs() / 3600),
            },
            None => Settle::Skip {
                reason: format!("{reason}; skipped after waiting {} days", CAP_WAITS.len() * (CAP_WAITS.len() + 1) / 2),
            },
        },
        SendOutcome::Experiment(reason) => Settle::Experiment {
            until: now + ms(p.experiment),
            reason: format!(
                "{reason}; no WhatsApp marketing to this customer for {} days",
                p.experiment.as_secs() / 86_400
            ),
            by_sms: p.sms_fallback && row.channel == "whatsapp",
        },
        // An assistant reply is free text only: it has no template to fall back on.
        SendOutcome::WindowClosed(reason) if row.kind == "reply" => {
            Settle::Skip { reason: format!("{reason}; a reply outside the 24-hour window is not sent") }
        }
        SendOutcome::WindowClosed(reason) if !row.as_template => {
            Settle::AsTemplate { reason: format!("{reason}; sending its template instead") }
        }
        SendOutcome::WindowClosed(reason) => {
            Settle::Dead { reason: format!("{reason}; refused as a template too, so it cannot be sent") }
        }
        SendOutcome::PauseMarketing { after, reason } => Settle::PauseMarketing {
            provider: p.provider.to_string(),
            until: now + ms(after),
            reason: format!("{reason}; marketing paused for {} min", after.as_secs() / 60),
        },
        SendOutcome::HoldTemplate(reason) => Settle::Hold {
            reason: format!("{reason}; every message of template {} waits until it is usable", row.template),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(platform_retries: i64, as_template: bool) -> ClaimedRow {
        ClaimedRow {
            id: 1,
            kind: "campaign".into(),
            channel: "whatsapp".into(),
            phone: "628123456789".into(),
            customer_id: Some(3),
            template: "promo".into(),
            params_json: "{}".into(),
            body: "Halo".into(),
            attempts: 1,
            platform_retries,
            as_template,
            expires_at: None,
        }
    }

    fn policy() -> Policy<'static> {
        Policy {
            provider: "whatsapp_cloud",
            attempts: 1,
            max_attempts: 8,
            backoff: Duration::from_secs(30),
            experiment: Duration::from_secs(30 * 86_400),
            sms_fallback: false,
        }
    }

    #[test]
    fn the_marketing_limit_waits_a_day_two_and_three_then_skips() {
        let cap = || SendOutcome::CapReached("WhatsApp error 131049: x".into());
        let hour = 3_600_000;
        for (retries, wait) in [(0, 24), (1, 48), (2, 72)] {
            match settle_for(cap(), &row(retries, false), 0, &policy()) {
                Settle::Later { at, .. } => assert_eq!(at, wait * hour),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(settle_for(cap(), &row(3, false), 0, &policy()), Settle::Skip { .. }));
    }

    #[test]
    fn the_window_closed_sends_the_template_once() {
        let closed = || SendOutcome::WindowClosed("WhatsApp error 131047: x".into());
        assert!(matches!(settle_for(closed(), &row(0, false), 0, &policy()), Settle::AsTemplate { .. }));
        assert!(matches!(settle_for(closed(), &row(0, true), 0, &policy()), Settle::Dead { .. }));
        let reply = ClaimedRow { kind: "reply".into(), ..row(0, false) };
        assert!(matches!(settle_for(closed(), &reply, 0, &policy()), Settle::Skip { .. }));
    }
}
