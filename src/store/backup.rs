//! Whole-database copies with SQLite's online backup API: safe while other
//! connections (other warung processes) read and write the file in WAL mode.

use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError, schema_version};
use crate::lang::Lang;

/// Temporary copies are named `.warung-backup-XXXXXX.tmp` while they are written.
const TEMP_PREFIX: &str = ".warung-backup-";
const TEMP_SUFFIX: &str = ".tmp";
/// A temporary copy untouched for this long belongs to a backup or restore that was
/// killed: a running one writes its pages in one go and then only checks them.
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What went wrong copying, checking or restoring a database file, or holding the
/// shop's lock file. The system's own words (an I/O error) stay as it said them.
#[derive(Debug)]
pub enum BackupProblem {
    /// The system refused `step` on `path`.
    File {
        step: FileStep,
        path: String,
        error: std::io::Error,
    },
    /// `path` is there already; `force` says whether `--force` would replace it.
    Exists {
        path: String,
        force: bool,
    },
    CheckStopped,
    Locked,
    CopyFailedCheck {
        problems: String,
    },
    TooShort {
        path: String,
    },
    NotSqlite {
        path: String,
    },
    Damaged {
        path: String,
        error: Box<StoreError>,
    },
    FailedCheck {
        path: String,
        problems: String,
    },
    NotAShop {
        path: String,
    },
    CheckpointThread {
        error: std::io::Error,
    },
}

/// What was being done to a file when the system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStep {
    CreateFolder,
    WriteInto,
    Flush,
    Write,
    Read,
    Remove,
    OpenLockFile,
    Lock,
}

impl FileStep {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            FileStep::CreateFolder => lang.pick("cannot create the folder", "tidak bisa membuat folder"),
            FileStep::WriteInto => lang.pick("cannot write to", "tidak bisa menulis ke"),
            FileStep::Flush => lang.pick("cannot flush", "tidak bisa menuntaskan tulisan ke"),
            FileStep::Write => lang.pick("cannot write", "tidak bisa menulis"),
            FileStep::Read => lang.pick("cannot read", "tidak bisa membaca"),
            FileStep::Remove => lang.pick("cannot remove", "tidak bisa menghapus"),
            FileStep::OpenLockFile => lang.pick("cannot open the lock file", "tidak bisa membuka berkas kunci"),
            FileStep::Lock => lang.pick("cannot lock", "tidak bisa mengunci"),
        }
    }
}

impl BackupProblem {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        use BackupProblem::*;
        let en = lang == Lang::En;
        match self {
            File { step, path, error } => format!("{} {path}: {error}", step.text(lang)),
            Exists { path, force: true } if en => format!("{path} already exists (use --force to replace it)"),
            Exists { path, force: true } => format!("{path} sudah ada (pakai --force untuk menggantinya)"),
            Exists { path, force: false } if en => format!("{path} already exists"),
            Exists { path, force: false } => format!("{path} sudah ada"),
            CheckStopped if en => "the check of the copy stopped".into(),
            CheckStopped => "pemeriksaan salinan terhenti".into(),
            Locked if en => "the database stayed locked for 10 seconds; try again".into(),
            Locked => "basis data tetap terkunci selama 10 detik; coba lagi".into(),
            CopyFailedCheck { problems } if en => format!("the copy failed its integrity check: {problems}"),
            CopyFailedCheck { problems } => format!("salinan gagal pemeriksaan integritas: {problems}"),
            TooShort { path } if en => format!("{path} is not an SQLite database (too short)"),
            TooShort { path } => format!("{path} bukan basis data SQLite (terlalu pendek)"),
            NotSqlite { path } if en => format!("{path} is not an SQLite database"),
            NotSqlite { path } => format!("{path} bukan basis data SQLite"),
            Damaged { path, error } if en => format!("{path} is damaged: {error}"),
            Damaged { path, error } => format!("{path} rusak: {}", error.text(lang)),
            FailedCheck { path, problems } if en => format!("{path} failed its integrity check: {problems}"),
            FailedCheck { path, problems } => format!("{path} gagal pemeriksaan integritas: {problems}"),
            NotAShop { path } if en => format!("{path} is an SQLite database but not a warung shop"),
            NotAShop { path } => format!("{path} memang basis data SQLite, tetapi bukan toko warung"),
            CheckpointThread { error } if en => format!("cannot start the checkpoint thread: {error}"),
            CheckpointThread { error } => format!("utas checkpoint tidak bisa dimulai: {error}"),
        }
    }
}

impl std::fmt::Display for BackupProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl From<BackupProblem> for StoreError {
    fn from(problem: BackupProblem) -> Self {
        StoreError::Backup(problem)
    }
}

/// The system refused `step` on `path`.
pub(crate) fn refused(path: &Path, step: FileStep, error: std::io::Error) -> StoreError {
    BackupProblem::File { step, path: path.display().to_string(), error }.into()
}

