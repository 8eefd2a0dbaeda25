//! The message outbox (sending lives in messaging/).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// Messages waiting to go out (pending, or failed and due for a retry).
pub fn waiting_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'failed', 'sending')")?
        .query_row([], |r| r.get(0))?)
}

#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub kind: &'a str,
    pub channel: &'a str,
    pub phone: &'a str,
    pub customer_id: Option<i64>,
    pub template: &'a str,
    pub params_json: &'a str,
    pub body: &'a str,
    /// Unique per business event (`receipt:INV/…`), so a retry never queues it twice.
    pub dedupe_key: &'a str,
    pub at: i64,
}

/// Queue a message in the caller's transaction; a repeated dedupe key is ignored.
/// Returns whether a row was added.
pub fn enqueue(conn: &Connection, m: &NewMessage<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO outbox (created_at, kind, channel, phone, customer_id, template, params_json, body,
                                 dedupe_key, next_attempt_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?1, ?1)
             ON CONFLICT (dedupe_key) DO NOTHING",
        )?
        .execute(rusqlite::params![
            m.at,
            m.kind,
            m.channel,
            m.phone,
            m.customer_id,
            m.template,
            m.params_json,
            m.body,
            m.dedupe_key
        ])?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub phone: String,
    pub template: String,
    pub params_json: String,
    pub body: String,
    pub dedupe_key: String,
    pub status: String,
}

/// Newest first.
pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, phone, template, params_json, body, dedupe_key, status FROM outbox ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(OutboxRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            phone: r.get(2)?,
            template: r.get(3)?,
            params_json: r.get(4)?,
            body: r.get(5)?,
            dedupe_key: r.get(6)?,
            status: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A message the dispatcher has claimed: everything a provider needs to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedRow {
    pub id: i64,
    pub kind: String,
    pub channel: String,
    pub phone: String,
    pub customer_id: Option<i64>,
    pub template: String,
    pub params_json: String,
    pub body: String,
    pub attempts: i64,
    /// Times the platform's per-user marketing limit sent it back (131049).
    pub platform_retries: i64,
    /// Only as its template, never as free text (the platform said the window is closed).
    pub as_template: bool,
    /// Not to be handed over after this instant (campaign end, time to live).
    pub expires_at: Option<i64>,
}

const CLAIMED_COLUMNS: &str = "id, kind, channel, phone, customer_id, template, params_json, body, attempts, platform_retries, as_template, expires_at";

fn claimed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimedRow> {
    Ok(ClaimedRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        channel: r.get(2)?,
        phone: r.get(3)?,
        customer_id: r.get(4)?,
        template: r.get(5)?,
        params_json: r.get(6)?,
        body: r.get(7)?,
        attempts: r.get(8)?,
        platform_retries: r.get(9)?,
        as_template: r.get(10)?,
        expires_at: r.get(11)?,
    })
}

/// One message as the dispatcher would claim it (a status webhook settles it the same way).
pub fn row_to_settle(conn: &Connection, id: i64) -> Result<Option<ClaimedRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {CLAIMED_COLUMNS} FROM outbox WHERE id = ?1"))?
        .query_row([id], claimed_row)
        .optional()?)
}

/// Which kinds a claim may take (quiet hours hold back marketing and reminders; the
/// daily cap holds back marketing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimKinds {
    pub reminders: bool,
    pub marketing: bool,
}

/// Kinds that need opt-in, count against the daily cap and wait out quiet hours.
pub const MARKETING_KINDS: [&str; 4] = ["winback", "birthday", "campaign", "refill"];

