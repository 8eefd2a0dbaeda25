//! Messaging hardening through the real binary: the file provider settles what a
//! killed dispatcher left `unknown`, provider text never carries a credential into
//! the database, the logs or a report, the Fonnte webhook secret is made and shown
//! once, and templates that do too much are refused with the reason.

mod common;
mod gateway;

use std::path::Path;

use common::warung;
use gateway::{Gateway, Reply};
use warung::clock::Clock;
use warung::store::outbox::{self, ClaimKinds, NewMessage};
use warung::store::{Store, StoreError};

const ALL: ClaimKinds = ClaimKinds { reminders: true, marketing: true };

fn enqueue(db: &Path, n: usize) -> Vec<i64> {
    let mut store = Store::open(db).unwrap();
    store
        .write(|tx| {
            let mut ids = Vec::new();
            for k in 0..n {
                outbox::enqueue(
                    tx,
                    &NewMessage {
                        kind: "receipt",
                        channel: "whatsapp",
                        phone: &format!("62812{k:07}"),
                        customer_id: None,
                        template: "receipt",
                        params_json: r#"{"wa_template":"receipt","wa_params":["Bu Sri"]}"#,
                        body: &format!("pesan {k}"),
                        dedupe_key: &format!("h:{k}"),
                        // A minute before the binary's clock starts: due whatever it reads.
                        at: common::clock().now_ms() - 60_000,
                    },
                )?;
                ids.push(tx.last_insert_rowid());
            }
            Ok::<_, StoreError>(ids)
        })
        .unwrap()
}

fn status(db: &Path, id: i64) -> outbox::MessageState {
    outbox::state_of(Store::open(db).unwrap().conn(), id).unwrap().unwrap()
}

