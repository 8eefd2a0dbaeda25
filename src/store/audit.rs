//! Append-only audit trail (triggers refuse UPDATE and DELETE).

use rusqlite::{Connection, params};

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry<'a> {
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub username: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn record(conn: &Connection, entry: &AuditEntry<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        entry.at,
        entry.user_id,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.before,
        entry.after
    ])?;
    Ok(())
}

/// Newest first.
pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.at, u.username, a.action, a.entity, a.entity_id, a.before, a.after
           FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
          ORDER BY a.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(AuditRow {
            id: r.get(0)?,
            at: r.get(1)?,
            username: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            before: r.get(6)?,
            after: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
