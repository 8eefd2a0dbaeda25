//! `warung assistant test` and `warung report orders` through the real binary.

mod common;

use common::{fixture_shop, warung};
use warung::services::Actor;
use warung::store::Store;

struct Fixture {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

fn fixture(enabled: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = fixture_shop(&db);
    shop.set_setting(&Actor::command_line(), "assistant.enabled", if enabled { "yes" } else { "no" }).unwrap();
    Fixture { _dir: dir, db }
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    Store::open(db).unwrap().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn test(f: &Fixture, args: &[&str]) -> (String, String) {
    let out = warung(&f.db).args(["assistant", "test"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn test_prints_exactly_the_reply_and_changes_nothing() {
    let f = fixture(true);
    let (out, _) = test(&f, &["harga indomie goreng", "--from", "0812-3456-789"]);
    assert_eq!(out, "Harga:\n• Indomie Goreng 85g: Rp 3.500 /pcs\n");
    let (out, _) = test(&f, &["PESAN 2 indomie goreng", "--from", "0812-3456-789"]);
    assert!(out.starts_with("Pesanan #1:\n1. 2 pcs Indomie Goreng 85g × Rp 3.500 = Rp 7.000\n"), "{out}");
    for table in ["outbox", "orders", "inbox", "assistant_turns"] {
        assert_eq!(count(&f.db, &format!("SELECT COUNT(*) FROM {table}")), 0, "{table}");
    }
}

#[test]
fn apply_queues_the_reply_and_the_order_shows_in_the_report() {
    let f = fixture(true);
    let (out, err) = test(&f, &["pesan 2 indomie goreng, 1 kopi", "--from", "0812-3456-789", "--apply"]);
    assert!(out.contains("Tidak ditemukan: kopi\n"), "{out}");
    assert!(err.contains("queued as message 1"), "{err}");
    let (out, _) = test(&f, &["ya", "--from", "0812-3456-789", "--apply"]);
    assert!(out.starts_with("Pesanan #1 dikonfirmasi."), "{out}");
    assert_eq!(count(&f.db, "SELECT COUNT(*) FROM outbox WHERE kind = 'reply' AND status = 'pending'"), 2);
    assert_eq!(count(&f.db, "SELECT COUNT(*) FROM inbox"), 2, "the messages open the 24-hour window");
    let report =
        warung(&f.db).args(["report", "orders", "--from", "2026-11-23", "--to", "2026-11-23"]).output().unwrap();
    let csv = String::from_utf8(report.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "id,created,phone,customer_code,customer_name,status,lines,total,invoice");
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(cells[0], "1");
    assert!(cells[1].starts_with("2026-11-23"), "{}", lines[1]);
    assert_eq!(&cells[2..], ["628123456789", "M00001", "Bu Sri", "confirmed", "1", "7000", ""], "{}", lines[1]);
    assert_eq!(lines.len(), 2);
}

#[test]
fn owner_commands_need_the_owners_phone() {
    let f = fixture(true);
    let (menu, _) = test(&f, &["laporan", "--from", "0813-0000-1111"]);
    assert!(menu.starts_with("Halo! Ini asisten WhatsApp Toko Maju."), "{menu}");
    warung(&f.db).args(["user", "phone", "pemilik", "0813-0000-1111"]).assert().success();
    let (report, _) = test(&f, &["laporan", "--from", "0813-0000-1111"]);
    assert!(report.starts_with("Laporan 2026-11-23\nPenjualan bersih: Rp 0\nTransaksi: 0"), "{report}");
    warung(&f.db).args(["user", "phone", "kasir", "0813-0000-2222"]).assert().success();
    let (cashier, _) = test(&f, &["laporan", "--from", "0813-0000-2222"]);
    assert!(cashier.starts_with("Halo!"), "a cashier is no owner: {cashier}");
    warung(&f.db)
        .args(["user", "phone", "pemilik", "12"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("too short"));
}

#[test]
fn silence_is_explained_on_stderr() {
    let f = fixture(false);
    let (out, err) = test(&f, &["harga indomie", "--from", "0812-3456-789"]);
    assert_eq!(out, "");
    assert!(err.contains("no reply: the assistant is off (setting assistant.enabled)"), "{err}");
    warung(&f.db)
        .args(["assistant", "test", "jam", "--from", "pak budi"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--from"));
}

#[test]
fn test_prints_the_shops_own_reply_template_after_it_is_edited() {
    let f = fixture(true);
    let (out, _) = test(&f, &["alamat", "--from", "0812-3456-789"]);
    assert_eq!(out, "Alamat belum diisi; silakan hubungi toko.\n");
    let mut shop = warung::services::Shop::open(&f.db, common::clock()).unwrap();
    let mut address = shop.message_template("assistant_address").unwrap();
    address.body = "{% if address %}Kami di {{ address }}{% else %}{{ store_name }} belum punya alamat, tanya {{ customer_name or 'kami' }} ya{% endif %}".into();
    shop.save_message_template(&Actor::command_line(), &address).unwrap();
    let (out, _) = test(&f, &["alamat", "--from", "0812-3456-789"]);
    assert!(out.ends_with(" belum punya alamat, tanya Bu Sri ya\n"), "{out}");
    address.body = "Kami di {{ alamat }}".into();
    let err = shop.save_message_template(&Actor::command_line(), &address).unwrap_err().to_string();
    assert!(err.contains("undefined"), "{err}");
    let (out, _) = test(&f, &["alamat", "--from", "0812-3456-789"]);
    assert!(out.ends_with(" belum punya alamat, tanya Bu Sri ya\n"), "the refused edit changed nothing: {out}");
}