/// The ids of the whole JSON lines in the file provider's output.
fn lines_per_id(file: &Path) -> std::collections::HashMap<i64, usize> {
    let mut counts = std::collections::HashMap::new();
    for line in std::fs::read_to_string(file).unwrap().lines() {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(line) {
            *counts.entry(value["id"].as_i64().unwrap()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn unknown_file_provider_messages_are_settled_from_the_file_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    common::fixture_shop(&db);
    let ids = enqueue(&db, 3);
    // A dispatcher took all three, began sending and was killed: the first line was
    // written whole, the second half-way, the third not at all.
    {
        let store = Store::open(&db).unwrap();
        // Its lease ran out before the binary's clock starts.
        let then = common::clock().now_ms() - 30_000;
        outbox::claim(store.conn(), then, then + 1_000, 10, ALL).unwrap();
        for id in &ids {
            assert!(outbox::begin_attempt(store.conn(), *id, "file", then).unwrap());
        }
    }
    let file = dir.path().join("messages.jsonl");
    let whole = serde_json::json!({"id": ids[0], "kind": "receipt", "to": "628120000000", "body": "pesan 0"});
    std::fs::write(&file, format!("{whole}\n{{\"id\":{},\"kind\":\"rec", ids[1])).unwrap();

    let out = warung(&db).args(["dispatch", "--once"]).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let states: Vec<_> = ids.iter().map(|id| status(&db, *id)).collect();
    assert!(err.contains("sent 2"), "{err} {states:?}");
    for id in &ids {
        let s = status(&db, *id);
        assert_eq!(s.status, "sent", "message {id}: {s:?}");
        assert_eq!(s.provider_id, Some(format!("file-{id}")));
        assert_eq!(s.attempts, 1, "message {id}: the lost attempt is not counted twice");
    }
    let lines = lines_per_id(&file);
    assert_eq!(ids.iter().map(|id| lines.get(id).copied()).collect::<Vec<_>>(), [Some(1); 3], "{lines:?}");
    // Nothing is left waiting for a webhook that will never come.
    warung(&db).args(["dispatch", "--once"]).assert().success();
    assert_eq!(lines_per_id(&file).values().sum::<usize>(), 3);
}

#[test]
fn provider_text_echoing_credentials_is_redacted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    common::fixture_shop(&db);
    let gw = Gateway::start();
    for (key, value) in [
        ("messaging.provider", "twilio"),
        ("twilio.base_url", gw.url.as_str()),
        ("twilio.account_sid", "AC1"),
        ("twilio.from", "+14155238886"),
        ("messaging.quiet_hours", "none"),
    ] {
        warung(&db).args(["config", "set", key, value]).assert().success();
    }
    // Twilio's Basic credentials for AC1:tw-secret-2026, and the token itself.
    let basic = "QUMxOnR3LXNlY3JldC0yMDI2";
    gw.script([
        Reply::new(
            400,
            &format!(
                r#"{{"code":21211,"message":"Invalid To. Request was: Authorization: Basic {basic} token tw-secret-2026"}}"#
            ),
        ),
        Reply::new(500, r#"{"message":"upstream said: bearer EAAGm0PX4ZCpsBAgarbage42 expired"}"#),
    ]);
    let ids = enqueue(&db, 2);
    let out = warung(&db)
        .args(["dispatch", "--once"])
        .env("WARUNG_TWILIO_AUTH_TOKEN", "tw-secret-2026")
        .env("WARUNG_LOG", "debug")
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let dead = status(&db, ids[0]);
    assert_eq!(dead.status, "dead");
    let error = dead.last_error.unwrap();
    assert!(error.contains("21211") && error.contains("[redacted]"), "{error}");
    let retrying = status(&db, ids[1]).last_error.unwrap();
    assert!(retrying.contains("bearer [redacted]"), "{retrying}");
    let report = warung(&db).args(["report", "messages"]).assert().success();
    let report = String::from_utf8_lossy(&report.get_output().stdout).into_owned();
    assert!(report.contains("[redacted]"), "{report}");
    let mut logged = String::new();
    for entry in std::fs::read_dir(dir.path().join("logs")).unwrap() {
        logged.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for (place, text) in [("last_error", &error), ("stderr", &stderr), ("report", &report), ("log", &logged)] {
        for secret in ["tw-secret-2026", basic, "EAAGm0PX4ZCpsBAgarbage42"] {
            assert!(!text.contains(secret), "{secret} in the {place}: {text}");
        }
    }
}

fn post_json(url: &str, payload: &serde_json::Value) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async { reqwest::Client::new().post(url).json(payload).send().await.unwrap().status().as_u16() })
}

#[test]
fn the_fonnte_webhook_secret_is_made_once_and_shown_once() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    common::fixture_shop(&db);
    warung(&db).args(["config", "set", "messaging.provider", "fonnte"]).assert().success();
    let start = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("warung"));
        common::neutral_env(&mut cmd);
        cmd.arg("--db")
            .arg(&db)
            .args(["webhook", "--listen", "127.0.0.1:0"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // What the server says until it listens.
    let greeting = |child: &mut std::process::Child| {
        let mut said = Vec::new();
        for line in BufReader::new(child.stderr.as_mut().unwrap()).lines() {
            let line = line.unwrap();
            let done = line.starts_with("listening on");
            said.push(line);
            if done {
                break;
            }
        }
        said
    };
    let mut first = start();
    let said = greeting(&mut first);
    let url = said.iter().find_map(|l| l.trim().strip_prefix("http://").filter(|u| u.contains("/webhooks/fonnte/")));
    let url = format!("http://{}", url.unwrap_or_else(|| panic!("no webhook URL in {said:?}")));
    let token = url.rsplit('/').next().unwrap().to_string();
    assert_eq!(token.len(), 32, "{url}");
    let inbound = serde_json::json!({"device": "628110", "sender": "628123456789", "message": "BERHENTI"});
    assert_eq!(post_json(&url, &inbound), 200);
    let without = url.trim_end_matches(&token).to_string();
    assert_ne!(post_json(&without, &inbound), 200);
    first.kill().unwrap();
    first.wait().unwrap();

    let mut second = start();
    let said = greeting(&mut second).join("\n");
    second.kill().unwrap();
    second.wait().unwrap();
    assert!(!said.contains(&token), "shown only once: {said}");
    let shown = warung(&db).args(["config", "get", "fonnte.webhook_token"]).assert().success();
    assert!(!String::from_utf8_lossy(&shown.get_output().stdout).contains(&token), "config get masks it");
}

#[test]
fn webhook_refuses_to_start_without_a_provider_that_has_webhooks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    common::fixture_shop(&db);
    let out = warung(&db).args(["webhook", "--listen", "127.0.0.1:0"]).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("messaging.provider is file"), "{err}");
}

#[test]
fn templates_that_do_too_much_are_refused_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    common::fixture_shop(&db);
    let cases = [
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "too much work"),
        ("{{ 'x' * 100000000 }}", "longer than 1024 KiB"),
        ("{% for i in range(100000) %}{{ 'abcdefghijklmnopqrstuvwxyz' }}{% endfor %}", "longer than 1024 KiB"),
    ];
    for (body, reason) in cases {
        let file = dir.path().join("slow.txt");
        std::fs::write(&file, body).unwrap();
        for action in ["set", "preview"] {
            let out = warung(&db).args(["template", action, "receipt.txt"]).arg(&file).assert().failure();
            let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert!(err.contains(reason), "{action} {body}: {err}");
        }
    }
    let shown = warung(&db).args(["template", "list"]).assert().success();
    assert!(String::from_utf8_lossy(&shown.get_output().stdout).contains("receipt.txt\tshipped"));
}
