//! `warung backup` and `warung restore` through the real binary.

mod common;

use std::path::PathBuf;

use common::warung;
use predicates::prelude::*;

fn new_shop() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    warung(&db).args(["init", "--owner", "ani", "--password-stdin"]).write_stdin("rahasia1\n").assert().success();
    (dir, db)
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn backup_writes_a_private_copy_and_refuses_to_overwrite_without_force() {
    let (dir, db) = new_shop();
    let copy = dir.path().join("copy.db");
    warung(&db).arg("backup").arg(&copy).assert().success().stdout("").stderr(
        predicate::str::contains("backed up to")
            .and(predicate::str::contains("copy.db"))
            .and(predicate::str::contains("KB")),
    );
    #[cfg(unix)]
    assert_eq!(mode(&copy), 0o600);
    warung(&db).arg("backup").arg(&copy).assert().failure().stderr(predicate::str::contains("already exists"));
    warung(&db).arg("backup").arg(&copy).arg("--force").assert().success();
    warung(&db).arg("backup").assert().failure();
    // The copy is a working shop.
    warung(&copy).args(["user", "list"]).assert().success().stdout(predicate::str::contains("ani,,owner"));
}

#[test]
fn backup_auto_makes_one_backup_a_day_in_the_configured_folder() {
    let (dir, db) = new_shop();
    warung(&db).args(["backup", "--auto"]).assert().success().stderr(predicate::str::contains("backups"));
    let folder = dir.path().join("backups");
    let files: Vec<_> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with("warung-") && files[0].ends_with(".db"), "{files:?}");
    warung(&db).args(["backup", "--auto"]).assert().success().stderr(predicate::str::contains("already exists"));
    let elsewhere = dir.path().join("elsewhere");
    warung(&db).args(["config", "set", "backup.folder"]).arg(&elsewhere).assert().success();
    warung(&db).args(["backup", "--auto"]).assert().success();
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1);
    warung(&db).args(["config", "set", "backup.auto", "no"]).assert().success();
    warung(&db).args(["backup", "--auto"]).assert().success().stderr(predicate::str::contains("off"));
    warung(&db).args(["config", "set", "backup.last_at", "0"]).assert().failure();
}

#[test]
fn restore_refuses_bad_files_and_keeps_the_replaced_database() {
    let (dir, db) = new_shop();
    let copy = dir.path().join("copy.db");
    warung(&db).arg("backup").arg(&copy).assert().success();
    warung(&db).args(["user", "add", "sari", "--password-stdin"]).write_stdin("kasir123\n").assert().success();

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0xabu8; 8192]).unwrap();
    warung(&db)
        .arg("restore")
        .arg(&garbage)
        .assert()
        .failure()
        .stderr(predicate::str::contains("not an SQLite database"));
    let newer = dir.path().join("newer.db");
    std::fs::copy(&copy, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 999).unwrap();
    warung(&db).arg("restore").arg(&newer).assert().failure().stderr(
        predicate::str::contains("version 999")
            .and(predicate::str::contains(format!("up to version {}", warung::store::latest_version()))),
    );
    warung(&db).args(["user", "list"]).assert().success().stdout(predicate::str::contains("sari"));

    warung(&db)
        .arg("restore")
        .arg(&copy)
        .assert()
        .success()
        .stderr(predicate::str::contains("restored").and(predicate::str::contains("before-restore-")));
    warung(&db).args(["user", "list"]).assert().success().stdout(predicate::str::contains("sari").not());
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("shop.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    #[cfg(unix)]
    {
        assert_eq!(mode(&kept[0]), 0o600);
        assert_eq!(mode(&db), 0o600);
    }
    warung(&kept[0]).args(["user", "list"]).assert().success().stdout(predicate::str::contains("sari"));
    warung(&db).arg("doctor").assert().success();
}
