//! The dispatcher against a real HTTP server on 127.0.0.1 playing each provider, the
//! real binary for concurrency and crash safety, and the webhook receiver.

mod common;
mod gateway;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::warung;
use gateway::{Gateway, Reply};
use warung::clock::{Clock, FixedClock};
use warung::messaging::dispatcher::{DispatchOptions, Dispatcher, PassSummary};
use warung::messaging::pacing::{QuietHours, RateLimiter};
use warung::messaging::providers::{
    Provider, fonnte::Fonnte, http_client, twilio::Twilio, whatsapp_cloud::WhatsAppCloud,
};
use warung::services::{Actor, Shop};
use warung::store::outbox::{self, MessageState, NewMessage};
use warung::store::{Store, StoreError};

const PHONE: &str = "628123456789";

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    clock: Arc<FixedClock>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    Store::open(&db).unwrap();
    Fixture { _dir: dir, db, clock: common::clock() }
}

/// Queue `n` messages of `kind`, each to its own phone unless `same_phone`; returns ids.
fn enqueue(db: &Path, kind: &str, n: usize, same_phone: bool) -> Vec<i64> {
    let mut store = Store::open(db).unwrap();
    store
        .write(|tx| {
            let start: i64 = tx.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
            let mut ids = Vec::new();
            for i in 0..n as i64 {
                let k = start + i;
                let phone = if same_phone { PHONE.to_string() } else { format!("62812{:07}", k) };
                let body = format!("pesan nomor {k}");
                outbox::enqueue(
                    tx,
                    &NewMessage {
                        kind,
                        channel: "whatsapp",
                        phone: &phone,
                        customer_id: None,
                        template: "receipt",
                        params_json: r#"{"wa_template":"receipt","wa_params":["Bu Sri","Rp 7.000"]}"#,
                        body: &body,
                        dedupe_key: &format!("test:{k}"),
                        at: 0,
                    },
                )?;
                ids.push(tx.last_insert_rowid());
            }
            Ok::<_, StoreError>(ids)
        })
        .unwrap()
}

fn state(db: &Path, id: i64) -> MessageState {
    outbox::state_of(Store::open(db).unwrap().conn(), id).unwrap().unwrap()
}

fn options() -> DispatchOptions {
    DispatchOptions {
        lease: Duration::from_secs(60),
        backoff_base: Duration::from_secs(1),
        backoff_cap: Duration::from_secs(60),
        max_attempts: 5,
        rate: RateLimiter::unthrottled(),
        recipient_gap: Duration::ZERO,
        quiet_hours: None,
        marketing_daily_cap: 1000,
        poll: Duration::from_millis(20),
        experiment: Duration::from_secs(30 * 86_400),
    }
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Cloud,
    Fonnte,
    Twilio,
}

const ALL: [Kind; 3] = [Kind::Cloud, Kind::Fonnte, Kind::Twilio];

fn provider(kind: Kind, gw: &Gateway, timeout: Duration) -> Box<dyn Provider> {
    let client = http_client(timeout).unwrap();
    match kind {
        Kind::Cloud => Box::new(WhatsAppCloud {
            client,
            base_url: gw.url.clone(),
            phone_number_id: "PNID".into(),
            token: "cloud-token".into(),
        }),
        Kind::Fonnte => Box::new(Fonnte { client, base_url: gw.url.clone(), token: "fonnte-token".into() }),
        Kind::Twilio => Box::new(Twilio {
            client,
            base_url: gw.url.clone(),
            account_sid: "AC1".into(),
            auth_token: "twilio-token".into(),
            from: "+14155238886".into(),
        }),
    }
}

fn dispatcher(f: &Fixture, kind: Kind, gw: &Gateway, timeout: Duration) -> Dispatcher {
    let shop = Shop::open(&f.db, f.clock.clone()).unwrap();
    Dispatcher::new(shop, provider(kind, gw, timeout), options())
}

fn run_once(d: &mut Dispatcher) -> PassSummary {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(d.run_once()).unwrap()
}

fn quick(kind: Kind, gw: &Gateway, f: &Fixture) -> Dispatcher {
    dispatcher(f, kind, gw, Duration::from_secs(5))
}

