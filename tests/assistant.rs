//! The WhatsApp assistant end to end: signed deliveries posted to the real webhook
//! server (WhatsApp Cloud and Fonnte), replies queued once, and the real dispatcher
//! sending them to a loopback gateway playing the provider.

mod common;
mod gateway;

use std::sync::Arc;
use std::time::Duration;

use gateway::Gateway;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use warung::clock::Clock;
use warung::messaging::dispatcher::{DispatchOptions, Dispatcher};
use warung::messaging::pacing::RateLimiter;
use warung::messaging::providers::{Provider, fonnte::Fonnte, http_client, whatsapp_cloud::WhatsAppCloud};
use warung::messaging::webhook::{WebhookState, serve};
use warung::services::{Actor, Shop};
use warung::store::Store;

const SECRET: &str = "app-secret";
const FONNTE_TOKEN: &str = "0123456789abcdef0123456789abcdef";
/// Bu Sri in the fixture shop.
const SRI: &str = "628123456789";
const STRANGER: &str = "6281299990000";

struct Shop2 {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    url: String,
    client: reqwest::Client,
    provider: &'static str,
}

/// The fixture shop with the assistant on and `provider`'s webhook served.
async fn shop_with(provider: &'static str) -> Shop2 {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = common::fixture_shop(&db);
    let owner = Actor::command_line();
    for (key, value) in [
        ("messaging.provider", provider),
        ("whatsapp_cloud.app_secret", SECRET),
        ("fonnte.webhook_token", FONNTE_TOKEN),
        ("assistant.enabled", "yes"),
        ("assistant.hours", "Setiap hari 07.00–21.00"),
    ] {
        shop.set_setting(&owner, key, value).unwrap();
    }
    let state = WebhookState::from_shop(Shop::open(&db, common::clock()).unwrap()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, Arc::new(state), std::future::pending()));
    Shop2 { _dir: dir, db, url, client: reqwest::Client::new(), provider }
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A Graph delivery of one text message sent a minute ago.
fn cloud_text(id: &str, from: &str, text: &str) -> Value {
    let sent = common::clock().now_ms() / 1000 - 60;
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "628110000111", "phone_number_id": "PNID"},
        "contacts": [{"profile": {"name": "Bu Sri"}, "wa_id": from}],
        "messages": [{"from": from, "id": id, "timestamp": sent.to_string(), "type": "text", "text": {"body": text}}]}}]}]})
}

impl Shop2 {
    async fn post_cloud(&self, payload: &Value) -> u16 {
        let body = payload.to_string();
        let request = self
            .client
            .post(format!("{}/webhooks/whatsapp", self.url))
            .header("X-Hub-Signature-256", sign(body.as_bytes()));
        request.body(body).send().await.unwrap().status().as_u16()
    }

    async fn post_fonnte(&self, payload: &Value) -> u16 {
        let url = format!("{}/webhooks/fonnte/{FONNTE_TOKEN}", self.url);
        self.client.post(url).json(payload).send().await.unwrap().status().as_u16()
    }