/// The problems a pragma check reports (none when it says `ok`).
fn problems(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(pragma)?;
    let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if lines == ["ok"] { Vec::new() } else { lines })
}

fn open_read_only(file: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    super::set_page_reads(&conn)?;
    Ok(conn)
}

/// The tables of `conn`'s database, the likely costliest to check first: a rowid
/// table's largest rowid (about its rows) times its b-trees (each row is looked up in
/// each index); a WITHOUT ROWID table, checked without lookups, last.
fn tables_to_check(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT t.name, t.wr, (SELECT COUNT(*) FROM pragma_index_list(t.name)) FROM pragma_table_list t
          WHERE t.schema = 'main' AND t.type IN ('table', 'shadow')",
    )?;
    let tables: Vec<(String, bool, i64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut weighed = Vec::with_capacity(tables.len());
    for (name, without_rowid, indexes) in tables {
        let rows: i64 = if without_rowid {
            0
        } else {
            conn.query_row(&format!("SELECT COALESCE(MAX(rowid), 0) FROM {}", quoted(&name)), [], |r| r.get(0))?
        };
        weighed.push((rows.saturating_mul(1 + indexes), name));
    }
    weighed.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    Ok(weighed.into_iter().map(|(_, name)| name).collect())
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Check the database file `file`, which nothing writes meanwhile (a finished copy,
/// a file to restore), exactly as thoroughly as `PRAGMA integrity_check` and on two
/// connections at once, since that pragma is most of a backup's time and runs on one
/// core. One connection runs `quick_check` — every page used once, the free list,
/// each b-tree's structure, each index's entry count, each row's types and
/// constraints — while both take tables, costliest first, for
/// `integrity_check(table)`, which adds what `quick_check` leaves out: each row looked
/// up in each of its indexes, a WITHOUT ROWID table's keys in order. Returns the
/// problems found; none means healthy. (Measured in BENCHMARKS.md, "Backup".)
pub fn check_file(file: &Path) -> Result<Vec<String>> {
    let tables = std::sync::Mutex::new(tables_to_check(&open_read_only(file)?)?.into_iter());
    let check = |whole_file: bool| -> Result<Vec<String>> {
        let conn = open_read_only(file)?;
        let mut found = if whole_file { problems(&conn, "PRAGMA quick_check")? } else { Vec::new() };
        loop {
            let next = tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).next();
            let Some(table) = next else { return Ok(found) };
            found.extend(problems(&conn, &format!("PRAGMA integrity_check({})", quoted(&table)))?);
        }
    };
    std::thread::scope(|scope| {
        let tables_only = scope.spawn(|| check(false));
        let mut found = check(true)?;
        found.extend(tables_only.join().map_err(|_| StoreError::from(BackupProblem::CheckStopped))??);
        Ok(found)
    })
}

/// Copy the database behind `from` into `dest`: a temporary file beside `dest`
/// (mode 0600) receives every page in one backup step (one read transaction, so a
/// writer in another process can neither tear nor restart it), is switched to a
/// single-file journal mode, must pass [`check_file`] (as thorough as
/// `integrity_check`), and is then renamed into place. Without `overwrite` an existing `dest` is refused. Returns the size in bytes.
pub fn copy_to(from: &Connection, dest: &Path, overwrite: bool) -> Result<u64> {
    if !overwrite && dest.exists() {
        return Err(BackupProblem::Exists { path: dest.display().to_string(), force: true }.into());
    }
    let folder = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| refused(folder, FileStep::CreateFolder, e))?;
    remove_stale_temps(folder);
    // tempfile creates the file with mode 0600 on Unix.
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(folder)
        .map_err(|e| refused(folder, FileStep::WriteInto, e))?;
    {
        let mut to = Connection::open(temp.path())?;
        {
            let backup = Backup::new(from, &mut to)?;
            // Another connection holding a lock we need: wait, as busy_timeout would (10 s).
            let mut waits = 0;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    _ if waits < 200 => {
                        waits += 1;
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => return Err(BackupProblem::Locked.into()),
                }
            }
        }
        // The copy is one self-contained file, not a WAL database waiting for its -wal.
        let _: String = to.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    }
    let found = check_file(temp.path())?;
    if !found.is_empty() {
        return Err(BackupProblem::CopyFailedCheck { problems: found.join("; ") }.into());
    }
    temp.as_file().sync_all().map_err(|e| refused(temp.path(), FileStep::Flush, e))?;
    let file = if overwrite {
        temp.persist(dest).map_err(|e| refused(dest, FileStep::Write, e.error))?
    } else {
        temp.persist_noclobber(dest).map_err(|e| refused(dest, FileStep::Write, e.error))?
    };
    set_private(dest);
    let size = file.metadata().map_err(|e| refused(dest, FileStep::Read, e))?.len();
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(size)
}

