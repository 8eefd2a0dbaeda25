//! Hardening (issue 12) through the real binary: honest money parsing, a ceiling on
//! amounts, questionable values refused, control characters kept off the terminal,
//! private files, one-sentence errors and `--force` for existing outputs.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::warung;
use predicates::prelude::*;

struct Shop {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Shop {
    fn new() -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        warung(&db).args(["init", "--owner", "ani", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
        Shop { dir, db }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Import `csv` as `kind`; the stderr of a refused import, or "" when it succeeded.
    fn import(&self, kind: &str, csv: &str) -> String {
        let file = self.file(&format!("{kind}.csv"), csv);
        let output = warung(&self.db).args(["import", kind]).arg(&file).output().unwrap();
        if output.status.success() { String::new() } else { String::from_utf8(output.stderr).unwrap() }
    }

    fn query<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        rusqlite::Connection::open(&self.db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn money_in_an_import_is_grouped_by_three_and_has_no_cents() {
    let shop = Shop::new();
    let refused = shop.import("items", "sku,name,price,cost\nA,Apel,1.5,1000\nB,Beras,12500,\"2,50\"\n");
    assert!(refused.contains("row 2, column price: '1.5' is not a whole amount of rupiah"), "{refused}");
    assert!(refused.contains("row 3, column cost: '2,50' is not a whole amount of rupiah"), "{refused}");
    assert_eq!(shop.query::<i64>("SELECT count(*) FROM items"), 0, "nothing written");

    let accepted = shop.import(
        "items",
        "sku,name,price,cost,stock\nA,Apel,12500.00,\"12.000,00\",1.5\nB,Beras,\"12,500\",12.000,\"2,5\"\n",
    );
    assert_eq!(accepted, "");
    assert_eq!(shop.query::<i64>("SELECT sum(price_retail) FROM items"), 25_000);
    assert_eq!(shop.query::<i64>("SELECT sum(cost) FROM items"), 24_000);
    // Quantities keep `.` and `,` as the decimal point: 1.5 + 2,5 = 4 units.
    assert_eq!(shop.query::<i64>("SELECT sum(qty) FROM stock_moves"), 4_000);

    let sales = shop.import("sales", "invoice,date,sku,qty,price\nH-1,2026-01-05,A,1,12500.50\n");
    assert!(sales.contains("row 2, column price: '12500.50' is not a whole amount of rupiah"), "{sales}");
}

#[test]
fn amounts_above_ten_billion_are_refused_everywhere() {
    let shop = Shop::new();
    let huge = "9223372036854775807";
    let items = shop.import("items", &format!("sku,name,price\nA,Apel,{huge}\nB,Beras,10000000001\n"));
    assert!(items.contains("row 2, column price: amount is above the limit of Rp 10.000.000.000"), "{items}");
    assert!(items.contains("row 3, column price: amount is above the limit"), "{items}");
    assert_eq!(shop.import("items", "sku,name,price\nA,Apel,10.000.000.000\n"), "");

    let customers = shop.import("customers", "name,credit_limit\nBu Sri,20.000.000.000\n");
    assert!(customers.contains("row 2, column credit_limit: amount is above the limit"), "{customers}");

    // A line of 2 at the ceiling is above it too.
    let sales = shop.import("sales", "invoice,date,sku,qty,price\nH-1,2026-01-05,A,2,10000000000\n");
    assert!(sales.contains("row 2, column price:") && sales.contains("more than the limit"), "{sales}");
    assert_eq!(shop.query::<i64>("SELECT count(*) FROM sales"), 0);
}

#[test]
fn questionable_item_values_and_weak_passwords_are_refused() {
    let shop = Shop::new();
    let refused = shop.import(
        "items",
        "sku,name,price,price_wholesale1,min_qty_wholesale1,price_wholesale2,min_qty_wholesale2,stock\n\
         A,Apel,5000,6000,10,,,\n\
         B,Beras,5000,4500,0,,,\n\
         C,Cabe,5000,,,,,-3\n",
    );
    assert!(
        refused.contains("row 2, column price_wholesale1: Rp 6.000 is above the retail price Rp 5.000"),
        "{refused}"
    );
    assert!(refused.contains("row 3, column min_qty_wholesale1: must be more than 0"), "{refused}");
    assert!(refused.contains("row 4, column stock: opening stock -3 must not be below 0"), "{refused}");
    assert_eq!(shop.query::<i64>("SELECT count(*) FROM items"), 0);

    for weak in ["password", "aaaaaaaa", "1234567"] {
        warung(&shop.db)
            .args(["user", "add", "sari", "--password-stdin"])
            .write_stdin(format!("{weak}\n"))
            .assert()
            .failure()
            .stderr(predicate::str::contains("at least 8").or(predicate::str::contains("choose another")));
    }
    warung(&shop.db).args(["user", "add", "sari", "--password-stdin"]).write_stdin("Jeruk-Nipis7\n").assert().success();
}

#[test]
fn control_characters_are_refused_in_names_and_stripped_from_receipts() {
    let shop = Shop::new();
    let refused = shop.import("items", "sku,name,price\nA,\"Kopi\u{1b}]0;pwned\u{7}\",5000\n");
    assert!(refused.contains("row 2, column name: must not contain control characters"), "{refused}");
    let customers = shop.import("customers", "name,address\n\"Bu\rSri\",Jl. Melati\n");
    assert!(customers.contains("row 2, column name: must not contain control characters"), "{customers}");

    // A name stored before the rule (or written by another tool) never reaches the terminal raw.
    assert_eq!(shop.import("items", "sku,name,price\nA,Kopi,5000\n"), "");
    assert_eq!(shop.import("sales", "invoice,date,sku,qty,price\nH-1,2026-01-05,A,1,5000\n"), "");
    rusqlite::Connection::open(&shop.db)
        .unwrap()
        .execute("UPDATE items SET name = 'Kopi' || char(27) || ']0;pwned' || char(7) || char(0)", [])
        .unwrap();
    let output = warung(&shop.db).args(["receipt", "H-1"]).output().unwrap();
    assert!(output.status.success());
    let receipt = String::from_utf8(output.stdout).unwrap();
    assert!(receipt.contains("Kopi]0;pwned"), "{receipt}");
    assert!(!receipt.chars().any(|c| c.is_control() && c != '\n'), "{receipt:?}");
}

#[test]
fn a4_invoices_and_exports_are_private_and_never_replaced_without_force() {
    let shop = Shop::new();
    assert_eq!(shop.import("items", "sku,name,price\nA,Kopi,5000\n"), "");
    assert_eq!(shop.import("sales", "invoice,date,sku,qty,price\nH-1,2026-01-05,A,1,5000\n"), "");
    let a4 = shop.dir.path().join("faktur.html");
    warung(&shop.db).args(["receipt", "H-1", "--a4"]).arg(&a4).assert().success();
    assert_eq!(mode(&a4), 0o600);
    warung(&shop.db)
        .args(["receipt", "H-1", "--a4"])
        .arg(&a4)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists (use --force to replace it)"));
    warung(&shop.db).args(["receipt", "H-1", "--force", "--a4"]).arg(&a4).assert().success();

    let out = shop.file("items.csv", "keep me");
    for args in [&["export", "items", "--output"][..], &["report", "stock-levels", "--output"][..]] {
        warung(&shop.db)
            .args(args)
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains("already exists (use --force to replace it)"));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
        warung(&shop.db).args(args).arg(&out).arg("--force").assert().success();
        assert_eq!(mode(&out), 0o600);
        std::fs::write(&out, "keep me").unwrap();
    }
}

#[test]
fn an_error_says_its_cause_once() {
    let shop = Shop::new();
    let output =
        warung(&shop.db).args(["report", "stock-levels", "--force", "--output"]).arg(shop.dir.path()).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!output.status.success());
    assert_eq!(stderr.matches("Is a directory").count(), 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn control_characters_are_refused_in_settings_and_user_names() {
    let shop = Shop::new();
    warung(&shop.db)
        .args(["config", "set", "store.name", "Toko\u{1b}]0;x\u{7}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("must not contain control characters"));
    warung(&shop.db)
        .args(["user", "add", "sari", "--name", "Sari\u{1b}[2J", "--password-stdin"])
        .write_stdin("Jeruk-Nipis7\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("must not contain control characters"));
}

#[test]
fn a_secret_setting_comes_from_standard_input_not_the_command_line() {
    let shop = Shop::new();
    warung(&shop.db)
        .args(["config", "set", "fonnte.token", "--stdin"])
        .write_stdin("rahasia-token-123\n")
        .assert()
        .success();
    warung(&shop.db)
        .args(["config", "get", "fonnte.token", "--reveal"])
        .assert()
        .success()
        .stdout("rahasia-token-123\n");
    warung(&shop.db).args(["config", "get", "fonnte.token"]).assert().success().stdout(predicate::str::contains("***"));
    warung(&shop.db).args(["config", "set", "fonnte.token"]).assert().failure();
}

#[test]
fn an_owner_unlocks_a_locked_user_from_the_command_line() {
    let shop = Shop::new();
    warung(&shop.db).args(["user", "add", "sari", "--password-stdin"]).write_stdin("Jeruk-Nipis7\n").assert().success();
    // Lock sari far in the future, so the binary's own clock sees the lock.
    let clock = std::sync::Arc::new(warung::clock::FixedClock::jakarta_noon(jiff::civil::date(2099, 1, 1)));
    let mut till = warung::services::Shop::open(&shop.db, clock.clone()).unwrap();
    for _ in 0..5 {
        assert!(till.login("sari", "salah-lagi").is_err());
        clock.advance_ms(60_000);
    }
    let refused = till.login("sari", "Jeruk-Nipis7").unwrap_err().to_string();
    clock.advance_ms(60_000);
    assert_eq!(refused, till.login("nobody", "Jeruk-Nipis7").unwrap_err().to_string(), "locked looks like unknown");
    let users = warung(&shop.db).args(["user", "list"]).output().unwrap().stdout;
    assert!(String::from_utf8(users).unwrap().contains("sari,,cashier,yes,yes"));

    warung(&shop.db).args(["user", "unlock", "sari"]).assert().success().stderr("user sari unlocked\n");
    clock.advance_ms(60_000);
    assert_eq!(till.login("sari", "Jeruk-Nipis7").unwrap().username, "sari");
    warung(&shop.db).args(["user", "unlock", "nobody"]).assert().failure();
}

/// Every `after` value of the settings changes recorded in `db`.
fn settings_changes(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT after FROM audit_log WHERE action = 'settings.change'").unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn every_write_reported_saved_during_repeated_restores_is_kept() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let shop = Shop::new();
    let backup = shop.dir.path().join("backup.db");
    warung(&shop.db).arg("backup").arg(&backup).assert().success();
    let writing = Arc::new(AtomicBool::new(true));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (db, writing) = (shop.db.clone(), writing.clone());
            std::thread::spawn(move || {
                let mut saved = Vec::new();
                for i in 0.. {
                    if !writing.load(Ordering::Relaxed) {
                        break;
                    }
                    let value = format!("writer{w}-{i}");
                    let output = warung(&db).args(["config", "set", "store.address", &value]).output().unwrap();
                    if output.status.success() {
                        saved.push(value);
                    }
                }
                saved
            })
        })
        .collect();
    let mut restores = 0;
    for _ in 0..6 {
        let output = warung(&shop.db).arg("restore").arg(&backup).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        if output.status.success() {
            restores += 1;
        } else {
            assert!(stderr.contains("open in another warung"), "{stderr}");
        }
    }
    writing.store(false, Ordering::Relaxed);
    let saved: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert!(restores > 0, "no restore ran between the writers");
    assert!(!saved.is_empty(), "no write was saved");

    // The shop now, plus every copy a restore kept of the shop it replaced.
    let mut found = settings_changes(&shop.db);
    for entry in std::fs::read_dir(shop.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("shop.db.before-restore-") && !name.ends_with("-wal") {
            found.extend(settings_changes(&path));
        }
    }
    let lost: Vec<&String> = saved.iter().filter(|v| !found.contains(v)).collect();
    assert!(lost.is_empty(), "{} of {} saved writes lost in {restores} restores: {lost:?}", lost.len(), saved.len());
}

#[test]
fn backups_remove_the_temporary_copies_of_killed_backups() {
    let shop = Shop::new();
    let folder = shop.dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let stale = folder.join(".warung-backup-AbC123.tmp");
    let running = folder.join(".warung-backup-XyZ789.tmp");
    let stranger = folder.join("notes.tmp");
    for path in [&stale, &running, &stranger] {
        std::fs::write(path, "half a copy").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 60 * 60);
    for path in [&stale, &stranger] {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(two_hours_ago).unwrap();
    }
    warung(&shop.db).arg("backup").arg(folder.join("today.db")).assert().success();
    assert!(!stale.exists(), "a killed backup's copy is removed");
    assert!(running.exists(), "a copy a backup may still be writing stays");
    assert!(stranger.exists(), "other files are left alone");

    // `backup --auto` cleans up too, also on a day whose backup is already made.
    warung(&shop.db).args(["backup", "--auto"]).assert().success();
    std::fs::write(&stale, "half a copy").unwrap();
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(two_hours_ago).unwrap();
    warung(&shop.db).args(["backup", "--auto"]).assert().success().stderr(predicate::str::contains("already exists"));
    assert!(!stale.exists(), "the next automatic backup run removes it");
    assert!(running.exists());
}

#[test]
fn imported_dates_must_fall_between_2000_and_2100() {
    let shop = Shop::new();
    assert_eq!(shop.import("items", "sku,name,price\nA,Kopi,5000\n"), "");
    let sales = shop.import(
        "sales",
        "invoice,date,sku,qty,price\nH-1,1999-12-31,A,1,5000\nH-2,2101-01-01 08:00,A,1,5000\nH-3,9999-12-31,A,1,5000\n",
    );
    assert!(sales.contains("row 2, column date: 1999-12-31 is outside the years 2000 to 2100"), "{sales}");
    assert!(sales.contains("row 3, column date: 2101-01-01 is outside the years 2000 to 2100"), "{sales}");
    assert!(sales.contains("row 4, column date: 9999-12-31 is outside"), "{sales}");
    assert_eq!(shop.import("sales", "invoice,date,sku,qty,price\nH-1,2000-01-01,A,1,5000\n"), "");
    let customers = shop.import("customers", "name,birthday\nBu Sri,01/01/1850\nPak Budi,17/08/1945\n");
    assert!(customers.contains("row 2, column birthday: 1850-01-01 is outside the years 1900 to 2100"), "{customers}");
    assert!(!customers.contains("row 3"), "{customers}");
}

#[test]
fn a_busy_shop_is_said_once_with_what_to_do() {
    let shop = Shop::new();
    let holder = rusqlite::Connection::open(&shop.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;").unwrap();
    let output = warung(&shop.db).args(["config", "set", "store.name", "Toko Baru"]).output().unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!output.status.success());
    assert_eq!(stderr.matches("database is locked").count(), 1, "{stderr}");
    assert!(stderr.contains("a till, an import, a backup or a restore; wait a moment and try again"), "{stderr}");
    assert!(stderr.contains("`warung doctor` shows an import that was stopped half-way"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    holder.execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;").unwrap();
    let output = warung(&shop.db).args(["--lang", "id", "config", "set", "store.name", "Toko Baru"]).output().unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("kasir, impor, cadangan atau pemulihan; tunggu sebentar lalu coba lagi"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn doctor_finds_amounts_stored_above_the_limit() {
    let shop = Shop::new();
    assert_eq!(shop.import("items", "sku,name,price\nA,Kopi,5000\n"), "");
    warung(&shop.db).arg("doctor").assert().success();
    rusqlite::Connection::open(&shop.db)
        .unwrap()
        .execute("UPDATE items SET price_retail = 9223372036854775807", [])
        .unwrap();
    warung(&shop.db)
        .arg("doctor")
        .assert()
        .failure()
        .stdout(predicate::str::contains("amount: item A has an amount above the limit of Rp 10.000.000.000"));
}

#[test]
fn totals_that_do_not_fit_fail_loudly_instead_of_saturating() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    warung(&db).args(["init", "--demo"]).assert().success();
    let report = || {
        let range = ["--from", "2000-01-01", "--to", "2099-12-31"];
        warung(&db).args(["report", "purchase-summary", "--group-by", "month"]).args(range).output().unwrap()
    };
    assert!(report().status.success());
    // Two purchases of the largest amount SQLite holds: their sum does not fit.
    rusqlite::Connection::open(&db).unwrap().execute("UPDATE purchases SET total = 9223372036854775807", []).unwrap();
    let output = report();
    let (stdout, stderr) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap());
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("a total does not fit"), "{stderr}");
    assert!(!stdout.contains("9223372036854775807"), "no saturated figure is printed");
}

#[test]
fn a_terminal_slows_down_after_wrong_logins_whatever_the_names_and_names_are_not_told() {
    let mut h = common::Harness::new(warung::tui::i18n::Lang::En);
    h.login("pemilik", "salah-lagi");
    let real_name = h.screen(80, 24);
    // The login form after a wrong password for a real name and for an unknown one.
    h.login("nobody", "salah-lagi");
    assert_eq!(h.screen(80, 24), real_name, "an unknown name answers as a real one");
    h.login("kasir", "salah-lagi");
    h.login("pemilik", "rahasia1");
    let screen = h.screen(80, 24);
    assert!(screen.contains("too many wrong logins here"), "{screen}");
    // The slowdown is this terminal's: the owner's account is not locked by it.
    assert_eq!(h.other_process().login("pemilik", "rahasia1").unwrap().username, "pemilik");
}
