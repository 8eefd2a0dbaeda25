//! The only place with SQL. `open()` sets the pragmas every connection needs and
//! brings the schema up to date; one module per aggregate holds its queries.

pub mod analytics;
pub mod assistant;
pub mod audit;
pub mod backup;
pub mod campaigns;
pub mod channels;
pub mod checkpoint;
pub mod customers;
pub mod dashboard;
pub mod debts;
pub mod doctor;
pub mod held_sales;
pub mod hub;
pub mod import_runs;
pub mod inbox;
pub mod items;
pub mod message_templates;
pub mod messages;
pub mod opt_out;
pub mod orders;
pub mod outbox;
pub mod payables;
pub mod points;
pub mod purchases;
pub mod receivables;
pub mod recommend;
pub mod reports;
pub mod returns;
pub mod sales;
pub mod segments;
pub mod sequences;
pub mod settings;
pub mod shifts;
pub mod shop_lock;
pub mod stock;
pub mod stock_counts;
pub mod summaries;
pub mod suppliers;
pub mod templates;
pub mod users;

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::lang::Lang;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database {path} has schema version {found}, but this warung only knows up to version {supported}; \
         install a newer warung to open it"
    )]
    TooNew { path: String, found: usize, supported: usize },
    #[error("could not upgrade the database: {0}")]
    Migration(String),
    #[error("could not create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("{0}")]
    Backup(backup::BackupProblem),
    #[error("{path} is open in another warung (a till, the TUI or the dispatcher); close it and try again")]
    InUse { path: String },
    #[error("{path} is being restored from a backup; try again when the restore has finished")]
    Restoring { path: String },
}

impl StoreError {
    /// The sentence in `lang`; `Display` is the English one. SQLite's own words
    /// stay as SQLite said them.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            StoreError::Sqlite(e) => format!("kesalahan basis data: {e}"),
            StoreError::TooNew { path, found, supported } => format!(
                "basis data {path} memakai skema versi {found}, padahal warung ini hanya mengenal sampai versi {supported}; \
                 pasang warung yang lebih baru untuk membukanya"
            ),
            StoreError::Migration(detail) => format!("basis data tidak bisa ditingkatkan: {detail}"),
            StoreError::Folder { path, source } => format!("folder basis data {path} tidak bisa dibuat: {source}"),
            StoreError::Backup(problem) => problem.text(lang),
            StoreError::InUse { path } => {
                format!("{path} sedang dibuka warung lain (kasir, TUI atau dispatcher); tutup dulu lalu coba lagi")
            }
            StoreError::Restoring { path } => {
                format!("{path} sedang dipulihkan dari cadangan; coba lagi setelah pemulihan selesai")
            }
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Forward-only migrations, in order; schema version N means the first N have run.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_foundation.sql"),
    include_str!("../../migrations/0002_sales.sql"),
    include_str!("../../migrations/0003_templates.sql"),
    include_str!("../../migrations/0004_returns.sql"),
    include_str!("../../migrations/0005_dashboard.sql"),
    include_str!("../../migrations/0006_engagement.sql"),
    include_str!("../../migrations/0007_purchases.sql"),
    include_str!("../../migrations/0008_dispatch.sql"),
    include_str!("../../migrations/0009_message_templates.sql"),
    include_str!("../../migrations/0010_points.sql"),
    include_str!("../../migrations/0011_hardening.sql"),
    include_str!("../../migrations/0012_messaging_platform.sql"),
    include_str!("../../migrations/0014_hub_push.sql"),
    include_str!("../../migrations/0016_recommendations.sql"),
    include_str!("../../migrations/0017_assistant.sql"),
    include_str!("../../migrations/0018_summaries.sql"),
    include_str!("../../migrations/0019_return_points.sql"),
    include_str!("../../migrations/0020_assistant_templates.sql"),
    include_str!("../../migrations/0021_stock_summaries.sql"),
    include_str!("../../migrations/0022_import_runs.sql"),
    include_str!("../../migrations/0023_import_runs_source.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// The newest schema version this binary understands.
pub fn latest_version() -> usize {
    MIGRATION_SQL.len()
}

pub struct Store {
    conn: Connection,
    /// The shared hold on the shop's lock file (see [`shop_lock`]); declared after
    /// `conn` so the connection closes before the hold is let go.
    _shop_lock: Option<std::fs::File>,
}

/// Page cache per connection, in KiB (SQLite's default is 2 MB). Reports read the
/// summaries, a few MB; 16 MB keeps a report's index pages between queries of the
/// same run without growing a till's memory much (measured in BENCHMARKS.md).
const CACHE_KIB: i64 = 16 * 1024;
/// Memory-map up to this much of the file: pages are read from the OS cache without
/// a read call each (the scale shop is about 230 MB). Mapped pages are the OS's file
/// cache, shared between the tills and given back under memory pressure.
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

/// How long a connection waits for another's write lock before "database is locked".
pub const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Pragmas are per connection and must be set outside any transaction.
fn apply_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(LOCK_PATIENCE)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    set_page_reads(conn)?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

/// The page cache and memory map every connection reads with (also the connections
/// that check a backup's copy: `integrity_check` of the scale shop's copy takes 2.8 s
/// with them, 4.0 s with SQLite's 2 MB cache and no map; a 64 MB cache or a map of
/// the whole 268 MB file gains nothing more; see BENCHMARKS.md, "Backup").
pub(crate) fn set_page_reads(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(())
}

/// How long an open waits for another process that is migrating the same shop.
const MIGRATION_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Bring the schema to the newest version. Two warung processes may open an old shop
/// at the same moment (a till and a `config set` after an upgrade): both read the old
/// version before either takes the write lock, so the slower one finds the tables
/// already made. Each attempt takes the write lock first (IMMEDIATE), and an attempt
/// that fails while another process moved the version on, or waited too long for
/// its lock, starts again from the version now on disk.
fn migrate(conn: &mut Connection) -> Result<()> {
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let started = std::time::Instant::now();
    let outcome = loop {
        let before = schema_version(conn)?;
        if before >= latest_version() {
            break Ok(());
        }
        match MIGRATIONS.to_latest(conn) {
            Ok(()) => break Ok(()),
            Err(e) => {
                let moved_on = schema_version(conn)? > before;
                if !(moved_on || is_busy(&e) && started.elapsed() < MIGRATION_WAIT) {
                    break Err(StoreError::Migration(e.to_string()));
                }
            }
        }
    };
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    outcome
}

fn is_busy(e: &rusqlite_migration::Error) -> bool {
    matches!(e, rusqlite_migration::Error::RusqliteError { err, .. }
        if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy))
}

fn schema_version(conn: &Connection) -> Result<usize> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(v.max(0) as usize)
}

