//! The shop's lock file (`<db>.lock`): every [`super::Store::open`] holds it shared
//! for as long as the store is open, and a restore holds it exclusively for the
//! whole replacement. So no warung process can write to a file that a restore is
//! about to move aside or replace: it waits until the restore is done, then opens
//! the restored shop, and every write it reports as saved lands in one of the two.
//!
//! `flock(2)` locks belong to the open file, so they vanish when a process dies.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::backup::{self, FileStep};
use super::{Result, StoreError};

/// How long an open waits for a restore to finish before giving up.
const OPEN_WAIT: Duration = Duration::from_secs(30);
/// How long a restore waits for short-lived commands (a `config set`, a report) to
/// close the shop before refusing because it is open in another warung.
const RESTORE_WAIT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(20);

pub fn lock_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.lock", db.display()))
}

fn open_lock_file(db: &Path) -> Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = lock_path(db);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(|e| backup::refused(&path, FileStep::OpenLockFile, e))
}

type TryLock = fn(&File) -> std::result::Result<(), std::fs::TryLockError>;

/// Open the lock file of `db` and try `lock` until it succeeds or `wait` has
/// passed; then the error `refused` makes of the path.
fn hold(db: &Path, lock: TryLock, wait: Duration, refused: fn(String) -> StoreError) -> Result<File> {
    let file = open_lock_file(db)?;
    let start = Instant::now();
    loop {
        match lock(&file) {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => std::thread::sleep(POLL),
            Err(std::fs::TryLockError::WouldBlock) => return Err(refused(db.display().to_string())),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(backup::refused(&lock_path(db), FileStep::Lock, e));
            }
        }
    }
}

/// The shared hold an open shop keeps: waits while a restore replaces the shop.
pub fn hold_shared(db: &Path) -> Result<File> {
    hold(db, File::try_lock_shared, OPEN_WAIT, |path| StoreError::Restoring { path })
}

/// The exclusive hold of a restore: refused while another warung has the shop open.
pub fn hold_exclusive(db: &Path) -> Result<File> {
    hold(db, File::try_lock, RESTORE_WAIT, |path| StoreError::InUse { path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restore_waits_for_no_open_shop_and_opens_wait_for_the_restore() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let open = hold_shared(&db).unwrap();
        let also_open = hold_shared(&db).unwrap();
        assert!(matches!(open_lock_file(&db).unwrap().try_lock(), Err(std::fs::TryLockError::WouldBlock)));
        drop((open, also_open));
        let restoring = hold_exclusive(&db).unwrap();
        assert!(matches!(open_lock_file(&db).unwrap().try_lock_shared(), Err(std::fs::TryLockError::WouldBlock)));
        drop(restoring);
        hold_shared(&db).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(lock_path(&db)).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
