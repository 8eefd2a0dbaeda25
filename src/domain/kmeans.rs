//! K-means clustering of customers on their RFM measures.
//!
//! Features are `log1p(recency_days)`, `log1p(frequency)`, `log1p(monetary)`, each
//! standardised to mean 0 and standard deviation 1 (a constant feature becomes 0).
//! Clustering is Lloyd's algorithm from k-means++ starts, refined by Hartigan's
//! single-point moves, [`RESTARTS`] times, keeping
//! the run with the least inertia (sum of squared distances to the centroids). The
//! random numbers come from ChaCha8 with a fixed [`SEED`], so the same customers
//! always give the same clusters.
//!
//! Clusters are then renumbered by loyalty: 0 is the cluster whose centroid has the
//! highest `frequency + monetary − recency` (in standard units), so cluster 0 is the
//! most loyal whatever order the algorithm found them in.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::rfm::Rfm;

pub const SEED: u64 = 20_261_123;
pub const RESTARTS: usize = 10;
const MAX_ITERATIONS: usize = 300;
/// `--k auto` tries these.
pub const AUTO_K: std::ops::RangeInclusive<usize> = 2..=8;
/// Silhouettes are computed on at most this many customers (the exact figure is
/// quadratic), drawn with the fixed seed.
const SILHOUETTE_SAMPLE: usize = 2_000;

pub type Point = [f64; 3];

fn distance2(a: &Point, b: &Point) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// The standardised log features of each customer.
pub fn features(customers: &[Rfm]) -> Vec<Point> {
    let raw: Vec<Point> = customers
        .iter()
        .map(|c| {
            [
                (c.recency_days.max(0) as f64).ln_1p(),
                (c.frequency.max(0) as f64).ln_1p(),
                (c.monetary.max(0) as f64).ln_1p(),
            ]
        })
        .collect();
    let n = raw.len().max(1) as f64;
    let mut mean = [0.0; 3];
    for p in &raw {
        for d in 0..3 {
            mean[d] += p[d] / n;
        }
    }
    let mut sd = [0.0; 3];
    for p in &raw {
        for d in 0..3 {
            sd[d] += (p[d] - mean[d]).powi(2) / n;
        }
    }
    let sd = sd.map(f64::sqrt);
    raw.into_iter()
        .map(|p| std::array::from_fn(|d| if sd[d] > 1e-12 { (p[d] - mean[d]) / sd[d] } else { 0.0 }))
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    pub k: usize,
    /// Each point's cluster, 0 = most loyal.
    pub assignment: Vec<usize>,
    /// Centroids in standard units, in cluster order.
    pub centroids: Vec<Point>,
    pub inertia: f64,
}

/// The index and squared distance of the nearest centroid.
fn nearest(p: &Point, centroids: &[Point]) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (i, c) in centroids.iter().enumerate() {
        let d = distance2(p, c);
        if d < best.1 {
            best = (i, d);
        }
    }
    best
}

/// k-means++: the first centre uniformly, each next one with probability
/// proportional to the squared distance to the nearest centre chosen so far.
fn plus_plus(points: &[Point], k: usize, rng: &mut ChaCha8Rng) -> Vec<Point> {
    let mut centroids = vec![points[rng.random_range(0..points.len())]];
    let mut d2: Vec<f64> = points.iter().map(|p| distance2(p, &centroids[0])).collect();
    while centroids.len() < k {
        let total: f64 = d2.iter().sum();
        let next = if total <= 0.0 {
            rng.random_range(0..points.len())
        } else {
            let mut target = rng.random::<f64>() * total;
            let mut chosen = points.len() - 1;
            for (i, d) in d2.iter().enumerate() {
                if target < *d {
                    chosen = i;
                    break;
                }
                target -= d;
            }
            chosen
        };
        let centre = points[next];
        for (p, d) in points.iter().zip(d2.iter_mut()) {
            *d = d.min(distance2(p, &centre));
        }
        centroids.push(centre);
    }
    centroids
}

