//! Cashier shifts.

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// The open shift of a user, if any.
pub fn open_shift_id(conn: &Connection, user_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM shifts WHERE user_id = ?1 AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?)
}
