//! Backups: a copy on demand (`warung backup FILE`), a daily automatic copy with
//! retention (7 daily, 4 weekly), and restoring a copy (`warung restore FILE`).
//! The time of the last successful backup is kept in the settings table under the
//! internal key `backup.last_at` (epoch ms; not in the registry, so `warung config`
//! cannot change it) for the status bar.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::{Refusal, Result, Shop};
use crate::clock::{local_date, timestamp};
use crate::store;

/// Internal settings row: when the last backup succeeded (UTC epoch ms).
pub const LAST_AT_KEY: &str = "backup.last_at";
/// Daily copies kept, and weeks that keep their newest copy.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;

/// `warung-YYYY-MM-DD.db`: the automatic backup of one shop-local day.
pub fn daily_file_name(date: Date) -> String {
    format!("warung-{}.db", date.strftime("%Y-%m-%d"))
}

/// The date in an automatic backup's name, if it is one.
pub fn parse_daily_file_name(name: &str) -> Option<Date> {
    let date = name.strip_prefix("warung-")?.strip_suffix(".db")?;
    if date.len() != 10 {
        return None;
    }
    date.parse().ok()
}

/// Which dates' backups to keep (the rest are deleted): the `daily` newest dates,
/// plus the newest date of each of the `weekly` newest ISO weeks that have a backup.
/// The two rules overlap, as with restic's `--keep-daily 7 --keep-weekly 4`: with
/// one backup a day that is the last 7 days plus the Sundays of the 2 weeks
/// before them (this week counts as one of the four).
pub fn retain(dates: &[Date], daily: usize, weekly: usize) -> BTreeSet<Date> {
    let newest_first: Vec<Date> = dates.iter().copied().collect::<BTreeSet<_>>().into_iter().rev().collect();
    let mut keep: BTreeSet<Date> = newest_first.iter().take(daily).copied().collect();
    let mut weeks = Vec::new();
    for date in &newest_first {
        let week = date.iso_week_date();
        let key = (week.year(), week.week());
        if weeks.last() != Some(&key) && !weeks.contains(&key) {
            if weeks.len() == weekly {
                break;
            }
            weeks.push(key);
            keep.insert(*date);
        }
    }
    keep
}

/// How old the last backup is, as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupAge {
    /// Never backed up.
    Never,
    /// Earlier today (shop-local), at `HH:MM`.
    Today(String),
    /// This many shop-local days ago; `stale` when more than 2 (the status bar warns).
    Days { days: i64, stale: bool },
    /// A backup has been running for this many seconds (the TUI's daily one).
    Running { seconds: i64 },
}

/// The age of the backup made at `last_ms`, seen at `now_ms` in `tz`.
pub fn backup_age(now_ms: i64, last_ms: Option<i64>, tz: &jiff::tz::TimeZone) -> BackupAge {
    let Some(last) = last_ms else { return BackupAge::Never };
    let (today, then) = (local_date(now_ms, tz), local_date(last, tz));
    if then >= today {
        return BackupAge::Today(timestamp(last).to_zoned(tz.clone()).strftime("%H:%M").to_string());
    }
    let days = (today - then).get_days() as i64;
    BackupAge::Days { days, stale: days > 2 }
}

/// The daily automatic backup, run off the TUI's event loop (see [`Shop::backup_job`]).
pub struct BackupJob {
    db: PathBuf,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
}

impl BackupJob {
    /// Open the shop on a connection of its own and back it up if today's copy is due.
    pub fn run(self) -> Result<Option<AutoBackup>> {
        let mut shop = Shop::open(&self.db, self.clock.clone())?;
        shop.auto_backup_if_due(self.clock.now_ms())
    }
}

/// What an automatic backup did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackup {
    pub path: PathBuf,
    pub size: u64,
    /// Older automatic backups removed by the retention rule.
    pub pruned: Vec<PathBuf>,
}

impl Shop {
    /// The database file this shop was opened from (none for an in-memory shop).
    pub fn db_path(&self) -> Option<PathBuf> {
        self.store.conn().path().filter(|p| !p.is_empty()).map(PathBuf::from)
    }

    /// When the last backup succeeded (UTC epoch ms), if ever.
    pub fn last_backup_at(&self) -> Result<Option<i64>> {
        Ok(store::settings::get(self.store.conn(), LAST_AT_KEY)?.and_then(|v| v.parse().ok()))
    }

    /// Copy the whole database to `dest` (see [`store::backup::copy_to`]) and record
    /// the time. Returns the copy's size in bytes.
    pub fn backup_to(&mut self, dest: &Path, overwrite: bool) -> Result<u64> {
        let size = store::backup::copy_to(self.store.conn(), dest, overwrite)?;
        let now = self.now_ms();
        self.write(|tx| Ok(store::settings::set(tx, LAST_AT_KEY, &now.to_string())?))?;
        Ok(size)
    }