#[test]
fn each_provider_sends_and_keeps_the_provider_id() {
    for kind in ALL {
        let f = fixture();
        let gw = Gateway::start();
        let id = enqueue(&f.db, "receipt", 1, true)[0];
        let summary = run_once(&mut quick(kind, &gw, &f));
        assert_eq!(summary.sent, 1, "{kind:?}");
        let s = state(&f.db, id);
        assert_eq!(s.status, "sent");
        assert_eq!(s.sent_at, Some(f.clock.now_ms()));
        let requests = gw.requests();
        assert_eq!(requests.len(), 1);
        let r = &requests[0];
        match kind {
            Kind::Cloud => {
                assert_eq!(s.provider_id.as_deref(), Some("wamid.1"));
                assert_eq!(r.path, "/PNID/messages");
                assert_eq!(r.authorization.as_deref(), Some("Bearer cloud-token"));
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                assert_eq!(body["type"], "template");
                assert_eq!(body["template"]["name"], "receipt");
                assert_eq!(body["template"]["language"]["code"], "id");
                assert_eq!(body["template"]["components"][0]["parameters"][1]["text"], "Rp 7.000");
                assert_eq!(body["biz_opaque_callback_data"], id.to_string());
            }
            Kind::Fonnte => {
                assert_eq!(s.provider_id.as_deref(), Some("1"));
                assert_eq!(r.path, "/send");
                assert_eq!(r.authorization.as_deref(), Some("fonnte-token"));
                assert!(r.body.contains("target=628123456789") && r.body.contains("countryCode=62"), "{}", r.body);
            }
            Kind::Twilio => {
                assert_eq!(s.provider_id.as_deref(), Some("SM1"));
                assert_eq!(r.path, "/2010-04-01/Accounts/AC1/Messages.json");
                assert!(r.authorization.as_deref().unwrap().starts_with("Basic "));
                assert!(r.body.contains("To=whatsapp%3A%2B628123456789"), "{}", r.body);
                assert!(r.body.contains("From=whatsapp%3A%2B14155238886"), "{}", r.body);
            }
        }
    }
}

#[test]
fn whatsapp_sends_free_text_inside_the_24_hour_window() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = Shop::open(&f.db, f.clock.clone()).unwrap();
    shop.record_inbound("whatsapp_cloud", PHONE, "halo", Some("wamid.in1"), f.clock.now_ms() - 3_600_000).unwrap();
    enqueue(&f.db, "receipt", 1, true);
    run_once(&mut quick(Kind::Cloud, &gw, &f));
    let body: serde_json::Value = serde_json::from_str(&gw.requests()[0].body).unwrap();
    assert_eq!(body["type"], "text");
    assert_eq!(body["text"]["body"], "pesan nomor 0");
}

