//! The journal of imports (migrations 0022, 0023): which file, how many of its units
//! (rows, or invoices for sales) are written, and whether it is done.

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

/// What the journal says of a run left unfinished, for `warung doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    pub id: i64,
    pub kind: String,
    pub fingerprint: String,
    /// The file as named on the command line; empty when not imported from one.
    pub source: String,
    /// The command-line options that change what is written.
    pub flags: String,
    pub units_done: usize,
    pub units_total: usize,
}

/// Every run left unfinished, oldest first.
pub fn all_unfinished(conn: &Connection) -> Result<Vec<Stopped>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, fingerprint, source, flags, units_done, units_total
           FROM import_runs WHERE state = 'publishing' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Stopped {
            id: r.get(0)?,
            kind: r.get(1)?,
            fingerprint: r.get(2)?,
            source: r.get(3)?,
            flags: r.get(4)?,
            units_done: r.get::<_, i64>(5)? as usize,
            units_total: r.get::<_, i64>(6)? as usize,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The file of a run: what the journal knows it by, and what `warung doctor` names it by.
pub struct RunFile<'a> {
    pub kind: &'a str,
    pub fingerprint: &'a str,
    pub source: &'a str,
    pub flags: &'a str,
}

/// Record a run that is about to write its first batch; its id.
pub fn start(conn: &Connection, file: &RunFile<'_>, units_total: usize, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO import_runs (kind, fingerprint, source, flags, state, units_done, units_total, started_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'publishing', 0, ?5, ?6, ?6)",
    )?
    .execute(params![file.kind, file.fingerprint, file.source, file.flags, units_total as i64, now])?;
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

/// Give up unfinished run `id`: what it wrote stays, the rest is not written. The
/// run as it was, or None when no unfinished run has that id.
pub fn abandon(conn: &Connection, id: i64, now: i64) -> Result<Option<Stopped>> {
    let Some(run) = all_unfinished(conn)?.into_iter().find(|run| run.id == id) else {
        return Ok(None);
    };
    conn.execute("UPDATE import_runs SET state = 'abandoned', updated_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(Some(run))
}