    /// The folder automatic backups go to: setting `backup.folder`, else `backups`
    /// beside the database.
    pub fn backup_folder(&self) -> Result<PathBuf> {
        let configured = self.setting("backup.folder")?;
        if !configured.trim().is_empty() {
            return Ok(PathBuf::from(configured.trim()));
        }
        let db = self.db_path().ok_or(Refusal::NoBackupFolder)?;
        let parent = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Ok(parent.join("backups"))
    }

    /// From now on this shop's commits leave WAL checkpoints to a thread of their own
    /// (see [`store::checkpoint`]), which runs until the returned value is dropped: a
    /// till's checkout then never waits for the log to be folded into the file. None
    /// for an in-memory shop.
    pub fn checkpoint_in_background(&self) -> Result<Option<store::checkpoint::Checkpointer>> {
        let Some(db) = self.db_path() else { return Ok(None) };
        let checkpointer = store::checkpoint::Checkpointer::start(&db, std::time::Duration::from_secs(1))?;
        store::checkpoint::defer(self.store.conn())?;
        Ok(Some(checkpointer))
    }

    /// The daily automatic backup as work for a background thread, with its own
    /// connection: a big shop's copy and check take seconds, which the TUI's event
    /// loop must not wait for. None for an in-memory shop.
    pub fn backup_job(&self) -> Option<BackupJob> {
        Some(BackupJob { db: self.db_path()?, clock: self.clock.clone() })
    }

    /// At most one automatic backup per shop-local day (named by the date), then
    /// prune by [`retain`]. `None` when `backup.auto` is `no`, the shop is in
    /// memory, or today's backup exists. The TUI runs it as a [`BackupJob`].
    pub fn auto_backup_if_due(&mut self, now_ms: i64) -> Result<Option<AutoBackup>> {
        if self.setting("backup.auto")? != "yes" || self.db_path().is_none() {
            return Ok(None);
        }
        let today = local_date(now_ms, &self.time_zone());
        let folder = self.backup_folder()?;
        let path = folder.join(daily_file_name(today));
        if path.exists() {
            // Nothing to copy today, but a killed backup's temporary copy still goes.
            crate::store::backup::remove_stale_temps(&folder);
            return Ok(None);
        }
        let size = match self.backup_to(&path, false) {
            Ok(size) => size,
            // Another warung (a second till) made today's backup a moment ago.
            Err(_) if path.exists() => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&folder)? {
            let name = entry?.file_name();
            if let Some(date) = name.to_str().and_then(parse_daily_file_name) {
                found.push(date);
            }
        }
        let keep = retain(&found, KEEP_DAILY, KEEP_WEEKLY);
        let mut pruned = Vec::new();
        for date in found.into_iter().filter(|d| !keep.contains(d) && *d != today) {
            let old = folder.join(daily_file_name(date));
            std::fs::remove_file(&old)?;
            pruned.push(old);
        }
        Ok(Some(AutoBackup { path, size, pruned }))
    }
}

