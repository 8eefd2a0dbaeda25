//! Customers leaving WhatsApp marketing (STOP/BERHENTI, provider opt-out codes).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// Turn off `wa_opt_in` for every opted-in customer with this phone; returns their ids.
pub fn by_phone(conn: &Connection, phone: &str, now: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE customers SET wa_opt_in = 0, updated_at = ?2 WHERE phone = ?1 AND wa_opt_in = 1 RETURNING id",
    )?;
    let ids = stmt.query_map(rusqlite::params![phone, now], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Turn off `wa_opt_in` for one customer; returns whether it was on.
pub fn by_id(conn: &Connection, customer_id: i64, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE customers SET wa_opt_in = 0, updated_at = ?2 WHERE id = ?1 AND wa_opt_in = 1")?
        .execute(rusqlite::params![customer_id, now])?;
    Ok(n == 1)
}

/// Whether the customer still takes WhatsApp marketing.
pub fn is_opted_in(conn: &Connection, customer_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT wa_opt_in = 1 FROM customers WHERE id = ?1")?
        .query_row([customer_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// Meta holds this customer back from WhatsApp marketing (its experiment, 130472)
/// until `until`.
pub fn pause_for_experiment(conn: &Connection, customer_id: i64, until: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE customers SET wa_marketing_paused_until = MAX(COALESCE(wa_marketing_paused_until, 0), ?2)
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![customer_id, until])?;
    Ok(())
}

/// Until when the customer is held back from WhatsApp marketing, if that is after `now`.
pub fn experiment_until(conn: &Connection, customer_id: i64, now: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT wa_marketing_paused_until FROM customers WHERE id = ?1 AND wa_marketing_paused_until > ?2",
        )?
        .query_row(rusqlite::params![customer_id, now], |r| r.get(0))
        .optional()?)
}
