//! Meta's WhatsApp Cloud API: `POST {base}/{phone_number_id}/messages` with a Bearer
//! token. Outside the 24-hour customer-service window only approved templates may be
//! sent; inside it, the rendered text.

use futures::future::BoxFuture;
use serde_json::{Value, json};

use super::{Provider, answer_text};
use crate::messaging::{OutgoingMessage, SendOutcome, classify};

pub struct WhatsAppCloud {
    pub client: reqwest::Client,
    pub base_url: String,
    pub phone_number_id: String,
    pub token: String,
}

/// The request body: a template, or free text when the window is open.
pub fn payload(msg: &OutgoingMessage) -> Value {
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": msg.phone,
        "biz_opaque_callback_data": msg.id.to_string(),
    });
    if msg.window_open {
        body["type"] = json!("text");
        body["text"] = json!({ "body": msg.body, "preview_url": false });
    } else {
        let parameters: Vec<Value> = msg.template.params.iter().map(|p| json!({"type": "text", "text": p})).collect();
        let mut template = json!({ "name": msg.template.name, "language": { "code": msg.template.language } });
        if !parameters.is_empty() {
            template["components"] = json!([{ "type": "body", "parameters": parameters }]);
        }
        body["type"] = json!("template");
        body["template"] = template;
    }
    body
}

impl WhatsAppCloud {
    async fn post(&self, msg: &OutgoingMessage) -> SendOutcome {
        if msg.channel != "whatsapp" {
            return SendOutcome::Permanent(format!(
                "the WhatsApp Cloud API cannot send {} messages; choose messaging.provider twilio for SMS",
                msg.channel
            ));
        }
        let url = format!("{}/{}/messages", self.base_url.trim_end_matches('/'), self.phone_number_id);
        let response = match self.client.post(url).bearer_auth(&self.token).json(&payload(msg)).send().await {
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
            return match answer["messages"][0]["id"].as_str() {
                Some(wamid) => SendOutcome::Sent { provider_id: wamid.to_string() },
                None => SendOutcome::Unknown(format!("accepted without a message id: {text}")),
            };
        }
        let error = &answer["error"];
        let message = error["message"].as_str().unwrap_or(&text);
        classify::graph(status, error["code"].as_i64(), message, retry_after)
    }
}

impl Provider for WhatsAppCloud {
    fn name(&self) -> &'static str {
        "whatsapp_cloud"
    }

    fn send<'a>(&'a self, msg: &'a OutgoingMessage) -> BoxFuture<'a, SendOutcome> {
        Box::pin(self.post(msg))
    }

    fn secrets(&self) -> Vec<String> {
        vec![self.token.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messaging::WaTemplate;

    fn message(window_open: bool) -> OutgoingMessage {
        OutgoingMessage {
            id: 42,
            kind: "reminder".into(),
            channel: "whatsapp".into(),
            phone: "628123456789".into(),
            body: "Halo Bu Sri".into(),
            template: WaTemplate {
                name: "payment_reminder".into(),
                language: "id".into(),
                params: vec!["Bu Sri".into(), "Rp 50.000".into()],
            },
            window_open,
        }
    }

    #[test]
    fn outside_the_window_a_template_with_ordered_parameters() {
        let body = payload(&message(false));
        assert_eq!(body["type"], "template");
        assert_eq!(body["template"]["name"], "payment_reminder");
        assert_eq!(body["template"]["language"]["code"], "id");
        let params = &body["template"]["components"][0]["parameters"];
        assert_eq!(params[0]["text"], "Bu Sri");
        assert_eq!(params[1]["text"], "Rp 50.000");
        assert_eq!(body["biz_opaque_callback_data"], "42");
    }

    #[test]
    fn inside_the_window_free_text() {
        let body = payload(&message(true));
        assert_eq!(body["type"], "text");
        assert_eq!(body["text"]["body"], "Halo Bu Sri");
        assert!(body.get("template").is_none());
    }
}
