//! Dashboard budget (DESIGN.md): `Shop::dashboard` on the scale shop (1M sale lines)
//! in at most 100 ms.
//!
//! ```text
//! cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
//! WARUNG_BENCH_DB=/tmp/scale.db cargo bench --bench dashboard
//! ```
//!
//! The clock is fixed at noon on 2026-11-23 in Jakarta, the scale shop's "today".
//! Prints the first load on a fresh connection, p50/p99 over 200 loads, and the
//! figures loaded; then criterion measures the mean.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use warung::clock::FixedClock;
use warung::services::{Actor, Shop};

fn scale_db() -> PathBuf {
    let path = std::env::var_os("WARUNG_BENCH_DB").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp/scale.db"));
    assert!(
        path.exists(),
        "no scale shop at {}: build it with `cargo run --release --example scale_shop -- {} --today 2026-11-23`",
        path.display(),
        path.display()
    );
    path
}

fn open() -> Shop {
    let clock = Arc::new(FixedClock::jakarta_noon(jiff::civil::date(2026, 11, 23)));
    Shop::open(&scale_db(), clock).expect("open the scale shop")
}

fn bench(c: &mut Criterion) {
    let owner = Actor::command_line();
    let start = Instant::now();
    let shop = open();
    let opened = start.elapsed();
    let start = Instant::now();
    let d = shop.dashboard(&owner).expect("dashboard");
    println!("first load on a fresh connection: {:?} (open {:?})", start.elapsed(), opened);
    println!(
        "today {} in {} sales (avg {}), yesterday {}, last week {}; top {:?}; low stock {}; receivables {} overdue {}; messages {}/{}",
        d.today.net,
        d.today.transactions,
        d.today.avg_basket,
        d.yesterday.net,
        d.last_week.net,
        d.top_products.iter().map(|p| (&p.sku, p.revenue.rupiah())).collect::<Vec<_>>(),
        d.low_stock,
        d.receivables,
        d.overdue,
        d.messages_pending,
        d.messages_failed
    );
    let mut samples: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(shop.dashboard(&owner).unwrap());
            start.elapsed()
        })
        .collect();
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!("dashboard: p50 {:?}  p99 {:?}  max {:?}  (200 runs)", at(0.5), at(0.99), samples[samples.len() - 1]);
    c.bench_function("dashboard on the scale shop", |b| b.iter(|| shop.dashboard(&owner).unwrap()));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
