//! Backups and restore through the services, on real files with other connections open.

mod common;

use std::path::Path;
use std::sync::Arc;

use rusqlite::Connection;
use warung::clock::FixedClock;
use warung::lang::Lang;
use warung::services::backup::{self, daily_file_name};
use warung::services::{Actor, Shop};
use warung::store::{self, Store};

fn shop_at(path: &Path, clock: Arc<FixedClock>) -> Shop {
    let mut shop = Shop::open(path, clock).unwrap();
    shop.set_setting(&Actor::command_line(), "store.name", "Toko Maju").unwrap();
    shop
}

fn store_name(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    conn.query_row("SELECT value FROM settings WHERE key = 'store.name'", [], |r| r.get(0)).unwrap()
}

/// SQLite's own whole-file check, independent of warung's split one.
fn integrity(path: &Path) -> Vec<String> {
    pragma_lines(&Connection::open(path).unwrap(), "PRAGMA integrity_check")
}

fn pragma_lines(conn: &Connection, pragma: &str) -> Vec<String> {
    let mut stmt = conn.prepare(pragma).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn backup_while_another_connection_writes_has_the_committed_data_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = shop_at(&db, common::clock());
    // Another process: committed a change, then holds an open write transaction.
    let mut other = Store::open(&db).unwrap();
    other
        .write(|tx| {
            Ok::<_, store::StoreError>(
                tx.execute("UPDATE settings SET value = 'Toko Baru' WHERE key = 'store.name'", [])?,
            )
        })
        .unwrap();
    let writer = Connection::open(&db).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = 'uncommitted' WHERE key = 'store.name';")
        .unwrap();

    let copy = dir.path().join("copy.db");
    let reader = Store::open(&db).unwrap();
    let size = store::backup::copy_to(reader.conn(), &copy, false).unwrap();
    assert_eq!(size, std::fs::metadata(&copy).unwrap().len());
    assert_eq!(integrity(&copy), ["ok"]);
    assert_eq!(store_name(&copy), "Toko Baru");
    // A single self-contained file: no WAL left beside it.
    assert!(!dir.path().join("copy.db-wal").exists());
    #[cfg(unix)]
    assert_eq!(mode(&copy), 0o600);
    writer.execute_batch("ROLLBACK").unwrap();
    // Through the shop, the time of the backup is recorded.
    assert_eq!(shop.last_backup_at().unwrap(), None);
    shop.backup_to(&dir.path().join("copy2.db"), false).unwrap();
    assert_eq!(shop.last_backup_at().unwrap(), Some(shop.now_ms()));
    // No temporary files left behind.
    let mut names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn existing_file_is_refused_unless_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = shop_at(&db, common::clock());
    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, b"keep me").unwrap();
    let err = shop.backup_to(&copy, false).unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), b"keep me");
    assert_eq!(shop.last_backup_at().unwrap(), None);
    shop.backup_to(&copy, true).unwrap();
    assert_eq!(store_name(&copy), "Toko Maju");
}

#[test]
fn restore_refuses_garbage_newer_versions_and_strangers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    drop(shop_at(&db, common::clock()));
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let now = common::clock().now_ms_value();

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, (0..4096u32).map(|i| (i * 7 % 251) as u8).collect::<Vec<_>>()).unwrap();
    let err = backup::restore(&db, &garbage, now, &tz).unwrap_err();
    assert!(err.to_string().contains("not an SQLite database"), "{err}");
    assert_eq!(err.text(Lang::Id), format!("{} bukan basis data SQLite", garbage.display()));

    // Valid header, damaged pages.
    let damaged = dir.path().join("damaged.db");
    let mut shop = Shop::open(&db, common::clock()).unwrap();
    shop.backup_to(&damaged, false).unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    for b in &mut bytes[4096 * 2..4096 * 6] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let err = backup::restore(&db, &damaged, now, &tz).unwrap_err().to_string();
    assert!(err.contains("damaged") || err.contains("integrity") || err.contains("malformed"), "{err}");

    let newer = dir.path().join("newer.db");
    shop.backup_to(&newer, false).unwrap();
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = backup::restore(&db, &newer, now, &tz).unwrap_err().to_string();
    assert!(err.contains("version 99"), "{err}");
    assert!(err.contains(&format!("up to version {}", store::latest_version())), "{err}");

    let stranger = dir.path().join("stranger.db");
    Connection::open(&stranger).unwrap().execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;").unwrap();
    let err = backup::restore(&db, &stranger, now, &tz).unwrap_err();
    assert!(err.to_string().contains("not a warung shop"), "{err}");
    assert!(err.text(Lang::Id).ends_with("memang basis data SQLite, tetapi bukan toko warung"), "{err}");
    drop(shop);

    // Nothing was replaced or kept.
    assert_eq!(store_name(&db), "Toko Maju");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("before-restore"))
    );
}

