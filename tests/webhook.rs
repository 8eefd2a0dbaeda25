//! `warung webhook`'s receiver over real HTTP on 127.0.0.1: the Graph handshake,
//! signatures, statuses (out of order, repeated), inbound messages and opt-outs.

mod common;

use std::path::Path;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use warung::clock::Clock;
use warung::messaging::webhook::{WebhookLimits, WebhookState, serve};
use warung::services::{Actor, Shop};
use warung::store::outbox::{self, NewMessage};
use warung::store::{Store, StoreError};

const SECRET: &str = "app-secret";

struct Receiver {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    url: String,
    client: reqwest::Client,
}

const FONNTE_TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// The receiver for the fixture shop with `provider` configured.
async fn receiver_for(provider: &str, limits: impl FnOnce(&mut WebhookLimits)) -> Receiver {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = common::fixture_shop(&db);
    let owner = Actor::command_line();
    shop.set_setting(&owner, "messaging.provider", provider).unwrap();
    shop.set_setting(&owner, "whatsapp_cloud.app_secret", SECRET).unwrap();
    shop.set_setting(&owner, "whatsapp_cloud.verify_token", "verify-me").unwrap();
    shop.set_setting(&owner, "fonnte.webhook_token", FONNTE_TOKEN).unwrap();
    let mut state = WebhookState::from_shop(Shop::open(&db, common::clock()).unwrap()).unwrap();
    limits(&mut state.limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, Arc::new(state), std::future::pending()));
    Receiver { _dir: dir, db, url, client: reqwest::Client::new() }
}

async fn receiver() -> Receiver {
    receiver_for("whatsapp_cloud", |_| {}).await
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Receiver {
    async fn post_whatsapp(&self, payload: &serde_json::Value, signature: Option<String>) -> u16 {
        let body = payload.to_string();
        let mut request = self.client.post(format!("{}/webhooks/whatsapp", self.url)).body(body);
        if let Some(signature) = signature {
            request = request.header("X-Hub-Signature-256", signature);
        }
        request.send().await.unwrap().status().as_u16()
    }

    async fn signed(&self, payload: serde_json::Value) -> u16 {
        let signature = sign(payload.to_string().as_bytes());
        self.post_whatsapp(&payload, Some(signature)).await
    }

    fn status(&self, id: i64) -> outbox::MessageState {
        outbox::state_of(Store::open(&self.db).unwrap().conn(), id).unwrap().unwrap()
    }
}

/// A WhatsApp Cloud message queued and handed over as `provider_id` (or left `unknown`).
fn sent_message(db: &Path, provider_id: Option<&str>) -> i64 {
    message_via(db, "whatsapp_cloud", provider_id)
}

/// A message queued and handed to `provider` as `provider_id` (or left `unknown`).
fn message_via(db: &Path, provider: &str, provider_id: Option<&str>) -> i64 {
    let mut store = Store::open(db).unwrap();
    store
        .write(|tx| {
            let n: i64 = tx.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
            outbox::enqueue(
                tx,
                &NewMessage {
                    kind: "receipt",
                    channel: "whatsapp",
                    phone: "628123456789",
                    customer_id: None,
                    template: "receipt",
                    params_json: "{}",
                    body: "halo",
                    dedupe_key: &format!("w:{n}"),
                    at: 0,
                },
            )?;
            let id = tx.last_insert_rowid();
            tx.execute("UPDATE outbox SET provider = ?1 WHERE id = ?2", rusqlite::params![provider, id])?;
            match provider_id {
                Some(pid) => outbox::mark_sent(tx, id, pid, 1)?,
                None => outbox::mark(tx, id, "unknown", "timed out", 1, 1)?,
            }
            Ok::<_, StoreError>(id)
        })
        .unwrap()
}

fn statuses(items: serde_json::Value) -> serde_json::Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp", "statuses": items}}]}]})
}

