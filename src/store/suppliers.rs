//! Suppliers.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;
use crate::domain::master::SupplierData;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierRow {
    pub id: i64,
    pub data: SupplierData,
    pub active: bool,
}

fn map_supplier(row: &Row<'_>) -> rusqlite::Result<SupplierRow> {
    Ok(SupplierRow {
        id: row.get(0)?,
        data: SupplierData { name: row.get(1)?, phone: row.get(2)?, address: row.get(3)? },
        active: row.get(4)?,
    })
}

pub fn list(conn: &Connection, text: &str, include_archived: bool) -> Result<Vec<SupplierRow>> {
    let pattern = super::contains_pattern(text);
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, phone, address, active FROM suppliers
          WHERE (?1 OR active = 1) AND (name LIKE ?2 ESCAPE '\\' OR phone LIKE ?2 ESCAPE '\\')
          ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![include_archived, pattern], map_supplier)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every supplier's id, archived too, oldest first.
pub fn ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM suppliers ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<SupplierRow>> {
    Ok(conn
        .prepare_cached("SELECT id, name, phone, address, active FROM suppliers WHERE id = ?1")?
        .query_row([id], map_supplier)
        .optional()?)
}

pub fn id_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM suppliers WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

pub fn insert(conn: &Connection, data: &SupplierData, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO suppliers (name, phone, address, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![data.name, data.phone, data.address, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, data: &SupplierData, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE suppliers SET name = ?2, phone = ?3, address = ?4, updated_at = ?5 WHERE id = ?1")?
        .execute(params![id, data.name, data.phone, data.address, now])?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: i64, active: bool, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE suppliers SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, active, now])?;
    Ok(n == 1)
}
