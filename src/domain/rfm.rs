//! RFM scoring: recency, frequency and monetary value turned into scores 1–5 and
//! a named segment.
//!
//! Scores are quintiles of rank with ties kept together: a customer's score is
//! `1 + ⌊5 × worse / n⌋`, where `worse` counts the customers strictly worse on that
//! measure (a longer recency; fewer sales; less spend) and `n` is how many are
//! scored. Customers with the same value always get the same score, whatever their
//! order, so the result is deterministic; and when most customers bought once,
//! they all share frequency score 1 rather than being split arbitrarily.
//!
//! The segment comes from the recency score `R` and `FM = ⌈(F + M) / 2⌉`:
//!
//! | segment            | R   | FM  |
//! |--------------------|-----|-----|
//! | Champions          | 5   | 4–5 |
//! | Loyal              | 3–4 | 4–5 |
//! | Potential loyalist | 4–5 | 2–3 |
//! | New                | 5   | 1   |
//! | Promising          | 4   | 1   |
//! | Need attention     | 3   | 3   |
//! | Hibernating        | 2–3 | 1–2 |
//! | At risk            | 1–2 | 3–4 |
//! | Can't lose         | 1–2 | 5   |
//! | Lost               | 1   | 1–2 |

use crate::lang::Lang;

/// One customer's measures as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfm {
    /// Days since the last purchase.
    pub recency_days: i64,
    /// Completed sales.
    pub frequency: i64,
    /// Net spend in rupiah.
    pub monetary: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RfmScore {
    pub r: u8,
    pub f: u8,
    pub m: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RfmSegment {
    Champions,
    Loyal,
    PotentialLoyalist,
    New,
    Promising,
    NeedAttention,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

impl RfmSegment {
    pub const ALL: [RfmSegment; 10] = [
        RfmSegment::Champions,
        RfmSegment::Loyal,
        RfmSegment::PotentialLoyalist,
        RfmSegment::New,
        RfmSegment::Promising,
        RfmSegment::NeedAttention,
        RfmSegment::AtRisk,
        RfmSegment::CantLose,
        RfmSegment::Hibernating,
        RfmSegment::Lost,
    ];

    /// The stored and exported name.
    pub fn label(self) -> &'static str {
        match self {
            RfmSegment::Champions => "Champions",
            RfmSegment::Loyal => "Loyal",
            RfmSegment::PotentialLoyalist => "Potential loyalist",
            RfmSegment::New => "New",
            RfmSegment::Promising => "Promising",
            RfmSegment::NeedAttention => "Need attention",
            RfmSegment::AtRisk => "At risk",
            RfmSegment::CantLose => "Can't lose",
            RfmSegment::Hibernating => "Hibernating",
            RfmSegment::Lost => "Lost",
        }
    }

    pub fn indonesian(self) -> &'static str {
        match self {
            RfmSegment::Champions => "Juara",
            RfmSegment::Loyal => "Loyal",
            RfmSegment::PotentialLoyalist => "Calon setia",
            RfmSegment::New => "Baru",
            RfmSegment::Promising => "Menjanjikan",
            RfmSegment::NeedAttention => "Perlu perhatian",
            RfmSegment::AtRisk => "Berisiko",
            RfmSegment::CantLose => "Jangan sampai lepas",
            RfmSegment::Hibernating => "Tertidur",
            RfmSegment::Lost => "Lepas",
        }
    }

    /// The segment of a score (the table in the module docs).
    pub fn of(score: RfmScore) -> RfmSegment {
        let fm = (score.f + score.m).div_ceil(2);
        match (score.r, fm) {
            (5, 4 | 5) => RfmSegment::Champions,
            (3 | 4, 4 | 5) => RfmSegment::Loyal,
            (4 | 5, 2 | 3) => RfmSegment::PotentialLoyalist,
            (5, _) => RfmSegment::New,
            (4, _) => RfmSegment::Promising,
            (3, 3) => RfmSegment::NeedAttention,
            (2 | 3, _) if fm <= 2 => RfmSegment::Hibernating,
            (_, 5) => RfmSegment::CantLose,
            (_, 3 | 4) => RfmSegment::AtRisk,
            _ => RfmSegment::Lost,
        }
    }
}

/// A stored segment name, an RFM segment's or a cluster's (stored names are
/// English), in `lang`.
pub fn segment_name(label: &str, lang: Lang) -> String {
    match lang {
        Lang::En => label.to_string(),
        Lang::Id => match RfmSegment::ALL.iter().find(|s| s.label() == label) {
            Some(s) => s.indonesian().to_string(),
            None => super::kmeans::cluster_label_id(label),
        },
    }
}

