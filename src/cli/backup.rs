//! `warung backup FILE [--force]`, `warung backup --auto`, `warung restore FILE`.

use std::path::{Path, PathBuf};

use super::setup::open_existing;
use crate::lang::Lang;
use crate::services::{Refusal, ServiceError, backup};

fn size_text(bytes: u64, lang: Lang) -> String {
    if bytes >= 1024 * 1024 {
        lang.decimal_mark(&format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)))
    } else if bytes >= 1024 {
        lang.decimal_mark(&format!("{:.1} KB", bytes as f64 / 1024.0))
    } else {
        format!("{bytes} {}", lang.pick("bytes", "byte"))
    }
}

/// `backed up to FILE (12.5 KB)`.
fn backed_up(path: &Path, size: u64, lang: Lang) -> String {
    format!("{} {} ({})", lang.pick("backed up to", "dicadangkan ke"), shown(path).display(), size_text(size, lang))
}

fn shown(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

pub fn backup(db: &Path, file: Option<&Path>, force: bool, auto: bool, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    if auto {
        let now = shop.now_ms();
        match shop.auto_backup_if_due(now)? {
            Some(done) => {
                eprintln!("{}", backed_up(&done.path, done.size, lang));
                for old in done.pruned {
                    eprintln!("{} {}", lang.pick("removed old backup", "cadangan lama dihapus:"), old.display());
                }
            }
            None if shop.setting("backup.auto")? != "yes" => eprintln!(
                "{}",
                lang.pick("automatic backups are off (backup.auto = no)", "cadangan otomatis mati (backup.auto = no)")
            ),
            None => eprintln!(
                "{} {}",
                lang.pick("today's backup already exists in", "cadangan hari ini sudah ada di"),
                shop.backup_folder()?.display()
            ),
        }
        return Ok(());
    }
    let Some(file) = file else { return Err(ServiceError::from(Refusal::BackupNeedsFile).into()) };
    let size = shop.backup_to(file, force)?;
    eprintln!("{}", backed_up(file, size, lang));
    Ok(())
}

pub fn restore(db: &Path, file: &Path, lang: Lang) -> anyhow::Result<()> {
    let (now, tz) = match open_existing(db, lang) {
        Ok(shop) => (shop.now_ms(), shop.time_zone()),
        // A damaged or too-new current database must not stop a restore.
        Err(_) => (
            crate::clock::process_clock().now_ms(),
            jiff::tz::TimeZone::get("Asia/Jakarta").expect("bundled time zone"),
        ),
    };
    let (version, kept) = backup::restore(db, file, now, &tz)?;
    let (file, db, latest) = (file.display(), db.display(), crate::store::latest_version());
    eprintln!(
        "{}",
        match lang {
            Lang::En => format!("restored {file} (schema version {version}) into {db}"),
            Lang::Id => format!("{file} (skema versi {version}) dipulihkan ke {db}"),
        }
    );
    if let Some(kept) = kept {
        eprintln!(
            "{} {}",
            lang.pick("the replaced database was kept as", "basis data yang diganti disimpan sebagai"),
            kept.display()
        );
    }
    if version < latest {
        eprintln!(
            "{}",
            match lang {
                Lang::En => format!("it will be upgraded to schema version {latest} when it is next opened"),
                Lang::Id => format!("skemanya dinaikkan ke versi {latest} saat dibuka berikutnya"),
            }
        );
    }
    Ok(())
}