fn inbound(id: &str, from: &str, text: &str) -> serde_json::Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "contacts": [{"profile": {"name": "Bu Sri"}, "wa_id": from}],
        "messages": [{"from": from, "id": id, "timestamp": "1795000000", "type": "text", "text": {"body": text}}]}}]}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_handshake_echoes_the_challenge_only_for_our_token() {
    let r = receiver().await;
    let get = |token: &str| {
        r.client
            .get(format!("{}/webhooks/whatsapp", r.url))
            .query(&[("hub.mode", "subscribe"), ("hub.verify_token", token), ("hub.challenge", "1158201444")])
            .send()
    };
    let ok = get("verify-me").await.unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    assert_eq!(get("wrong").await.unwrap().status().as_u16(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_or_missing_signature_is_refused_with_401() {
    let r = receiver().await;
    let id = sent_message(&r.db, Some("wamid.A"));
    let payload = statuses(json!([{"id": "wamid.A", "status": "delivered", "timestamp": "1795000000"}]));
    let forged = sign(b"something else");
    assert_eq!(r.post_whatsapp(&payload, Some(forged)).await, 401);
    assert_eq!(r.post_whatsapp(&payload, None).await, 401);
    assert_eq!(r.status(id).status, "sent");
    assert_eq!(r.signed(payload).await, 200);
    assert_eq!(r.status(id).status, "delivered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statuses_out_of_order_and_repeated_never_go_back() {
    let r = receiver().await;
    let id = sent_message(&r.db, Some("wamid.B"));
    let status = |s: &str| statuses(json!([{"id": "wamid.B", "status": s, "timestamp": "1795000000"}]));
    assert_eq!(r.signed(status("read")).await, 200);
    assert_eq!(r.status(id).status, "read");
    for late in ["delivered", "sent", "read", "failed"] {
        assert_eq!(r.signed(status(late)).await, 200);
        assert_eq!(r.status(id).status, "read", "after a late {late}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_message_is_reconciled_by_its_callback_data() {
    let r = receiver().await;
    let id = sent_message(&r.db, None);
    assert_eq!(r.status(id).status, "unknown");
    let payload = statuses(json!([{"id": "wamid.C", "status": "delivered", "timestamp": "1795000000",
        "biz_opaque_callback_data": id.to_string()}]));
    assert_eq!(r.signed(payload).await, 200);
    let s = r.status(id);
    assert_eq!(s.status, "delivered");
    assert_eq!(s.provider_id.as_deref(), Some("wamid.C"));
    assert_eq!(s.sent_at, Some(1_795_000_000_000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_status_is_dead_with_the_reason_and_131050_opts_out() {
    let r = receiver().await;
    let id = sent_message(&r.db, Some("wamid.D"));
    let payload = statuses(json!([{"id": "wamid.D", "status": "failed", "timestamp": "1795000000",
        "errors": [{"code": 131026, "title": "Message undeliverable"}]}]));
    assert_eq!(r.signed(payload).await, 200);
    let s = r.status(id);
    assert_eq!(s.status, "dead");
    assert_eq!(s.last_error.as_deref(), Some("WhatsApp error 131026: Message undeliverable"));
    let late_sent = statuses(json!([{"id": "wamid.D", "status": "sent", "timestamp": "1795000000"}]));
    assert_eq!(r.signed(late_sent).await, 200);
    assert_eq!(r.status(id).status, "dead", "a late 'sent' does not revive a failed message");

    let id = sent_message(&r.db, Some("wamid.E"));
    let bu_sri: i64 = Store::open(&r.db)
        .unwrap()
        .conn()
        .query_row("SELECT id FROM customers WHERE phone = '628123456789'", [], |r| r.get(0))
        .unwrap();
    Store::open(&r.db)
        .unwrap()
        .conn()
        .execute("UPDATE outbox SET customer_id = ?1 WHERE id = ?2", [bu_sri, id])
        .unwrap();
    assert_eq!(opt_in(&r.db, "628123456789"), [1]);
    let payload = statuses(json!([{"id": "wamid.E", "status": "failed", "timestamp": "1795000000",
        "errors": [{"code": 131050, "title": "User stopped marketing messages"}]}]));
    assert_eq!(r.signed(payload).await, 200);
    assert_eq!(r.status(id).status, "dead");
    assert_eq!(opt_in(&r.db, "628123456789"), [0]);
}

fn opt_in(db: &Path, phone: &str) -> Vec<i64> {
    let store = Store::open(db).unwrap();
    let mut stmt = store.conn().prepare("SELECT wa_opt_in FROM customers WHERE phone = ?1").unwrap();
    stmt.query_map([phone], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn inbox_count(db: &Path) -> i64 {
    Store::open(db).unwrap().conn().query_row("SELECT COUNT(*) FROM inbox", [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbound_messages_fill_the_inbox_and_stop_opts_out() {
    let r = receiver().await;
    let mut shop = Shop::open(&r.db, common::clock()).unwrap();
    let form = warung::domain::master::CustomerForm {
        name: "Bu Opt".into(),
        phone: "0812-9999-0000".into(),
        tier: "retail".into(),
        wa_opt_in: "yes".into(),
        ..Default::default()
    };
    shop.create_customer(&Actor::command_line(), &form).unwrap();
    assert_eq!(opt_in(&r.db, "6281299990000"), [1]);

    assert_eq!(r.signed(inbound("wamid.in1", "6281299990000", "Halo, stok gula ada?")).await, 200);
    assert_eq!(r.signed(inbound("wamid.in1", "6281299990000", "Halo, stok gula ada?")).await, 200);
    assert_eq!(inbox_count(&r.db), 1, "a repeated webhook is stored once");
    assert_eq!(opt_in(&r.db, "6281299990000"), [1]);
    let last = shop.last_inbound_at("6281299990000").unwrap();
    assert_eq!(last, Some(1_795_000_000_000), "the 24-hour window opens");

    assert_eq!(r.signed(inbound("wamid.in2", "6281299990000", " stop ")).await, 200);
    assert_eq!(opt_in(&r.db, "6281299990000"), [0]);
    let audit = shop.recent_audit(5).unwrap();
    assert!(audit.iter().any(|a| a.action == "customer.opt_out"), "opt-out is audited");
    let inbox = shop.inbox(10).unwrap();
    assert_eq!(inbox[0].body, " stop ");
    assert!(inbox[0].customer_id.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fonnte_status_and_berhenti() {
    let r = receiver_for("fonnte", |_| {}).await;
    let id = message_via(&r.db, "fonnte", Some("80367170"));
    assert_eq!(opt_in(&r.db, "628123456789"), [1], "the fixture's Bu Sri is opted in");
    let post = |payload: serde_json::Value| {
        r.client.post(format!("{}/webhooks/fonnte/{FONNTE_TOKEN}", r.url)).json(&payload).send()
    };
    let answer = post(json!({"device": "6281100000000", "id": "80367170", "stateid": "x", "status": "delivered"}));
    assert_eq!(answer.await.unwrap().status().as_u16(), 200);
    assert_eq!(r.status(id).status, "delivered");
    let answer =
        post(json!({"device": "6281100000000", "sender": "628123456789", "message": "BERHENTI", "name": "Sri"}));
    assert_eq!(answer.await.unwrap().status().as_u16(), 200);
    assert_eq!(opt_in(&r.db, "628123456789"), [0]);
    let clock = common::clock();
    let shop = Shop::open(&r.db, clock.clone()).unwrap();
    assert_eq!(shop.last_inbound_at("628123456789").unwrap(), Some(clock.now_ms()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_configured_providers_route_is_served() {
    let cloud = receiver().await;
    let post = |r: &Receiver, path: &str| r.client.post(format!("{}{path}", r.url)).body("{}").send();
    let fonnte_url = format!("/webhooks/fonnte/{FONNTE_TOKEN}");
    assert_eq!(post(&cloud, &fonnte_url).await.unwrap().status().as_u16(), 404);
    let fonnte = receiver_for("fonnte", |_| {}).await;
    assert_eq!(post(&fonnte, "/webhooks/whatsapp").await.unwrap().status().as_u16(), 404);
    assert_eq!(post(&fonnte, &fonnte_url).await.unwrap().status().as_u16(), 200);
    let file = receiver_for("file", |_| {}).await;
    assert_eq!(post(&file, &fonnte_url).await.unwrap().status().as_u16(), 404);
    assert_eq!(post(&file, "/webhooks/whatsapp").await.unwrap().status().as_u16(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fonnte_webhook_needs_its_secret_token_and_moves_only_fonnte_messages() {
    let r = receiver_for("fonnte", |_| {}).await;
    let fonnte_id = message_via(&r.db, "fonnte", Some("80367171"));
    let cloud_id = message_via(&r.db, "whatsapp_cloud", Some("555"));
    let post = |url: String, payload: serde_json::Value| r.client.post(url).json(&payload).send();
    let delivered = |id: &str| json!({"device": "6281100000000", "id": id, "status": "delivered"});
    let base = format!("{}/webhooks/fonnte", r.url);
    for url in [base.clone(), format!("{base}/wrong-token"), format!("{base}?token=wrong"), format!("{base}/")] {
        let status = post(url.clone(), delivered("80367171")).await.unwrap().status().as_u16();
        assert!(status == 401 || status == 404, "{url}: {status}");
    }
    let stop = json!({"device": "6281100000000", "sender": "628123456789", "message": "STOP"});
    assert_eq!(post(base.clone(), stop).await.unwrap().status().as_u16(), 401);
    assert_eq!(opt_in(&r.db, "628123456789"), [1], "no opt-out without the token");
    assert_eq!(r.status(fonnte_id).status, "sent");

    assert_eq!(post(format!("{base}?token={FONNTE_TOKEN}"), delivered("80367171")).await.unwrap().status(), 200);
    assert_eq!(r.status(fonnte_id).status, "delivered");
    let failed = json!({"id": "555", "status": "failed"});
    assert_eq!(post(format!("{base}/{FONNTE_TOKEN}"), failed).await.unwrap().status(), 200);
    assert_eq!(r.status(cloud_id).status, "sent", "a Fonnte status never moves a WhatsApp Cloud message");
}

/// A message still in the queue (never handed to a provider).
fn queued_message(db: &Path) -> i64 {
    let id = sent_message(db, None);
    Store::open(db)
        .unwrap()
        .conn()
        .execute("UPDATE outbox SET status = 'pending', provider = NULL, last_error = NULL WHERE id = ?1", [id])
        .unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_moves_only_a_message_the_provider_accepted() {
    let r = receiver().await;
    let id = queued_message(&r.db);
    for status in ["sent", "delivered", "read", "failed"] {
        let payload = statuses(json!([{"id": format!("wamid.forged-{status}"), "status": status,
            "timestamp": "1795000000", "biz_opaque_callback_data": id.to_string()}]));
        assert_eq!(r.signed(payload).await, 200);
        let s = r.status(id);
        assert_eq!((s.status.as_str(), s.provider_id), ("pending", None), "after {status}");
    }
    // Once handed over and retried later (failed, due again) it is not the provider's either.
    let retrying = sent_message(&r.db, Some("wamid.R"));
    Store::open(&r.db)
        .unwrap()
        .conn()
        .execute("UPDATE outbox SET status = 'failed' WHERE id = ?1", [retrying])
        .unwrap();
    let payload = statuses(json!([{"id": "wamid.R", "status": "read", "timestamp": "1795000000"}]));
    assert_eq!(r.signed(payload).await, 200);
    assert_eq!(r.status(retrying).status, "failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timestamps_outside_2000_to_2100_are_refused() {
    let r = receiver().await;
    let id = sent_message(&r.db, Some("wamid.T"));
    for bad in ["99999999999999999", "1", "4102444800", "-5", "tomorrow"] {
        let payload = statuses(json!([
            {"id": "wamid.T", "status": "read", "timestamp": bad}
        ]));
        assert_eq!(r.signed(payload).await, 400, "{bad}");
        assert_eq!(r.status(id).status, "sent", "nothing applied for {bad}");
        let mut message = inbound("wamid.in-bad", "628123456789", "halo");
        message["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = json!(bad);
        assert_eq!(r.signed(message).await, 400, "{bad}");
        assert_eq!(inbox_count(&r.db), 0);
    }
    let ok = statuses(json!([{"id": "wamid.T", "status": "read", "timestamp": "4102444799"}]));
    assert_eq!(r.signed(ok).await, 200);
    assert_eq!(r.status(id).status, "read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbound_text_is_bounded_in_length_and_count_per_sender() {
    let r = receiver().await;
    for n in 0..25 {
        let payload = inbound(&format!("wamid.flood{n}"), "628123456789", &format!("pesan {n}"));
        assert_eq!(r.signed(payload).await, 200);
    }
    assert_eq!(inbox_count(&r.db), 20, "20 a minute from one sender");
    assert_eq!(r.signed(inbound("wamid.other", "6285611112222", "halo")).await, 200);
    assert_eq!(inbox_count(&r.db), 21, "other senders are not held back");
    assert_eq!(r.signed(inbound("wamid.stop", "628123456789", "STOP")).await, 200);
    assert_eq!(opt_in(&r.db, "628123456789"), [0], "a STOP over the limit still opts out");

    let long = "a".repeat(10_000);
    assert_eq!(r.signed(inbound("wamid.long", "6285611112222", &long)).await, 200);
    let stored: String = Store::open(&r.db)
        .unwrap()
        .conn()
        .query_row("SELECT body FROM inbox WHERE provider_id = 'wamid.long'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored.chars().count(), 4097, "4096 characters and an ellipsis");
}

/// Read until the server closes the connection; what it said, or None if it stayed
/// open for 10 seconds (a generous bound: the server's own limits are far shorter).
async fn answer_before_close(stream: &mut tokio::net::TcpStream) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_connections_are_capped() {
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpStream;
    let quick = std::time::Duration::from_millis(300);
    let r = receiver_for("whatsapp_cloud", |l| {
        l.header_timeout = quick;
        l.body_timeout = quick;
    })
    .await;
    let address = r.url.trim_start_matches("http://").to_string();

    // Headers that never finish: the connection is closed.
    let mut slow_headers = TcpStream::connect(&address).await.unwrap();
    slow_headers.write_all(b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    assert!(answer_before_close(&mut slow_headers).await.is_some(), "a client slow with its headers is cut off");

    // A body that never finishes: 408 and closed.
    let mut slow_body = TcpStream::connect(&address).await.unwrap();
    slow_body
        .write_all(b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"entry\":")
        .await
        .unwrap();
    let answer = answer_before_close(&mut slow_body).await.expect("a client slow with its body is cut off");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");

    // At most two connections at once: the third is turned away, and served once a slot is free.
    let capped = receiver_for("whatsapp_cloud", |l| l.max_connections = 2).await;
    let address = capped.url.trim_start_matches("http://").to_string();
    let mut idle = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(&address).await.unwrap();
        stream.write_all(b"POST /webhooks/whatsapp HTTP/1.1\r\n").await.unwrap();
        idle.push(stream);
    }
    let mut third = TcpStream::connect(&address).await.unwrap();
    third.write_all(b"GET /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let answer = answer_before_close(&mut third).await.expect("answered at once");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    drop(idle);
    let mut served = false;
    for _ in 0..100 {
        // While the slots are still taken the 503 may come before the request is written.
        let answer = capped.client.get(format!("{}/webhooks/whatsapp", capped.url)).send().await;
        if answer.is_ok_and(|a| a.status().as_u16() == 403) {
            served = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(served, "a freed slot serves the next client");
}

fn failed_with(wamid: &str, code: i64, title: &str) -> serde_json::Value {
    statuses(json!([{"id": wamid, "status": "failed", "timestamp": "1795000000", "recipient_id": "628123456789",
        "errors": [{"code": code, "title": title, "message": title, "error_data": {"details": title}}]}]))
}

fn set(db: &Path, sql: &str, id: i64) {
    Store::open(db).unwrap().conn().execute(sql, [id]).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn platform_errors_in_status_webhooks_settle_as_on_the_send_answer() {
    let r = receiver().await;
    let now = common::clock().now_ms();
    let hour = 3_600_000;

    // 131049: not a failure, due again in a day.
    let capped = sent_message(&r.db, Some("wamid.cap"));
    set(&r.db, "UPDATE outbox SET kind = 'campaign' WHERE id = ?1", capped);
    assert_eq!(
        r.signed(failed_with("wamid.cap", 131049, "Message not delivered to maintain healthy ecosystem engagement"))
            .await,
        200
    );
    let s = r.status(capped);
    assert_eq!((s.status.as_str(), s.next_attempt_at - now), ("pending", 24 * hour), "{s:?}");

    // 130472: skipped, and the customer held back from WhatsApp marketing.
    let experiment = sent_message(&r.db, Some("wamid.exp"));
    set(
        &r.db,
        "UPDATE outbox SET kind = 'campaign', customer_id = (SELECT id FROM customers WHERE phone = '628123456789') WHERE id = ?1",
        experiment,
    );
    assert_eq!(r.signed(failed_with("wamid.exp", 130472, "User's number is part of an experiment")).await, 200);
    assert_eq!(r.status(experiment).status, "skipped");
    let until: Option<i64> = Store::open(&r.db)
        .unwrap()
        .conn()
        .query_row("SELECT wa_marketing_paused_until FROM customers WHERE phone = '628123456789'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(until, Some(now + 30 * 24 * hour));

    // 131047: due again now, as its template only.
    let window = sent_message(&r.db, Some("wamid.win"));
    assert_eq!(r.signed(failed_with("wamid.win", 131047, "Re-engagement message")).await, 200);
    let as_template: i64 = Store::open(&r.db)
        .unwrap()
        .conn()
        .query_row("SELECT as_template FROM outbox WHERE id = ?1", [window], |r| r.get(0))
        .unwrap();
    assert_eq!((r.status(window).status.as_str(), as_template), ("pending", 1));

    // 132015: this message and every queued one of its template are held.
    let paused = sent_message(&r.db, Some("wamid.tpl"));
    let queued = queued_message(&r.db);
    assert_eq!(r.signed(failed_with("wamid.tpl", 132015, "Template is paused")).await, 200);
    assert_eq!((r.status(paused).status, r.status(queued).status), ("held".into(), "held".into()));

    // 131048 reported for the channel (value.errors): marketing pauses for an hour.
    let channel = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "errors": [{"code": 131048, "title": "Spam rate limit hit"}]}}]}]});
    assert_eq!(r.signed(channel).await, 200);
    let shop = Shop::open(&r.db, common::clock()).unwrap();
    assert_eq!(shop.marketing_pause("whatsapp_cloud").unwrap().map(|(until, _)| until), Some(now + hour));

    // A failure after delivery changes nothing.
    let delivered = sent_message(&r.db, Some("wamid.del"));
    set(&r.db, "UPDATE outbox SET status = 'delivered' WHERE id = ?1", delivered);
    assert_eq!(r.signed(failed_with("wamid.del", 131049, "x")).await, 200);
    assert_eq!(r.status(delivered).status, "delivered");
}

fn template_change(field: &str, value: serde_json::Value) -> serde_json::Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA1", "time": 1795000000,
        "changes": [{"field": field, "value": value}]}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_status_and_quality_updates_apply_and_approval_releases_held_messages() {
    let r = receiver().await;
    let held = queued_message(&r.db);
    set(&r.db, "UPDATE outbox SET status = 'held', last_error = 'template receipt is PAUSED' WHERE id = ?1", held);
    let paused = template_change(
        "message_template_status_update",
        json!({"event": "PAUSED", "message_template_id": 1003, "message_template_name": "receipt",
               "message_template_language": "id", "reason": "LOW_QUALITY"}),
    );
    assert_eq!(r.signed(paused).await, 200);
    let shop = Shop::open(&r.db, common::clock()).unwrap();
    let state =
        |shop: &Shop| shop.template_platform_states().unwrap().into_iter().find(|(k, _)| k == "receipt").unwrap().1;
    let s = state(&shop);
    assert_eq!(
        (s.id.as_deref(), s.status.as_deref(), s.reason.as_deref()),
        (Some("1003"), Some("PAUSED"), Some("LOW_QUALITY"))
    );
    assert_eq!(r.status(held).status, "held");

    let quality = template_change(
        "message_template_quality_update",
        json!({"previous_quality_score": "GREEN", "new_quality_score": "YELLOW", "message_template_id": 1003,
               "message_template_name": "receipt", "message_template_language": "id"}),
    );
    assert_eq!(r.signed(quality).await, 200);
    assert_eq!(state(&shop).quality.as_deref(), Some("YELLOW"));

    let approved = template_change(
        "message_template_status_update",
        json!({"event": "APPROVED", "message_template_id": 1003, "message_template_name": "receipt",
               "message_template_language": "id", "reason": "NONE"}),
    );
    assert_eq!(r.signed(approved).await, 200);
    assert_eq!(state(&shop).status.as_deref(), Some("APPROVED"));
    assert_eq!(r.status(held).status, "pending", "approved again: its held messages go");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pricing_in_status_webhooks_sets_each_messages_cost() {
    let r = receiver().await;
    let marketing = sent_message(&r.db, Some("wamid.m"));
    let free = sent_message(&r.db, Some("wamid.f"));
    let queued = queued_message(&r.db);
    let priced = |id: &str, pricing: serde_json::Value| {
        statuses(json!([{"id": id, "status": "delivered", "timestamp": "1795000000", "pricing": pricing,
            "biz_opaque_callback_data": queued.to_string()}]))
    };
    let regular = json!({"billable": true, "pricing_model": "PMP", "category": "marketing", "type": "regular"});
    assert_eq!(r.signed(priced("wamid.m", regular)).await, 200);
    let reply = json!({"pricing_model": "PMP", "category": "utility", "type": "free_customer_service"});
    assert_eq!(r.signed(priced("wamid.f", reply)).await, 200);
    let row = |id: i64| -> (Option<i64>, Option<String>, Option<String>, Option<i64>) {
        Store::open(&r.db)
            .unwrap()
            .conn()
            .query_row(
                "SELECT pricing_billable, pricing_category, pricing_model, cost FROM outbox WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
    };
    assert_eq!(row(marketing), (Some(1), Some("marketing".into()), Some("PMP".into()), Some(670)));
    assert_eq!(row(free), (Some(0), Some("utility".into()), Some("PMP".into()), Some(0)), "free inside the window");
    assert_eq!(row(queued).3, None, "a message not handed over gets no pricing");
}