/// Lloyd's iterations from `centroids` until no point changes cluster.
fn lloyd(points: &[Point], mut centroids: Vec<Point>) -> (Vec<usize>, Vec<Point>, f64) {
    let k = centroids.len();
    let mut assignment = vec![usize::MAX; points.len()];
    for _ in 0..MAX_ITERATIONS {
        let mut changed = false;
        for (p, a) in points.iter().zip(assignment.iter_mut()) {
            let (c, _) = nearest(p, &centroids);
            if *a != c {
                *a = c;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        let mut sums = vec![[0.0; 3]; k];
        let mut counts = vec![0usize; k];
        for (p, &a) in points.iter().zip(&assignment) {
            counts[a] += 1;
            for d in 0..3 {
                sums[a][d] += p[d];
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                centroids[c] = sums[c].map(|s| s / counts[c] as f64);
            } else {
                // An empty cluster takes the point farthest from its own centre.
                let far = (0..points.len())
                    .max_by(|&i, &j| {
                        let di = distance2(&points[i], &centroids[assignment[i]]);
                        let dj = distance2(&points[j], &centroids[assignment[j]]);
                        di.total_cmp(&dj).then(j.cmp(&i))
                    })
                    .unwrap_or(0);
                centroids[c] = points[far];
                assignment[far] = c;
            }
        }
    }
    hartigan(points, &mut assignment, &mut centroids);
    let inertia = points.iter().zip(&assignment).map(|(p, &a)| distance2(p, &centroids[a])).sum();
    (assignment, centroids, inertia)
}

/// Hartigan's refinement after Lloyd: move a single point to another cluster
/// whenever that lowers the total (Lloyd only looks at distances to centroids, not
/// at how the move shifts them), until no move helps. It escapes many of Lloyd's
/// local optima at the cost of a few more passes.
fn hartigan(points: &[Point], assignment: &mut [usize], centroids: &mut [Point]) {
    let k = centroids.len();
    let mut counts = vec![0usize; k];
    for &a in assignment.iter() {
        counts[a] += 1;
    }
    for _ in 0..MAX_ITERATIONS {
        let mut moved = false;
        for (p, a) in points.iter().zip(assignment.iter_mut()) {
            let from = *a;
            let n_from = counts[from] as f64;
            if counts[from] <= 1 {
                continue;
            }
            let leave_gain = n_from / (n_from - 1.0) * distance2(p, &centroids[from]);
            let mut best = (from, leave_gain);
            for to in (0..k).filter(|&c| c != from) {
                let n_to = counts[to] as f64;
                let cost = n_to / (n_to + 1.0) * distance2(p, &centroids[to]);
                if cost < best.1 - 1e-12 {
                    best = (to, cost);
                }
            }
            let to = best.0;
            if to != from {
                let n_to = counts[to] as f64;
                for d in 0..3 {
                    centroids[from][d] = (centroids[from][d] * n_from - p[d]) / (n_from - 1.0);
                    centroids[to][d] = (centroids[to][d] * n_to + p[d]) / (n_to + 1.0);
                }
                counts[from] -= 1;
                counts[to] += 1;
                *a = to;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// How loyal a centroid looks: buys often and much, and recently.
fn loyalty(c: &Point) -> f64 {
    c[1] + c[2] - c[0]
}

/// Cluster `points` into `k` (at most the number of distinct points), deterministically.
pub fn cluster(points: &[Point], k: usize) -> Clustering {
    if points.is_empty() {
        return Clustering { k: 0, assignment: Vec::new(), centroids: Vec::new(), inertia: 0.0 };
    }
    let mut distinct: Vec<Point> = points.to_vec();
    distinct.sort_by(|a, b| a.iter().zip(b).fold(std::cmp::Ordering::Equal, |o, (x, y)| o.then(x.total_cmp(y))));
    distinct.dedup();
    let k = k.clamp(1, distinct.len());
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut best: Option<(Vec<usize>, Vec<Point>, f64)> = None;
    for _ in 0..RESTARTS {
        let run = lloyd(points, plus_plus(points, k, &mut rng));
        if best.as_ref().is_none_or(|b| run.2 < b.2 - 1e-9) {
            best = Some(run);
        }
    }
    let (assignment, centroids, inertia) = best.expect("at least one restart");
    // Renumber by loyalty, most loyal first.
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| loyalty(&centroids[b]).total_cmp(&loyalty(&centroids[a])).then(a.cmp(&b)));
    let mut rank = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    Clustering {
        k,
        assignment: assignment.into_iter().map(|a| rank[a]).collect(),
        centroids: order.iter().map(|&old| centroids[old]).collect(),
        inertia,
    }
}

/// Mean silhouette of a clustering over a fixed sample of the points (−1…1; higher
/// means tighter, better separated clusters).
pub fn silhouette(points: &[Point], assignment: &[usize], k: usize) -> f64 {
    if k < 2 || points.len() < 3 {
        return 0.0;
    }
    let sample: Vec<usize> = if points.len() <= SILHOUETTE_SAMPLE {
        (0..points.len()).collect()
    } else {
        let mut rng = ChaCha8Rng::seed_from_u64(SEED);
        rand::seq::index::sample(&mut rng, points.len(), SILHOUETTE_SAMPLE).into_vec()
    };
    let mut total = 0.0;
    for &i in &sample {
        let mut sum = vec![0.0; k];
        let mut count = vec![0usize; k];
        for &j in &sample {
            if i != j {
                sum[assignment[j]] += distance2(&points[i], &points[j]).sqrt();
                count[assignment[j]] += 1;
            }
        }
        let own = assignment[i];
        if count[own] == 0 {
            continue; // a singleton scores 0
        }
        let a = sum[own] / count[own] as f64;
        let b = (0..k)
            .filter(|&c| c != own && count[c] > 0)
            .map(|c| sum[c] / count[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            total += (b - a) / a.max(b).max(f64::MIN_POSITIVE);
        }
    }
    total / sample.len() as f64
}

/// One k tried by `--k auto`.
#[derive(Debug, Clone, PartialEq)]
pub struct KScore {
    pub k: usize,
    pub inertia: f64,
    pub silhouette: f64,
}

/// Which k `--k auto` picks, and the figures behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct KChoice {
    pub scores: Vec<KScore>,
    /// The k with the best silhouette (the one used).
    pub best_silhouette: usize,
    /// The elbow of the inertia curve: the k farthest below the straight line from the
    /// first to the last k tried.
    pub elbow: usize,
}

pub fn choose_k(points: &[Point]) -> KChoice {
    let scores: Vec<KScore> = AUTO_K
        .map(|k| {
            let c = cluster(points, k);
            KScore { k, inertia: c.inertia, silhouette: silhouette(points, &c.assignment, c.k) }
        })
        .collect();
    let best_silhouette =
        scores.iter().max_by(|a, b| a.silhouette.total_cmp(&b.silhouette).then(b.k.cmp(&a.k))).map_or(2, |s| s.k);
    let (first, last) = (&scores[0], &scores[scores.len() - 1]);
    let line =
        |k: usize| first.inertia + (last.inertia - first.inertia) * (k - first.k) as f64 / (last.k - first.k) as f64;
    let elbow = scores
        .iter()
        .max_by(|a, b| (line(a.k) - a.inertia).total_cmp(&(line(b.k) - b.inertia)).then(b.k.cmp(&a.k)))
        .map_or(2, |s| s.k);
    KChoice { scores, best_silhouette, elbow }
}

/// A cluster's stored name (English; the screen translates) by its loyalty rank
/// among `k`: Regulars first, Gone last, Drifting just before Gone, Occasional
/// between. They differ from every RFM segment name, so a campaign's `segment`
/// names one or the other unambiguously.
pub fn cluster_label(rank: usize, k: usize) -> String {
    match (rank, k) {
        (0, _) => "Regulars".to_string(),
        (r, k) if r + 1 == k => "Gone".to_string(),
        (r, k) if r + 2 == k => "Drifting".to_string(),
        (_, 4) => "Occasional".to_string(),
        (r, _) => format!("Occasional {r}"),
    }
}

/// The Indonesian name of a stored cluster label.
pub fn cluster_label_id(label: &str) -> String {
    match label {
        "Regulars" => "Langganan".to_string(),
        "Drifting" => "Mulai menjauh".to_string(),
        "Gone" => "Hilang".to_string(),
        other => other.replace("Occasional", "Sesekali"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sse(points: &[Point], groups: &[usize], k: usize) -> f64 {
        (0..k)
            .map(|c| {
                let members: Vec<&Point> =
                    points.iter().zip(groups).filter(|(_, g)| **g == c).map(|(p, _)| p).collect();
                if members.is_empty() {
                    return f64::INFINITY;
                }
                let mean: Point =
                    std::array::from_fn(|d| members.iter().map(|p| p[d]).sum::<f64>() / members.len() as f64);
                members.iter().map(|p| distance2(p, &mean)).sum::<f64>()
            })
            .sum()
    }

    /// The least SSE over every partition of the points into k non-empty groups.
    fn brute_force(points: &[Point], k: usize) -> f64 {
        let n = points.len();
        let mut best = f64::INFINITY;
        let mut groups = vec![0; n];
        loop {
            best = best.min(sse(points, &groups, k));
            // Next assignment in base k.
            let mut i = 0;
            while i < n {
                groups[i] += 1;
                if groups[i] < k {
                    break;
                }
                groups[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
        }
    }

    fn random_points(seed: u64, n: usize) -> Vec<Point> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n).map(|_| std::array::from_fn(|_| rng.random_range(-2.0..2.0))).collect()
    }

    #[test]
    fn finds_the_brute_force_best_partition_on_tiny_inputs() {
        for seed in 0..12 {
            for k in 2..=3 {
                let points = random_points(seed, 8);
                let found = cluster(&points, k);
                let best = brute_force(&points, k);
                assert!((found.inertia - best).abs() < 1e-9, "seed {seed} k {k}: {} vs {best}", found.inertia);
                assert!((sse(&points, &found.assignment, k) - found.inertia).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn same_input_same_clusters() {
        let points = random_points(99, 500);
        assert_eq!(cluster(&points, 4), cluster(&points, 4));
        assert_eq!(choose_k(&points[..200]), choose_k(&points[..200]));
    }

    #[test]
    fn clusters_are_numbered_by_loyalty() {
        // Three obvious groups: recent big spenders, middling, long-gone one-timers.
        let mut customers = Vec::new();
        for i in 0..10 {
            customers.push(Rfm { recency_days: 2 + i % 3, frequency: 20 + i, monetary: 2_000_000 + i * 1000 });
            customers.push(Rfm { recency_days: 300 + i, frequency: 1, monetary: 15_000 + i });
            customers.push(Rfm { recency_days: 60 + i, frequency: 4, monetary: 200_000 + i * 100 });
        }
        let points = features(&customers);
        let c = cluster(&points, 3);
        for (i, customer) in customers.iter().enumerate() {
            let expected = match customer.frequency {
                1 => 2,
                4 => 1,
                _ => 0,
            };
            assert_eq!(c.assignment[i], expected, "{customer:?}");
        }
        let labels: Vec<String> = (0..3).map(|r| cluster_label(r, 3)).collect();
        assert_eq!(labels, ["Regulars", "Drifting", "Gone"]);
        let choice = choose_k(&points);
        assert_eq!(choice.best_silhouette, 3);
        assert_eq!(choice.scores.len(), 7);
    }

    #[test]
    fn features_are_standardised_logs() {
        let customers =
            [Rfm { recency_days: 0, frequency: 1, monetary: 5 }, Rfm { recency_days: 8, frequency: 1, monetary: 5 }];
        let f = features(&customers);
        // ln(1) and ln(9): mean ln(9)/2, sd ln(9)/2 → −1 and 1; constants → 0.
        assert!((f[0][0] + 1.0).abs() < 1e-12 && (f[1][0] - 1.0).abs() < 1e-12);
        assert_eq!((f[0][1], f[1][2]), (0.0, 0.0));
    }

    #[test]
    fn k_is_capped_by_distinct_points_and_labels_follow_rank() {
        let points = vec![[1.0, 1.0, 1.0]; 5];
        let c = cluster(&points, 3);
        assert_eq!((c.k, c.inertia), (1, 0.0));
        assert!(cluster(&[], 3).assignment.is_empty());
        let five: Vec<String> = (0..5).map(|r| cluster_label(r, 5)).collect();
        assert_eq!(five, ["Regulars", "Occasional 1", "Occasional 2", "Drifting", "Gone"]);
        assert_eq!(cluster_label(1, 4), "Occasional");
        assert_eq!(cluster_label(1, 2), "Gone");
        assert_eq!(cluster_label_id("Occasional 2"), "Sesekali 2");
        // No cluster is called like an RFM segment.
        for k in 1..=8 {
            for r in 0..k {
                let label = cluster_label(r, k);
                assert!(super::super::rfm::RfmSegment::ALL.iter().all(|s| s.label() != label), "{label}");
                assert!(super::super::rfm::RfmSegment::ALL.iter().all(|s| s.indonesian() != cluster_label_id(&label)));
            }
        }
        assert_eq!(cluster_label_id("Drifting"), "Mulai menjauh");
    }
}
