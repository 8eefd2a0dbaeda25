//! Between the webhook receiver and the assistant (`services::assistant`): which
//! inbound messages a person sent the shop directly, and the one call that answers
//! them. Group messages, status broadcasts, our own messages echoed back, reactions
//! and media are stored for the owner but never answered.

use serde_json::Value;

use crate::services::Shop;
use crate::services::assistant::{Answer, Inbound};

/// Message types a person types or taps; others (reactions, media, system notices)
/// are left for the owner.
const ANSWERED_TYPES: [&str; 3] = ["text", "button", "interactive"];

fn digits(value: &Value) -> String {
    value.as_str().unwrap_or("").chars().filter(char::is_ascii_digit).collect()
}

/// A sender that is a group or a broadcast, not a person's number.
fn not_a_person(from: &str) -> bool {
    from.contains('@') || from.eq_ignore_ascii_case("status") || from.is_empty()
}

/// A WhatsApp Cloud message (`value.messages[i]`) from a customer to the shop.
pub fn cloud_is_direct(value: &Value, message: &Value) -> bool {
    let from = message["from"].as_str().unwrap_or("");
    let ours = digits(&value["metadata"]["display_phone_number"]);
    ANSWERED_TYPES.contains(&message["type"].as_str().unwrap_or("text"))
        && message.get("group_id").is_none()
        && !not_a_person(from)
        && (ours.is_empty() || ours != digits(&message["from"]))
}

/// A Fonnte inbound webhook from a customer to the shop.
pub fn fonnte_is_direct(payload: &Value) -> bool {
    let sender = payload["sender"].as_str().unwrap_or("");
    let flag = |key: &str| matches!(&payload[key], Value::Bool(true)) || payload[key].as_str() == Some("true");
    let device = digits(&payload["device"]);
    !not_a_person(sender)
        && !flag("isgroup")
        && !flag("fromMe")
        && !flag("isFromMe")
        && payload["member"].as_str().unwrap_or("").is_empty()
        && (device.is_empty() || device != digits(&payload["sender"]))
}

/// Let the assistant answer a message just stored (a reply queued, or silence, logged).
pub fn answer(shop: &mut Shop, inbound: &Inbound<'_>) -> crate::services::Result<()> {
    match shop.assistant_on_inbound(inbound)? {
        Answer::Reply { outbox_id, .. } => tracing::info!(?outbox_id, provider = inbound.provider, "assistant replied"),
        Answer::Silent(why) => tracing::debug!(%why, provider = inbound.provider, "assistant kept silent"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_people_writing_to_the_shop_are_answered() {
        let value = json!({"metadata": {"display_phone_number": "+62 811-0000-111"}});
        let text = |from: &str| json!({"from": from, "type": "text", "text": {"body": "jam"}});
        assert!(cloud_is_direct(&value, &text("6281234567890")));
        assert!(!cloud_is_direct(&value, &text("628110000111")), "our own number");
        assert!(!cloud_is_direct(&value, &text("status@broadcast")));
        assert!(!cloud_is_direct(&value, &json!({"from": "6281234567890", "type": "reaction"})));
        assert!(!cloud_is_direct(&value, &json!({"from": "6281234567890", "type": "text", "group_id": "g1"})));
        let fonnte = |extra: Value| {
            let mut p = json!({"device": "628110000111", "sender": "6281234567890", "message": "jam"});
            p.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            fonnte_is_direct(&p)
        };
        assert!(fonnte(json!({})));
        assert!(!fonnte(json!({"sender": "120363025@g.us", "member": "6281234567890"})));
        assert!(!fonnte(json!({"isgroup": true})));
        assert!(!fonnte(json!({"sender": "628110000111"})), "our own device");
        assert!(!fonnte(json!({"sender": "status@broadcast"})));
    }
}
