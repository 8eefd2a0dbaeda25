//! Queries behind retention, peak times, marketing cost and campaign results.
//! A sale's `net` here is `subtotal − discount` (before tax): the sum of the sales
//! ledger's `net` over its lines (see `reports::ledger`). Voided sales never count.

use rusqlite::{Connection, params};

use super::Result;

/// A message handed to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub sent_at: i64,
    pub kind: String,
    pub customer_id: Option<i64>,
    /// What the platform's pricing says it cost (rupiah), once reported.
    pub cost: Option<i64>,
}

/// Messages handed to a provider in `start <= sent_at < end`, oldest first.
pub fn sent_messages(conn: &Connection, start: i64, end: i64) -> Result<Vec<SentMessage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sent_at, kind, customer_id, cost FROM outbox
          WHERE sent_at IS NOT NULL AND sent_at >= ?1 AND sent_at < ?2 ORDER BY sent_at",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok(SentMessage { sent_at: r.get(0)?, kind: r.get(1)?, customer_id: r.get(2)?, cost: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first time any message was handed to a provider (WhatsApp "switched on").
pub fn first_sent_at(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT MIN(sent_at) FROM outbox")?.query_row([], |r| r.get(0))?)
}

/// Completed sales of a customer in `start <= at < end`: (instant, net), oldest first.
pub fn sales_of(conn: &Connection, customer_id: i64, start: i64, end: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, subtotal - discount FROM sales
          WHERE customer_id = ?1 AND status = 'completed' AND at >= ?2 AND at < ?3 ORDER BY at",
    )?;
    let rows = stmt.query_map(params![customer_id, start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Completed sales of a customer in `start <= at < end`: (how many, their net).
pub fn purchases_of(conn: &Connection, customer_id: i64, start: i64, end: i64) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(subtotal - discount), 0) FROM sales
              WHERE customer_id = ?1 AND status = 'completed' AND at >= ?2 AND at < ?3",
        )?
        .query_row(params![customer_id, start, end], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub segment: Option<String>,
    pub template: String,
    pub sent_at: Option<i64>,
}

/// Campaigns sent in `start <= sent_at < end`, oldest first.
pub fn sent_campaigns(conn: &Connection, start: i64, end: i64) -> Result<Vec<Campaign>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, segment, template, sent_at FROM campaigns
          WHERE sent_at IS NOT NULL AND sent_at >= ?1 AND sent_at < ?2 ORDER BY sent_at, id",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok(Campaign { id: r.get(0)?, name: r.get(1)?, segment: r.get(2)?, template: r.get(3)?, sent_at: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One member of a campaign's audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub customer_id: i64,
    pub holdout: bool,
    /// When their message was handed to the provider (None: held out, or not sent).
    pub sent_at: Option<i64>,
    /// Their message's state and reported cost (None: held out).
    pub status: Option<String>,
    pub cost: Option<i64>,
}

pub fn recipients(conn: &Connection, campaign_id: i64) -> Result<Vec<Recipient>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.customer_id, r.holdout, o.sent_at, o.status, o.cost FROM campaign_recipients r
           LEFT JOIN outbox o ON o.id = r.outbox_id
          WHERE r.campaign_id = ?1 ORDER BY r.customer_id",
    )?;
    let rows = stmt.query_map([campaign_id], |r| {
        Ok(Recipient {
            customer_id: r.get(0)?,
            holdout: r.get::<_, i64>(1)? == 1,
            sent_at: r.get(2)?,
            status: r.get(3)?,
            cost: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Rows the messaging side writes, for tests of the analytics that read them.
#[cfg(test)]
pub mod test_support {
    use super::*;

    /// A message of `kind` to `customer`, handed to the provider at `sent_at`.
    pub fn sent_message(conn: &Connection, kind: &str, customer_id: i64, sent_at: i64) -> Result<i64> {
        conn.execute(
            "INSERT INTO outbox (created_at, kind, phone, customer_id, template, body, dedupe_key, status,
                                 next_attempt_at, updated_at, sent_at)
             VALUES (?3, ?1, '628120000000', ?2, ?1, '', ?1 || ':' || ?2 || ':' || ?3, 'sent', ?3, ?3, ?3)",
            params![kind, customer_id, sent_at],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// A sent campaign to `audience` (customer, held out); messages go to the others at `sent_at`.
    pub fn campaign(conn: &Connection, name: &str, audience: &[(i64, bool)], sent_at: i64) -> Result<i64> {
        conn.execute(
            "INSERT INTO campaigns (name, template, segment, holdout_bp, created_at, sent_at)
             VALUES (?1, 'promo', 'Drifting', 2000, ?2, ?2)",
            params![name, sent_at],
        )?;
        let id = conn.last_insert_rowid();
        for &(customer, holdout) in audience {
            let outbox = if holdout { None } else { Some(sent_message(conn, "campaign", customer, sent_at)?) };
            conn.execute(
                "INSERT INTO campaign_recipients (campaign_id, customer_id, holdout, outbox_id) VALUES (?1, ?2, ?3, ?4)",
                params![id, customer, holdout as i64, outbox],
            )?;
        }
        Ok(id)
    }
}
