//! The message outbox (sending lives in messaging/).

use rusqlite::Connection;

use super::Result;

/// Messages waiting to go out (pending, or failed and due for a retry).
pub fn waiting_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'failed', 'sending')")?
        .query_row([], |r| r.get(0))?)
}

#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub kind: &'a str,
    pub channel: &'a str,
    pub phone: &'a str,
    pub customer_id: Option<i64>,
    pub template: &'a str,
    pub params_json: &'a str,
    pub body: &'a str,
    /// Unique per business event (`receipt:INV/…`), so a retry never queues it twice.
    pub dedupe_key: &'a str,
    pub at: i64,
}

/// Queue a message in the caller's transaction; a repeated dedupe key is ignored.
/// Returns whether a row was added.
pub fn enqueue(conn: &Connection, m: &NewMessage<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO outbox (created_at, kind, channel, phone, customer_id, template, params_json, body,
                                 dedupe_key, next_attempt_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?1, ?1)
             ON CONFLICT (dedupe_key) DO NOTHING",
        )?
        .execute(rusqlite::params![
            m.at,
            m.kind,
            m.channel,
            m.phone,
            m.customer_id,
            m.template,
            m.params_json,
            m.body,
            m.dedupe_key
        ])?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub phone: String,
    pub template: String,
    pub params_json: String,
    pub body: String,
    pub dedupe_key: String,
    pub status: String,
}

/// Newest first.
pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, phone, template, params_json, body, dedupe_key, status FROM outbox ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(OutboxRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            phone: r.get(2)?,
            template: r.get(3)?,
            params_json: r.get(4)?,
            body: r.get(5)?,
            dedupe_key: r.get(6)?,
            status: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
