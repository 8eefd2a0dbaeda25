//! The synthetic customers shared by the segments benchmark and its reference example.

use warung::domain::rfm::Rfm;

/// 100k customers shaped like a shop's: most bought once, a loyal few often.
pub fn customers(n: usize) -> Vec<Rfm> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    (0..n)
        .map(|_| {
            let loyal = rng.random_bool(0.15);
            let frequency =
                if loyal { rng.random_range(5..80) } else { 1 + rng.random_range(0..3) * rng.random_range(0..2) };
            let recency_days = if loyal { rng.random_range(0..30) } else { rng.random_range(0..365) };
            let monetary = frequency * rng.random_range(5_000..150_000);
            Rfm { recency_days, frequency, monetary }
        })
        .collect()
}
