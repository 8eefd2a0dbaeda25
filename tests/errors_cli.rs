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
