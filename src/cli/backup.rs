//! `warung backup FILE [--force]`, `warung backup --auto`, `warung restore FILE`.

use std::path::{Path, PathBuf};

use super::setup::open_existing;
use crate::services::backup;

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

fn shown(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

pub fn backup(db: &Path, file: Option<&Path>, force: bool, auto: bool) -> anyhow::Result<()> {
    let mut shop = open_existing(db)?;
    if auto {
        let now = shop.now_ms();
        match shop.auto_backup_if_due(now)? {
            Some(done) => {
                eprintln!("backed up to {} ({})", shown(&done.path).display(), size_text(done.size));
                for old in done.pruned {
                    eprintln!("removed old backup {}", old.display());
                }
            }
            None if shop.setting("backup.auto")? != "yes" => eprintln!("automatic backups are off (backup.auto = no)"),
            None => eprintln!("today's backup already exists in {}", shop.backup_folder()?.display()),
        }
        return Ok(());
    }
    let Some(file) = file else { anyhow::bail!("give a FILE to back up to, or --auto for the daily backup") };
    let size = shop.backup_to(file, force)?;
    eprintln!("backed up to {} ({})", shown(file).display(), size_text(size));
    Ok(())
}

pub fn restore(db: &Path, file: &Path) -> anyhow::Result<()> {
    let (now, tz) = match open_existing(db) {
        Ok(shop) => (shop.now_ms(), shop.time_zone()),
        // A damaged or too-new current database must not stop a restore.
        Err(_) => (
            crate::clock::process_clock().now_ms(),
            jiff::tz::TimeZone::get("Asia/Jakarta").expect("bundled time zone"),
        ),
    };
    let (version, kept) = backup::restore(db, file, now, &tz)?;
    eprintln!("restored {} (schema version {version}) into {}", file.display(), db.display());
    if let Some(kept) = kept {
        eprintln!("the replaced database was kept as {}", kept.display());
    }
    if version < crate::store::latest_version() {
        eprintln!("it will be upgraded to schema version {} when it is next opened", crate::store::latest_version());
    }
    Ok(())
}
