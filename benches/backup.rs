//! Where a backup's time goes (issue 14): the page copy, and the check of the copy
//! under each page setting, per table, and split over two connections.
//!
//! ```text
//! cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
//! WARUNG_BENCH_DB=/tmp/scale.db cargo bench --bench backup
//! ```
//!
//! Everything runs on the SQLite that warung is built with (the bundled one), on a
//! fresh copy of the shop in the same folder. Each figure is the best of `RUNS`
//! (default 3) wall times; the whole-process comparison with `sqlite3 .backup` is
//! `benches/backup.sh`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

fn scale_db() -> PathBuf {
    let path = std::env::var_os("WARUNG_BENCH_DB").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp/scale.db"));
    assert!(path.exists(), "no scale shop at {}", path.display());
    path
}

fn runs() -> usize {
    std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3)
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let mut fastest = Duration::MAX;
    for _ in 0..runs() {
        let start = Instant::now();
        let value = f();
        fastest = fastest.min(start.elapsed());
        out = Some(value);
    }
    (fastest, out.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// A read-only connection to the copy with `cache_kib` of page cache and `mmap` bytes mapped.
fn open_copy(copy: &Path, cache_kib: i64, mmap: i64) -> Connection {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .expect("open the copy");
    conn.pragma_update(None, "cache_size", -cache_kib).unwrap();
    conn.pragma_update(None, "mmap_size", mmap).unwrap();
    conn
}

fn check(conn: &Connection, pragma: &str) -> Vec<String> {
    let mut stmt = conn.prepare(pragma).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

fn main() {
    let source = scale_db();
    let copy = source.with_extension("backup-bench.db");
    let _ = std::fs::remove_file(&copy);
    let size = std::fs::metadata(&source).unwrap().len() as i64;
    println!("shop {} ({} MB), SQLite {}", source.display(), size >> 20, rusqlite::version());

    let from = Connection::open(&source).unwrap();
    let (took, ()) = best(|| {
        let mut to = Connection::open(&copy).unwrap();
        Backup::new(&from, &mut to).unwrap().step(-1).unwrap();
        let _: String = to.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0)).unwrap();
    });
    println!("page copy (backup API, one step): {}", ms(took));

    let settings: [(&str, i64, i64); 5] = [
        ("SQLite defaults (2 MB cache, no map)", 2 * 1024, 0),
        ("16 MB cache, no map", 16 * 1024, 0),
        ("64 MB cache, no map", 64 * 1024, 0),
        ("16 MB cache + 256 MB map (warung's until now)", 16 * 1024, 256 << 20),
        ("16 MB cache + map of the whole file", 16 * 1024, size),
    ];
    for (label, cache, mmap) in settings {
        let conn = open_copy(&copy, cache, mmap);
        let (took, lines) = best(|| check(&conn, "PRAGMA integrity_check"));
        assert_eq!(lines, ["ok"]);
        println!("integrity_check, {label}: {}", ms(took));
    }
    let conn = open_copy(&copy, 16 * 1024, size);
    let (took, _) = best(|| check(&conn, "PRAGMA quick_check"));
    println!("quick_check, 16 MB cache + whole map: {}", ms(took));
    let (took, problems) = best(|| warung::store::backup::check_file(&copy).unwrap());
    assert!(problems.is_empty(), "{problems:?}");
    println!("warung's check of a copy (quick_check + integrity_check(table) on two connections): {}", ms(took));

    // Per table: the table's b-tree, its indexes, and each row looked up in each index.
    let tables: Vec<(String, i64)> = conn
        .prepare(
            "SELECT t.name, (SELECT COUNT(*) FROM sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = t.name)
               FROM sqlite_schema t WHERE t.type = 'table' ORDER BY t.name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut per_table = Vec::new();
    for (table, indexes) in &tables {
        let rows: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| r.get(0)).unwrap();
        let (took, lines) = best(|| check(&conn, &format!("PRAGMA integrity_check(\"{table}\")")));
        assert_eq!(lines, ["ok"], "{table}");
        per_table.push((took, table.clone(), rows, *indexes));
    }
    per_table.sort_by_key(|t| std::cmp::Reverse(t.0));
    let total: Duration = per_table.iter().map(|t| t.0).sum();
    println!("integrity_check(table), sum over {} tables: {}", per_table.len(), ms(total));
    for (took, table, rows, indexes) in per_table.iter().take(15) {
        println!("  {table:<28} {rows:>9} rows {indexes:>2} indexes {:>8}", ms(*took));
    }
    let _ = std::fs::remove_file(&copy);
}
