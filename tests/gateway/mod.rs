//! A loopback HTTP server playing WhatsApp Cloud, Fonnte and Twilio: it answers from
//! a script (then with success), can be slow, and records every request so tests can
//! count how often each message arrived.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<u64>,
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, body: &str) -> Reply {
        Reply { status, body: body.to_string(), retry_after: None, delay: Duration::ZERO }
    }

    pub fn retry_after(mut self, seconds: u64) -> Reply {
        self.retry_after = Some(seconds);
        self
    }

    pub fn slow(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub authorization: Option<String>,
    pub body: String,
    /// The outbox id (WhatsApp's callback data) or the message text (Fonnte, Twilio).
    pub key: String,
}

#[derive(Default)]
struct State {
    script: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Request>>,
    delay: Mutex<Duration>,
    seq: AtomicU64,
}

pub struct Gateway {
    pub url: String,
    state: Arc<State>,
}

impl Gateway {
    /// Start on 127.0.0.1 on a free port, on its own thread and runtime.
    pub fn start() -> Gateway {
        let state = Arc::new(State::default());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = state.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
                    let state = shared.clone();
                    async move { answer(state, uri, headers, body).await }
                });
                axum::serve(listener, app).await.unwrap();
            });
        });
        Gateway { url, state }
    }

    /// The next answers, in order; after them every request succeeds.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.script.lock().unwrap().extend(replies);
    }

    /// Every successful answer waits this long first.
    pub fn set_delay(&self, delay: Duration) {
        *self.state.delay.lock().unwrap() = delay;
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// How many requests arrived per key.
    pub fn counts(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for request in self.requests() {
            *counts.entry(request.key).or_insert(0) += 1;
        }
        counts
    }
}

fn key_of(path: &str, body: &str) -> String {
    if path.ends_with("/messages") {
        let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        return json["biz_opaque_callback_data"].as_str().unwrap_or_default().to_string();
    }
    let field = if path.ends_with("/send") { "message" } else { "Body" };
    form_urlencoded::parse(body.as_bytes()).find(|(k, _)| k == field).map(|(_, v)| v.into_owned()).unwrap_or_default()
}

async fn answer(state: Arc<State>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().to_string();
    let body = String::from_utf8_lossy(&body).into_owned();
    let request = Request {
        key: key_of(&path, &body),
        path: path.clone(),
        authorization: headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string),
        body,
    };
    state.requests.lock().unwrap().push(request);
    let scripted = state.script.lock().unwrap().pop_front();
    let n = state.seq.fetch_add(1, Ordering::SeqCst) + 1;
    let reply = scripted.unwrap_or_else(|| {
        let body = if path.ends_with("/messages") {
            format!(r#"{{"messaging_product":"whatsapp","messages":[{{"id":"wamid.{n}"}}]}}"#)
        } else if path.ends_with("/send") {
            format!(r#"{{"status":true,"id":["{n}"],"process":"pending"}}"#)
        } else {
            format!(r#"{{"sid":"SM{n}","status":"queued"}}"#)
        };
        let delay = *state.delay.lock().unwrap();
        Reply { status: if path.ends_with(".json") { 201 } else { 200 }, body, retry_after: None, delay }
    });
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    response.headers_mut().insert("content-type", "application/json".parse().unwrap());
    if let Some(seconds) = reply.retry_after {
        response.headers_mut().insert("retry-after", seconds.to_string().parse().unwrap());
    }
    response
}
