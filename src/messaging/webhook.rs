//! `warung webhook --listen ADDR`: what providers tell us after sending. WhatsApp's
//! verification handshake, signed status updates and inbound messages
//! (`/webhooks/whatsapp`), and Fonnte's status and inbound webhooks
//! (`/webhooks/fonnte/{token}` or `/webhooks/fonnte?token=…`). Only the configured
//! provider's route is served.
//!
//! The server is built for the open internet: a slow client gets a few seconds for its
//! headers and its body, the number of connections is capped, every payload is
//! checked whole before anything in it is applied, and a sender can store only so
//! much inbound text per minute.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use super::policy::{Policy, settle_for};
use super::redact::Redactor;
use super::{SendOutcome, classify};
use crate::services::Shop;
use crate::services::dispatch::{self, Pricing, ReportedStatus};
use crate::store::message_templates::PlatformState;

/// How much a client may ask of the server.
#[derive(Debug, Clone, Copy)]
pub struct WebhookLimits {
    /// Time to send the request line and headers.
    pub header_timeout: Duration,
    /// Time to send the body, once the headers are in.
    pub body_timeout: Duration,
    /// Connections served at once; more are answered 503 and closed.
    pub max_connections: usize,
    pub max_body_bytes: usize,
    /// Inbound messages stored per sender per minute (a STOP always counts).
    pub inbound_per_minute: u32,
}

impl Default for WebhookLimits {
    fn default() -> WebhookLimits {
        WebhookLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 64,
            max_body_bytes: 1024 * 1024,
            inbound_per_minute: 20,
        }
    }
}

/// What the receiver needs: its own connection, the configured provider and its secrets.
pub struct WebhookState {
    pub shop: Mutex<Shop>,
    /// `messaging.provider`: only its route is served.
    pub provider: String,
    /// Signs every POST from Meta (`X-Hub-Signature-256`); without it nothing is accepted.
    pub app_secret: String,
    /// Meta echoes it in the verification handshake.
    pub verify_token: String,
    /// The secret in the Fonnte webhook's URL; without it nothing is accepted.
    pub fonnte_token: String,
    pub limits: WebhookLimits,
    redactor: Redactor,
    /// Inbound messages per sender in the current minute: (minute, count).
    inbound: Mutex<HashMap<String, (i64, u32)>>,
}

impl WebhookState {
    pub fn from_shop(shop: Shop) -> crate::services::Result<WebhookState> {
        Ok(WebhookState {
            provider: shop.setting("messaging.provider")?,
            app_secret: shop.setting("whatsapp_cloud.app_secret")?,
            verify_token: shop.setting("whatsapp_cloud.verify_token")?,
            fonnte_token: shop.setting("fonnte.webhook_token")?,
            limits: WebhookLimits::default(),
            redactor: Redactor::for_shop(&shop),
            inbound: Mutex::new(HashMap::new()),
            shop: Mutex::new(shop),
        })
    }

    /// The paths served, for the operator.
    pub fn routes(&self) -> Vec<&'static str> {
        match self.provider.as_str() {
            "whatsapp_cloud" => vec!["/webhooks/whatsapp"],
            "fonnte" => vec!["/webhooks/fonnte/{token}"],
            _ => Vec::new(),
        }
    }

    /// Whether `from` may store another inbound message this minute.
    fn inbound_allowed(&self, from: &str, now: i64) -> bool {
        let minute = now.div_euclid(60_000);
        let mut counts = self.inbound.lock().unwrap_or_else(|e| e.into_inner());
        counts.retain(|_, (m, _)| *m == minute);
        let (_, count) = counts.entry(from.to_string()).or_insert((minute, 0));
        *count += 1;
        *count <= self.limits.inbound_per_minute
    }
}

pub fn router(state: Arc<WebhookState>) -> Router {
    let mut router = Router::new();
    match state.provider.as_str() {
        "whatsapp_cloud" => router = router.route("/webhooks/whatsapp", get(verify).post(whatsapp)),
        "fonnte" => {
            router = router
                .route("/webhooks/fonnte", post(fonnte_query))
                .route("/webhooks/fonnte/{token}", post(fonnte_path))
        }
        _ => {}
    }
    router.layer(axum::middleware::from_fn_with_state(state.clone(), read_body_in_time)).with_state(state)
}

