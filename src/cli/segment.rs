//! `warung segment`: score and cluster the customers, store the run, print a summary.

use std::path::Path;

use super::date_flag;
use super::setup::open_existing;
use crate::services::segments::{KRequest, Segmentation, share_percent};
use crate::services::{Actor, Refusal, ServiceError};

pub fn run(db: &Path, k: &str, as_of: Option<&str>) -> anyhow::Result<()> {
    let k: KRequest = k.parse().map_err(|_| ServiceError::from(Refusal::NotClusterCount { text: k.to_string() }))?;
    let as_of = as_of.map(|text| date_flag("--as-of", text)).transpose()?;
    let mut shop = open_existing(db)?;
    let done = shop.segment(&Actor::command_line(), k, as_of)?;
    print!("{}", summary(&done));
    Ok(())
}

/// The run as a table: one line per cluster, then the RFM segments.
pub fn summary(done: &Segmentation) -> String {
    let mut out = format!(
        "Segmented {} customers as of {} into k = {} clusters (run {}).\n",
        done.customers, done.run.as_of, done.run.k, done.run.id
    );
    if let Some(choice) = &done.choice {
        out.push_str("k  inertia      silhouette\n");
        for s in &choice.scores {
            out.push_str(&format!("{:<2} {:<12.3} {:.4}\n", s.k, s.inertia, s.silhouette));
        }
        out.push_str(&format!(
            "best silhouette: k = {}; elbow: k = {}; using k = {}\n",
            choice.best_silhouette, choice.elbow, done.run.k
        ));
    }
    let revenue = done.revenue();
    out.push_str(&format!(
        "{:<7} {:<12} {:>9} {:>9} {:>9} {:>12} {:>8}\n",
        "cluster", "label", "customers", "recency", "frequency", "monetary", "revenue"
    ));
    for c in &done.clusters {
        out.push_str(&format!(
            "{:<7} {:<12} {:>9} {:>9.1} {:>9.2} {:>12.0} {:>7.1}%\n",
            c.cluster,
            c.label,
            c.customers,
            c.mean_recency,
            c.mean_frequency,
            c.mean_monetary,
            share_percent(c.revenue, revenue)
        ));
    }
    out.push_str("RFM segments:\n");
    for s in &done.rfm_segments {
        out.push_str(&format!("  {:<20} {:>9} {:>7.1}%\n", s.label, s.customers, share_percent(s.revenue, revenue)));
    }
    out
}
