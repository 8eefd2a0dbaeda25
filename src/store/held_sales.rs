//! Sales parked with F4, kept as JSON so they survive a restart.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSaleRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub held_at: i64,
    pub label: String,
    pub cart_json: String,
}

pub fn insert(conn: &Connection, user_id: Option<i64>, at: i64, label: &str, cart_json: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO held_sales (user_id, held_at, label, cart_json) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![user_id, at, label, cart_json])?;
    Ok(conn.last_insert_rowid())
}

pub fn list(conn: &Connection) -> Result<Vec<HeldSaleRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, user_id, held_at, label, cart_json FROM held_sales ORDER BY held_at, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(HeldSaleRow {
            id: r.get(0)?,
            user_id: r.get(1)?,
            held_at: r.get(2)?,
            label: r.get(3)?,
            cart_json: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Remove and return a held sale (resuming it).
pub fn take(conn: &Connection, id: i64) -> Result<Option<HeldSaleRow>> {
    Ok(conn
        .prepare_cached("DELETE FROM held_sales WHERE id = ?1 RETURNING id, user_id, held_at, label, cart_json")?
        .query_row([id], |r| {
            Ok(HeldSaleRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                held_at: r.get(2)?,
                label: r.get(3)?,
                cart_json: r.get(4)?,
            })
        })
        .optional()?)
}
