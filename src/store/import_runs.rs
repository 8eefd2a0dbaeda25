//! The journal of imports written in batches (migration 0022): which file, how many
//! of its units (rows, or invoices for sales) are written, and whether it is done.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

/// An import run that has written part of its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unfinished {
    pub id: i64,
    pub units_done: usize,
    pub units_total: usize,
}

/// The unfinished run of the file with `fingerprint`, if any.
pub fn unfinished(conn: &Connection, fingerprint: &str) -> Result<Option<Unfinished>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, units_done, units_total FROM import_runs WHERE fingerprint = ?1 AND state = 'publishing'",
        )?
        .query_row([fingerprint], |r| {
            Ok(Unfinished {
                id: r.get(0)?,
                units_done: r.get::<_, i64>(1)? as usize,
                units_total: r.get::<_, i64>(2)? as usize,
            })
        })
        .optional()?)
}

/// Record a run that is about to write its first batch; its id.
pub fn start(conn: &Connection, kind: &str, fingerprint: &str, units_total: usize, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO import_runs (kind, fingerprint, state, units_done, units_total, started_at, updated_at)
         VALUES (?1, ?2, 'publishing', 0, ?3, ?4, ?4)",
    )?
    .execute(params![kind, fingerprint, units_total as i64, now])?;
    Ok(conn.last_insert_rowid())
}

/// `units_done` units of run `id` are written; the run is done when that is all of them.
pub fn advance(conn: &Connection, id: i64, units_done: usize, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE import_runs
            SET units_done = ?2, updated_at = ?3,
                state = CASE WHEN ?2 >= units_total THEN 'done' ELSE 'publishing' END
          WHERE id = ?1",
    )?
    .execute(params![id, units_done as i64, now])?;
    Ok(())
}

/// How many units run `id` has written (read again under the write lock: another
/// warung may be finishing the same file).
pub fn units_done(conn: &Connection, id: i64) -> Result<usize> {
    let done: i64 =
        conn.prepare_cached("SELECT units_done FROM import_runs WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    Ok(done as usize)
}
