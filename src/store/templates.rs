//! User-edited templates by name. No row means the shipped default is in use
//! (which templates exist, and their defaults, is services' business).

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

pub fn get(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT body FROM templates WHERE name = ?1")?.query_row([name], |r| r.get(0)).optional()?)
}

pub fn set(conn: &Connection, name: &str, body: &str, at: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO templates (name, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )?
    .execute(params![name, body, at])?;
    Ok(())
}

/// Returns whether there was a stored template to delete.
pub fn delete(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM templates WHERE name = ?1")?.execute([name])? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn set_replaces_and_delete_removes() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        assert_eq!(get(conn, "receipt.txt").unwrap(), None);
        set(conn, "receipt.txt", "a", 1).unwrap();
        set(conn, "receipt.txt", "b", 2).unwrap();
        assert_eq!(get(conn, "receipt.txt").unwrap().as_deref(), Some("b"));
        assert!(delete(conn, "receipt.txt").unwrap());
        assert!(!delete(conn, "receipt.txt").unwrap());
        assert_eq!(get(conn, "receipt.txt").unwrap(), None);
    }
}
