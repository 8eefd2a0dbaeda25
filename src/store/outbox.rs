//! The message outbox (sending lives in messaging/).

use rusqlite::Connection;

use super::Result;

/// Messages waiting to go out (pending, or failed and due for a retry).
pub fn waiting_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'failed', 'sending')")?
        .query_row([], |r| r.get(0))?)
}
