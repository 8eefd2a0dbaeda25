//! The Messages screen's view of the outbox (filter, retry, cancel), the inbox, halted
//! channels, and the `messages` report. Enqueueing is in `outbox`.

use rusqlite::{Connection, Row, params};

use super::reports::{Flow, db, opt_text, stream, text};
use super::{Result, StoreError};

/// States a person may send again: the dispatcher gave up, or does not know.
pub const RETRYABLE: &[&str] = &["failed", "dead", "unknown", "skipped", "held"];
/// States a person may cancel: not yet handed to a provider.
pub const CANCELLABLE: &[&str] = &["pending", "failed", "held"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub created_at: i64,
    pub kind: String,
    pub channel: String,
    pub phone: String,
    pub customer_name: Option<String>,
    pub template: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub limit: usize,
}

/// Newest first (by creation), optionally of one status and one kind.
pub fn list(conn: &Connection, filter: &MessageFilter) -> Result<Vec<MessageRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.created_at, o.kind, o.channel, o.phone, c.name, o.template, o.body, o.status, o.attempts,
                o.last_error
           FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id
          WHERE (?1 IS NULL OR o.status = ?1) AND (?2 IS NULL OR o.kind = ?2)
          ORDER BY o.created_at DESC, o.id DESC LIMIT ?3",
    )?;
    let limit = if filter.limit == 0 { i64::MAX } else { filter.limit as i64 };
    let rows = stmt.query_map(params![filter.status, filter.kind, limit], |r| {
        Ok(MessageRow {
            id: r.get(0)?,
            created_at: r.get(1)?,
            kind: r.get(2)?,
            channel: r.get(3)?,
            phone: r.get(4)?,
            customer_name: r.get(5)?,
            template: r.get(6)?,
            body: r.get(7)?,
            status: r.get(8)?,
            attempts: r.get(9)?,
            last_error: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The status of one message, if it exists.
pub fn status(conn: &Connection, id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn.prepare_cached("SELECT status FROM outbox WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Put a failed, dead, unknown, skipped or held message back in the queue, due now.
/// Returns whether it changed.
pub fn retry(conn: &Connection, id: i64, now: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, lease_until = NULL, updated_at = ?2
              WHERE id = ?1 AND status IN ('failed', 'dead', 'unknown', 'skipped', 'held')",
        )?
        .execute(params![id, now])?
        == 1)
}

/// Cancel a pending, failed or held message. Returns whether it changed.
pub fn cancel(conn: &Connection, id: i64, now: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE outbox SET status = 'cancelled', lease_until = NULL, updated_at = ?2
              WHERE id = ?1 AND status IN ('pending', 'failed', 'held')",
        )?
        .execute(params![id, now])?
        == 1)
}

/// What happened to a message, as the dispatcher records it; used to give the demo
/// shop's history believable states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome<'a> {
    pub created_at: i64,
    pub status: &'a str,
    pub attempts: i64,
    pub provider_id: Option<&'a str>,
    pub last_error: Option<&'a str>,
    /// When the provider took it (sent, delivered, read).
    pub sent_at: Option<i64>,
}

pub fn set_outcome(conn: &Connection, id: i64, o: &Outcome<'_>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET created_at = ?2, next_attempt_at = ?2, updated_at = COALESCE(?7, ?2), status = ?3,
                           attempts = ?4, provider_id = ?5, last_error = ?6, sent_at = ?7
          WHERE id = ?1",
    )?
    .execute(params![id, o.created_at, o.status, o.attempts, o.provider_id, o.last_error, o.sent_at])?;
    Ok(())
}

/// A completed sale to an opted-in customer with a phone, for receipts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSale {
    pub invoice: String,
    pub at: i64,
    pub total: i64,
    /// Put on the customer's account.
    pub credit: i64,
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub phone: String,
}

