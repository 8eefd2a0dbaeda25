//! Errors from the real binary speak the `--lang` language: the same refusal in
//! Indonesian and in English, never the English one in an Indonesian session.

mod common;

use common::warung;
use predicates::prelude::*;

fn shop() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    warung(&db).args(["init", "--owner", "ani", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    (dir, db)
}

#[test]
fn a_refusal_is_printed_in_the_chosen_language() {
    let (_dir, db) = shop();
    warung(&db)
        .args(["--lang", "id", "config", "set", "store.nama", "Toko"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("pengaturan 'store.nama' tidak dikenal"))
        .stderr(predicate::str::contains("unknown").not());
    warung(&db)
        .args(["--lang", "en", "config", "set", "store.nama", "Toko"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown setting 'store.nama'"));
}

#[test]
fn a_bad_value_and_an_unknown_item_too() {
    let (_dir, db) = shop();
    warung(&db)
        .args(["--lang", "id", "config", "set", "ui.language", "fr"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("ui.language harus salah satu dari: id, en"));
    warung(&db)
        .args(["--lang", "en", "config", "set", "ui.language", "fr"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("ui.language must be one of: id, en"));
    warung(&db)
        .args(["--lang", "id", "labels", "NOPE"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("barang NOPE tidak ditemukan"));
    warung(&db).args(["labels", "NOPE"]).assert().failure().stderr(predicate::str::contains("item NOPE not found"));
}

#[test]
fn without_lang_the_locale_decides() {
    let (_dir, db) = shop();
    warung(&db)
        .env("LANG", "id_ID.UTF-8")
        .args(["config", "set", "store.nama", "Toko"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("tidak dikenal"));
}

/// An items file with a problem in a cell, a repeated key and an unknown item.
const BAD_ITEMS: &str = "sku,name,price\nA1,Apel,12x\nA1,Apel lagi,1000\n";

#[test]
fn import_problems_keep_their_row_and_column_in_each_language() {
    let (dir, db) = shop();
    let file = dir.path().join("items.csv");
    std::fs::write(&file, BAD_ITEMS).unwrap();
    warung(&db)
        .args(["--lang", "id", "import", "items"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("tidak diimpor, tidak ada yang berubah"))
        .stderr(predicate::str::contains("baris 2, kolom price: '12x' bukan jumlah rupiah"))
        .stderr(predicate::str::contains("baris 3, kolom sku: A1 juga ada di baris 2"))
        .stderr(predicate::str::contains("row").not())
        .stderr(predicate::str::contains("column").not());
    warung(&db)
        .args(["--lang", "en", "import", "items"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("was not imported, nothing was changed"))
        .stderr(predicate::str::contains("row 2, column price: '12x' is not"))
        .stderr(predicate::str::contains("row 3, column sku: A1 is also on row 2"));
    let sales = dir.path().join("sales.csv");
    std::fs::write(&sales, "invoice,date,sku,qty,price\nH1,2026-13-01,NOPE,1,1000\n").unwrap();
    warung(&db)
        .env("LANG", "id_ID.UTF-8")
        .args(["import", "sales"])
        .arg(&sales)
        .assert()
        .failure()
        .stderr(predicate::str::contains("baris 2, kolom date: '2026-13-01' bukan tanggal"))
        .stderr(predicate::str::contains("baris 2, kolom sku: tidak ada barang dengan SKU NOPE"));
}

#[test]
fn a_good_import_reports_in_the_chosen_language() {
    let (dir, db) = shop();
    let file = dir.path().join("items.csv");
    std::fs::write(&file, "sku,name,price\nA1,Apel,1000\n").unwrap();
    warung(&db)
        .args(["--lang", "id", "import", "items", "--dry-run"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 baris: 1 dibuat, 0 diperbarui (uji coba: tidak ada yang ditulis)"));
    warung(&db)
        .args(["--lang", "en", "import", "items"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 row: 1 created, 0 updated"));
}

#[test]
fn command_line_refusals_speak_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    warung(&missing)
        .args(["--lang", "id", "report", "--list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("tidak ada toko di"))
        .stderr(predicate::str::contains("buat dengan `warung init`"));
    warung(&missing)
        .args(["--lang", "en", "report", "--list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no shop at"));
    let (_dir, db) = shop();
    let file = dir.path().join("items.csv");
    std::fs::write(&file, "sku,name,price\n").unwrap();
    warung(&db)
        .args(["--lang", "id", "import", "items", "--affect-stock"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--affect-stock hanya berlaku untuk `warung import sales`"));
    warung(&db)
        .args(["--lang", "id", "report", "laba"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("laporan 'laba' tidak dikenal (lihat `warung report --list`)"));
    warung(&db)
        .args(["--lang", "id", "report", "sales-summary", "--from", "2026-11-20", "--to", "2026-11-01"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--from 2026-11-20 sesudah --to 2026-11-01"));
    warung(&db)
        .args(["--lang", "id", "report", "sales-summary", "--from", "kemarin"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--from: 'kemarin' bukan tanggal; tulis sebagai YYYY-MM-DD"));
    warung(&db)
        .args(["--lang", "en", "report", "sales-summary", "--from", "yesterday"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--from: 'yesterday' is not a date; write it as YYYY-MM-DD"));
}

#[test]
fn the_list_of_reports_is_described_in_the_chosen_language() {
    let (_dir, db) = shop();
    warung(&db)
        .args(["--lang", "id", "report", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Penjualan per hari, minggu atau bulan"))
        .stdout(predicate::str::contains("Sales per day").not());
    warung(&db)
        .args(["--lang", "en", "report", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sales per day, week or month"));
}
