//! Fonnte, an Indonesian WhatsApp gateway: `POST {base}/send` with the token in the
//! `Authorization` header and form fields. Success only when the JSON says
//! `"status": true`; it fails with HTTP 200 too.

use futures::future::BoxFuture;
use serde_json::Value;

use super::{Provider, answer_text};
use crate::messaging::{OutgoingMessage, SendOutcome, classify};

pub struct Fonnte {
    pub client: reqwest::Client,
    pub base_url: String,
    pub token: String,
}

impl Fonnte {
    async fn post(&self, msg: &OutgoingMessage) -> SendOutcome {
        if msg.channel != "whatsapp" {
            return SendOutcome::Permanent(format!(
                "Fonnte sends WhatsApp only, not {}; choose messaging.provider twilio for SMS",
                msg.channel
            ));
        }
        let url = format!("{}/send", self.base_url.trim_end_matches('/'));
        let form = [("target", msg.phone.as_str()), ("message", msg.body.as_str()), ("countryCode", "62")];
        let response = match self.client.post(url).header("Authorization", &self.token).form(&form).send().await {
            Ok(response) => response,
            Err(e) => return classify::transport(&e),
        };
        let status = response.status().as_u16();
        let retry_after = classify::retry_after(response.headers());
        let text = match answer_text(response).await {
            Ok(text) => text,
            Err(e) => return classify::transport(&e),
        };
        if !(200..300).contains(&status) {
            return classify::fonnte_http(status, retry_after, &text);
        }
        let answer: Value = serde_json::from_str(&text).unwrap_or_default();
        if answer["status"] != Value::Bool(true) {
            let reason = answer["reason"].as_str().or(answer["detail"].as_str()).unwrap_or(&text);
            return classify::fonnte_refusal(reason);
        }
        // `id` is a list (one per target); older answers give a single value.
        let id = match &answer["id"] {
            Value::Array(ids) => ids.first().cloned(),
            other => Some(other.clone()),
        };
        match id.filter(|v| !v.is_null()) {
            Some(Value::String(id)) => SendOutcome::Sent { provider_id: id },
            Some(other) => SendOutcome::Sent { provider_id: other.to_string() },
            None => SendOutcome::Sent { provider_id: format!("fonnte-{}", msg.id) },
        }
    }
}

impl Provider for Fonnte {
    fn name(&self) -> &'static str {
        "fonnte"
    }

    fn send<'a>(&'a self, msg: &'a OutgoingMessage) -> BoxFuture<'a, SendOutcome> {
        Box::pin(self.post(msg))
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.token.clone()]
    }
}
