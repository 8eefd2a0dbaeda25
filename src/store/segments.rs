//! Segmentation runs (`warung segment`) and each customer's place in them. Earlier
//! runs are kept: a customer's history of segments stays readable.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Result;

/// One customer's row in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRow {
    pub customer_id: i64,
    pub recency_days: i64,
    pub frequency: i64,
    pub monetary: i64,
    pub r_score: u8,
    pub f_score: u8,
    pub m_score: u8,
    pub rfm_segment: &'static str,
    pub cluster: usize,
    pub cluster_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: i64,
    /// `YYYY-MM-DD`, shop-local.
    pub as_of: String,
    pub k: i64,
    pub created_at: i64,
}

pub fn insert_run(conn: &Connection, as_of: &str, k: usize, created_at: i64) -> Result<i64> {
    conn.prepare_cached("INSERT INTO segment_runs (as_of, k, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![as_of, k as i64, created_at])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_row(conn: &Connection, run_id: i64, row: &SegmentRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO customer_segments (run_id, customer_id, recency_days, frequency, monetary, r_score, f_score,
                                        m_score, rfm_segment, cluster, cluster_label)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        run_id,
        row.customer_id,
        row.recency_days,
        row.frequency,
        row.monetary,
        row.r_score,
        row.f_score,
        row.m_score,
        row.rfm_segment,
        row.cluster as i64,
        row.cluster_label
    ])?;
    Ok(())
}

fn run(r: &Row<'_>) -> rusqlite::Result<Run> {
    Ok(Run { id: r.get(0)?, as_of: r.get(1)?, k: r.get(2)?, created_at: r.get(3)? })
}

/// The newest run as of `as_of` or earlier (the newest of all without a date).
pub fn latest_run(conn: &Connection, as_of: Option<&str>) -> Result<Option<Run>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, as_of, k, created_at FROM segment_runs
              WHERE ?1 IS NULL OR as_of <= ?1 ORDER BY as_of DESC, id DESC LIMIT 1",
        )?
        .query_row([as_of], run)
        .optional()?)
}

/// A run's row with the customer's code, name and phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSegment {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub phone: Option<String>,
    pub recency_days: i64,
    pub frequency: i64,
    pub monetary: i64,
    pub r_score: i64,
    pub f_score: i64,
    pub m_score: i64,
    pub rfm_segment: String,
    pub cluster: i64,
    pub cluster_label: String,
}

const ROW_SQL: &str = "
    SELECT s.customer_id, c.code, c.name, c.phone, s.recency_days, s.frequency, s.monetary, s.r_score, s.f_score,
           s.m_score, s.rfm_segment, s.cluster, s.cluster_label
      FROM customer_segments s JOIN customers c ON c.id = s.customer_id";

fn customer_segment(r: &Row<'_>) -> rusqlite::Result<CustomerSegment> {
    Ok(CustomerSegment {
        customer_id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        phone: r.get(3)?,
        recency_days: r.get(4)?,
        frequency: r.get(5)?,
        monetary: r.get(6)?,
        r_score: r.get(7)?,
        f_score: r.get(8)?,
        m_score: r.get(9)?,
        rfm_segment: r.get(10)?,
        cluster: r.get(11)?,
        cluster_label: r.get(12)?,
    })
}

/// Every customer of a run by code, one at a time.
pub fn rows<E: From<super::StoreError>>(
    conn: &Connection,
    run_id: i64,
    mut each: impl FnMut(&CustomerSegment) -> Result<(), E>,
) -> Result<(), E> {
    let sql = format!("{ROW_SQL} WHERE s.run_id = ?1 ORDER BY c.code");
    let mut stmt = conn.prepare_cached(&sql).map_err(|e| E::from(e.into()))?;
    let mut rows = stmt.query([run_id]).map_err(|e| E::from(e.into()))?;
    while let Some(row) = rows.next().map_err(|e| E::from(e.into()))? {
        each(&customer_segment(row).map_err(|e| E::from(e.into()))?)?;
    }
    Ok(())
}

/// The customers of a run in one cluster label or RFM segment, biggest spenders first.
pub fn members(conn: &Connection, run_id: i64, segment: &str, limit: usize) -> Result<Vec<CustomerSegment>> {
    let sql = format!(
        "{ROW_SQL} WHERE s.run_id = ?1 AND (s.cluster_label = ?2 OR s.rfm_segment = ?2)
          ORDER BY s.monetary DESC, c.code LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![run_id, segment, limit as i64], customer_segment)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A customer's row in the newest run that includes them, with that run's date.
pub fn latest_for_customer(conn: &Connection, customer_id: i64) -> Result<Option<(String, CustomerSegment)>> {
    let newest: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT r.id, r.as_of FROM customer_segments s JOIN segment_runs r ON r.id = s.run_id
              WHERE s.customer_id = ?1 ORDER BY r.as_of DESC, r.id DESC LIMIT 1",
        )?
        .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((run_id, as_of)) = newest else { return Ok(None) };
    let sql = format!("{ROW_SQL} WHERE s.run_id = ?1 AND s.customer_id = ?2");
    let row = conn.prepare_cached(&sql)?.query_row([run_id, customer_id], customer_segment)?;
    Ok(Some((as_of, row)))
}

/// One group of a run: a cluster, or an RFM segment.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    /// The cluster number (for RFM segments: −1).
    pub cluster: i64,
    pub label: String,
    pub customers: i64,
    pub mean_recency: f64,
    pub mean_frequency: f64,
    pub mean_monetary: f64,
    /// Their net spend.
    pub revenue: i64,
}

/// A run's clusters in cluster order, or its RFM segments by size.
pub fn summary(conn: &Connection, run_id: i64, by_rfm: bool) -> Result<Vec<GroupSummary>> {
    let sql = if by_rfm {
        "SELECT -1, rfm_segment, COUNT(*), AVG(recency_days), AVG(frequency), AVG(monetary), SUM(monetary)
           FROM customer_segments WHERE run_id = ?1 GROUP BY rfm_segment ORDER BY COUNT(*) DESC, rfm_segment"
    } else {
        "SELECT cluster, MIN(cluster_label), COUNT(*), AVG(recency_days), AVG(frequency), AVG(monetary), SUM(monetary)
           FROM customer_segments WHERE run_id = ?1 GROUP BY cluster ORDER BY cluster"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([run_id], |r| {
        Ok(GroupSummary {
            cluster: r.get(0)?,
            label: r.get(1)?,
            customers: r.get(2)?,
            mean_recency: r.get(3)?,
            mean_frequency: r.get(4)?,
            mean_monetary: r.get(5)?,
            revenue: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