/// Such sales since `since` (epoch ms), oldest first.
pub fn customer_sales_since(conn: &Connection, since: i64) -> Result<Vec<CustomerSale>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.invoice, s.at, s.total,
                COALESCE((SELECT r.amount FROM receivables r WHERE r.sale_id = s.id), 0),
                c.id, c.code, c.name, c.phone
           FROM sales s JOIN customers c ON c.id = s.customer_id
          WHERE s.at >= ?1 AND s.status = 'completed' AND c.wa_opt_in = 1 AND c.phone IS NOT NULL
          ORDER BY s.at, s.id",
    )?;
    let rows = stmt.query_map([since], |r| {
        Ok(CustomerSale {
            invoice: r.get(0)?,
            at: r.get(1)?,
            total: r.get(2)?,
            credit: r.get(3)?,
            customer_id: r.get(4)?,
            code: r.get(5)?,
            name: r.get(6)?,
            phone: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One outbox row as the `messages` report prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine<'a> {
    pub id: i64,
    pub created_at: i64,
    pub kind: &'a str,
    pub channel: &'a str,
    pub phone: &'a str,
    pub customer_code: Option<&'a str>,
    pub template: &'a str,
    pub status: &'a str,
    pub attempts: i64,
    pub provider_id: Option<&'a str>,
    pub last_error: Option<&'a str>,
}

/// Messages created in `from <= created_at < to`, oldest first.
pub fn report_lines<E: From<StoreError>>(
    conn: &Connection,
    from: i64,
    to: i64,
    mut each: impl FnMut(&ReportLine<'_>) -> std::result::Result<Flow, E>,
) -> std::result::Result<(), E> {
    const SQL: &str = "
        SELECT o.id, o.created_at, o.kind, o.channel, o.phone, c.code, o.template, o.status, o.attempts,
               o.provider_id, o.last_error
          FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id
         WHERE o.created_at >= ?1 AND o.created_at < ?2
         ORDER BY o.created_at, o.id";
    stream(conn, SQL, params![from, to], |r: &Row<'_>| {
        let line = (|| {
            Ok::<_, rusqlite::Error>(ReportLine {
                id: r.get(0)?,
                created_at: r.get(1)?,
                kind: text(r, 2)?,
                channel: text(r, 3)?,
                phone: text(r, 4)?,
                customer_code: opt_text(r, 5)?,
                template: text(r, 6)?,
                status: text(r, 7)?,
                attempts: r.get(8)?,
                provider_id: opt_text(r, 9)?,
                last_error: opt_text(r, 10)?,
            })
        })()
        .map_err(db)?;
        each(&line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::outbox::{NewMessage, enqueue};

    fn message(conn: &Connection, key: &str, status: &str) -> i64 {
        let m = NewMessage {
            kind: "receipt",
            channel: "whatsapp",
            phone: "628123456789",
            customer_id: None,
            template: "receipt",
            params_json: "{}",
            body: "hi",
            dedupe_key: key,
            at: 1,
        };
        enqueue(conn, &m).unwrap();
        let id = conn.last_insert_rowid();
        conn.execute("UPDATE outbox SET status = ?2 WHERE id = ?1", params![id, status]).unwrap();
        id
    }

    #[test]
    fn retry_and_cancel_only_touch_the_states_they_are_for() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let ids: Vec<(i64, &str)> = [
            "pending",
            "sending",
            "sent",
            "delivered",
            "read",
            "failed",
            "dead",
            "unknown",
            "cancelled",
            "skipped",
            "held",
        ]
        .into_iter()
        .map(|s| (message(conn, s, s), s))
        .collect();
        for (id, s) in &ids {
            assert_eq!(retry(conn, *id, 50).unwrap(), RETRYABLE.contains(s), "retry {s}");
        }
        // Retried rows are pending again, so they can now be cancelled too.
        for (id, s) in &ids {
            let expect = CANCELLABLE.contains(s) || RETRYABLE.contains(s);
            assert_eq!(cancel(conn, *id, 60).unwrap(), expect, "cancel {s}");
        }
        let (due, at): (i64, i64) = conn
            .query_row("SELECT next_attempt_at, updated_at FROM outbox WHERE dedupe_key = 'dead'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((due, at), (50, 60));
        let filter = MessageFilter { status: Some("cancelled".into()), kind: Some("receipt".into()), limit: 0 };
        assert_eq!(list(conn, &filter).unwrap().len(), 7);
    }
}
