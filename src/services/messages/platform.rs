//! The shop's message templates on its WhatsApp Business Account: the request bodies
//! `warung whatsapp templates push` sends (Meta's `message_templates` shape), and what
//! the platform reports back (status, quality, rejection reason) — from `templates
//! status` or the template webhooks. A template the platform approves again releases
//! the messages held for it.

use serde_json::{Value, json};

use super::templates::{MessageKind, MessageTemplate};
use crate::services::{Refusal, Result, Shop};
use crate::store::message_templates::{self as store_templates, PlatformState};
use crate::store::outbox;

/// The category Meta prices and reviews a kind under.
pub fn category(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Receipt | MessageKind::Reminder => "UTILITY",
        MessageKind::Winback | MessageKind::Birthday | MessageKind::Campaign | MessageKind::Refill => "MARKETING",
        // Never pushed (free text), but answers and the owner's own figures are utility.
        MessageKind::Assistant(_) => "UTILITY",
    }
}

/// One template to create or update on the platform.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePush {
    pub key: String,
    /// Meta's id when the template was pushed before: then it is edited, not created.
    pub platform_id: Option<String>,
    pub body: Value,
}

/// The body text as WhatsApp wants it: the rendered text with `{{1}}`, `{{2}}`, …
/// where the parameters go, and the example values (from the demo data) Meta reviews.
fn positional_text(template: &MessageTemplate, store_name: &str) -> Result<(String, Vec<String>)> {
    let mut sample = template.kind.sample("Bu Sri", "C0001", store_name);
    // A platform template's text is fixed: the member-points sentence of a receipt is
    // optional and not a parameter, so it is left out rather than frozen with sample
    // figures (it reaches members in free-form receipts inside the 24-hour window).
    (sample.points_earned, sample.points_balance) = (None, None);
    let examples = template.render(&sample)?.wa_params;
    let marked = sample.with_markers(&template.wa_params);
    let mut text = template.render(&marked)?.body;
    for (i, name) in template.wa_params.iter().enumerate() {
        let marker = marked.param_text(name).unwrap_or_default();
        if marker.is_empty() || !text.contains(&marker) {
            return Err(Refusal::TemplateParamNotInText { key: template.key.clone(), param: name.clone() }.into());
        }
        text = text.replace(&marker, &format!("{{{{{}}}}}", i + 1));
    }
    Ok((text, examples))
}

/// The `POST /{waba-id}/message_templates` body (Meta's documented shape: `name`,
/// `language`, `category`, `components` with a `BODY` of positional parameters and
/// `example.body_text`; utility templates carry `message_send_ttl_seconds`).
pub fn platform_body(template: &MessageTemplate, store_name: &str, utility_ttl_seconds: i64) -> Result<Value> {
    let (text, examples) = positional_text(template, store_name)?;
    let mut component = json!({ "type": "BODY", "text": text });
    if !examples.is_empty() {
        component["example"] = json!({ "body_text": [examples] });
    }
    let category = category(template.kind);
    let mut body = json!({
        "name": template.wa_name,
        "language": template.wa_language,
        "category": category,
        "parameter_format": "positional",
        "components": [component],
    });
    if category == "UTILITY" {
        body["message_send_ttl_seconds"] = json!(utility_ttl_seconds);
    }
    Ok(body)
}

impl Shop {
    /// Every template as it would be pushed (refused whole if one cannot be); the
    /// assistant's free texts are not templates on the platform.
    pub fn template_pushes(&self) -> Result<Vec<TemplatePush>> {
        let ttl: i64 = self.setting("whatsapp_cloud.message_send_ttl_seconds")?.parse().unwrap_or(43_200);
        let store_name = self.store_name();
        let states = store_templates::platform_states(self.store.conn())?;
        self.message_templates()?
            .into_iter()
            .filter(|t| !t.kind.is_free_text())
            .map(|t| {
                let platform_id = states.iter().find(|(k, _)| *k == t.key).and_then(|(_, s)| s.id.clone());
                Ok(TemplatePush { body: platform_body(&t, &store_name, ttl)?, key: t.key, platform_id })
            })
            .collect()
    }

    /// Each template's platform state, by key.
    pub fn template_platform_states(&self) -> Result<Vec<(String, PlatformState)>> {
        Ok(store_templates::platform_states(self.store.conn())?)
    }

    /// The platform status of template `key`, if known.
    pub fn template_platform_status(&self, key: &str) -> Result<Option<String>> {
        Ok(store_templates::platform_state(self.store.conn(), key)?.and_then(|s| s.status))
    }

    /// Record what the platform says about the template it knows by `id` or by name and
    /// language. An APPROVED template releases the messages held for it. Returns the
    /// keys it applied to.
    pub fn record_template_platform(
        &mut self,
        name: &str,
        language: &str,
        state: &PlatformState,
    ) -> Result<Vec<String>> {
        self.write(|tx| {
            let keys = store_templates::keys_on_platform(tx, state.id.as_deref(), name, language)?;
            for key in &keys {
                store_templates::set_platform(tx, key, state)?;
                if state.status.as_deref() == Some("APPROVED") {
                    let released = outbox::release_held(tx, key, tx.now)?;
                    if released > 0 {
                        tracing::info!(key, released, "template approved: held messages released");
                    }
                }
            }
            Ok(keys)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messages::templates::tests::template;

    #[test]
    fn bodies_have_positional_parameters_and_examples() {
        let t = template(
            MessageKind::Reminder,
            "Halo {{ customer_name }}, nota {{ invoice }} sisa {{ balance|rupiah }}.",
            &["customer_name", "balance", "invoice"],
        );
        let body = platform_body(&t, "Toko Maju", 43_200).unwrap();
        assert_eq!(
            body,
            json!({
                "name": "t",
                "language": "id",
                "category": "UTILITY",
                "parameter_format": "positional",
                "components": [{
                    "type": "BODY",
                    "text": "Halo {{1}}, nota {{3}} sisa {{2}}.",
                    "example": {"body_text": [["Bu Sri", "Rp 100.000", "INV/261109/0007"]]}
                }],
                "message_send_ttl_seconds": 43_200
            })
        );
        let promo = template(MessageKind::Campaign, "Promo di {{ store_name }}!", &["store_name"]);
        let body = platform_body(&promo, "Toko", 43_200).unwrap();
        assert_eq!(body["category"], "MARKETING");
        assert!(body.get("message_send_ttl_seconds").is_none());
        let missing = template(MessageKind::Campaign, "Promo!", &["store_name"]);
        let err = platform_body(&missing, "Toko", 1).unwrap_err().to_string();
        assert!(err.contains("store_name does not appear"), "{err}");
    }
}