#[test]
fn restore_keeps_the_replaced_database_and_removes_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = shop_at(&db, common::clock());
    let good = dir.path().join("good.db");
    shop.backup_to(&good, false).unwrap();
    shop.set_setting(&Actor::command_line(), "store.name", "Sesudah").unwrap();
    drop(shop);
    // A leftover -wal from the old file must never be applied to the restored one.
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let now = common::clock().now_ms_value();
    let (version, kept) = backup::restore(&db, &good, now, &tz).unwrap();
    assert_eq!(version, store::latest_version());
    let kept = kept.unwrap();
    assert_eq!(kept.file_name().unwrap().to_str().unwrap(), "shop.db.before-restore-20261123-120000");
    assert_eq!(store_name(&kept), "Sesudah");
    assert_eq!(store_name(&db), "Toko Maju");
    assert!(!dir.path().join("shop.db-wal").exists());
    assert_eq!(integrity(&db), ["ok"]);
    #[cfg(unix)]
    {
        assert_eq!(mode(&kept), 0o600);
        assert_eq!(mode(&db), 0o600);
    }
    // It opens as a shop again.
    let shop = Shop::open(&db, common::clock()).unwrap();
    assert_eq!(shop.store_name(), "Toko Maju");
}

#[test]
fn restore_is_refused_while_another_warung_has_the_shop_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = shop_at(&db, common::clock());
    let good = dir.path().join("good.db");
    shop.backup_to(&good, false).unwrap();
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let now = common::clock().now_ms_value();
    let err = backup::restore(&db, &good, now, &tz).unwrap_err().to_string();
    assert!(err.contains("open in another warung"), "{err}");
    drop(shop);
    backup::restore(&db, &good, now, &tz).unwrap();
}

#[test]
fn an_older_schema_version_is_restored_and_upgraded_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    drop(shop_at(&db, common::clock()));
    let old = dir.path().join("old.db");
    let mut shop = Shop::open(&db, common::clock()).unwrap();
    shop.backup_to(&old, false).unwrap();
    drop(shop);
    Connection::open(&old).unwrap().pragma_update(None, "user_version", 1).unwrap();
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let (version, _) = backup::restore(&db, &old, common::clock().now_ms_value(), &tz).unwrap();
    assert_eq!(version, 1);
    assert_eq!(store::peek_version(&db).unwrap(), 1);
}

#[test]
fn daily_auto_backups_happen_once_a_day_and_are_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let clock = common::clock();
    let mut shop = shop_at(&db, clock.clone());
    let folder = dir.path().join("backups");
    let day = 86_400_000;
    let start = clock.now_ms_value();
    let first = shop.auto_backup_if_due(start).unwrap().unwrap();
    assert_eq!(first.path, folder.join("warung-2026-11-23.db"));
    #[cfg(unix)]
    assert_eq!(mode(&first.path), 0o600);
    // Later the same day: nothing.
    assert_eq!(shop.auto_backup_if_due(start + 3_600_000).unwrap(), None);
    for i in 1..40 {
        clock.advance_ms(day);
        let done = shop.auto_backup_if_due(start + i * day).unwrap();
        assert!(done.is_some(), "day {i}");
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let today = jiff::civil::date(2026, 11, 23).checked_add(jiff::ToSpan::days(39)).unwrap();
    let dates: Vec<_> = (0..40).map(|i| today.checked_sub(jiff::ToSpan::days(i)).unwrap()).collect();
    let mut expected: Vec<String> = backup::retain(&dates, 7, 4).into_iter().map(daily_file_name).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(shop.last_backup_at().unwrap(), Some(start + 39 * day));

    // A configured folder, and switching it off.
    let owner = Actor::command_line();
    let elsewhere = dir.path().join("elsewhere");
    shop.set_setting(&owner, "backup.folder", elsewhere.to_str().unwrap()).unwrap();
    clock.advance_ms(day);
    assert!(shop.auto_backup_if_due(start + 40 * day).unwrap().unwrap().path.starts_with(&elsewhere));
    shop.set_setting(&owner, "backup.auto", "no").unwrap();
    clock.advance_ms(day);
    assert_eq!(shop.auto_backup_if_due(start + 41 * day).unwrap(), None);
}

#[test]
fn the_last_backup_time_is_not_a_setting_anyone_can_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_at(&dir.path().join("shop.db"), common::clock());
    let err = shop.set_setting(&Actor::command_line(), backup::LAST_AT_KEY, "0").unwrap_err().to_string();
    assert!(err.contains("unknown setting"), "{err}");
}

trait NowValue {
    fn now_ms_value(&self) -> i64;
}

impl NowValue for Arc<FixedClock> {
    fn now_ms_value(&self) -> i64 {
        warung::clock::Clock::now_ms(self.as_ref())
    }
}

