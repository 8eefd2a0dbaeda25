//! Writes the benchmark's 100k synthetic customers as standardised features plus
//! warung's k = 3 clusters (and how long RFM + k-means took) to a CSV, for
//! benches/sklearn_kmeans.py to compare with scikit-learn's KMeans.
//!
//! `cargo run --release --example segments_reference -- /tmp/segments.csv`

use std::io::Write;
use std::time::Instant;

use warung::domain::kmeans;
use warung::domain::rfm::{self, Rfm};

#[path = "../benches/support/segments_data.rs"]
mod segments_data;

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "/tmp/segments.csv".into());
    let data: Vec<Rfm> = segments_data::customers(100_000);
    let started = Instant::now();
    let scores = rfm::score(&data);
    let points = kmeans::features(&data);
    let clusters = kmeans::cluster(&points, 3);
    let took = started.elapsed();
    eprintln!("warung RFM + k-means (k=3, 10 restarts), 100k customers: {:.3} s", took.as_secs_f64());
    eprintln!("inertia {:.3}; {} scores", clusters.inertia, scores.len());
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    writeln!(out, "log_recency,log_frequency,log_monetary,cluster")?;
    for (p, c) in points.iter().zip(&clusters.assignment) {
        writeln!(out, "{},{},{},{c}", p[0], p[1], p[2])?;
    }
    out.flush()
}
