//! `warung webhook --listen ADDR`: what providers tell us after sending. WhatsApp's
//! verification handshake, signed status updates and inbound messages
//! (`/webhooks/whatsapp`), and Fonnte's status and inbound webhooks (`/webhooks/fonnte`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::services::Shop;
use crate::services::dispatch::ReportedStatus;

/// What the receiver needs: its own connection and the WhatsApp app's secrets.
pub struct WebhookState {
    pub shop: Mutex<Shop>,
    /// Signs every POST from Meta (`X-Hub-Signature-256`); without it nothing is accepted.
    pub app_secret: String,
    /// Meta echoes it in the verification handshake.
    pub verify_token: String,
}

impl WebhookState {
    pub fn from_shop(shop: Shop) -> crate::services::Result<WebhookState> {
        let app_secret = shop.setting("whatsapp_cloud.app_secret")?;
        let verify_token = shop.setting("whatsapp_cloud.verify_token")?;
        Ok(WebhookState { shop: Mutex::new(shop), app_secret, verify_token })
    }
}

pub fn router(state: Arc<WebhookState>) -> Router {
    Router::new()
        .route("/webhooks/whatsapp", get(verify).post(whatsapp))
        .route("/webhooks/fonnte", post(fonnte))
        .with_state(state)
}

/// Serve until the future `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<WebhookState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// Meta's handshake: echo `hub.challenge` when `hub.verify_token` is ours.
async fn verify(
    State(state): State<Arc<WebhookState>>,
    Query(q): Query<HashMap<String, String>>,
) -> (StatusCode, String) {
    let ours = !state.verify_token.is_empty()
        && q.get("hub.mode").map(String::as_str) == Some("subscribe")
        && q.get("hub.verify_token").is_some_and(|t| constant_time_eq(t.as_bytes(), state.verify_token.as_bytes()));
    match (ours, q.get("hub.challenge")) {
        (true, Some(challenge)) => (StatusCode::OK, challenge.clone()),
        _ => (StatusCode::FORBIDDEN, "verification failed".into()),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `X-Hub-Signature-256: sha256=<hex>` is an HMAC-SHA256 of the raw body with the app
/// secret; compared in constant time.
pub fn signature_valid(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.strip_prefix("sha256=")) else { return false };
    let Ok(expected) = hex::decode(hex_sig.trim()) else { return false };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
    mac.update(body);
    !secret.is_empty() && mac.verify_slice(&expected).is_ok()
}

async fn whatsapp(State(state): State<Arc<WebhookState>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    if !signature_valid(&state.app_secret, &body, signature) {
        tracing::warn!("WhatsApp webhook with a missing or wrong signature refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(payload) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    let mut shop = state.shop.lock().unwrap_or_else(|e| e.into_inner());
    match apply_whatsapp(&mut shop, &payload) {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            // 5xx makes Meta deliver it again later.
            tracing::error!(error = %e, "could not record a WhatsApp webhook");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

fn seconds_to_ms(value: &Value, fallback: i64) -> i64 {
    let seconds = value.as_str().and_then(|s| s.parse::<i64>().ok()).or(value.as_i64());
    seconds.map_or(fallback, |s| s * 1000)
}

/// Apply every status and inbound message in a Graph webhook payload.
pub fn apply_whatsapp(shop: &mut Shop, payload: &Value) -> crate::services::Result<()> {
    let now = shop.now_ms();
    let empty = Vec::new();
    for entry in payload["entry"].as_array().unwrap_or(&empty) {
        for change in entry["changes"].as_array().unwrap_or(&empty) {
            let value = &change["value"];
            for status in value["statuses"].as_array().unwrap_or(&empty) {
                let Some(wamid) = status["id"].as_str() else { continue };
                let error = &status["errors"][0];
                let code = error["code"].as_i64();
                let reason = code.map(|c| {
                    let title = error["title"].as_str().or(error["message"].as_str()).unwrap_or("");
                    format!("WhatsApp error {c}: {title}")
                });
                shop.record_reported_status(&ReportedStatus {
                    provider_id: wamid,
                    outbox_id: status["biz_opaque_callback_data"].as_str().and_then(|s| s.parse().ok()),
                    status: status["status"].as_str().unwrap_or(""),
                    reason,
                    opted_out: code == Some(131050),
                    at: seconds_to_ms(&status["timestamp"], now),
                })?;
            }
            for message in value["messages"].as_array().unwrap_or(&empty) {
                let Some(from) = message["from"].as_str() else { continue };
                let body = message["text"]["body"]
                    .as_str()
                    .or(message["button"]["text"].as_str())
                    .or(message["interactive"]["button_reply"]["title"].as_str())
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("[{}]", message["type"].as_str().unwrap_or("message")));
                let at = seconds_to_ms(&message["timestamp"], now);
                shop.record_inbound("whatsapp_cloud", from, &body, message["id"].as_str(), at)?;
            }
        }
    }
    Ok(())
}

/// Fonnte posts JSON: a status update (`id` + `status`/`state`) or an inbound message
/// (`sender` + `message`). Fonnte does not sign its webhooks: keep the URL private.
async fn fonnte(State(state): State<Arc<WebhookState>>, body: Bytes) -> StatusCode {
    let Ok(payload) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    let mut shop = state.shop.lock().unwrap_or_else(|e| e.into_inner());
    match apply_fonnte(&mut shop, &payload) {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "could not record a Fonnte webhook");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub fn apply_fonnte(shop: &mut Shop, payload: &Value) -> crate::services::Result<()> {
    let now = shop.now_ms();
    if let (Some(sender), Some(message)) = (payload["sender"].as_str(), payload["message"].as_str()) {
        let id = text_of(&payload["inboxid"]).map(|id| format!("fonnte-in-{id}"));
        shop.record_inbound("fonnte", sender, message, id.as_deref(), now)?;
        return Ok(());
    }
    let Some(id) = text_of(&payload["id"]) else { return Ok(()) };
    let said = [&payload["state"], &payload["status"]]
        .iter()
        .filter_map(|v| v.as_str())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    let status = if said.contains("read") {
        "read"
    } else if said.contains("deliver") {
        "delivered"
    } else if said.contains("fail") || said.contains("invalid") || said.contains("expired") {
        "failed"
    } else if said.contains("sent") {
        "sent"
    } else {
        return Ok(());
    };
    let reason = (status == "failed").then(|| format!("Fonnte: {said}"));
    shop.record_reported_status(&ReportedStatus {
        provider_id: &id,
        outbox_id: None,
        status,
        reason,
        opted_out: false,
        at: now,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn signatures() {
        let body = br#"{"entry":[]}"#;
        let good = sign("s3cret", body);
        assert!(signature_valid("s3cret", body, Some(&good)));
        assert!(!signature_valid("other", body, Some(&good)));
        assert!(!signature_valid("s3cret", b"{}", Some(&good)));
        assert!(!signature_valid("s3cret", body, None));
        assert!(!signature_valid("s3cret", body, Some("sha256=zz")));
        assert!(!signature_valid("", body, Some(&sign("", body))));
    }
}
