//! Every command family speaks the `--lang` language through the real binary: the
//! Indonesian sentence appears and the English one does not. The `key=value` lines
//! and tab-separated lists scripts read stay as they are.

mod common;

use std::path::{Path, PathBuf};

use common::warung;
use jiff::ToSpan;
use predicates::prelude::*;

/// (stdout, stderr) of a run in Indonesian that must succeed.
fn in_indonesian(db: &Path, args: &[&str]) -> (String, String) {
    let output = warung(db).args(["--lang", "id"]).args(args).output().unwrap();
    let (out, err) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap());
    assert!(output.status.success(), "warung {args:?} failed:\n{err}");
    (out, err)
}

/// Three opted-in customers with two cash sales each over the last two months.
fn shop_with_history(dir: &Path) -> PathBuf {
    let db = dir.join("shop.db");
    warung(&db).args(["init", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    let items = dir.join("items.csv");
    std::fs::write(&items, "sku,name,price,stock\nIDM,Indomie,3500,100\nBRS,Beras 5kg,70000,20\n").unwrap();
    warung(&db).args(["import", "items"]).arg(&items).assert().success();
    let mut history = String::from("invoice,date,sku,qty,price,customer_code,customer_phone,customer_name,payment\n");
    for n in 0..3 {
        for (visit, days_ago) in [(1, 50 + n), (2, 10 + n)] {
            let day = common::TODAY.checked_sub(days_ago.days()).unwrap();
            history.push_str(&format!("H-{n}-{visit},{day},IDM,2,3500,C{n:03},0812000000{n:02},Pelanggan {n},cash\n"));
        }
    }
    let sales = dir.join("sales.csv");
    std::fs::write(&sales, history).unwrap();
    warung(&db).args(["import", "sales"]).arg(&sales).assert().success();
    common::opt_in_everyone(&db);
    warung(&db).args(["config", "set", "messaging.quiet_hours", "none"]).assert().success();
    db
}

#[test]
fn segment_campaign_remind_dispatch_and_recommend_speak_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());

    let (summary, _) = in_indonesian(&db, &["segment", "--k", "2"]);
    assert!(summary.starts_with("3 pelanggan per 2026-11-23 dibagi ke k = 2 klaster (segmentasi 1)."), "{summary}");
    assert!(summary.contains("klaster") && summary.contains("pelanggan") && summary.contains("Segmen RFM:"));
    assert!(!summary.contains("Segmented") && !summary.contains("customers"), "{summary}");

    let (created, said) =
        in_indonesian(&db, &["campaign", "create", "--name", "Kangen", "--all", "--template", "promo"]);
    assert!(created.starts_with("id=1\nrecipients=3\nholdout=0\nestimated_cost="), "scripts read these: {created}");
    assert!(said.contains("kampanye 1 dibuat: 3 penerima, 0 ditahan sebagai pembanding, 3 akan dikirim"), "{said}");
    assert!(!said.contains("created"), "{said}");
    let (queued, said) = in_indonesian(&db, &["campaign", "send", "1"]);
    assert_eq!(queued, "queued=3\n");
    assert!(said.contains("kampanye 1: 3 pesan masuk antrean pengirim"), "{said}");

    let (_, said) = in_indonesian(&db, &["remind", "receivables"]);
    assert!(said.contains("0 pengingat pembayaran masuk antrean untuk 2026-11-23"), "{said}");
    let (_, said) = in_indonesian(&db, &["remind", "refills"]);
    assert!(said.contains("pengingat belanja ulang masuk antrean untuk 2026-11-23"), "{said}");
    assert!(!said.contains("queued for"), "{said}");

    let (_, said) = in_indonesian(&db, &["dispatch", "--once"]);
    assert!(said.contains("file: terkirim 3, dicoba lagi nanti 0"), "{said}");
    assert!(!said.contains("sent 3"), "{said}");

    let (counts, said) = in_indonesian(&db, &["recommend", "refresh"]);
    assert!(counts.starts_with("baskets="), "{counts}");
    assert!(said.contains("6 penjualan dihitung sampai 2026-11-23"), "{said}");
    assert!(said.contains("belum ada pasangan"), "{said}");
    assert!(!said.contains("sales counted") && !said.contains("no partners yet"), "{said}");
}

