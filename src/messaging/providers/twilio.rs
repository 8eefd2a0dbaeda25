//! Twilio's Messages API (basic auth; form fields `To`, `From`, `Body`) for SMS and
//! WhatsApp (`whatsapp:+62…`).

use futures::future::BoxFuture;
use serde_json::Value;

use super::{Provider, answer_text};
use crate::messaging::{OutgoingMessage, SendOutcome, classify};

pub struct Twilio {
    pub client: reqwest::Client,
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: String,
    pub from: String,
}

/// `+628…` for SMS, `whatsapp:+628…` for WhatsApp.
pub fn address(channel: &str, number: &str) -> String {
    let bare = number.trim_start_matches("whatsapp:");
    let e164 = if bare.starts_with('+') { bare.to_string() } else { format!("+{bare}") };
    if channel == "whatsapp" { format!("whatsapp:{e164}") } else { e164 }
}

impl Twilio {
    async fn post(&self, msg: &OutgoingMessage) -> SendOutcome {
        let url =
            format!("{}/2010-04-01/Accounts/{}/Messages.json", self.base_url.trim_end_matches('/'), self.account_sid);
        let to = address(&msg.channel, &msg.phone);
        let from = address(&msg.channel, &self.from);
        let form = [("To", to.as_str()), ("From", from.as_str()), ("Body", msg.body.as_str())];
        let request = self.client.post(url).basic_auth(&self.account_sid, Some(&self.auth_token)).form(&form);
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return classify::transport(&e),
        };
        let status = response.status().as_u16();
        let retry_after = classify::retry_after(response.headers());
        let text = match answer_text(response).await {
            Ok(text) => text,
            Err(e) => return classify::transport(&e),
        };
        let answer: Value = serde_json::from_str(&text).unwrap_or_default();
        if (200..300).contains(&status) {
            return match answer["sid"].as_str() {
                Some(sid) => SendOutcome::Sent { provider_id: sid.to_string() },
                None => SendOutcome::Unknown(format!("accepted without a message sid: {text}")),
            };
        }
        let message = answer["message"].as_str().unwrap_or(&text);
        classify::twilio(status, answer["code"].as_i64(), message, retry_after)
    }
}

impl Provider for Twilio {
    fn name(&self) -> &'static str {
        "twilio"
    }

    fn send<'a>(&'a self, msg: &'a OutgoingMessage) -> BoxFuture<'a, SendOutcome> {
        Box::pin(self.post(msg))
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.auth_token.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::address;

    #[test]
    fn addresses() {
        assert_eq!(address("sms", "628123456789"), "+628123456789");
        assert_eq!(address("whatsapp", "628123456789"), "whatsapp:+628123456789");
        assert_eq!(address("whatsapp", "whatsapp:+14155238886"), "whatsapp:+14155238886");
    }
}
