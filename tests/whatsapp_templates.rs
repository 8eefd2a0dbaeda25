//! `warung whatsapp templates push|status` against the loopback Graph stand-in, the
//! request bodies checked field by field against Meta's documented shape; the template
//! webhooks; and the dispatcher never sending a template that is not approved.

mod common;
mod gateway;

use common::warung;
use gateway::{Gateway, Reply};
use serde_json::{Value, json};
use warung::store::Store;

struct Shop {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    gw: Gateway,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    common::fixture_shop(&db);
    let gw = Gateway::start();
    for (key, value) in [
        ("messaging.provider", "whatsapp_cloud"),
        ("whatsapp_cloud.base_url", gw.url.as_str()),
        ("whatsapp_cloud.phone_number_id", "PNID"),
        ("whatsapp_cloud.waba_id", "WABA1"),
        ("messaging.quiet_hours", "none"),
    ] {
        warung(&db).args(["config", "set", key, value]).assert().success();
    }
    Shop { _dir: dir, db, gw }
}

fn whatsapp(db: &std::path::Path, action: &str) -> assert_cmd::assert::Assert {
    warung(db).args(["whatsapp", "templates", action]).env("WARUNG_WHATSAPP_CLOUD_TOKEN", "graph-token").assert()
}

fn created(id: u32, category: &str) -> Reply {
    Reply::new(200, &format!(r#"{{"id":"{id}","status":"PENDING","category":"{category}"}}"#))
}

#[test]
fn push_creates_each_template_in_metas_shape_then_edits_it() {
    let s = shop();
    // By kind then key: birthday, promo, receipt, refill, payment_reminder, winback.
    s.gw.script([
        created(1001, "MARKETING"),
        created(1002, "MARKETING"),
        created(1003, "UTILITY"),
        created(1004, "MARKETING"),
        created(1005, "UTILITY"),
        created(1006, "MARKETING"),
    ]);
    let out = whatsapp(&s.db, "push").success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("receipt: receipt (id, \"UTILITY\") PENDING, id 1003"), "{err}");
    let requests = s.gw.requests();
    assert_eq!(requests.len(), 6);
    for r in &requests {
        assert_eq!(r.path, "/WABA1/message_templates");
        assert_eq!(r.authorization.as_deref(), Some("Bearer graph-token"));
    }
    let body = |name: &str| -> Value {
        let r = requests.iter().find(|r| r.body.contains(&format!(r#""name":"{name}""#))).unwrap();
        serde_json::from_str(&r.body).unwrap()
    };
    assert_eq!(
        body("receipt"),
        json!({
            "name": "receipt",
            "language": "id",
            "category": "UTILITY",
            "parameter_format": "positional",
            "components": [{
                "type": "BODY",
                "text": "Halo {{1}}, terima kasih sudah berbelanja di {{2}}. Nota {{3}}: total {{4}}.",
                "example": {"body_text": [["Bu Sri", "Toko Maju", "INV/261123/0001", "Rp 57.500"]]}
            }],
            "message_send_ttl_seconds": 43200
        })
    );
    let reminder = body("payment_reminder");
    assert_eq!(reminder["category"], "UTILITY");
    assert_eq!(
        reminder["components"][0]["text"],
        "Halo {{1}}, pengingat dari {{2}}: nota {{3}} sisa {{4}}, jatuh tempo {{5}}. Terima kasih."
    );
    assert_eq!(reminder["components"][0]["example"]["body_text"][0].as_array().unwrap().len(), 5);
    let promo = body("promo");
    assert_eq!(promo["category"], "MARKETING");
    assert_eq!(
        promo["components"][0]["text"],
        "Halo {{1}}, ada promo spesial minggu ini di {{2}}! Tunjukkan pesan ini di kasir."
    );
    assert_eq!(promo["components"][0]["example"]["body_text"], json!([["Bu Sri", "Toko Maju"]]));
    assert!(promo.get("message_send_ttl_seconds").is_none(), "time to live is for utility templates");
    for name in ["winback", "birthday", "refill"] {
        assert_eq!(body(name)["category"], "MARKETING");
    }

    // Pushed again: each is edited by its id (POST /{template-id}), name and language unchanged.
    s.gw.script((0..6).map(|_| Reply::new(200, r#"{"success":true}"#)));
    whatsapp(&s.db, "push").success();
    let edits = &s.gw.requests()[6..];
    let paths: Vec<&str> = edits.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/1001", "/1002", "/1003", "/1004", "/1005", "/1006"]);
    let edit: Value = serde_json::from_str(&edits[2].body).unwrap();
    assert!(edit.get("name").is_none() && edit.get("language").is_none(), "{edit}");
    assert_eq!(edit["category"], "UTILITY");
    assert_eq!(edit["components"][0]["type"], "BODY");
}

#[test]
fn push_reports_a_refused_template_without_the_token() {
    let s = shop();
    s.gw.script([Reply::new(
        400,
        r#"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_user_msg":"Message template name is already in use (token graph-token)"}}"#,
    )]);
    let out = whatsapp(&s.db, "push").failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("birthday: birthday (id) not pushed") && err.contains("already in use"), "{err}");
    assert!(!err.contains("graph-token"), "{err}");
}

fn status_page() -> Reply {
    Reply::new(
        200,
        &json!({"data": [
            {"name": "receipt", "language": "id", "status": "PAUSED", "category": "UTILITY", "id": "1003",
             "quality_score": {"score": "RED"}, "rejected_reason": "NONE"},
            {"name": "promo", "language": "id", "status": "APPROVED", "category": "MARKETING", "id": "1002",
             "quality_score": {"score": "GREEN"}, "rejected_reason": "NONE"},
            {"name": "winback", "language": "id", "status": "REJECTED", "category": "MARKETING", "id": "1005",
             "quality_score": {"score": "UNKNOWN"}, "rejected_reason": "INVALID_FORMAT"},
            {"name": "other_shop_template", "language": "en_US", "status": "APPROVED", "category": "UTILITY", "id": "9"}
        ], "paging": {"cursors": {"before": "a", "after": "b"}}})
        .to_string(),
    )
}

fn outbox_status(db: &std::path::Path, template: &str) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut stmt = store.conn().prepare("SELECT status FROM outbox WHERE template = ?1 ORDER BY id").unwrap();
    stmt.query_map([template], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn status_lists_status_quality_and_reason_and_the_dispatcher_sends_only_approved_templates() {
    let s = shop();
    s.gw.script([status_page()]);
    let out = whatsapp(&s.db, "status").success();
    let table = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "key\tname\tlanguage\tcategory\tstatus\tquality\treason");
    assert_eq!(lines[1], "receipt\treceipt\tid\tUTILITY\tPAUSED\tRED\t");
    assert_eq!(lines[2], "promo\tpromo\tid\tMARKETING\tAPPROVED\tGREEN\t");
    assert_eq!(lines[3], "winback\twinback\tid\tMARKETING\tREJECTED\tUNKNOWN\tINVALID_FORMAT");
    assert_eq!(lines[4], "\tother_shop_template\ten_US\tUTILITY\tAPPROVED\t\t");
    let request = &s.gw.requests()[0];
    assert_eq!(request.path, "/WABA1/message_templates");

    // A sale with a customer queues a receipt; the receipt template is paused: held.
    let mut shop = warung::services::Shop::open(&s.db, common::clock()).unwrap();
    let owner = warung::services::Actor::command_line();
    let campaign = shop.create_campaign(&owner, "Promo", None, "promo", 0).unwrap();
    shop.send_campaign(&owner, campaign.id).unwrap();
    // Due a minute before the binary's clock starts, whatever it reads.
    Store::open(&s.db)
        .unwrap()
        .conn()
        .execute("UPDATE outbox SET next_attempt_at = next_attempt_at - 60000", [])
        .unwrap();
    let receipt = Store::open(&s.db)
        .unwrap()
        .conn()
        .execute(
            "INSERT INTO outbox (created_at, kind, phone, template, params_json, body, dedupe_key, next_attempt_at, updated_at)
             SELECT created_at - 60000, 'receipt', '6281299998888', 'receipt', '{}', 'Halo', 'receipt:1', created_at - 60000,
                    created_at FROM outbox LIMIT 1",
            [],
        )
        .unwrap();
    assert_eq!(receipt, 1);
    warung(&s.db).args(["dispatch", "--once"]).env("WARUNG_WHATSAPP_CLOUD_TOKEN", "graph-token").assert().success();
    assert_eq!(outbox_status(&s.db, "receipt"), ["held"]);
    assert_eq!(outbox_status(&s.db, "promo"), ["sent", "sent"], "an approved template goes");
    let sent_templates: Vec<String> = s.gw.requests()[1..]
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["template"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent_templates, ["promo", "promo"]);
    let shown = warung(&s.db).args(["report", "messages"]).assert().success();
    let report = String::from_utf8_lossy(&shown.get_output().stdout).into_owned();
    assert!(report.contains("held") && report.contains("receipt is PAUSED on WhatsApp"), "{report}");
}