fn rate_limited(kind: Kind) -> Reply {
    match kind {
        Kind::Cloud => Reply::new(429, r#"{"error":{"message":"Rate limit hit","code":130429}}"#),
        Kind::Fonnte => Reply::new(429, "Too Many Requests"),
        Kind::Twilio => Reply::new(429, r#"{"code":20429,"message":"Too Many Requests","status":429}"#),
    }
    .retry_after(7)
}

#[test]
fn rate_limited_429_waits_for_retry_after_then_sends() {
    for kind in ALL {
        let f = fixture();
        let gw = Gateway::start();
        gw.script([rate_limited(kind)]);
        let id = enqueue(&f.db, "receipt", 1, true)[0];
        let mut d = quick(kind, &gw, &f);
        assert_eq!(run_once(&mut d).retrying, 1, "{kind:?}");
        let s = state(&f.db, id);
        assert_eq!(s.status, "failed");
        assert_eq!(s.next_attempt_at - f.clock.now_ms(), 7_000, "{kind:?}: Retry-After honoured");
        f.clock.advance_ms(6_000);
        assert_eq!(run_once(&mut d), PassSummary::default(), "not before Retry-After");
        f.clock.advance_ms(1_000);
        assert_eq!(run_once(&mut d).sent, 1);
        assert_eq!(state(&f.db, id).status, "sent");
        assert_eq!(gw.requests().len(), 2);
    }
}

#[test]
fn server_error_is_retried_with_backoff_then_sent() {
    for kind in ALL {
        let f = fixture();
        let gw = Gateway::start();
        gw.script([Reply::new(500, "oops")]);
        let id = enqueue(&f.db, "receipt", 1, true)[0];
        let mut d = quick(kind, &gw, &f);
        run_once(&mut d);
        let s = state(&f.db, id);
        assert_eq!((s.status.as_str(), s.attempts), ("failed", 1), "{kind:?}");
        let wait = s.next_attempt_at - f.clock.now_ms();
        assert!((500..=1_000).contains(&wait), "backoff with jitter within half..full of 1 s: {wait}");
        f.clock.advance_ms(1_000);
        run_once(&mut d);
        assert_eq!(state(&f.db, id).status, "sent");
        assert_eq!(gw.requests().len(), 2);
    }
}

#[test]
fn a_timeout_after_sending_is_unknown_and_never_resent() {
    for kind in ALL {
        let f = fixture();
        let gw = Gateway::start();
        gw.script([Reply::new(200, "{}").slow(Duration::from_secs(2))]);
        let id = enqueue(&f.db, "receipt", 1, true)[0];
        let mut d = dispatcher(&f, kind, &gw, Duration::from_millis(300));
        assert_eq!(run_once(&mut d).unknown, 1, "{kind:?}");
        assert_eq!(state(&f.db, id).status, "unknown");
        f.clock.advance_ms(86_400_000);
        run_once(&mut d);
        assert_eq!(gw.requests().len(), 1, "{kind:?}: an unknown message is never resent");
    }
}

#[test]
fn a_permanent_error_is_dead_with_the_reason() {
    for (kind, reply, reason) in [
        (Kind::Cloud, Reply::new(400, r#"{"error":{"message":"Message undeliverable","code":131026}}"#), "131026"),
        (Kind::Fonnte, Reply::new(200, r#"{"status":false,"reason":"invalid target"}"#), "invalid target"),
        (Kind::Twilio, Reply::new(400, r#"{"code":21211,"message":"Invalid 'To' Phone Number"}"#), "21211"),
    ] {
        let f = fixture();
        let gw = Gateway::start();
        gw.script([reply]);
        let id = enqueue(&f.db, "receipt", 1, true)[0];
        let mut d = quick(kind, &gw, &f);
        assert_eq!(run_once(&mut d).dead, 1);
        let s = state(&f.db, id);
        assert_eq!(s.status, "dead");
        assert!(s.last_error.as_deref().unwrap().contains(reason), "{kind:?}: {:?}", s.last_error);
        f.clock.advance_ms(86_400_000);
        run_once(&mut d);
        assert_eq!(gw.requests().len(), 1);
    }
}

#[test]
fn a_bad_token_halts_the_channel_and_leaves_the_queue_untouched() {
    for (kind, reply) in [
        (Kind::Cloud, Reply::new(401, r#"{"error":{"message":"Invalid OAuth access token","code":190}}"#)),
        (Kind::Fonnte, Reply::new(200, r#"{"status":false,"reason":"token invalid"}"#)),
        (Kind::Twilio, Reply::new(401, r#"{"code":20003,"message":"Authenticate","status":401}"#)),
    ] {
        let f = fixture();
        let gw = Gateway::start();
        gw.script([reply]);
        let ids = enqueue(&f.db, "receipt", 3, false);
        let mut d = quick(kind, &gw, &f);
        let summary = run_once(&mut d);
        assert!(summary.halted.is_some(), "{kind:?}");
        for id in &ids {
            let s = state(&f.db, *id);
            assert_eq!((s.status.as_str(), s.attempts), ("pending", 0), "{kind:?}: queue untouched");
        }
        let shop = Shop::open(&f.db, f.clock.clone()).unwrap();
        let halted = shop.halted_channels().unwrap();
        assert_eq!(halted.len(), 1);
        assert_eq!(halted[0].provider, d.provider_name());
        assert!(!halted[0].reason.contains("token\":") && !halted[0].reason.contains("-token"), "no secret in reason");
        assert!(run_once(&mut d).halted.is_some());
        assert_eq!(gw.requests().len(), 1, "a halted channel sends nothing more");

        let mut owner_shop = Shop::open(&f.db, f.clock.clone()).unwrap();
        assert!(owner_shop.resume_channel(&Actor::command_line(), d.provider_name()).unwrap());
        assert_eq!(run_once(&mut d).sent, 3);
    }
}

#[test]
fn fonnte_http_200_with_status_false_is_not_a_success() {
    let f = fixture();
    let gw = Gateway::start();
    gw.script([Reply::new(200, r#"{"status":false,"reason":"server busy"}"#)]);
    let id = enqueue(&f.db, "receipt", 1, true)[0];
    run_once(&mut quick(Kind::Fonnte, &gw, &f));
    let s = state(&f.db, id);
    assert_eq!(s.status, "failed");
    assert_eq!(s.last_error.as_deref(), Some("Fonnte: server busy"));
    assert_eq!(s.sent_at, None);
}

#[test]
fn pair_rate_limit_delays_only_that_recipient() {
    let f = fixture();
    let gw = Gateway::start();
    gw.script([Reply::new(400, r#"{"error":{"message":"pair rate limit","code":131056}}"#)]);
    let ids = enqueue(&f.db, "receipt", 2, false);
    run_once(&mut quick(Kind::Cloud, &gw, &f));
    let first = state(&f.db, ids[0]);
    assert_eq!((first.status.as_str(), first.attempts), ("pending", 0));
    assert!(first.next_attempt_at > f.clock.now_ms());
    assert_eq!(state(&f.db, ids[1]).status, "sent");
}

#[test]
fn opt_out_code_131050_kills_the_message_and_opts_the_customer_out() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop(&f.db);
    let customer = opted_in_customer(&mut shop);
    gw.script([Reply::new(400, r#"{"error":{"message":"user stopped marketing","code":131050}}"#)]);
    let id = enqueue(&f.db, "campaign", 1, true)[0];
    Store::open(&f.db).unwrap().conn().execute("UPDATE outbox SET customer_id = ?1", [customer]).unwrap();
    run_once(&mut quick(Kind::Cloud, &gw, &f));
    assert_eq!(state(&f.db, id).status, "dead");
    assert_eq!(opt_in_of(&f.db, customer), 0);
}

fn opted_in_customer(shop: &mut Shop) -> i64 {
    let form = warung::domain::master::CustomerForm {
        name: "Bu Opt".into(),
        phone: "0812-3456-789".into(),
        tier: "retail".into(),
        wa_opt_in: "yes".into(),
        ..Default::default()
    };
    shop.create_customer(&Actor::command_line(), &form).unwrap()
}

fn opt_in_of(db: &Path, customer: i64) -> i64 {
    Store::open(db)
        .unwrap()
        .conn()
        .query_row("SELECT wa_opt_in FROM customers WHERE id = ?1", [customer], |r| r.get(0))
        .unwrap()
}

#[test]
fn quiet_hours_hold_marketing_and_reminders_but_not_receipts() {
    let f = fixture();
    f.clock.advance_ms(10 * 3_600_000); // 22:00 in Jakarta
    let gw = Gateway::start();
    let receipt = enqueue(&f.db, "receipt", 1, false)[0];
    let reminder = enqueue(&f.db, "reminder", 1, false)[0];
    let campaign = enqueue(&f.db, "campaign", 1, false)[0];
    let mut d = quick(Kind::Cloud, &gw, &f);
    d.options_mut().quiet_hours = QuietHours::parse("21:00-08:00");
    run_once(&mut d);
    assert_eq!(state(&f.db, receipt).status, "sent");
    assert_eq!(state(&f.db, reminder).status, "pending");
    assert_eq!(state(&f.db, campaign).status, "pending");
    f.clock.advance_ms(10 * 3_600_000); // 08:00
    run_once(&mut d);
    assert_eq!(state(&f.db, reminder).status, "sent");
    assert_eq!(state(&f.db, campaign).status, "sent");
}

#[test]
fn the_daily_marketing_cap_holds_the_rest_until_tomorrow() {
    let f = fixture();
    let gw = Gateway::start();
    let ids = enqueue(&f.db, "campaign", 3, false);
    let receipt = enqueue(&f.db, "receipt", 1, false)[0];
    let mut d = quick(Kind::Cloud, &gw, &f);
    d.options_mut().marketing_daily_cap = 2;
    run_once(&mut d);
    let statuses: Vec<String> = ids.iter().map(|id| state(&f.db, *id).status).collect();
    assert_eq!(statuses, ["sent", "sent", "pending"]);
    assert_eq!(state(&f.db, receipt).status, "sent", "receipts are not capped");
    assert!(state(&f.db, ids[2]).next_attempt_at > f.clock.now_ms());
    f.clock.advance_ms(86_400_000);
    run_once(&mut d);
    assert_eq!(state(&f.db, ids[2]).status, "sent");
}

#[test]
fn daily_work_runs_once_per_shop_day() {
    let f = fixture();
    let gw = Gateway::start();
    let mut d = quick(Kind::Cloud, &gw, &f);
    let days = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = days.clone();
    d.on_new_shop_day(move |_, date| seen.lock().unwrap().push(date.to_string()));
    run_once(&mut d);
    run_once(&mut d);
    f.clock.advance_ms(86_400_000);
    run_once(&mut d);
    assert_eq!(*days.lock().unwrap(), ["2026-11-23", "2026-11-24"]);
}

/// Point the real binary's settings at the gateway.
fn configure_cloud(db: &Path, gw: &Gateway) {
    for (key, value) in [
        ("messaging.provider", "whatsapp_cloud"),
        ("whatsapp_cloud.base_url", gw.url.as_str()),
        ("whatsapp_cloud.phone_number_id", "PNID"),
        ("messaging.rate_per_second", "1000"),
        ("messaging.quiet_hours", "none"),
    ] {
        warung(db).args(["config", "set", key, value]).assert().success();
    }
}

#[test]
fn two_dispatcher_processes_send_each_of_1000_messages_exactly_once() {
    let f = fixture();
    let gw = Gateway::start();
    configure_cloud(&f.db, &gw);
    let ids = enqueue(&f.db, "receipt", 1000, false);
    let spawn = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("warung"));
        common::neutral_env(&mut cmd);
        cmd.args(["--db".as_ref(), f.db.as_os_str(), "dispatch".as_ref(), "--once".as_ref()])
            .env("WARUNG_WHATSAPP_CLOUD_TOKEN", "env-token")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let counts = gw.counts();
    assert_eq!(counts.len(), 1000);
    assert!(counts.values().all(|&n| n == 1), "a message was sent twice");
    for id in ids {
        assert_eq!(counts.get(&id.to_string()), Some(&1));
        assert_eq!(state(&f.db, id).status, "sent");
    }
    assert!(gw.requests().iter().all(|r| r.authorization.as_deref() == Some("Bearer env-token")));
}

#[test]
fn a_dispatcher_killed_mid_run_loses_nothing_and_sends_nothing_twice() {
    let f = fixture();
    let gw = Gateway::start();
    configure_cloud(&f.db, &gw);
    gw.set_delay(Duration::from_millis(5));
    let ids = enqueue(&f.db, "receipt", 1000, false);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("warung"));
    common::neutral_env(&mut cmd);
    let mut child = cmd
        .args(["--db".as_ref(), f.db.as_os_str(), "dispatch".as_ref(), "--lease".as_ref(), "1".as_ref()])
        .env("WARUNG_WHATSAPP_CLOUD_TOKEN", "t")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    while gw.requests().len() < 100 {
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = gw.requests().len();
    assert!(before < 1000, "killed mid-run");
    std::thread::sleep(Duration::from_millis(1_100)); // its lease runs out
    warung(&f.db)
        .args(["dispatch", "--once", "--lease", "1"])
        .env("WARUNG_WHATSAPP_CLOUD_TOKEN", "t")
        .assert()
        .success();
    let counts = gw.counts();
    assert!(counts.values().all(|&n| n == 1), "a message was sent twice");
    let mut unknown = 0;
    for id in ids {
        match state(&f.db, id).status.as_str() {
            "sent" => assert_eq!(counts.get(&id.to_string()), Some(&1)),
            "unknown" => unknown += 1,
            other => panic!("message {id} is {other}"),
        }
    }
    assert!(unknown <= 1, "only the request in flight may be unknown, not {unknown}");
}

#[test]
fn a_halted_channel_shows_in_the_status_bar_until_resumed() {
    let mut h = common::Harness::logged_in(warung::tui::i18n::Lang::En);
    assert!(!h.screen(100, 30).contains("HALTED"));
    let db = h.dir.path().join("shop.db");
    warung::store::channels::halt(Store::open(&db).unwrap().conn(), "fonnte", "Fonnte: token invalid", 1).unwrap();
    h.app.tick();
    assert!(h.screen(100, 30).contains("HALTED"), "{}", h.screen(100, 30));
    h.other_process().resume_channel(&Actor::command_line(), "fonnte").unwrap();
    h.app.tick();
    assert!(!h.screen(100, 30).contains("HALTED"));
}

#[test]
fn marketing_to_a_customer_who_opted_out_after_queueing_is_cancelled() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop(&f.db);
    let customer = opted_in_customer(&mut shop);
    let ids = enqueue(&f.db, "campaign", 1, true);
    let receipt = enqueue(&f.db, "receipt", 1, true)[0];
    Store::open(&f.db).unwrap().conn().execute("UPDATE outbox SET customer_id = ?1", [customer]).unwrap();
    shop.record_inbound("whatsapp_cloud", PHONE, "BERHENTI", Some("wamid.stop"), f.clock.now_ms()).unwrap();
    run_once(&mut quick(Kind::Cloud, &gw, &f));
    let s = state(&f.db, ids[0]);
    assert_eq!(s.status, "cancelled");
    assert_eq!(s.last_error.as_deref(), Some("the customer opted out of marketing"));
    assert_eq!(state(&f.db, receipt).status, "sent", "receipts still go");
    assert_eq!(gw.requests().len(), 1);
}

#[test]
fn dispatch_names_a_missing_token_and_a_halted_provider_fails_without_logging_the_token() {
    let f = fixture();
    let gw = Gateway::start();
    configure_cloud(&f.db, &gw);
    let out = warung(&f.db).args(["dispatch", "--once"]).env_remove("WARUNG_WHATSAPP_CLOUD_TOKEN").assert().failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("whatsapp_cloud.token") && err.contains("WARUNG_WHATSAPP_CLOUD_TOKEN"), "{err}");

    gw.script([Reply::new(401, r#"{"error":{"message":"Invalid OAuth access token","code":190}}"#)]);
    enqueue(&f.db, "receipt", 2, false);
    let out = warung(&f.db)
        .args(["dispatch", "--once"])
        .env("WARUNG_WHATSAPP_CLOUD_TOKEN", "very-secret-token")
        .env("WARUNG_LOG", "debug")
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("halted") && err.contains("--resume"), "{err}");
    assert!(!err.contains("very-secret-token"));
    let logs = f.db.parent().unwrap().join("logs");
    let mut logged = String::new();
    for entry in std::fs::read_dir(&logs).unwrap() {
        logged.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(logged.contains("halted"), "{logged}");
    assert!(!logged.contains("very-secret-token"), "a token was logged");

    let out = warung(&f.db)
        .args(["dispatch", "--once", "--resume"])
        .env("WARUNG_WHATSAPP_CLOUD_TOKEN", "very-secret-token")
        .assert()
        .success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("whatsapp_cloud resumed") && err.contains("sent 2"), "{err}");
}

fn graph_error(code: i64, message: &str) -> Reply {
    Reply::new(400, &format!(r#"{{"error":{{"message":"{message}","type":"OAuthException","code":{code}}}}}"#))
}

const HOUR: i64 = 3_600_000;

#[test]
fn the_per_user_marketing_limit_waits_a_day_two_and_three_then_skips() {
    let f = fixture();
    let gw = Gateway::start();
    let cap = || graph_error(131049, "This message was not delivered to maintain healthy ecosystem engagement.");
    gw.script([cap(), cap(), cap(), cap()]);
    let id = enqueue(&f.db, "campaign", 1, true)[0];
    let mut d = quick(Kind::Cloud, &gw, &f);
    for wait in [24, 48, 72] {
        run_once(&mut d);
        let s = state(&f.db, id);
        assert_eq!((s.status.as_str(), s.attempts), ("pending", 0), "not a failure");
        assert_eq!(s.next_attempt_at - f.clock.now_ms(), wait * HOUR);
        assert!(s.last_error.as_deref().unwrap().contains("131049"), "{:?}", s.last_error);
        f.clock.advance_ms(wait * HOUR - 1);
        let before = gw.requests().len();
        run_once(&mut d);
        assert_eq!(gw.requests().len(), before, "never retried sooner");
        f.clock.advance_ms(1);
    }
    let summary = run_once(&mut d);
    assert_eq!(summary.skipped, 1);
    let s = state(&f.db, id);
    assert_eq!(s.status, "skipped");
    assert!(s.last_error.as_deref().unwrap().contains("skipped after waiting 6 days"), "{:?}", s.last_error);
    assert_eq!(gw.requests().len(), 4);
}

#[test]
fn the_marketing_experiment_skips_and_holds_the_customer_back() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop(&f.db);
    let customer = opted_in_customer(&mut shop);
    gw.script([graph_error(130472, "User's number is part of an experiment")]);
    let ids = enqueue(&f.db, "campaign", 2, true);
    let receipt = enqueue(&f.db, "receipt", 1, true)[0];
    Store::open(&f.db).unwrap().conn().execute("UPDATE outbox SET customer_id = ?1", [customer]).unwrap();
    let summary = run_once(&mut quick(Kind::Cloud, &gw, &f));
    assert_eq!(summary.skipped, 2);
    let first = state(&f.db, ids[0]);
    assert_eq!(first.status, "skipped");
    assert!(first.last_error.as_deref().unwrap().contains("130472"), "{:?}", first.last_error);
    let second = state(&f.db, ids[1]);
    assert_eq!(second.status, "skipped", "the next marketing message is not even tried");
    assert!(second.last_error.as_deref().unwrap().contains("experiment for 30 more days"), "{:?}", second.last_error);
    assert_eq!(state(&f.db, receipt).status, "sent", "receipts still go");
    assert_eq!(gw.requests().len(), 2);
    assert_eq!(opt_in_of(&f.db, customer), 1, "not an opt-out");
    let until: i64 = Store::open(&f.db)
        .unwrap()
        .conn()
        .query_row("SELECT wa_marketing_paused_until FROM customers WHERE id = ?1", [customer], |r| r.get(0))
        .unwrap();
    assert_eq!(until - f.clock.now_ms(), 30 * 24 * HOUR);
}

#[test]
fn outside_the_window_free_text_is_sent_again_as_its_template() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = Shop::open(&f.db, f.clock.clone()).unwrap();
    shop.record_inbound("whatsapp_cloud", PHONE, "halo", Some("wamid.in1"), f.clock.now_ms() - 3_600_000).unwrap();
    gw.script([graph_error(131047, "Re-engagement message")]);
    let id = enqueue(&f.db, "receipt", 1, true)[0];
    run_once(&mut quick(Kind::Cloud, &gw, &f));
    let s = state(&f.db, id);
    assert_eq!(s.status, "sent");
    let kinds: Vec<String> = gw
        .requests()
        .iter()
        .map(|r| serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["text", "template"], "never retried as text");
}

#[test]
fn the_spam_rate_limit_pauses_marketing_on_the_channel_for_an_hour() {
    let f = fixture();
    let gw = Gateway::start();
    gw.script([graph_error(131048, "Spam rate limit hit")]);
    let campaigns = enqueue(&f.db, "campaign", 2, false);
    let mut d = quick(Kind::Cloud, &gw, &f);
    d.options_mut().marketing_daily_cap = 1000;
    run_once(&mut d);
    let first = state(&f.db, campaigns[0]);
    assert_eq!((first.status.as_str(), first.next_attempt_at - f.clock.now_ms()), ("pending", HOUR));
    assert_eq!(gw.requests().len(), 1, "the rest of the marketing waits");
    let receipt = enqueue(&f.db, "receipt", 1, false)[0];
    run_once(&mut d);
    assert_eq!(state(&f.db, receipt).status, "sent", "receipts still go");
    assert_eq!(state(&f.db, campaigns[1]).status, "pending");
    let shop = Shop::open(&f.db, f.clock.clone()).unwrap();
    let dashboard = shop.dashboard(&Actor::command_line()).unwrap();
    assert_eq!(dashboard.marketing_paused, Some(("whatsapp_cloud".to_string(), 60)));
    f.clock.advance_ms(HOUR);
    run_once(&mut d);
    assert_eq!(campaigns.iter().map(|id| state(&f.db, *id).status).collect::<Vec<_>>(), ["sent", "sent"]);
}

#[test]
fn a_template_problem_holds_every_queued_message_of_it() {
    for (code, title) in [
        (132015, "Template is paused"),
        (132016, "Template has been disabled"),
        (132001, "Template name does not exist in the translation"),
        (132000, "Number of parameters does not match the expected number of params"),
        (132012, "Parameter format does not match format in the created template"),
    ] {
        let f = fixture();
        let gw = Gateway::start();
        gw.script([graph_error(code, title)]);
        let promos = enqueue(&f.db, "campaign", 3, false);
        Store::open(&f.db).unwrap().conn().execute("UPDATE outbox SET template = 'promo'", []).unwrap();
        let receipt = enqueue(&f.db, "receipt", 1, false)[0];
        let summary = run_once(&mut quick(Kind::Cloud, &gw, &f));
        assert_eq!(summary.held, 1, "{code}");
        for id in &promos {
            let s = state(&f.db, *id);
            assert_eq!(s.status, "held", "{code}");
            assert!(s.last_error.as_deref().unwrap().contains(&code.to_string()), "{:?}", s.last_error);
        }
        assert_eq!(state(&f.db, receipt).status, "sent", "{code}: other templates go on");
        assert_eq!(gw.requests().len(), 2, "{code}: nothing more of the held template is tried");
    }
}

#[test]
fn twilio_codes_mean_the_same() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop(&f.db);
    let customer = opted_in_customer(&mut shop);
    gw.script([
        Reply::new(400, r#"{"code":63032,"message":"User's number is part of an experiment"}"#),
        Reply::new(400, r#"{"code":63049,"message":"Meta chose not to deliver this WhatsApp marketing message"}"#),
    ]);
    let ids = enqueue(&f.db, "campaign", 2, false);
    Store::open(&f.db)
        .unwrap()
        .conn()
        .execute("UPDATE outbox SET customer_id = ?1 WHERE id = ?2", [customer, ids[0]])
        .unwrap();
    run_once(&mut quick(Kind::Twilio, &gw, &f));
    assert_eq!(state(&f.db, ids[0]).status, "skipped");
    let later = state(&f.db, ids[1]);
    assert_eq!((later.status.as_str(), later.next_attempt_at - f.clock.now_ms()), ("pending", 24 * HOUR));
}

#[test]
fn marketing_is_never_delivered_after_its_campaigns_end() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop_on(&f.db, f.clock.clone());
    let owner = Actor::command_line();
    let campaign = shop.create_campaign(&owner, "Hari ini saja", None, "promo", 0).unwrap();
    shop.set_campaign_end(&owner, campaign.id, common::TODAY).unwrap();
    assert_eq!(shop.send_campaign(&owner, campaign.id).unwrap(), 2);
    f.clock.advance_ms(12 * HOUR); // past midnight in Jakarta: the campaign has ended
    let summary = run_once(&mut quick(Kind::Cloud, &gw, &f));
    assert_eq!((summary.sent, summary.skipped), (0, 2));
    let s = state(&f.db, 1);
    assert_eq!(s.status, "skipped");
    assert!(s.last_error.as_deref().unwrap().contains("before its end (2026-11-23 23:59)"), "{:?}", s.last_error);
    assert!(gw.requests().is_empty());
}

/// Four more opted-in customers beside the fixture's two.
fn more_customers(shop: &mut Shop) {
    for (i, name) in ["Bu Tini", "Pak Joko", "Mbak Rina", "Mas Bayu"].iter().enumerate() {
        let form = warung::domain::master::CustomerForm {
            name: name.to_string(),
            phone: format!("0813-0000-00{i}0"),
            tier: "retail".into(),
            wa_opt_in: "yes".into(),
            ..Default::default()
        };
        shop.create_customer(&Actor::command_line(), &form).unwrap();
    }
}

#[test]
fn the_campaigns_report_counts_sent_delivered_skipped_held_and_failed_with_the_real_cost() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop_on(&f.db, f.clock.clone());
    more_customers(&mut shop);
    let owner = Actor::command_line();
    let campaign = shop.create_campaign(&owner, "Gajian", None, "promo", 0).unwrap();
    assert_eq!(shop.send_campaign(&owner, campaign.id).unwrap(), 6);
    // By outbox id: delivered (priced), delivered (no pricing yet), 131049, 130472, 131026, 132015.
    gw.script([
        Reply::new(200, r#"{"messages":[{"id":"wamid.priced"}]}"#),
        Reply::new(200, r#"{"messages":[{"id":"wamid.unpriced"}]}"#),
        graph_error(131049, "healthy ecosystem"),
        graph_error(130472, "experiment"),
        graph_error(131026, "Message undeliverable"),
        graph_error(132015, "Template is paused"),
    ]);
    let summary = run_once(&mut quick(Kind::Cloud, &gw, &f));
    assert_eq!((summary.sent, summary.retrying, summary.skipped, summary.dead, summary.held), (2, 1, 1, 1, 1));
    let state = std::sync::Arc::new(
        warung::messaging::webhook::WebhookState::from_shop(Shop::open(&f.db, f.clock.clone()).unwrap()).unwrap(),
    );
    let delivered = |id: &str, pricing: Option<serde_json::Value>| {
        let mut status = serde_json::json!({"id": id, "status": "delivered", "timestamp": "1795410000"});
        if let Some(p) = pricing {
            status["pricing"] = p;
        }
        serde_json::json!({"entry": [{"changes": [{"field": "messages", "value": {"statuses": [status]}}]}]})
    };
    let priced =
        serde_json::json!({"billable": true, "pricing_model": "PMP", "category": "marketing", "type": "regular"});
    for payload in [delivered("wamid.priced", Some(priced)), delivered("wamid.unpriced", None)] {
        assert!(warung::messaging::webhook::apply_whatsapp(&state, &payload).is_ok());
    }
    let cost: Option<i64> = Store::open(&f.db)
        .unwrap()
        .conn()
        .query_row("SELECT cost FROM outbox WHERE provider_id = 'wamid.priced'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cost, Some(670), "messaging.price.marketing, billable");

    let out =
        warung(&f.db).args(["report", "campaigns", "--from", "2026-11-23", "--to", "2026-11-23"]).assert().success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}: {header:?}"))];
    let counts: Vec<&str> =
        ["recipients", "messages_sent", "delivered", "skipped", "held", "failed", "cost", "cost_estimated"]
            .iter()
            .map(|c| cell(c))
            .collect();
    // The paused template holds the message waiting out 131049 too (same template).
    // Cost: 670 reported for one, 670 estimated for the other delivered one.
    assert_eq!(counts, ["6", "2", "2", "1", "2", "1", "1340", "1"], "{csv}");
}

#[test]
fn the_marketing_experiment_sends_by_sms_when_an_sms_channel_is_configured() {
    let f = fixture();
    let gw = Gateway::start();
    let mut shop = common::fixture_shop(&f.db);
    let customer = opted_in_customer(&mut shop);
    gw.script([graph_error(130472, "User's number is part of an experiment")]);
    let id = enqueue(&f.db, "campaign", 1, true)[0];
    Store::open(&f.db).unwrap().conn().execute("UPDATE outbox SET customer_id = ?1", [customer]).unwrap();
    let mut d = quick(Kind::Cloud, &gw, &f);
    d.set_sms_channel(provider(Kind::Twilio, &gw, Duration::from_secs(5)));
    let summary = run_once(&mut d);
    assert_eq!((summary.skipped, summary.sent), (1, 1));
    let whatsapp = state(&f.db, id);
    assert_eq!(whatsapp.status, "skipped");
    assert!(whatsapp.last_error.as_deref().unwrap().contains("sent by SMS instead (#2)"), "{:?}", whatsapp.last_error);
    let sms = state(&f.db, 2);
    assert_eq!((sms.status.as_str(), sms.provider_id.as_deref()), ("sent", Some("SM2")));
    let requests = gw.requests();
    assert_eq!(requests[1].path, "/2010-04-01/Accounts/AC1/Messages.json");
    assert!(requests[1].body.contains("To=%2B628123456789"), "an SMS, not WhatsApp: {}", requests[1].body);
}