#[cfg(unix)]
fn create_private_file(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    // Create empty with mode 0600 before SQLite does, so the file is never world-readable.
    let _ = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path);
}

#[cfg(not(unix))]
fn create_private_file(_path: &Path) {}

impl Store {
    /// Open (creating if needed) the database at `path` and migrate it to the newest
    /// schema. A file from a newer warung is refused, naming both versions.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|source| StoreError::Folder { path: parent.display().to_string(), source })?;
        }
        let hold = shop_lock::hold_shared(path)?;
        create_private_file(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Store::prepare(conn, &path.display().to_string(), Some(hold))
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, ":memory:", None)
    }

    fn prepare(mut conn: Connection, label: &str, shop_lock: Option<std::fs::File>) -> Result<Store> {
        apply_pragmas(&conn)?;
        let found = schema_version(&conn)?;
        let supported = latest_version();
        if found > supported {
            return Err(StoreError::TooNew { path: label.to_string(), found, supported });
        }
        if found < supported {
            migrate(&mut conn)?;
        }
        Ok(Store { conn, _shop_lock: shop_lock })
    }

    pub fn schema_version(&self) -> Result<usize> {
        schema_version(&self.conn)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` in an IMMEDIATE transaction: it takes the write lock up front, so two
    /// processes never deadlock upgrading a read lock, and commits only if `f` succeeds.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| E::from(StoreError::from(e)))?;
        let value = f(&tx)?;
        tx.commit().map_err(|e| E::from(StoreError::from(e)))?;
        Ok(value)
    }

    /// Run `f` in a read transaction: one consistent snapshot that holds no lock
    /// other writers wait for (WAL). Whatever `f` might write is rolled back.
    pub fn read<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(|e| E::from(StoreError::from(e)))?;
        f(&tx)
    }

    /// Bulk loading into a fresh file (the scale generator): skip fsyncs and use a
    /// large page cache, since a crash mid-load only leaves a file to throw away.
    /// Turning it off restores the normal pragmas and folds the WAL into the file.
    pub fn set_bulk_load(&self, on: bool) -> Result<()> {
        if on {
            self.conn.pragma_update(None, "synchronous", "OFF")?;
            self.conn.pragma_update(None, "cache_size", -256_000)?;
        } else {
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
            self.conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Wait up to `patience` for another connection's write lock from now on
    /// ([`LOCK_PATIENCE`] is what every connection starts with).
    pub fn set_lock_patience(&self, patience: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(patience)?)
    }

    /// Bumped by SQLite whenever another connection commits: lets screens notice
    /// writes from another warung process cheaply.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }
}

/// How many times the master data of `kind` (`items` with their barcodes,
/// `customers`, `suppliers`) has changed, kept by triggers (migration 0011): equal
/// on two reads means no record of that kind changed in between.
pub fn master_changes(conn: &Connection, kind: &str) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT changes FROM import_guard WHERE kind = ?1")?.query_row([kind], |r| r.get(0))?)
}

/// A LIKE pattern (with `ESCAPE '\\'`) matching `text` anywhere, taken literally:
/// a typed `%` or `_` is not a wildcard.
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The schema version of the file at `path` without changing it (0 if it is new).
pub fn peek_version(path: &Path) -> Result<usize> {
    if !path.exists() {
        return Ok(0);
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    schema_version(&conn)
}

/// Validate the embedded migrations (used by tests).
pub fn validate_migrations() -> std::result::Result<(), String> {
    MIGRATIONS.validate().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        validate_migrations().unwrap();
    }

    #[test]
    fn master_data_changes_are_counted_but_stock_and_settings_are_not() {
        let mut store = Store::open_in_memory().unwrap();
        let counts =
            |store: &Store| ["items", "customers", "suppliers"].map(|kind| master_changes(store.conn(), kind).unwrap());
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT OR IGNORE INTO units (code) VALUES ('PCS');
                     INSERT INTO items (sku, name, unit_id, price_retail, created_at, updated_at)
                     VALUES ('A', 'Apel', (SELECT id FROM units WHERE code = 'PCS'), 1000, 0, 0);",
                )?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(counts(&store), [1, 0, 0]);
        let unchanged = |sql: &str, store: &mut Store| {
            let before = counts(store);
            store.write(|tx| Ok::<_, StoreError>(tx.execute_batch(sql)?)).unwrap();
            assert_eq!(counts(store), before, "{sql}");
        };
        unchanged("UPDATE items SET on_hand = on_hand - 1000", &mut store);
        unchanged("INSERT OR REPLACE INTO settings (key, value) VALUES ('store.name', 'X')", &mut store);
        for (sql, kind) in [
            ("UPDATE items SET cost = 900", 0),
            ("INSERT INTO item_barcodes (code, item_id) SELECT '123', id FROM items", 0),
            ("DELETE FROM item_barcodes", 0),
            ("INSERT INTO customers (code, name, created_at, updated_at) VALUES ('C1', 'Sri', 0, 0)", 1),
            ("UPDATE customers SET wa_opt_in = 0", 1),
            ("INSERT INTO suppliers (name, created_at, updated_at) VALUES ('PT A', 0, 0)", 2),
        ] {
            let before = counts(&store);
            store.write(|tx| Ok::<_, StoreError>(tx.execute_batch(sql)?)).unwrap();
            assert_eq!(counts(&store)[kind], before[kind] + 1, "{sql}");
        }
    }

    #[test]
    fn fresh_store_is_at_latest_version_with_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("shop.db")).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        let mode: String = store.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
    }

    #[cfg(unix)]
    #[test]
    fn database_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        Store::open(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn newer_database_is_refused_naming_both_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap();
        let text = err.to_string();
        assert!(text.contains("version 99"), "{text}");
        assert!(text.contains(&format!("up to version {}", latest_version())), "{text}");
    }

    #[test]
    fn shops_opened_at_once_at_an_old_schema_are_migrated_once_and_all_open() {
        for _round in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.db");
            let mut conn = Connection::open(&path).unwrap();
            // As every shop warung made: in WAL mode (readers never wait for a writer).
            conn.pragma_update(None, "journal_mode", "WAL").unwrap();
            Migrations::new(vec![M::up(MIGRATION_SQL[0])]).to_latest(&mut conn).unwrap();
            drop(conn);
            let start = std::sync::Barrier::new(4);
            std::thread::scope(|s| {
                let opens: Vec<_> = (0..4)
                    .map(|_| {
                        s.spawn(|| {
                            start.wait();
                            Store::open(&path).map(|store| store.schema_version().unwrap())
                        })
                    })
                    .collect();
                for open in opens {
                    assert_eq!(open.join().unwrap().unwrap(), latest_version());
                }
            });
        }
    }

    #[test]
    fn old_schema_file_is_upgraded_keeping_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut conn = Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(MIGRATION_SQL[0])]).to_latest(&mut conn).unwrap();
        conn.execute("INSERT INTO units (code, name) VALUES ('PCS', 'Pieces')", []).unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        let n: i64 = store.conn().query_row("SELECT COUNT(*) FROM units", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }
}
