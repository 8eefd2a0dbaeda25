//! User accounts. Hashing and lockout rules live in services::auth.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub password_hash: String,
    pub pin_hash: Option<String>,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    /// Wrong manager PINs since this approver's last approval.
    pub pin_failures: i64,
    pub pin_locked_until: Option<i64>,
}

const SELECT_USER: &str = "SELECT id, username, full_name, role, password_hash, pin_hash, active, failed_logins,
                                  locked_until, pin_failures, pin_locked_until FROM users";

fn map_user(row: &Row<'_>) -> rusqlite::Result<UserRow> {
    let role: String = row.get(3)?;
    Ok(UserRow {
        id: row.get(0)?,
        username: row.get(1)?,
        full_name: row.get(2)?,
        role: role.parse().unwrap_or(Role::Cashier),
        password_hash: row.get(4)?,
        pin_hash: row.get(5)?,
        active: row.get(6)?,
        failed_logins: row.get(7)?,
        locked_until: row.get(8)?,
        pin_failures: row.get(9)?,
        pin_locked_until: row.get(10)?,
    })
}

pub fn by_username(conn: &Connection, username: &str) -> Result<Option<UserRow>> {
    let sql = format!("{SELECT_USER} WHERE username = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([username], map_user).optional()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<UserRow>> {
    let sql = format!("{SELECT_USER} WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], map_user).optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<UserRow>> {
    let sql = format!("{SELECT_USER} ORDER BY username");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], map_user)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
}

pub fn insert(conn: &Connection, username: &str, full_name: &str, role: Role, hash: &str, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![username, full_name, role.code(), hash, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn set_password_hash(conn: &Connection, id: i64, hash: &str) -> Result<()> {
    conn.prepare_cached("UPDATE users SET password_hash = ?2, failed_logins = 0, locked_until = NULL WHERE id = ?1")?
        .execute(params![id, hash])?;
    Ok(())
}

pub fn set_pin_hash(conn: &Connection, id: i64, hash: Option<&str>) -> Result<()> {
    conn.prepare_cached("UPDATE users SET pin_hash = ?2 WHERE id = ?1")?.execute(params![id, hash])?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: i64, active: bool) -> Result<()> {
    conn.prepare_cached("UPDATE users SET active = ?2 WHERE id = ?1")?.execute(params![id, active])?;
    Ok(())
}

pub fn record_login_failure(conn: &Connection, id: i64, failed: i64, locked_until: Option<i64>) -> Result<()> {
    conn.prepare_cached("UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1")?.execute(params![
        id,
        failed,
        locked_until
    ])?;
    Ok(())
}

pub fn record_login_success(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1")?.execute([id])?;
    Ok(())
}

pub fn record_pin_failure(conn: &Connection, id: i64, failures: i64, locked_until: Option<i64>) -> Result<()> {
    conn.prepare_cached("UPDATE users SET pin_failures = ?2, pin_locked_until = ?3 WHERE id = ?1")?
        .execute(params![id, failures, locked_until])?;
    Ok(())
}

pub fn record_pin_success(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE users SET pin_failures = 0, pin_locked_until = NULL WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Lift both lockouts (passwords and PINs) of a user.
pub fn unlock(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, pin_failures = 0, pin_locked_until = NULL
         WHERE id = ?1",
    )?
    .execute([id])?;
    Ok(())
}
