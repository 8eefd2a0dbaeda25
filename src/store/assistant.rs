//! What the WhatsApp assistant remembers: each inbound message it looked at (a turn),
//! and the staff phones that may use the owner commands.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::Role;

pub struct NewTurn<'a> {
    pub inbound_key: &'a str,
    pub phone: &'a str,
    pub at: i64,
    pub text: &'a str,
    pub command: &'a str,
    pub replied: bool,
    pub reason: Option<&'a str>,
    pub outbox_id: Option<i64>,
}

pub fn record_turn(conn: &Connection, t: &NewTurn<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO assistant_turns (inbound_key, phone, at, text, command, replied, reason, outbox_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![t.inbound_key, t.phone, t.at, t.text, t.command, t.replied, t.reason, t.outbox_id])?;
    Ok(())
}

/// Whether the message with this key was looked at already (a webhook delivered twice).
pub fn turn_exists(conn: &Connection, inbound_key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM assistant_turns WHERE inbound_key = ?1")?
        .query_row([inbound_key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Replies to `phone` since `since`.
pub fn replies_since(conn: &Connection, phone: &str, since: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM assistant_turns WHERE phone = ?1 AND at >= ?2 AND replied = 1")?
        .query_row(params![phone, since], |r| r.get(0))?)
}

/// Whether `phone` got a reply to this same text since `since`.
pub fn answered_same_text_since(conn: &Connection, phone: &str, text: &str, since: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM assistant_turns WHERE phone = ?1 AND at >= ?2 AND text = ?3 AND replied = 1 LIMIT 1",
        )?
        .query_row(params![phone, since, text], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether `phone` was sent the menu since `since`.
pub fn menu_sent_since(conn: &Connection, phone: &str, since: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM assistant_turns WHERE phone = ?1 AND at >= ?2 AND command = 'menu' AND replied = 1 LIMIT 1",
        )?
        .query_row(params![phone, since], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The sender's own last word on messages: they wrote BERHENTI/STOP after their last
/// MULAI/START.
pub fn stopped(conn: &Connection, phone: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT command = 'stop' FROM assistant_turns
              WHERE phone = ?1 AND command IN ('stop', 'start') ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([phone], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// MULAI/START: every customer with this phone takes WhatsApp messages again, with the
/// consent time; returns the ids of those who did not before.
pub fn opt_in_by_phone(conn: &Connection, phone: &str, now: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE customers SET wa_opt_in = 1, wa_opt_in_at = ?2, wa_marketing_paused_until = NULL, updated_at = ?2
          WHERE phone = ?1 AND wa_opt_in = 0 RETURNING id",
    )?;
    let ids = stmt.query_map(params![phone, now], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// A reply is not handed over after `expires_at` (the 24-hour window closes).
pub fn set_reply_expiry(conn: &Connection, dedupe_key: &str, expires_at: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("UPDATE outbox SET expires_at = ?2 WHERE dedupe_key = ?1 RETURNING id")?
        .query_row(params![dedupe_key, expires_at], |r| r.get(0))
        .optional()?)
}

/// The active owner or manager with this phone: (user id, username, role).
pub fn staff_by_phone(conn: &Connection, phone: &str) -> Result<Option<(i64, String, Role)>> {
    let found: Option<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT id, username, role FROM users
              WHERE phone = ?1 AND active = 1 AND role IN ('owner', 'manager') ORDER BY id LIMIT 1",
        )?
        .query_row([phone], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(found.and_then(|(id, name, role)| role.parse().ok().map(|role| (id, name, role))))
}

/// Phones of the active owners and managers (the digest and alerts go there).
pub fn staff_phones(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT phone FROM users
          WHERE phone IS NOT NULL AND active = 1 AND role IN ('owner', 'manager') ORDER BY phone",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Give user `username` a phone (or none); false if there is no such user.
pub fn set_user_phone(conn: &Connection, username: &str, phone: Option<&str>) -> Result<bool> {
    let n =
        conn.prepare_cached("UPDATE users SET phone = ?2 WHERE username = ?1")?.execute(params![username, phone])?;
    Ok(n == 1)
}

/// Active items at or below their reorder level (the rule of
/// `domain::qty::needs_reorder`), fewest on hand first: (name, unit, on hand, reorder level).
pub fn low_stock_items(
    conn: &Connection,
    limit: usize,
) -> Result<Vec<(String, String, crate::domain::Qty, crate::domain::Qty)>> {
    use crate::domain::Qty;
    let mut stmt = conn.prepare_cached(
        "SELECT i.name, u.code, i.on_hand, i.reorder_level FROM items i JOIN units u ON u.id = i.unit_id
          WHERE i.active = 1 AND i.reorder_level > 0 AND i.on_hand - i.reorder_level <= 0
          ORDER BY i.on_hand - i.reorder_level, i.name LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok((r.get(0)?, r.get(1)?, Qty::from_thousandths(r.get(2)?), Qty::from_thousandths(r.get(3)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a message with this dedupe key was queued (any state).
pub fn queued(conn: &Connection, dedupe_key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM outbox WHERE dedupe_key = ?1")?
        .query_row([dedupe_key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Messages that failed for good or wait for a retry, changed since `since`.
pub fn failed_messages_since(conn: &Connection, since: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM outbox WHERE status IN ('failed', 'dead') AND updated_at >= ?1")?
        .query_row([since], |r| r.get(0))?)
}

/// Today's alert subjects as (subject, name or invoice, amount): items at or below their reorder level, sales voided since
/// `since`, and sales since `since` whose discounts (line and whole-sale) are more than
/// `max_bp` hundredths of a percent of their price before discounts.
pub fn alert_subjects(conn: &Connection, since: i64, max_bp: i64) -> Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 'stock:' || i.id, i.name, i.on_hand FROM items i
          WHERE i.active = 1 AND i.reorder_level > 0 AND i.on_hand - i.reorder_level <= 0
         UNION ALL
         SELECT 'void:' || s.invoice, s.invoice, s.total FROM sales s WHERE s.status = 'void' AND s.voided_at >= ?1
         UNION ALL
         SELECT 'discount:' || s.invoice, s.invoice, s.discount + d.lines
           FROM sales s JOIN (SELECT sale_id, SUM(discount) AS lines FROM sale_lines GROUP BY sale_id) d
             ON d.sale_id = s.id
          WHERE s.at >= ?1 AND s.status = 'completed'
            AND (s.discount + d.lines) * 10000 > ?2 * (s.subtotal + d.lines)
          ORDER BY 1",
    )?;
    let rows = stmt.query_map(params![since, max_bp], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Of `subjects`, those not alerted on `day` yet; they are recorded as alerted at `now`.
pub fn claim_alert_subjects(conn: &Connection, day: &str, subjects: &[String], now: i64) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("INSERT INTO assistant_alerts (day, subject, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")?;
    let mut new = Vec::new();
    for subject in subjects {
        if stmt.execute(params![day, subject, now])? == 1 {
            new.push(subject.clone());
        }
    }
    Ok(new)
}

/// When the last batch of alerts was made.
pub fn last_alert_at(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT MAX(at) FROM assistant_alerts")?.query_row([], |r| r.get(0))?)
}

/// One message of a conversation with a phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationEntry {
    pub at: i64,
    /// The customer wrote it (else the shop sent it).
    pub inbound: bool,
    pub text: String,
    /// The outbox state of what the shop sent; empty for inbound messages.
    pub status: String,
}

/// The last `limit` messages to and from `phone`, oldest first.
pub fn conversation(conn: &Connection, phone: &str, limit: usize) -> Result<Vec<ConversationEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, inbound, text, status FROM (
             SELECT received_at AS at, 1 AS inbound, body AS text, '' AS status, id FROM inbox WHERE phone = ?1
             UNION ALL
             SELECT created_at, 0, body, status, id FROM outbox WHERE phone = ?1
             ORDER BY at DESC, inbound, id DESC LIMIT ?2)
         ORDER BY at, inbound DESC",
    )?;
    let rows = stmt.query_map(params![phone, limit as i64], |r| {
        Ok(ConversationEntry { at: r.get(0)?, inbound: r.get(1)?, text: r.get(2)?, status: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
