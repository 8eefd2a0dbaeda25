//! `warung segment`: score and cluster the customers, store the run, print a summary.

use std::path::Path;

use super::date_flag;
use super::setup::open_existing;
use crate::domain::Money;
use crate::domain::rfm::segment_name;
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
        "{cluster:<7} {label:<14} {customers:>9} {recency:>9} {frequency:>9} {monetary:>12} {share:>8}\n"
    ));
    for c in &done.clusters {
        // Decimal marks first: the money's `.` groups thousands in both languages.
        let means = lang.decimal_mark(&format!("{:>9.1} {:>9.2}", c.mean_recency, c.mean_frequency));
        let monetary = Money::new(c.mean_monetary.round() as i64).grouped();
        let share = lang.decimal_mark(&format!("{:>7.1}%", share_percent(c.revenue, revenue)));
        let label = segment_name(&c.label, lang);
        out.push_str(&format!("{:<7} {label:<14} {:>9} {means} {monetary:>12} {share}\n", c.cluster, c.customers));
    }
    out.push_str(lang.pick("RFM segments:\n", "Segmen RFM:\n"));
    for s in &done.rfm_segments {
        let share = lang.decimal_mark(&format!("{:>7.1}%", share_percent(s.revenue, revenue)));
        out.push_str(&format!("  {:<20} {:>9} {share}\n", segment_name(&s.label, lang), s.customers));
    }
    out
}
