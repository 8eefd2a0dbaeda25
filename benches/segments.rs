//! RFM + k-means for 100k synthetic customers (the "≤ 1 s" budget): scoring, the
//! standardised features and k = 3 clustering with 10 restarts, as `warung segment`
//! does them. `cargo bench --bench segments`.

use criterion::{Criterion, criterion_group, criterion_main};
use warung::domain::kmeans;
use warung::domain::rfm;

#[path = "support/segments_data.rs"]
mod segments_data;

fn segment(c: &mut Criterion) {
    let data = segments_data::customers(100_000);
    let mut group = c.benchmark_group("segments");
    group.sample_size(10);
    group.bench_function("rfm_scores_100k", |b| b.iter(|| rfm::score(&data)));
    group.bench_function("rfm_and_kmeans_k3_100k", |b| {
        b.iter(|| {
            let scores = rfm::score(&data);
            let points = kmeans::features(&data);
            (scores, kmeans::cluster(&points, 3))
        })
    });
    group.finish();
}

criterion_group!(benches, segment);
criterion_main!(benches);