/// The body must arrive whole within `body_timeout` and be at most `max_body_bytes`.
async fn read_body_in_time(State(state): State<Arc<WebhookState>>, request: Request, next: Next) -> Response {
    let limits = state.limits;
    let (parts, body) = request.into_parts();
    let read = axum::body::to_bytes(body, limits.max_body_bytes);
    let bytes = match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return (StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response(),
        Err(_) => return (StatusCode::REQUEST_TIMEOUT, "body not received in time").into_response(),
    };
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Serve until the future `shutdown` completes: HTTP/1.1 with a header read timeout,
/// at most `max_connections` at once (the rest get 503 and are closed).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<WebhookState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let limits = state.limits;
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let app = router(state);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (mut stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    tracing::warn!(error = %e, "webhook accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tokio::spawn(async move {
                let busy = b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
                let _ = stream.write_all(busy).await;
                let _ = stream.shutdown().await;
                // Read what the client sent until it closes (briefly): closing with unread
                // bytes would reset the connection and lose the 503 on the way.
                let mut sink = [0u8; 1024];
                let drain = async { while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {} };
                let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
            });
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "webhook connection ended");
            }
            drop(slot);
        });
    }
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

/// Why a payload was not applied.
#[derive(Debug)]
pub enum WebhookError {
    /// Malformed or out of range: refused with 400, nothing applied.
    Bad(String),
    /// Could not be recorded now: 503, so the provider delivers it again.
    Store(crate::services::ServiceError),
}

impl From<crate::services::ServiceError> for WebhookError {
    fn from(e: crate::services::ServiceError) -> WebhookError {
        WebhookError::Store(e)
    }
}