/// In the caller's IMMEDIATE transaction: first settle rows whose dispatcher died
/// mid-send (lease expired): a request that may have left becomes `unknown`; one that
/// provably never left is due again. Then reserve up to `limit` due rows until
/// `lease_until` and return them, oldest first. Returns the rows and how many were
/// turned `unknown`.
pub fn claim(
    conn: &Connection,
    now: i64,
    lease_until: i64,
    limit: usize,
    kinds: ClaimKinds,
) -> Result<(Vec<ClaimedRow>, usize)> {
    let unknown = expire_leases(conn, now)?;
    let mut stmt = conn.prepare_cached(&format!(
        "UPDATE outbox SET status = 'sending', lease_until = ?2, updated_at = ?1
         WHERE id IN (
             SELECT id FROM outbox
             WHERE ((status IN ('pending', 'failed') AND next_attempt_at <= ?1)
                    OR (status = 'sending' AND lease_until < ?1 AND attempt_started_at IS NULL))
               AND (kind NOT IN ('winback', 'birthday', 'campaign', 'refill') OR ?4)
               AND (kind <> 'reminder' OR ?5)
             ORDER BY next_attempt_at, id LIMIT ?3)
         RETURNING {CLAIMED_COLUMNS}"
    ))?;
    let mut rows = stmt
        .query_map(rusqlite::params![now, lease_until, limit as i64, kinds.marketing, kinds.reminders], claimed_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by_key(|r| r.id);
    Ok((rows, unknown))
}

/// Rows whose dispatcher died mid-send (lease expired with the request begun) become
/// `unknown`: the request may have left. Returns how many.
pub fn expire_leases(conn: &Connection, now: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE outbox SET status = 'unknown', lease_until = NULL, updated_at = ?1,
                    last_error = 'the dispatcher stopped while sending; waiting for the provider''s status'
             WHERE status = 'sending' AND lease_until < ?1 AND attempt_started_at IS NOT NULL",
        )?
        .execute([now])?)
}

/// The marker that the request is about to leave through `provider` (see [`claim`]);
/// counts the attempt. False if this process no longer holds the row (its lease was
/// taken over).
pub fn begin_attempt(conn: &Connection, id: i64, provider: &str, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET attempt_started_at = ?2, attempts = attempts + 1, provider = ?3, updated_at = ?2
             WHERE id = ?1 AND status = 'sending' AND attempt_started_at IS NULL",
        )?
        .execute(rusqlite::params![id, now, provider])?;
    Ok(n == 1)
}

/// Messages `provider` may or may not have taken (`unknown`), oldest first.
pub fn unknown_of(conn: &Connection, provider: &str) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM outbox WHERE status = 'unknown' AND provider = ?1 ORDER BY id")?;
    let rows = stmt.query_map([provider], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An `unknown` message proved never sent: due again now, the lost attempt uncounted.
pub fn retry_unknown(conn: &Connection, id: i64, reason: &str, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, last_error = ?3,
                    attempts = MAX(attempts - 1, 0), lease_until = NULL, attempt_started_at = NULL, updated_at = ?2
             WHERE id = ?1 AND status = 'unknown'",
        )?
        .execute(rusqlite::params![id, now, reason])?;
    Ok(n == 1)
}

/// The provider accepted the message.
pub fn mark_sent(conn: &Connection, id: i64, provider_id: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = 'sent', provider_id = ?2, sent_at = ?3, last_error = NULL, lease_until = NULL,
                attempt_started_at = NULL, updated_at = ?3
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, provider_id, now])?;
    Ok(())
}

/// A final or waiting state with a reason: `failed` (retry at `next_attempt_at`), `dead`
/// or `unknown`.
pub fn mark(conn: &Connection, id: i64, status: &str, reason: &str, next_attempt_at: i64, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = ?2, last_error = ?3, next_attempt_at = ?4, lease_until = NULL,
                attempt_started_at = NULL, updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, status, reason, next_attempt_at, now])?;
    Ok(())
}

/// Give a claimed row back (pacing, a halted channel): pending again from `at`. With
/// `attempt_made` the attempt this process began is uncounted; without it, a row
/// another dispatcher has meanwhile begun sending is left alone.
pub fn release(conn: &Connection, id: i64, at: i64, reason: Option<&str>, attempt_made: bool, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, last_error = COALESCE(?3, last_error),
                attempts = attempts - ?4, lease_until = NULL, attempt_started_at = NULL, updated_at = ?5
         WHERE id = ?1 AND status = 'sending' AND (?4 = 1 OR attempt_started_at IS NULL)",
    )?
    .execute(rusqlite::params![id, at, reason, attempt_made as i64, now])?;
    Ok(())
}

