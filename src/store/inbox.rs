//! Messages customers sent to the shop (written by the webhook receiver).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

pub struct NewInbound<'a> {
    pub received_at: i64,
    pub provider: &'a str,
    pub phone: &'a str,
    pub customer_id: Option<i64>,
    pub body: &'a str,
    pub provider_id: Option<&'a str>,
}

/// Store an inbound message; a repeated provider id (a webhook delivered twice) is
/// ignored. Returns whether a row was added.
pub fn insert(conn: &Connection, m: &NewInbound<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO inbox (received_at, provider, phone, customer_id, body, provider_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (provider_id) DO NOTHING",
        )?
        .execute(rusqlite::params![m.received_at, m.provider, m.phone, m.customer_id, m.body, m.provider_id])?;
    Ok(n == 1)
}

/// When this phone last wrote to the shop (opens WhatsApp's 24-hour window).
pub fn last_inbound_at(conn: &Connection, phone: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT MAX(received_at) FROM inbox WHERE phone = ?1")?
        .query_row([phone], |r| r.get(0))
        .optional()?
        .flatten())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    pub id: i64,
    pub received_at: i64,
    pub provider: String,
    pub phone: String,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub body: String,
    pub read: bool,
}

/// Newest first.
pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<InboxRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.received_at, i.provider, i.phone, i.customer_id, c.name, i.body, i.read_at IS NOT NULL
           FROM inbox i LEFT JOIN customers c ON c.id = i.customer_id
          ORDER BY i.received_at DESC, i.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(InboxRow {
            id: r.get(0)?,
            received_at: r.get(1)?,
            provider: r.get(2)?,
            phone: r.get(3)?,
            customer_id: r.get(4)?,
            customer_name: r.get(5)?,
            body: r.get(6)?,
            read: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Mark a message read; returns whether it was unread.
pub fn mark_read(conn: &Connection, id: i64, now: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE inbox SET read_at = ?2 WHERE id = ?1 AND read_at IS NULL")?
        .execute(rusqlite::params![id, now])?
        == 1)
}
