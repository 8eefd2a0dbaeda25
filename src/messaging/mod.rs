//! Sending the outbox: providers behind one trait, error classification by provider
//! code, pacing, the dispatcher task and the webhook receiver.

pub mod assistant;
pub mod background;
pub mod classify;
pub mod dispatcher;
pub mod pacing;
pub mod policy;
pub mod providers;
pub mod redact;
pub mod templates_api;
pub mod webhook;

use std::time::Duration;

use crate::store::outbox::ClaimedRow;

/// One message as a provider sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// The outbox id (sent as callback data so webhooks can find the row).
    pub id: i64,
    pub kind: String,
    /// `whatsapp` or `sms`
    pub channel: String,
    /// Normalised, `628…`
    pub phone: String,
    /// The fully rendered text.
    pub body: String,
    pub template: WaTemplate,
    /// The customer wrote to us in the last 24 hours: WhatsApp allows free text.
    pub window_open: bool,
}

/// An approved WhatsApp template and its body parameters in declared order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaTemplate {
    pub name: String,
    pub language: String,
    pub params: Vec<String>,
}

impl OutgoingMessage {
    /// Read `wa_template`, `wa_language` (default `id`) and `wa_params` from the row's
    /// parameters; other keys are for rendering and ignored here.
    pub fn from_row(row: &ClaimedRow, window_open: bool) -> OutgoingMessage {
        let params: serde_json::Value = serde_json::from_str(&row.params_json).unwrap_or_default();
        let text = |key: &str| params.get(key).and_then(|v| v.as_str()).filter(|s| !s.is_empty()).map(str::to_string);
        let wa_params = params
            .get("wa_params")
            .and_then(|v| v.as_array())
            .map(|values| {
                values.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect()
            })
            .unwrap_or_default();
        OutgoingMessage {
            id: row.id,
            kind: row.kind.clone(),
            channel: row.channel.clone(),
            phone: row.phone.clone(),
            body: row.body.clone(),
            template: WaTemplate {
                name: text("wa_template").unwrap_or_else(|| row.template.clone()),
                language: text("wa_language").unwrap_or_else(|| "id".into()),
                params: wa_params,
            },
            window_open,
        }
    }

    pub fn is_marketing(&self) -> bool {
        is_marketing(&self.kind)
    }
}

pub fn is_marketing(kind: &str) -> bool {
    crate::store::outbox::MARKETING_KINDS.contains(&kind)
}

/// What became of one send, classified by the provider's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent {
        provider_id: String,
    },
    /// Transient: try again later, no earlier than `after` if the provider said so.
    Retry {
        after: Option<Duration>,
        reason: String,
    },
    /// Too many messages to this one recipient: wait, the rest of the queue goes on.
    DelayRecipient {
        after: Duration,
        reason: String,
    },
    Permanent(String),
    /// Our credentials were refused: stop this provider, keep the queue.
    HaltChannel(String),
    /// The recipient opted out of marketing.
    OptOut(String),
    /// The request may have arrived (timeout after sending): reconcile, never resend.
    Unknown(String),
    /// The platform declined for the customer's sake, not the shop's fault: the
    /// per-user marketing limit (Graph 131049, Twilio 63049). Try much later.
    CapReached(String),
    /// The customer is in Meta's marketing experiment (Graph 130472, Twilio 63032):
    /// never retried; no WhatsApp marketing to them for a while.
    Experiment(String),
    /// Free text outside the 24-hour window (Graph 131047, Twilio 63016): send the
    /// template instead, never the text again.
    WindowClosed(String),
    /// The number is flagged for spam (Graph 131048): pause marketing on the channel.
    PauseMarketing {
        after: Duration,
        reason: String,
    },
    /// The template cannot be used now (paused, disabled, missing in the language,
    /// parameters wrong: Graph 132015, 132016, 132001, 132000, 132012): hold every
    /// queued message of it.
    HoldTemplate(String),
}

impl SendOutcome {
    /// The same outcome with its reason passed through `redactor` (provider text may
    /// echo credentials back).
    pub fn redacted(self, redactor: &redact::Redactor) -> SendOutcome {
        let r = |text: String| redactor.redact(&text);
        match self {
            SendOutcome::Sent { provider_id } => SendOutcome::Sent { provider_id },
            SendOutcome::Retry { after, reason } => SendOutcome::Retry { after, reason: r(reason) },
            SendOutcome::DelayRecipient { after, reason } => SendOutcome::DelayRecipient { after, reason: r(reason) },
            SendOutcome::Permanent(reason) => SendOutcome::Permanent(r(reason)),
            SendOutcome::HaltChannel(reason) => SendOutcome::HaltChannel(r(reason)),
            SendOutcome::OptOut(reason) => SendOutcome::OptOut(r(reason)),
            SendOutcome::Unknown(reason) => SendOutcome::Unknown(r(reason)),
            SendOutcome::CapReached(reason) => SendOutcome::CapReached(r(reason)),
            SendOutcome::Experiment(reason) => SendOutcome::Experiment(r(reason)),
            SendOutcome::WindowClosed(reason) => SendOutcome::WindowClosed(r(reason)),
            SendOutcome::PauseMarketing { after, reason } => SendOutcome::PauseMarketing { after, reason: r(reason) },
            SendOutcome::HoldTemplate(reason) => SendOutcome::HoldTemplate(r(reason)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(template: &str, params_json: &str) -> ClaimedRow {
        ClaimedRow {
            id: 7,
            kind: "receipt".into(),
            channel: "whatsapp".into(),
            phone: "628123456789".into(),
            customer_id: None,
            template: template.into(),
            params_json: params_json.into(),
            body: "Halo".into(),
            attempts: 0,
            platform_retries: 0,
            as_template: false,
            expires_at: None,
        }
    }

    #[test]
    fn whatsapp_template_comes_from_the_parameters_with_defaults() {
        let m = OutgoingMessage::from_row(
            &row("receipt", r#"{"wa_template":"nota_v2","wa_language":"en","wa_params":["Sri", 7000],"x":1}"#),
            false,
        );
        assert_eq!(
            m.template,
            WaTemplate { name: "nota_v2".into(), language: "en".into(), params: vec!["Sri".into(), "7000".into()] }
        );
        let m = OutgoingMessage::from_row(&row("receipt", r#"{"customer_name":"Sri"}"#), true);
        assert_eq!(m.template, WaTemplate { name: "receipt".into(), language: "id".into(), params: vec![] });
        assert!(m.window_open);
    }
}