/// Quintile scores of `values`, higher value = higher score, ties sharing a score.
fn quintiles(values: impl Iterator<Item = i64> + Clone) -> Vec<u8> {
    let mut sorted: Vec<i64> = values.clone().collect();
    sorted.sort_unstable();
    let n = sorted.len() as u64;
    values
        .map(|v| {
            let worse = sorted.partition_point(|&x| x < v) as u64;
            (1 + 5 * worse / n) as u8
        })
        .collect()
}

/// Scores for every customer, in the order given. Recency scores high when short.
pub fn score(customers: &[Rfm]) -> Vec<RfmScore> {
    let r = quintiles(customers.iter().map(|c| -c.recency_days));
    let f = quintiles(customers.iter().map(|c| c.frequency));
    let m = quintiles(customers.iter().map(|c| c.monetary));
    (0..customers.len()).map(|i| RfmScore { r: r[i], f: f[i], m: m[i] }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfm(recency_days: i64, frequency: i64, monetary: i64) -> Rfm {
        Rfm { recency_days, frequency, monetary }
    }

    #[test]
    fn quintiles_of_distinct_values() {
        // Ten values: two per quintile.
        assert_eq!(quintiles([5, 1, 9, 3, 7, 2, 10, 4, 8, 6].into_iter()), [3, 1, 5, 2, 4, 1, 5, 2, 4, 3]);
    }

    #[test]
    fn ties_share_the_lowest_score_of_their_run() {
        // Six of ten bought once: none are worse than them, so all get 1; the two with
        // 2 sales have 6 worse (6×5/10 = 3 → 4); 5 sales: 8 worse → 5.
        let f = [1, 1, 1, 1, 1, 1, 2, 2, 5, 5];
        assert_eq!(quintiles(f.into_iter()), [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
        // The order of the input does not change anyone's score.
        let mut reversed = f;
        reversed.reverse();
        let mut scores = quintiles(reversed.into_iter());
        scores.reverse();
        assert_eq!(scores, [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    }

    #[test]
    fn hand_computed_scores_and_segments() {
        let customers = [
            rfm(2, 9, 900_000), // best on everything
            rfm(10, 4, 300_000),
            rfm(40, 1, 50_000),
            rfm(200, 6, 700_000), // used to buy a lot, long gone
            rfm(365, 1, 10_000),
        ];
        let scores = score(&customers);
        let triples: Vec<(u8, u8, u8)> = scores.iter().map(|s| (s.r, s.f, s.m)).collect();
        // Recency: 2 days has 4 worse → 1 + 20/5 = 5; 10 → 4; 40 → 3; 200 → 2; 365 → 1.
        // Frequency: 9 → 5; 4 → 1 + 5×2/5 = 3; the two 1s → 1; 6 → 4.
        assert_eq!(triples, [(5, 5, 5), (4, 3, 3), (3, 1, 2), (2, 4, 4), (1, 1, 1)]);
        let segments: Vec<RfmSegment> = scores.iter().map(|s| RfmSegment::of(*s)).collect();
        use RfmSegment::*;
        assert_eq!(segments, [Champions, PotentialLoyalist, Hibernating, AtRisk, Lost]);
    }

    #[test]
    fn every_score_has_exactly_the_documented_segment() {
        use RfmSegment::*;
        let expect = |r: u8, fm: u8| match (r, fm) {
            (5, 4 | 5) => Champions,
            (3 | 4, 4 | 5) => Loyal,
            (4 | 5, 2 | 3) => PotentialLoyalist,
            (5, 1) => New,
            (4, 1) => Promising,
            (3, 3) => NeedAttention,
            (2 | 3, 1 | 2) => Hibernating,
            (1 | 2, 3 | 4) => AtRisk,
            (1 | 2, 5) => CantLose,
            (1, 1 | 2) => Lost,
            _ => unreachable!("{r} {fm}"),
        };
        for r in 1..=5 {
            for f in 1..=5 {
                for m in 1..=5 {
                    let got = RfmSegment::of(RfmScore { r, f, m });
                    assert_eq!(got, expect(r, (f + m).div_ceil(2)), "R{r} F{f} M{m}");
                }
            }
        }
    }

    #[test]
    fn one_customer_scores_one_everywhere() {
        let s = score(&[rfm(3, 1, 1000)]);
        assert_eq!(s, [RfmScore { r: 1, f: 1, m: 1 }]);
        assert!(score(&[]).is_empty());
    }
}