/// Check `file` and put it in place of the database at `db`, keeping the replaced
/// database beside it as `<db>.before-restore-YYYYMMDD-HHMMSS` (shop-local time of
/// `now_ms` in `tz`). Returns the schema version restored and the kept copy's path.
pub fn restore(db: &Path, file: &Path, now_ms: i64, tz: &jiff::tz::TimeZone) -> Result<(usize, Option<PathBuf>)> {
    let version = store::backup::check_restorable(file)?;
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(db), std::fs::canonicalize(file))
        && a == b
    {
        return Err(Refusal::RestoreOwnDatabase { path: file.display().to_string() }.into());
    }
    let stamp = timestamp(now_ms).to_zoned(tz.clone()).strftime("%Y%m%d-%H%M%S").to_string();
    let keep_as = PathBuf::from(format!("{}.before-restore-{stamp}", db.display()));
    let kept = store::backup::replace(db, file, &keep_as)?;
    Ok((version, kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    fn days_back(from: Date, n: i64) -> Vec<Date> {
        (0..n).map(|i| from.checked_sub(i.days()).unwrap()).collect()
    }

    #[test]
    fn backup_age_for_the_status_bar() {
        let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
        let at = |d: Date, h: i8, m: i8| d.at(h, m, 0, 0).to_zoned(tz.clone()).unwrap().timestamp().as_millisecond();
        let today = date(2026, 11, 23);
        let now = at(today, 12, 0);
        assert_eq!(backup_age(now, None, &tz), BackupAge::Never);
        assert_eq!(backup_age(now, Some(at(today, 7, 30)), &tz), BackupAge::Today("07:30".into()));
        assert_eq!(backup_age(now, Some(at(today, 0, 0)), &tz), BackupAge::Today("00:00".into()));
        // Late yesterday is one day ago, though under 24 hours.
        assert_eq!(
            backup_age(now, Some(at(date(2026, 11, 22), 23, 59)), &tz),
            BackupAge::Days { days: 1, stale: false }
        );
        assert_eq!(backup_age(now, Some(at(date(2026, 11, 21), 8, 0)), &tz), BackupAge::Days { days: 2, stale: false });
        assert_eq!(backup_age(now, Some(at(date(2026, 11, 20), 23, 0)), &tz), BackupAge::Days { days: 3, stale: true });
        assert_eq!(
            backup_age(now, Some(at(date(2025, 11, 20), 23, 0)), &tz),
            BackupAge::Days { days: 368, stale: true }
        );
        // A clock set back: shown as today, never negative.
        assert_eq!(backup_age(now, Some(at(date(2026, 11, 24), 9, 0)), &tz), BackupAge::Today("09:00".into()));
    }

    #[test]
    fn file_names_round_trip_and_strangers_are_ignored() {
        let d = date(2026, 11, 23);
        assert_eq!(daily_file_name(d), "warung-2026-11-23.db");
        assert_eq!(parse_daily_file_name("warung-2026-11-23.db"), Some(d));
        for name in ["warung-2026-11-23.db-wal", "notes.txt", "warung-26-11-23.db", "warung-2026-13-01.db", "shop.db"] {
            assert_eq!(parse_daily_file_name(name), None, "{name}");
        }
    }

    #[test]
    fn sixty_daily_backups_keep_seven_days_and_four_weeks() {
        // 2026-11-23 is a Monday.
        let today = date(2026, 11, 23);
        let keep = retain(&days_back(today, 60), 7, 4);
        let expected: BTreeSet<Date> = days_back(today, 7)
            .into_iter()
            // This week counts as one of the four: Sundays of the 2 weeks before the dailies.
            .chain([date(2026, 11, 15), date(2026, 11, 8)])
            .collect();
        assert_eq!(keep, expected);
        assert_eq!(keep.len(), 9);
    }

    #[test]
    fn fewer_backups_than_the_rule_keeps_them_all() {
        let today = date(2026, 11, 23);
        assert!(retain(&[], 7, 4).is_empty());
        let few = days_back(today, 5);
        assert_eq!(retain(&few, 7, 4), few.iter().copied().collect());
    }

    #[test]
    fn gaps_and_duplicates_count_backups_not_calendar_days() {
        // A shop closed for weeks: the 7 newest backups are kept however old; the four
        // newest weeks (Sep 7, Jun 1, Mar 16, Mar 2) are already among them, so Feb 10 goes.
        let dates = [
            date(2026, 1, 5),
            date(2026, 1, 5),
            date(2026, 2, 10),
            date(2026, 3, 1),
            date(2026, 3, 2),
            date(2026, 3, 20),
            date(2026, 6, 1),
            date(2026, 6, 2),
            date(2026, 6, 3),
            date(2026, 9, 9),
        ];
        let keep = retain(&dates, 7, 4);
        let expected: BTreeSet<Date> = [
            date(2026, 3, 1),
            date(2026, 3, 2),
            date(2026, 3, 20),
            date(2026, 6, 1),
            date(2026, 6, 2),
            date(2026, 6, 3),
            date(2026, 9, 9),
        ]
        .into_iter()
        .collect();
        assert_eq!(keep, expected);
    }

    #[test]
    fn weeks_cross_the_year_by_iso_week() {
        // 2026-12-28 .. 2027-01-03 is ISO week 53 of 2026; keep its newest day (Jan 3).
        let dates = [date(2026, 12, 28), date(2026, 12, 31), date(2027, 1, 3), date(2027, 1, 4)];
        assert_eq!(retain(&dates, 1, 2), [date(2027, 1, 3), date(2027, 1, 4)].into_iter().collect());
    }

    #[test]
    fn weekly_only_and_daily_only() {
        let today = date(2026, 11, 23);
        let all = days_back(today, 100);
        assert_eq!(retain(&all, 0, 0), BTreeSet::new());
        assert_eq!(retain(&all, 3, 0), days_back(today, 3).into_iter().collect());
        let weekly = retain(&all, 0, 4);
        assert_eq!(
            weekly,
            [date(2026, 11, 23), date(2026, 11, 22), date(2026, 11, 15), date(2026, 11, 8)].into_iter().collect()
        );
    }
}
