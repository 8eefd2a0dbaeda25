//! Customer segmentation as a use case: measure every customer who has bought
//! (recency, frequency, net spend as of a date), score them (RFM), cluster them
//! (k-means), and store the run. Earlier runs are kept.
//!
//! Net spend is the sales ledger's `net` (see `reports::ledger`), the same figure
//! as the `customers` report's `net_spend`: completed sales less returns, before
//! tax, voided sales not counted. The measures are read from the per-customer
//! summary of the ledger. Customers who never bought are not segmented.

use jiff::civil::Date;

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::clock::local_date;
use crate::domain::Permission;
use crate::domain::kmeans::{self, KChoice};
use crate::domain::rfm::{self, Rfm, RfmSegment};
use crate::store::segments::{self, CustomerSegment, GroupSummary, Run, SegmentRow};
use crate::store::summaries::{self, day_date, day_number};

/// Clusters when `--k` is not given.
pub const DEFAULT_K: usize = 3;

/// How many clusters to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KRequest {
    Fixed(usize),
    /// The best silhouette over k = 2…8 (the elbow is reported too).
    Auto,
}

impl Default for KRequest {
    fn default() -> Self {
        KRequest::Fixed(DEFAULT_K)
    }
}

impl std::str::FromStr for KRequest {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("auto") {
            return Ok(KRequest::Auto);
        }
        match s.parse::<usize>() {
            Ok(k) if (1..=20).contains(&k) => Ok(KRequest::Fixed(k)),
            _ => Err(format!("'{s}' is not a number of clusters (use 1 to 20, or auto)")),
        }
    }
}

/// One customer's measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerRfm {
    pub customer_id: i64,
    pub rfm: Rfm,
}

/// What `warung segment` made.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub run: Run,
    pub customers: usize,
    /// Filled for `--k auto`.
    pub choice: Option<KChoice>,
    pub clusters: Vec<GroupSummary>,
    pub rfm_segments: Vec<GroupSummary>,
}

impl Segmentation {
    /// The net spend of every segmented customer.
    pub fn revenue(&self) -> i64 {
        self.clusters.iter().map(|c| c.revenue).sum()
    }
}

/// `part` of `whole` as a percentage with one decimal (0 when there is no whole).
pub fn share_percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 { 0.0 } else { (part as f64 * 1000.0 / whole as f64).round() / 10.0 }
}

impl Shop {
    /// Every customer who bought by the end of `as_of`, by id, with their measures
    /// (from the per-customer summary of the ledger).
    pub fn customer_rfm(&self, as_of: Date) -> Result<Vec<CustomerRfm>> {
        let buyers = summaries::buyers_until(self.store.conn(), day_number(as_of))?;
        Ok(buyers
            .into_iter()
            .map(|b| CustomerRfm {
                customer_id: b.customer_id,
                rfm: Rfm {
                    recency_days: (as_of - day_date(b.last_day)).get_days() as i64,
                    frequency: b.transactions,
                    monetary: b.net,
                },
            })
            .collect())
    }

    /// Segment every customer who bought, as of `as_of` (default today), and store it.
    pub fn segment(&mut self, actor: &Actor, k: KRequest, as_of: Option<Date>) -> Result<Segmentation> {
        self.segment_unless(actor, k, as_of, &|| false)
    }

    /// [`Shop::segment`], storing nothing once `cancelled` says so (the TUI's Esc on
    /// a segmentation running in the background).
    pub fn segment_unless(
        &mut self,
        actor: &Actor,
        k: KRequest,
        as_of: Option<Date>,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Segmentation> {
        actor.require(Permission::ImportExport, "segment customers")?;
        let as_of = as_of.unwrap_or_else(|| local_date(self.now_ms(), &self.time_zone()));
        let customers = self.customer_rfm(as_of)?;
        let measures: Vec<Rfm> = customers.iter().map(|c| c.rfm).collect();
        let scores = rfm::score(&measures);
        let points = kmeans::features(&measures);
        let (k, choice) = match k {
            KRequest::Fixed(k) => (k, None),
            KRequest::Auto => {
                let choice = kmeans::choose_k(&points);
                (choice.best_silhouette, Some(choice))
            }
        };
        let clustering = kmeans::cluster(&points, k);
        let k = clustering.k;
        let as_of_text = as_of.to_string();
        let run_id = self.write(|tx| {
            let run_id = segments::insert_run(tx, &as_of_text, k, tx.now)?;
            for (i, c) in customers.iter().enumerate() {
                let cluster = clustering.assignment[i];
                let row = SegmentRow {
                    customer_id: c.customer_id,
                    recency_days: c.rfm.recency_days,
                    frequency: c.rfm.frequency,
                    monetary: c.rfm.monetary,
                    r_score: scores[i].r,
                    f_score: scores[i].f,
                    m_score: scores[i].m,
                    rfm_segment: RfmSegment::of(scores[i]).label(),
                    cluster,
                    cluster_label: kmeans::cluster_label(cluster, k),
                };
                segments::insert_row(tx, run_id, &row)?;
            }
            tx.audit(actor, "segment", "segment_run", run_id, None, Some(format!("as_of={as_of_text} k={k}")))?;
            if cancelled() {
                return Err(Refusal::SegmentationCancelled.into());
            }
            Ok(run_id)
        })?;
        let run = segments::latest_run(self.store.conn(), Some(&as_of_text))?
            .filter(|r| r.id == run_id)
            .ok_or_else(|| ServiceError::Missing(Thing::SegmentRun.key(run_id)))?;
        let mut done = self.segmentation(run)?;
        done.choice = choice;
        Ok(done)
    }

    fn segmentation(&self, run: Run) -> Result<Segmentation> {
        let conn = self.store.conn();
        let clusters = segments::summary(conn, run.id, false)?;
        let rfm_segments = segments::summary(conn, run.id, true)?;
        let customers = clusters.iter().map(|c| c.customers as usize).sum();
        Ok(Segmentation { run, customers, choice: None, clusters, rfm_segments })
    }

    /// The newest stored segmentation, if any.
    pub fn latest_segmentation(&self) -> Result<Option<Segmentation>> {
        match segments::latest_run(self.store.conn(), None)? {
            Some(run) => Ok(Some(self.segmentation(run)?)),
            None => Ok(None),
        }
    }

    /// Customers of the newest run in a cluster label or RFM segment, biggest spenders first.
    pub fn segment_members(&self, segment: &str, limit: usize) -> Result<Vec<CustomerSegment>> {
        match segments::latest_run(self.store.conn(), None)? {
            Some(run) => Ok(segments::members(self.store.conn(), run.id, segment, limit)?),
            None => Ok(Vec::new()),
        }
    }

    /// A customer's segment in the newest run that has them, with its as-of date.
    pub fn customer_segment(&self, customer_id: i64) -> Result<Option<(String, CustomerSegment)>> {
        Ok(segments::latest_for_customer(self.store.conn(), customer_id)?)
    }
}

#[cfg(test)]
mod tests;
