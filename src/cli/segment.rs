//! `warung segment`: score and cluster the customers, store the run, print a summary.

use std::path::Path;

use super::date_flag;
use super::setup::open_existing;
use crate::lang::Lang;
use crate::services::segments::{KRequest, Segmentation, share_percent};
use crate::services::{Actor, Refusal, ServiceError};

pub fn run(db: &Path, k: &str, as_of: Option<&str>, lang: Lang) -> anyhow::Result<()> {
    let k: KRequest = k.parse().map_err(|_| ServiceError::from(Refusal::NotClusterCount { text: k.to_string() }))?;
    let as_of = as_of.map(|text| date_flag("--as-of", text)).transpose()?;
    let mut shop = open_existing(db, lang)?;
    let done = shop.segment(&Actor::command_line(), k, as_of)?;
    print!("{}", summary(&done, lang));
    Ok(())
}

/// The run as a table: one line per cluster, then the RFM segments.
pub fn summary(done: &Segmentation, lang: Lang) -> String {
    let (customers, as_of, k, run) = (done.customers, &done.run.as_of, done.run.k, done.run.id);
    let mut out = match lang {
        Lang::En => format!("Segmented {customers} customers as of {as_of} into k = {k} clusters (run {run}).\n"),
        Lang::Id => format!("{customers} pelanggan per {as_of} dibagi ke k = {k} klaster (segmentasi {run}).\n"),
    };
    if let Some(choice) = &done.choice {
        out.push_str("k  inertia      silhouette\n");
        for s in &choice.scores {
            out.push_str(&format!("{:<2} {:<12.3} {:.4}\n", s.k, s.inertia, s.silhouette));
        }
        let (best, elbow) = (choice.best_silhouette, choice.elbow);
        out.push_str(&match lang {
            Lang::En => format!("best silhouette: k = {best}; elbow: k = {elbow}; using k = {k}\n"),
            Lang::Id => format!("silhouette terbaik: k = {best}; siku: k = {elbow}; dipakai k = {k}\n"),
        });
    }
    let revenue = done.revenue();
    let heads = match lang {
        Lang::En => ["cluster", "label", "customers", "recency", "frequency", "monetary", "revenue"],
        Lang::Id => ["klaster", "label", "pelanggan", "terakhir", "frekuensi", "nilai", "omzet"],
    };
    let [cluster, label, customers, recency, frequency, monetary, share] = heads;
    out.push_str(&format!(
        "{cluster:<7} {label:<12} {customers:>9} {recency:>9} {frequency:>9} {monetary:>12} {share:>8}\n"
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
    out.push_str(lang.pick("RFM segments:\n", "Segmen RFM:\n"));
    for s in &done.rfm_segments {
        out.push_str(&format!("  {:<20} {:>9} {:>7.1}%\n", s.label, s.customers, share_percent(s.revenue, revenue)));
    }
    out
}