    /// (phone, body, status) of every reply queued.
    fn replies(&self) -> Vec<(String, String, String)> {
        let store = Store::open(&self.db).unwrap();
        let mut stmt =
            store.conn().prepare("SELECT phone, body, status FROM outbox WHERE kind = 'reply' ORDER BY id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }

    async fn dispatch(&self, gw: &Gateway) {
        let client = http_client(Duration::from_secs(5)).unwrap();
        let provider: Box<dyn Provider> = match self.provider {
            "fonnte" => Box::new(Fonnte { client, base_url: gw.url.clone(), token: "fonnte-token".into() }),
            _ => Box::new(WhatsAppCloud {
                client,
                base_url: gw.url.clone(),
                phone_number_id: "PNID".into(),
                token: "cloud-token".into(),
            }),
        };
        let options = DispatchOptions {
            lease: Duration::from_secs(60),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
            max_attempts: 5,
            rate: RateLimiter::unthrottled(),
            recipient_gap: Duration::ZERO,
            // Replies ignore quiet hours: noon is outside these, but set them anyway.
            quiet_hours: warung::messaging::pacing::QuietHours::parse("00:00-23:59"),
            marketing_daily_cap: 1000,
            poll: Duration::from_millis(20),
            experiment: Duration::from_secs(30 * 86_400),
        };
        let mut dispatcher = Dispatcher::new(Shop::open(&self.db, common::clock()).unwrap(), provider, options);
        dispatcher.run_once().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whatsapp_cloud_a_question_delivered_twice_gets_one_free_text_reply() {
    let shop = shop_with("whatsapp_cloud").await;
    let question = cloud_text("wamid.Q1", SRI, "HARGA indomie goreng");
    assert_eq!(shop.post_cloud(&question).await, 200);
    assert_eq!(shop.post_cloud(&question).await, 200, "Meta delivers again");
    let replies = shop.replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].0, SRI);
    assert_eq!(replies[0].1, "Harga:\n• Indomie Goreng 85g: Rp 3.500 /pcs");
    // Groups, status broadcasts, our own number and reactions get nothing.
    let mut group = cloud_text("wamid.G1", SRI, "jam");
    group["entry"][0]["changes"][0]["value"]["messages"][0]["group_id"] = json!("120363");
    assert_eq!(shop.post_cloud(&group).await, 200);
    assert_eq!(shop.post_cloud(&cloud_text("wamid.S1", "status@broadcast", "jam")).await, 200);
    assert_eq!(shop.post_cloud(&cloud_text("wamid.O1", "628110000111", "jam")).await, 200);
    assert_eq!(shop.replies().len(), 1);

    let gw = Gateway::start();
    shop.dispatch(&gw).await;
    let requests = gw.requests();
    assert_eq!(requests.len(), 1);
    let body: Value = serde_json::from_str(&requests[0].body).unwrap();
    assert_eq!(body["type"], "text", "inside the 24-hour window: free text, no template");
    assert_eq!(body["to"], SRI);
    assert_eq!(body["text"]["body"], "Harga:\n• Indomie Goreng 85g: Rp 3.500 /pcs");
    assert_eq!(shop.replies()[0].2, "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whatsapp_cloud_an_order_confirmed_by_ya_becomes_an_order_for_the_cashier() {
    let shop = shop_with("whatsapp_cloud").await;
    assert_eq!(shop.post_cloud(&cloud_text("wamid.P1", STRANGER, "pesan 2 indomie goreng, 1 gulaku")).await, 200);
    assert_eq!(shop.post_cloud(&cloud_text("wamid.P2", STRANGER, "YA")).await, 200);
    let replies = shop.replies();
    assert_eq!(replies.len(), 2);
    assert_eq!(
        replies[0].1,
        "Pesanan #1:\n1. 2 pcs Indomie Goreng 85g × Rp 3.500 = Rp 7.000\n2. 1 pcs Gulaku 1kg × Rp 17.500 = Rp 17.500\n\
         Perkiraan total: Rp 24.500\nBalas YA untuk konfirmasi, BATAL untuk batal."
    );
    assert!(replies[1].1.starts_with("Pesanan #1 dikonfirmasi."), "{}", replies[1].1);
    let status: String = Store::open(&shop.db)
        .unwrap()
        .conn()
        .query_row("SELECT status FROM orders WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "confirmed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fonnte_inbound_is_answered_once_and_sent_through_fonnte() {
    let shop = shop_with("fonnte").await;
    let question =
        json!({"device": "628110000111", "sender": SRI, "message": "jam", "inboxid": 4711, "name": "Bu Sri"});
    assert_eq!(shop.post_fonnte(&question).await, 200);
    assert_eq!(shop.post_fonnte(&question).await, 200);
    let group =
        json!({"device": "628110000111", "sender": "120363025@g.us", "member": SRI, "message": "jam", "inboxid": 4712});
    assert_eq!(shop.post_fonnte(&group).await, 200);
    let replies = shop.replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].1, "Jam buka: Setiap hari 07.00–21.00");

    let gw = Gateway::start();
    shop.dispatch(&gw).await;
    let requests = gw.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].body.contains("07.00"), "{}", requests[0].body);
    assert_eq!(shop.replies()[0].2, "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_assistant_off_inbound_messages_wait_for_the_owner() {
    let shop = shop_with("whatsapp_cloud").await;
    let mut owner_shop = Shop::open(&shop.db, common::clock()).unwrap();
    owner_shop.set_setting(&Actor::command_line(), "assistant.enabled", "no").unwrap();
    // The receiver read its settings per message, so the switch counts at once.
    assert_eq!(shop.post_cloud(&cloud_text("wamid.X1", SRI, "harga indomie")).await, 200);
    assert!(shop.replies().is_empty());
    let stored: i64 =
        Store::open(&shop.db).unwrap().conn().query_row("SELECT COUNT(*) FROM inbox", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_dispatchers_at_21_00_send_the_owners_digest_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = common::fixture_shop(&db);
    let owner = Actor::command_line();
    shop.set_setting(&owner, "assistant.enabled", "yes").unwrap();
    shop.set_user_phone(&owner, "pemilik", Some("0813-0000-1111")).unwrap();
    let evening = common::clock().now_ms() + 9 * 3_600_000 + 5 * 60_000;
    let clock = || -> Arc<dyn Clock> { Arc::new(warung::clock::FixedClock::at_ms(evening)) };
    for _ in 0..2 {
        let mut dispatcher = Dispatcher::from_settings(&db, clock()).unwrap();
        dispatcher.run_once().await.unwrap();
    }
    let store = Store::open(&db).unwrap();
    let digests: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT phone, status FROM outbox WHERE template = 'assistant_digest'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(digests, [("6281300001111".to_string(), "sent".to_string())]);
    let sent = std::fs::read_to_string(dir.path().join("messages.jsonl")).unwrap();
    assert_eq!(sent.lines().filter(|l| l.contains("Laporan 2026-11-23")).count(), 1, "{sent}");
}