/// Remove the full-size temporary copies that killed backups left in `folder`.
/// Best effort: a copy that cannot be removed now is tried again next time.
pub(crate) fn remove_stale_temps(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name.to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX));
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > STALE_TEMP_AGE));
        if ours && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
pub(crate) fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
pub(crate) fn set_private(_path: &Path) {}

/// Why `file` may not replace the shop's database, or its schema version if it may:
/// it must be an SQLite database that passes [`check_file`], looks like a warung
/// shop, and is not from a newer warung.
pub fn check_restorable(file: &Path) -> Result<usize> {
    let mut magic = [0u8; 16];
    let readable = std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .map_err(|e| refused(file, FileStep::Read, e));
    if let Err(e) = readable {
        if file.exists() {
            return Err(BackupProblem::TooShort { path: file.display().to_string() }.into());
        }
        return Err(e);
    }
    if &magic != SQLITE_MAGIC {
        return Err(BackupProblem::NotSqlite { path: file.display().to_string() }.into());
    }
    let damaged = |e: StoreError| {
        StoreError::from(BackupProblem::Damaged { path: file.display().to_string(), error: Box::new(e) })
    };
    let problems = check_file(file).map_err(damaged)?;
    if !problems.is_empty() {
        return Err(
            BackupProblem::FailedCheck { path: file.display().to_string(), problems: problems.join("; ") }.into()
        );
    }
    let conn = open_read_only(file)?;
    let found = schema_version(&conn)?;
    let supported = super::latest_version();
    if found > supported {
        return Err(StoreError::TooNew { path: file.display().to_string(), found, supported });
    }
    let has_settings: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings')",
        [],
        |r| r.get(0),
    )?;
    if found == 0 || !has_settings {
        return Err(BackupProblem::NotAShop { path: file.display().to_string() }.into());
    }
    Ok(found)
}

/// Replace the database at `db` with a copy of `file` (already checked with
/// [`check_restorable`]), holding the shop's lock file exclusively throughout (see
/// [`super::shop_lock`]): a warung that has the shop open makes this refuse, and
/// one that opens it meanwhile waits for the restored file. The current database
/// is first folded into one file (its WAL checkpointed) and copied to `keep_as`
/// (or `keep_as-2`, `-3`, … when that name is taken). Stale `-wal`/`-shm` files
/// are removed so they can never be applied to the restored file. Returns where
/// the old database was kept, if there was one.
pub fn replace(db: &Path, file: &Path, keep_as: &Path) -> Result<Option<PathBuf>> {
    let _exclusive = super::shop_lock::hold_exclusive(db)?;
    let kept = if db.exists() {
        let keep_as = free_name(keep_as);
        match keep_current(db, &keep_as) {
            Ok(()) => {}
            Err(e @ StoreError::InUse { .. }) => return Err(e),
            // The current file is damaged (often why one restores): keep its bytes as they are.
            Err(_) => keep_raw(db, &keep_as)?,
        }
        Some(keep_as)
    } else {
        None
    };
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    copy_to(&source, db, true)?;
    for suffix in ["-wal", "-shm"] {
        let stale = PathBuf::from(format!("{}{suffix}", db.display()));
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(refused(&stale, FileStep::Remove, e)),
        }
    }
    Ok(kept)
}

/// `wanted`, or the first of `wanted-2`, `wanted-3`, … that does not exist.
fn free_name(wanted: &Path) -> PathBuf {
    let taken = |p: &Path| p.exists() || PathBuf::from(format!("{}-wal", p.display())).exists();
    (1..)
        .map(|n| if n == 1 { wanted.to_path_buf() } else { PathBuf::from(format!("{}-{n}", wanted.display())) })
        .find(|p| !taken(p))
        .expect("some name is free")
}

/// Fold the current database into one file (proving no other connection has it
/// open) and copy it to `keep_as`.
fn keep_current(db: &Path, keep_as: &Path) -> Result<()> {
    let old = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    old.busy_timeout(std::time::Duration::from_secs(2))?;
    // Leaving WAL mode needs the only connection to the file: proves no warung has it open.
    let mode: String =
        old.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0)).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => in_use(db),
            _ => StoreError::Sqlite(e),
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use(db));
    }
    copy_to(&old, keep_as, false)?;
    Ok(())
}

/// Keep an unreadable database (and its `-wal`, if any) byte for byte.
fn keep_raw(db: &Path, keep_as: &Path) -> Result<()> {
    for suffix in ["", "-wal"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        let to = PathBuf::from(format!("{}{suffix}", keep_as.display()));
        if from.exists() {
            if to.exists() {
                return Err(BackupProblem::Exists { path: to.display().to_string(), force: false }.into());
            }
            std::fs::copy(&from, &to).map_err(|e| refused(&to, FileStep::Write, e))?;
            set_private(&to);
        }
    }
    Ok(())
}

fn in_use(db: &Path) -> StoreError {
    StoreError::InUse { path: db.display().to_string() }
}