/// Back in the queue at `at` with `reason`, whatever its state: the attempt that
/// led here is not counted; `platform_retry` counts a wait for the platform's
/// marketing limit, `as_template` forbids free text from now on.
pub fn requeue(
    conn: &Connection,
    id: i64,
    at: i64,
    reason: &str,
    platform_retry: bool,
    as_template: bool,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, last_error = ?3, attempts = MAX(attempts - 1, 0),
                platform_retries = platform_retries + ?4, as_template = MAX(as_template, ?5),
                lease_until = NULL, attempt_started_at = NULL, updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, at, reason, platform_retry as i64, as_template as i64, now])?;
    Ok(())
}

/// Hold message `id` and every message of its template still waiting to be sent
/// (claimed ones too, unless their request has begun: their dispatcher then finds them
/// no longer its own). Returns how many were held.
pub fn hold_template(conn: &Connection, id: i64, template: &str, reason: &str, now: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE outbox SET status = 'held', last_error = ?3, lease_until = NULL, attempt_started_at = NULL,
                    updated_at = ?4
             WHERE id = ?1
                OR (template = ?2 AND (status IN ('pending', 'failed')
                                       OR (status = 'sending' AND attempt_started_at IS NULL)))",
        )?
        .execute(rusqlite::params![id, template, reason, now])?)
}

/// The template is usable again: its held messages are due now. Returns how many.
pub fn release_held(conn: &Connection, template: &str, now: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ?2, updated_at = ?2
             WHERE template = ?1 AND status = 'held'",
        )?
        .execute(rusqlite::params![template, now])?)
}

/// Marketing messages handed to a provider since `since` (the daily cap).
pub fn marketing_sent_since(conn: &Connection, since: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM outbox WHERE kind IN ('winback', 'birthday', 'campaign', 'refill') AND sent_at >= ?1",
        )?
        .query_row([since], |r| r.get(0))?)
}

/// The row a status from `provider` refers to: by the provider's id among that
/// provider's messages, else by our own id (sent back to us as callback data) when the
/// row went to that provider and has no provider id yet (an `unknown` row).
pub fn find_for_status(
    conn: &Connection,
    provider: &str,
    provider_id: &str,
    outbox_id: Option<i64>,
) -> Result<Option<(i64, String)>> {
    let by_provider = conn
        .prepare_cached("SELECT id, status FROM outbox WHERE provider_id = ?1 AND provider = ?2")?
        .query_row([provider_id, provider], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if by_provider.is_some() {
        return Ok(by_provider);
    }
    let Some(id) = outbox_id else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT id, status FROM outbox WHERE id = ?1 AND provider = ?2 AND provider_id IS NULL")?
        .query_row(rusqlite::params![id, provider], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Record a status the provider reported later (delivered, read, …).
pub fn set_reported_status(
    conn: &Connection,
    id: i64,
    status: &str,
    provider_id: &str,
    reason: Option<&str>,
    at: i64,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = ?2, provider_id = COALESCE(provider_id, ?3), last_error = COALESCE(?4, last_error),
                sent_at = CASE WHEN ?2 IN ('sent', 'delivered', 'read') THEN COALESCE(sent_at, ?5) ELSE sent_at END,
                lease_until = NULL, attempt_started_at = NULL, updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, status, provider_id, reason, at, now])?;
    Ok(())
}

/// Queue message `id` again as an SMS (the same text, kind and customer; dedupe key
/// `…:sms`). Returns the new row's id, or None if it was queued before.
pub fn copy_as_sms(conn: &Connection, id: i64, now: i64) -> Result<Option<i64>> {
    let n = conn
        .prepare_cached(
            "INSERT INTO outbox (created_at, kind, channel, phone, customer_id, template, params_json, body, dedupe_key,
                                 next_attempt_at, updated_at, expires_at)
             SELECT ?2, kind, 'sms', phone, customer_id, template, params_json, body, dedupe_key || ':sms', ?2, ?2,
                    expires_at
               FROM outbox WHERE id = ?1
             ON CONFLICT (dedupe_key) DO NOTHING",
        )?
        .execute(rusqlite::params![id, now])?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

/// The message is not to be handed over after `at` (it is skipped instead).
pub fn set_expiry(conn: &Connection, id: i64, at: i64) -> Result<()> {
    conn.prepare_cached("UPDATE outbox SET expires_at = ?2 WHERE id = ?1")?.execute(rusqlite::params![id, at])?;
    Ok(())
}

/// The platform's pricing of a message (status webhooks) and its cost in rupiah.
pub fn set_pricing(
    conn: &Connection,
    id: i64,
    billable: bool,
    category: Option<&str>,
    model: Option<&str>,
    cost: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET pricing_billable = ?2, pricing_category = ?3, pricing_model = ?4, cost = ?5 WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, billable as i64, category, model, cost])?;
    Ok(())
}