fn answer(provider: &str, result: Result<(), WebhookError>) -> StatusCode {
    match result {
        Ok(()) => StatusCode::OK,
        Err(WebhookError::Bad(why)) => {
            tracing::warn!(provider, why, "webhook refused");
            StatusCode::BAD_REQUEST
        }
        Err(WebhookError::Store(e)) => {
            tracing::error!(provider, error = %e, "could not record a webhook");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

async fn whatsapp(State(state): State<Arc<WebhookState>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    if !signature_valid(&state.app_secret, &body, signature) {
        tracing::warn!("WhatsApp webhook with a missing or wrong signature refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(payload) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    answer("whatsapp_cloud", apply_whatsapp(&state, &payload))
}

/// The earliest and latest instants accepted from outside: 2000-01-01 and 2100-01-01.
const EARLIEST_MS: i64 = 946_684_800_000;
const LATEST_MS: i64 = 4_102_444_800_000;

/// A provider's timestamp (seconds since the epoch, as text or a number) in epoch ms;
/// `fallback` when absent. Anything else, or outside 2000–2100, is refused.
fn timestamp_ms(value: &Value, fallback: i64) -> Result<i64, WebhookError> {
    let seconds = match value {
        Value::Null => return Ok(fallback),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    };
    seconds
        .and_then(|s| s.checked_mul(1000))
        .filter(|ms| (EARLIEST_MS..LATEST_MS).contains(ms))
        .ok_or_else(|| WebhookError::Bad(format!("timestamp {value} is not between the years 2000 and 2100")))
}

/// One status of a Graph payload, read whole before anything is applied.
struct StatusUpdate {
    provider_id: String,
    outbox_id: Option<i64>,
    status: String,
    /// For `failed`: what the provider's error means (the send answer's classifier).
    failure: Option<SendOutcome>,
    pricing: Option<Pricing>,
    at: i64,
}

struct Inbound {
    from: String,
    body: String,
    id: Option<String>,
    at: i64,
    /// A person wrote to the shop (not a group, broadcast or echo): the assistant answers.
    direct: bool,
}

/// Apply every status and inbound message in a Graph webhook payload; a payload with a
/// bad part is refused whole.
pub fn apply_whatsapp(state: &WebhookState, payload: &Value) -> Result<(), WebhookError> {
    let mut shop = state.shop.lock().unwrap_or_else(|e| e.into_inner());
    let now = shop.now_ms();
    let empty = Vec::new();
    let (mut statuses, mut inbound, mut channel_errors) = (Vec::new(), Vec::new(), Vec::new());
    let mut template_updates = Vec::new();
    for entry in payload["entry"].as_array().unwrap_or(&empty) {
        for change in entry["changes"].as_array().unwrap_or(&empty) {
            let value = &change["value"];
            if let Some(update) = template_update(change["field"].as_str().unwrap_or(""), value) {
                template_updates.push(update);
                continue;
            }
            for status in value["statuses"].as_array().unwrap_or(&empty) {
                let Some(wamid) = status["id"].as_str() else { continue };
                let status_text = status["status"].as_str().unwrap_or("").to_string();
                let failure = (status_text == "failed").then(|| graph_error(state, &status["errors"][0]));
                statuses.push(StatusUpdate {
                    provider_id: wamid.to_string(),
                    outbox_id: status["biz_opaque_callback_data"].as_str().and_then(|s| s.parse().ok()),
                    status: status_text,
                    failure,
                    pricing: pricing_of(&status["pricing"]),
                    at: timestamp_ms(&status["timestamp"], now)?,
                });
            }
            for error in value["errors"].as_array().unwrap_or(&empty) {
                channel_errors.push(graph_error(state, error));
            }
            for message in value["messages"].as_array().unwrap_or(&empty) {
                let Some(from) = message["from"].as_str() else { continue };
                let body = message["text"]["body"]
                    .as_str()
                    .or(message["button"]["text"].as_str())
                    .or(message["interactive"]["button_reply"]["title"].as_str())
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("[{}]", message["type"].as_str().unwrap_or("message")));
                let at = timestamp_ms(&message["timestamp"], now)?;
                inbound.push(Inbound {
                    from: from.to_string(),
                    body,
                    id: message["id"].as_str().map(str::to_string),
                    at,
                    direct: super::assistant::cloud_is_direct(value, message),
                });
            }
        }
    }
    for update in statuses {
        apply_status(&mut shop, "whatsapp_cloud", update)?;
    }
    for error in channel_errors {
        apply_channel_error(&mut shop, "whatsapp_cloud", error)?;
    }
    for (name, language, state) in template_updates {
        let keys = shop.record_template_platform(&name, &language, &state)?;
        tracing::info!(name, language, ?keys, ?state, "template update from WhatsApp");
    }
    for m in inbound {
        record_inbound(state, &mut shop, "whatsapp_cloud", m)?;
    }
    Ok(())
}

/// A `message_template_status_update` (event APPROVED, REJECTED, PAUSED, DISABLED, …,
/// with a reason) or `message_template_quality_update` (new_quality_score) change:
/// the template's name, language and new state.
fn template_update(field: &str, value: &Value) -> Option<(String, String, PlatformState)> {
    let text = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let state = match field {
        "message_template_status_update" => PlatformState {
            id: text(&value["message_template_id"]),
            status: text(&value["event"]),
            quality: None,
            reason: text(&value["reason"]).filter(|r| r != "NONE"),
        },
        "message_template_quality_update" => PlatformState {
            id: text(&value["message_template_id"]),
            status: None,
            quality: text(&value["new_quality_score"]),
            reason: None,
        },
        _ => return None,
    };
    Some((text(&value["message_template_name"])?, text(&value["message_template_language"])?, state))
}

/// A status's `pricing` object, if it has one.
fn pricing_of(value: &Value) -> Option<Pricing> {
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_ascii_lowercase);
    value.is_object().then(|| Pricing {
        billable: value["billable"].as_bool().or_else(|| value["billable"].as_str().map(|s| s == "true")),
        category: text(&value["category"]),
        model: value["pricing_model"].as_str().map(str::to_string),
        kind: text(&value["type"]),
    })
}

/// A Graph error object (`{"code": …, "title": …}`) as the send answer's classifier
/// reads it; without a code, a permanent failure.
fn graph_error(state: &WebhookState, error: &Value) -> SendOutcome {
    let title = error["title"].as_str().or(error["message"].as_str()).unwrap_or("");
    let outcome = match error["code"].as_i64() {
        Some(code) => classify::graph(0, Some(code), title, None),
        None => SendOutcome::Permanent("the provider reported failed".into()),
    };
    outcome.redacted(&state.redactor)
}

/// Apply one status: forward moves through the service's rules; a failure is settled
/// exactly as the same answer to a send would be (retry, skip, hold, opt out, …), but
/// only for a message the provider took and had not delivered yet.
fn apply_status(shop: &mut Shop, provider: &str, update: StatusUpdate) -> Result<(), WebhookError> {
    let Some(failure) = update.failure else {
        shop.record_reported_status(&ReportedStatus {
            provider,
            provider_id: &update.provider_id,
            outbox_id: update.outbox_id,
            status: &update.status,
            at: update.at,
        })?;
        if let Some(pricing) = &update.pricing {
            shop.record_pricing(provider, &update.provider_id, update.outbox_id, pricing)?;
        }
        return Ok(());
    };
    let Some((row, status)) = shop.reported_message(provider, &update.provider_id, update.outbox_id)? else {
        tracing::warn!(provider_id = update.provider_id, "failure for an unknown message ignored");
        return Ok(());
    };
    if !dispatch::accepted_by_provider(&status) || dispatch::progress(&status) >= 2 {
        return Ok(());
    }
    let attempts = row.attempts.max(1);
    let experiment_days: u64 = shop.setting("messaging.experiment_days")?.parse().unwrap_or(30);
    let sms_fallback = shop.sms_fallback_configured()?;
    let policy = Policy {
        sms_fallback,
        provider,
        attempts,
        max_attempts: MAX_ATTEMPTS,
        backoff: Duration::from_secs(30 << (attempts - 1).clamp(0, 7)),
        experiment: Duration::from_secs(86_400 * experiment_days),
    };
    let settle = settle_for(failure, &row, shop.now_ms(), &policy);
    tracing::info!(id = row.id, outcome = ?settle, "failure reported by the provider");
    shop.settle(&row, &settle)?;
    Ok(())
}

/// An error about the channel rather than a message (`value.errors`): a refused
/// token halts the provider, a spam flag pauses marketing; the rest is logged.
fn apply_channel_error(shop: &mut Shop, provider: &str, error: SendOutcome) -> Result<(), WebhookError> {
    match error {
        SendOutcome::HaltChannel(reason) => shop.channel_problem(provider, true, None, &reason)?,
        SendOutcome::PauseMarketing { after, reason } => {
            let until = shop.now_ms() + after.as_millis() as i64;
            shop.channel_problem(provider, false, Some(until), &reason)?
        }
        other => tracing::warn!(provider, error = ?other, "the provider reported an error"),
    }
    Ok(())
}

/// Attempts before a message is given up, as the dispatcher counts them.
const MAX_ATTEMPTS: i64 = 8;

/// Store one inbound message unless its sender is over the per-minute limit; a stop
/// word is always honoured.
fn record_inbound(state: &WebhookState, shop: &mut Shop, provider: &str, m: Inbound) -> Result<(), WebhookError> {
    let stop = crate::services::dispatch::is_stop_word(&m.body);
    if !state.inbound_allowed(&m.from, shop.now_ms()) && !stop {
        tracing::warn!(provider, "inbound message over the per-sender limit dropped");
        return Ok(());
    }
    shop.record_inbound(provider, &m.from, &m.body, m.id.as_deref(), m.at)?;
    if m.direct {
        let inbound = crate::services::assistant::Inbound {
            provider,
            from: &m.from,
            body: &m.body,
            message_id: m.id.as_deref(),
            at: m.at,
        };
        super::assistant::answer(shop, &inbound)?;
    }
    Ok(())
}

/// Fonnte does not sign its webhooks: the URL carries a secret token warung made
/// (`/webhooks/fonnte/{token}`, or `?token=`), compared in constant time.
async fn fonnte_path(State(state): State<Arc<WebhookState>>, Path(token): Path<String>, body: Bytes) -> StatusCode {
    fonnte(&state, &token, &body)
}

async fn fonnte_query(
    State(state): State<Arc<WebhookState>>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> StatusCode {
    fonnte(&state, q.get("token").map_or("", String::as_str), &body)
}

fn fonnte(state: &WebhookState, token: &str, body: &[u8]) -> StatusCode {
    if state.fonnte_token.is_empty() || !constant_time_eq(token.as_bytes(), state.fonnte_token.as_bytes()) {
        tracing::warn!("Fonnte webhook without the right token refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(payload) = serde_json::from_slice::<Value>(body) else { return StatusCode::BAD_REQUEST };
    answer("fonnte", apply_fonnte(state, &payload))
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Fonnte posts JSON: a status update (`id` + `status`/`state`) or an inbound message
/// (`sender` + `message`).
pub fn apply_fonnte(state: &WebhookState, payload: &Value) -> Result<(), WebhookError> {
    let mut shop = state.shop.lock().unwrap_or_else(|e| e.into_inner());
    let now = shop.now_ms();
    if let (Some(sender), Some(message)) = (payload["sender"].as_str(), payload["message"].as_str()) {
        let id = text_of(&payload["inboxid"]).map(|id| format!("fonnte-in-{id}"));
        let direct = super::assistant::fonnte_is_direct(payload);
        let inbound = Inbound { from: sender.to_string(), body: message.to_string(), id, at: now, direct };
        return record_inbound(state, &mut shop, "fonnte", inbound);
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
    let failure =
        (status == "failed").then(|| SendOutcome::Permanent(state.redactor.redact(&format!("Fonnte: {said}"))));
    let update =
        StatusUpdate { provider_id: id, outbox_id: None, status: status.to_string(), failure, pricing: None, at: now };
    apply_status(&mut shop, "fonnte", update)
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

    #[test]
    fn timestamps_outside_2000_to_2100_are_refused() {
        assert_eq!(timestamp_ms(&Value::from("1795000000"), 1).unwrap(), 1_795_000_000_000);
        assert_eq!(timestamp_ms(&Value::from(1_795_000_000), 1).unwrap(), 1_795_000_000_000);
        assert_eq!(timestamp_ms(&Value::Null, 7).unwrap(), 7);
        for bad in
            [Value::from("99999999999999999"), Value::from(-1), Value::from("soon"), Value::from(4_102_444_800i64)]
        {
            assert!(timestamp_ms(&bad, 1).is_err(), "{bad}");
        }
    }
}
