//! Named counters (generated barcodes, member codes, invoice numbers). Called inside
//! the writer's transaction, so a number is used exactly once or rolled back with it.

use rusqlite::Connection;

use super::Result;

/// Increment and return the counter `name`, starting at 1.
pub fn next(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO sequences (name, value) VALUES (?1, 1)
             ON CONFLICT (name) DO UPDATE SET value = value + 1
             RETURNING value",
        )?
        .query_row([name], |r| r.get(0))?)
}