/// Where one message stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageState {
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub provider_id: Option<String>,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
}

pub fn state_of(conn: &Connection, id: i64) -> Result<Option<MessageState>> {
    Ok(conn
        .prepare_cached(
            "SELECT status, attempts, next_attempt_at, provider_id, last_error, sent_at FROM outbox WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(MessageState {
                status: r.get(0)?,
                attempts: r.get(1)?,
                next_attempt_at: r.get(2)?,
                provider_id: r.get(3)?,
                last_error: r.get(4)?,
                sent_at: r.get(5)?,
            })
        })
        .optional()?)
}

/// How many messages are in each status.
pub fn status_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn customer_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT customer_id FROM outbox WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const ALL: ClaimKinds = ClaimKinds { reminders: true, marketing: true };

    fn queued(n: usize) -> Store {
        let store = Store::open_in_memory().unwrap();
        for k in 0..n {
            let m = NewMessage {
                kind: "receipt",
                channel: "whatsapp",
                phone: "628123456789",
                customer_id: None,
                template: "receipt",
                params_json: "{}",
                body: "halo",
                dedupe_key: &format!("k{k}"),
                at: 0,
            };
            enqueue(store.conn(), &m).unwrap();
        }
        store
    }

    #[test]
    fn a_claim_reserves_rows_until_its_lease_ends() {
        let store = queued(3);
        let conn = store.conn();
        let (first, _) = claim(conn, 10, 1_000, 2, ALL).unwrap();
        assert_eq!(first.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2]);
        let (second, _) = claim(conn, 20, 1_000, 10, ALL).unwrap();
        assert_eq!(second.iter().map(|r| r.id).collect::<Vec<_>>(), [3], "leased rows are not claimed twice");
        assert!(claim(conn, 999, 2_000, 10, ALL).unwrap().0.is_empty());
    }

    #[test]
    fn an_expired_lease_is_resent_only_if_the_request_never_left() {
        let store = queued(2);
        let conn = store.conn();
        claim(conn, 10, 1_000, 10, ALL).unwrap();
        assert!(begin_attempt(conn, 1, "file", 20).unwrap());
        assert!(!begin_attempt(conn, 1, "file", 21).unwrap(), "one attempt per claim");
        // The dispatcher dies here; another comes after the lease.
        let (rows, turned_unknown) = claim(conn, 1_001, 2_000, 10, ALL).unwrap();
        assert_eq!(turned_unknown, 1);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [2], "never begun: due again");
        assert_eq!(state_of(conn, 1).unwrap().unwrap().status, "unknown");
    }

    #[test]
    fn release_never_takes_back_a_row_another_dispatcher_is_sending() {
        let store = queued(1);
        let conn = store.conn();
        claim(conn, 10, 1_000, 10, ALL).unwrap();
        claim(conn, 1_001, 2_000, 10, ALL).unwrap();
        assert!(begin_attempt(conn, 1, "file", 1_002).unwrap());
        release(conn, 1, 1_003, None, false, 1_003).unwrap();
        assert_eq!(state_of(conn, 1).unwrap().unwrap().status, "sending");
    }
}