#[test]
fn the_assistant_says_why_it_is_silent_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    warung(&db).args(["config", "set", "assistant.enabled", "no"]).assert().success();
    let (reply, said) = in_indonesian(&db, &["assistant", "test", "menu", "--from", "081200000000"]);
    assert_eq!(reply, "");
    assert!(said.contains("tidak dibalas: asisten sedang mati (pengaturan assistant.enabled)"), "{said}");
    assert!(!said.contains("no reply"), "{said}");
}

#[test]
fn receipts_templates_and_files_that_exist_speak_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    let a4 = dir.path().join("faktur.html");
    let a4_arg = a4.to_str().unwrap();
    let (_, said) = in_indonesian(&db, &["receipt", "H-0-1", "--a4", a4_arg]);
    assert!(said.contains("faktur A4 ditulis ke"), "{said}");
    warung(&db)
        .args(["--lang", "id", "receipt", "H-0-1", "--a4", a4_arg])
        .assert()
        .failure()
        .stderr(predicate::str::contains("sudah ada (pakai --force untuk menggantinya)"))
        .stderr(predicate::str::contains("already exists").not());

    warung(&db)
        .args(["--lang", "id", "receipt", "H-0-1", "--print"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("printer: belum ada printer: isi printer.target dengan file:PATH"))
        .stderr(predicate::str::contains("no printer").not());

    let (shipped, _) = in_indonesian(&db, &["template", "show", "receipt.txt"]);
    let file = dir.path().join("receipt.txt");
    std::fs::write(&file, shipped).unwrap();
    let (_, said) = in_indonesian(&db, &["template", "set", "receipt.txt", file.to_str().unwrap()]);
    assert_eq!(said, "template receipt.txt disimpan\n");
    let (listed, _) = in_indonesian(&db, &["template", "list"]);
    assert!(listed.contains("receipt.txt\tshipped"), "a code for scripts: {listed}");
    let (_, said) = in_indonesian(&db, &["template", "reset", "receipt.txt"]);
    assert_eq!(said, "template receipt.txt kembali ke bawaan\n");
    warung(&db)
        .args(["--lang", "id", "template", "set", "receipt.txt", "/nonexistent/receipt.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("tidak bisa membaca /nonexistent/receipt.txt"));
}

#[test]
fn doctor_findings_speak_indonesian_and_keep_their_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    let (fine, _) = in_indonesian(&db, &["doctor"]);
    assert!(fine.starts_with("ok: integritas"), "{fine}");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE items SET on_hand = on_hand + 1000 WHERE sku = 'IDM'", [])
        .unwrap();
    let output = warung(&db).args(["--lang", "id", "doctor"]).output().unwrap();
    let (found, said) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap());
    assert_eq!(output.status.code(), Some(1), "problems found: {said}");
    assert_eq!(found, "stok: barang IDM tercatat 101 di tangan tetapi buku stoknya berjumlah 100\n");
    assert!(said.contains("masalah yang ditemukan doctor: 1"), "{said}");
    let english = warung(&db).args(["--lang", "en", "doctor"]).output().unwrap();
    assert_eq!(
        String::from_utf8(english.stdout).unwrap(),
        "stock: item IDM shows 101 on hand but its ledger adds up to 100\n"
    );
}

#[test]
fn the_webhook_receiver_greets_in_indonesian() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = shop_with_history(dir.path());
    warung(&db).args(["config", "set", "messaging.provider", "fonnte"]).assert().success();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("warung"));
    common::neutral_env(&mut cmd);
    let mut server = cmd
        .arg("--db")
        .arg(&db)
        .args(["--lang", "id", "webhook", "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = Vec::new();
    for line in BufReader::new(server.stderr.as_mut().unwrap()).lines() {
        let line = line.unwrap();
        let listening = line.starts_with("mendengarkan di http://127.0.0.1:");
        said.push(line);
        if listening || said.len() > 10 {
            break;
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let said = said.join("\n");
    assert!(said.contains("URL webhook Fonnte, hanya ditampilkan sekali ini"), "{said}");
    assert!(said.contains("mendengarkan di http://"), "{said}");
    assert!(!said.contains("shown only this once") && !said.contains("listening on"), "{said}");
}