#[test]
fn the_status_bar_shows_the_last_backup_and_the_tui_backs_up_daily() {
    use warung::tui::i18n::Lang;
    let mut h = common::Harness::logged_in(Lang::En);
    let last = |h: &common::Harness, w: u16| h.screen(w, 20).lines().last().unwrap().to_string();
    assert!(last(&h, 80).contains("no backup!"), "{}", last(&h, 80));
    // The event loop runs the job on a thread; meanwhile the status bar says so.
    let job = h.app.start_backup().unwrap();
    assert!(h.app.start_backup().is_none(), "one backup at a time");
    h.clock.advance_ms(3_000);
    assert!(last(&h, 80).contains("backup 3s…"), "{}", last(&h, 80));
    let result = std::thread::spawn(move || job.run()).join().unwrap();
    h.app.backup_finished(result);
    assert!(last(&h, 80).contains("backup 12:00"), "{}", last(&h, 80));
    assert!(h.dir.path().join("backups").join("warung-2026-11-23.db").exists());
    // Fits 48 columns with the clock.
    let narrow = last(&h, 48);
    assert!(narrow.contains("backup 12:00") && narrow.ends_with("12:00"), "{narrow}");
    // Another process's backup shows up on the next tick.
    let mut other = h.other_process();
    other.backup_to(&h.dir.path().join("manual.db"), false).unwrap();
    h.app.tick();
    assert!(last(&h, 80).contains("backup 12:00"));
}

#[test]
fn the_status_bar_counts_days_and_warns_when_old() {
    use warung::tui::i18n::Lang;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let clock = common::clock();
    let mut shop = common::fixture_shop(&db);
    drop(shop);
    // Back up 2 days before "now" with a clock of its own.
    let earlier = Arc::new(FixedClock::at_ms(clock.now_ms_value() - 2 * 86_400_000));
    shop = Shop::open(&db, earlier.clone()).unwrap();
    shop.backup_to(&dir.path().join("a.db"), false).unwrap();
    drop(shop);
    let theme = warung::tui::theme::Theme::load("default", false).unwrap();
    let app = warung::tui::App::new(Shop::open(&db, clock.clone()).unwrap(), Lang::Id, theme.clone(), None).unwrap();
    let h = common::Harness { app, dir, clock: clock.clone() };
    let bar = h.screen(80, 24).lines().last().unwrap().to_string();
    assert!(bar.contains("backup 2h") && !bar.contains("2h!"), "{bar}");
    // Three days: a warning.
    earlier.advance_ms(-86_400_000);
    let mut shop = Shop::open(&db, earlier).unwrap();
    shop.backup_to(&h.dir.path().join("a.db"), true).unwrap();
    let app = warung::tui::App::new(Shop::open(&db, clock).unwrap(), Lang::Id, theme, None).unwrap();
    let h = common::Harness { app, dir: h.dir, clock: h.clock };
    let bar = h.screen(48, 20).lines().last().unwrap().to_string();
    assert!(bar.contains("backup 3h!"), "{bar}");
}

#[test]
fn a_damaged_current_database_is_kept_byte_for_byte_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = shop_at(&db, common::clock());
    let good = dir.path().join("good.db");
    shop.backup_to(&good, false).unwrap();
    drop(shop);
    std::fs::write(&db, b"this is not a database any more").unwrap();
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let (_, kept) = backup::restore(&db, &good, common::clock().now_ms_value(), &tz).unwrap();
    assert_eq!(std::fs::read(kept.unwrap()).unwrap(), b"this is not a database any more");
    assert_eq!(store_name(&db), "Toko Maju");
}

#[test]
fn a_current_database_with_damaged_pages_does_not_block_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let mut shop = shop_at(&db, common::clock());
    let good = dir.path().join("good.db");
    shop.backup_to(&good, false).unwrap();
    drop(shop);
    Connection::open(&db).unwrap().pragma_update(None, "journal_mode", "DELETE").unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[4096 * 2..4096 * 6] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let (_, kept) = backup::restore(&db, &good, common::clock().now_ms_value(), &tz).unwrap();
    assert_eq!(std::fs::read(kept.unwrap()).unwrap(), bytes);
    assert_eq!(integrity(&db), ["ok"]);
}

#[test]
fn the_check_of_a_copy_finds_what_only_integrity_check_finds() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.db");
    drop(shop_at(&file, common::clock()));
    assert_eq!(store::backup::check_file(&file).unwrap(), Vec::<String>::new());
    // An index whose entries no longer match its table's rows (the index says it is
    // on `key`, it holds `value`s), with as many entries as rows: quick_check passes.
    let conn = Connection::open(&file).unwrap();
    conn.execute_batch(
        "CREATE TABLE pairs (key INTEGER NOT NULL, value INTEGER NOT NULL);
         CREATE INDEX pairs_value ON pairs (value);
         INSERT INTO pairs VALUES (1, 10), (2, 20), (3, 30);
         PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = 'CREATE INDEX pairs_value ON pairs (key)' WHERE name = 'pairs_value';
         PRAGMA writable_schema = OFF;",
    )
    .unwrap();
    drop(conn);
    let conn = Connection::open(&file).unwrap();
    assert_eq!(pragma_lines(&conn, "PRAGMA quick_check"), ["ok"]);
    let whole = pragma_lines(&conn, "PRAGMA integrity_check");
    assert_ne!(whole, ["ok"]);
    assert_eq!(store::backup::check_file(&file).unwrap(), whole, "the same findings as integrity_check");
}
