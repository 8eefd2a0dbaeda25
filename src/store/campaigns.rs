//! Audiences for marketing messages (campaigns, win-back, birthdays) and the campaigns
//! with their recipients. Every audience is opted-in, active customers with a phone.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

/// A customer a marketing message may go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub phone: String,
}

pub(crate) const REACHABLE: &str = "c.wa_opt_in = 1 AND c.active = 1 AND c.phone IS NOT NULL AND c.phone <> ''";

fn recipients(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Recipient>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok(Recipient { customer_id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, phone: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Opted-in customers, all of them or those whose cluster label or RFM segment in the
/// LATEST segment run is `segment` (any case), by customer id.
pub fn audience(conn: &Connection, segment: Option<&str>) -> Result<Vec<Recipient>> {
    let sql = format!(
        "SELECT c.id, c.code, c.name, c.phone FROM customers c
          WHERE {REACHABLE}
            AND (?1 IS NULL OR EXISTS (
                SELECT 1 FROM customer_segments s
                 WHERE s.customer_id = c.id AND s.run_id = (SELECT MAX(id) FROM segment_runs)
                   AND (s.cluster_label = ?1 COLLATE NOCASE OR s.rfm_segment = ?1 COLLATE NOCASE)))
          ORDER BY c.id"
    );
    recipients(conn, &sql, params![segment])
}

/// The labels a campaign can target: cluster labels and RFM segments of the latest run.
pub fn segment_labels(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT cluster_label FROM customer_segments WHERE run_id = (SELECT MAX(id) FROM segment_runs)
         UNION SELECT rfm_segment FROM customer_segments WHERE run_id = (SELECT MAX(id) FROM segment_runs)
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Opted-in customers who bought before and not since `silent_since` (epoch ms), with
/// their last purchase.
pub fn silent_since(conn: &Connection, silent_since: i64) -> Result<Vec<(Recipient, i64)>> {
    let sql = format!(
        "SELECT c.id, c.code, c.name, c.phone, MAX(s.at) AS last_at FROM customers c
           JOIN sales s ON s.customer_id = c.id AND s.status = 'completed'
          WHERE {REACHABLE}
          GROUP BY c.id HAVING last_at < ?1
          ORDER BY c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([silent_since], |r| {
        Ok((Recipient { customer_id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, phone: r.get(3)? }, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Opted-in customers whose birthday (`YYYY-MM-DD`) falls on one of `month_days` (`MM-DD`).
pub fn birthdays_on(conn: &Connection, month_days: &[String]) -> Result<Vec<Recipient>> {
    let json = serde_json::to_string(month_days).unwrap_or_else(|_| "[]".into());
    let sql = format!(
        "SELECT c.id, c.code, c.name, c.phone FROM customers c
          WHERE {REACHABLE} AND substr(c.birthday, 6, 5) IN (SELECT value FROM json_each(?1))
          ORDER BY c.id"
    );
    recipients(conn, &sql, [json])
}

/// Whether `customer_id` may get marketing now (opted in, active, has a phone).
pub fn is_reachable(conn: &Connection, customer_id: i64) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM customers c WHERE c.id = ?1 AND {REACHABLE})");
    Ok(conn.prepare_cached(&sql)?.query_row([customer_id], |r| r.get(0))?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign<'a> {
    pub name: &'a str,
    pub template: &'a str,
    pub segment: Option<&'a str>,
    pub holdout_bp: i64,
    pub created_by: Option<i64>,
    pub at: i64,
}

pub fn insert(conn: &Connection, c: &NewCampaign<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO campaigns (name, template, segment, holdout_bp, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![c.name, c.template, c.segment, c.holdout_bp, c.created_by, c.at])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_recipient(conn: &Connection, campaign_id: i64, customer_id: i64, holdout: bool) -> Result<()> {
    conn.prepare_cached("INSERT INTO campaign_recipients (campaign_id, customer_id, holdout) VALUES (?1, ?2, ?3)")?
        .execute(params![campaign_id, customer_id, holdout])?;
    Ok(())
}

pub fn set_recipient_outbox(conn: &Connection, campaign_id: i64, customer_id: i64, outbox_id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE campaign_recipients SET outbox_id = ?3 WHERE campaign_id = ?1 AND customer_id = ?2")?
        .execute(params![campaign_id, customer_id, outbox_id])?;
    Ok(())
}

/// The campaign's marketing is never delivered after `ends_at` (epoch ms).
pub fn set_end(conn: &Connection, id: i64, ends_at: i64) -> Result<()> {
    conn.prepare_cached("UPDATE campaigns SET ends_at = ?2 WHERE id = ?1")?.execute(params![id, ends_at])?;
    Ok(())
}

pub fn end_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn.prepare_cached("SELECT ends_at FROM campaigns WHERE id = ?1")?.query_row([id], |r| r.get(0))?)
}

pub fn mark_sent(conn: &Connection, id: i64, at: i64) -> Result<()> {
    conn.prepare_cached("UPDATE campaigns SET sent_at = ?2 WHERE id = ?1")?.execute(params![id, at])?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub template: String,
    pub segment: Option<String>,
    pub holdout_bp: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub recipients: i64,
    pub holdout: i64,
    /// Recipients with an outbox row.
    pub queued: i64,
}

const SELECT_CAMPAIGN: &str = "
    SELECT k.id, k.name, k.template, k.segment, k.holdout_bp, k.created_at, k.sent_at,
           (SELECT COUNT(*) FROM campaign_recipients r WHERE r.campaign_id = k.id),
           (SELECT COUNT(*) FROM campaign_recipients r WHERE r.campaign_id = k.id AND r.holdout = 1),
           (SELECT COUNT(*) FROM campaign_recipients r WHERE r.campaign_id = k.id AND r.outbox_id IS NOT NULL)
      FROM campaigns k";

fn map_campaign(r: &rusqlite::Row<'_>) -> rusqlite::Result<CampaignRow> {
    Ok(CampaignRow {
        id: r.get(0)?,
        name: r.get(1)?,
        template: r.get(2)?,
        segment: r.get(3)?,
        holdout_bp: r.get(4)?,
        created_at: r.get(5)?,
        sent_at: r.get(6)?,
        recipients: r.get(7)?,
        holdout: r.get(8)?,
        queued: r.get(9)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<CampaignRow>> {
    Ok(conn.prepare_cached(&format!("{SELECT_CAMPAIGN} WHERE k.id = ?1"))?.query_row([id], map_campaign).optional()?)
}

/// Newest first.
pub fn list(conn: &Connection, limit: usize) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_CAMPAIGN} ORDER BY k.id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit as i64], map_campaign)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The campaign's recipients who are not held out, by customer id.
pub fn to_send(conn: &Connection, campaign_id: i64) -> Result<Vec<Recipient>> {
    recipients(
        conn,
        "SELECT c.id, c.code, c.name, COALESCE(c.phone, '') FROM campaign_recipients r
           JOIN customers c ON c.id = r.customer_id
          WHERE r.campaign_id = ?1 AND r.holdout = 0 ORDER BY c.id",
        [campaign_id],
    )
}

/// Holdout flags of a campaign's recipients by customer id (for tests and attribution).
pub fn holdout_flags(conn: &Connection, campaign_id: i64) -> Result<Vec<(i64, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, holdout FROM campaign_recipients WHERE campaign_id = ?1 ORDER BY customer_id",
    )?;
    let rows = stmt.query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A segment run with `(customer_id, rfm_segment, cluster_label)` rows, for tests (the
/// analytics side writes the real ones).
#[cfg(test)]
pub fn insert_segment_run_for_test(conn: &Connection, as_of: &str, rows: &[(i64, &str, &str)]) -> i64 {
    conn.execute("INSERT INTO segment_runs (as_of, k, created_at) VALUES (?1, 3, 0)", [as_of]).unwrap();
    let run = conn.last_insert_rowid();
    for (customer_id, rfm, label) in rows {
        conn.execute(
            "INSERT INTO customer_segments (run_id, customer_id, recency_days, frequency, monetary, r_score, f_score,
                                            m_score, rfm_segment, cluster, cluster_label)
             VALUES (?1, ?2, 1, 1, 1, 3, 3, 3, ?3, 0, ?4)",
            params![run, customer_id, rfm, label],
        )
        .unwrap();
    }
    run
}
