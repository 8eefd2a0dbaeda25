//! The figures behind recommendations, as pure arithmetic on integers.
//!
//! **Bought together.** A completed sale is a basket; an item counts once per basket
//! however many of it were bought. For an ordered pair A → B:
//! - `pairs`: baskets holding both A and B;
//! - `support` = pairs / all baskets;
//! - `confidence` = pairs / baskets holding A ("of those who bought A, how many took B");
//! - `lift` = confidence / (baskets holding B / all baskets) = pairs × baskets /
//!   (baskets with A × baskets with B): 1 means B is no more likely with A than without.
//!
//! Ratios are thousandths (`1.250` = 1250), rounded half up; a ratio over nothing is 0.
//!
//! **Refill.** For one customer and one item, only the distinct *days* they bought it
//! count (twice on one day is one purchase). With at least [`MIN_REFILL_PURCHASES`]
//! days, the gaps between consecutive days are at least one day each, and the typical
//! interval is their median; with an even number of gaps it is the mean of the two
//! middle gaps, rounded up to a whole day (7 and 8 → 8: a later reminder rather than an
//! early one). The item is due from `ceil(factor × interval)` days after the last
//! purchase until `3 × interval` days after it; later than that the customer has moved
//! on (that is win-back, not refill).

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

/// Fewest purchase days that make a rhythm.
pub const MIN_REFILL_PURCHASES: usize = 3;

/// Past this many intervals since the last purchase, an item is no longer "due".
pub const REFILL_MAX_INTERVALS: i64 = 3;

/// `num / den` in thousandths, rounded half up; 0 when `den` is 0.
pub fn thousandths(num: u64, den: u64) -> i64 {
    if den == 0 {
        return 0;
    }
    let (num, den) = (u128::from(num), u128::from(den));
    ((num * 1000 * 2 + den) / (den * 2)).min(i64::MAX as u128) as i64
}

/// One ordered pair A → B with the counts its figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairStat {
    pub a: i64,
    pub b: i64,
    /// Baskets with both.
    pub pairs: u64,
    /// All baskets, baskets with A, baskets with B.
    pub baskets: u64,
    pub baskets_a: u64,
    pub baskets_b: u64,
}

impl PairStat {
    /// pairs / baskets, in thousandths.
    pub fn support(&self) -> i64 {
        thousandths(self.pairs, self.baskets)
    }

    /// pairs / baskets with A, in thousandths.
    pub fn confidence(&self) -> i64 {
        thousandths(self.pairs, self.baskets_a)
    }

    /// confidence / share of baskets with B, in thousandths.
    pub fn lift(&self) -> i64 {
        let num = u128::from(self.pairs) * u128::from(self.baskets);
        let den = u128::from(self.baskets_a) * u128::from(self.baskets_b);
        if den == 0 {
            return 0;
        }
        ((num * 2000 + den) / (den * 2)).min(i64::MAX as u128) as i64
    }
}

/// Counts over baskets, fed one basket at a time.
#[derive(Debug, Clone, Default)]
pub struct BasketCounts {
    baskets: u64,
    with_item: HashMap<i64, u64>,
    /// Unordered pairs, smaller id first.
    together: HashMap<(i64, i64), u64>,
}

impl BasketCounts {
    pub fn new() -> BasketCounts {
        BasketCounts::default()
    }

    /// Count one basket of item ids (repeats count once; an empty basket is ignored).
    pub fn add_basket(&mut self, items: &[i64]) {
        let mut items = items.to_vec();
        items.sort_unstable();
        items.dedup();
        if items.is_empty() {
            return;
        }
        self.baskets += 1;
        for (i, &a) in items.iter().enumerate() {
            *self.with_item.entry(a).or_default() += 1;
            for &b in &items[i + 1..] {
                *self.together.entry((a, b)).or_default() += 1;
            }
        }
    }

    pub fn baskets(&self) -> u64 {
        self.baskets
    }

    /// Baskets holding `item`.
    pub fn baskets_with(&self, item: i64) -> u64 {
        self.with_item.get(&item).copied().unwrap_or(0)
    }

    /// Every ordered pair seen in at least `min_pairs` baskets (and at least one), by
    /// lift, then pairs, highest first; ties by A then B.
    pub fn pairs(&self, min_pairs: u64) -> Vec<PairStat> {
        let mut out = Vec::new();
        for (&(x, y), &pairs) in &self.together {
            if pairs < min_pairs.max(1) {
                continue;
            }
            for (a, b) in [(x, y), (y, x)] {
                out.push(PairStat {
                    a,
                    b,
                    pairs,
                    baskets: self.baskets,
                    baskets_a: self.baskets_with(a),
                    baskets_b: self.baskets_with(b),
                });
            }
        }
        sort_pairs(&mut out);
        out
    }
}

/// By lift, then pairs, highest first; ties by A then B.
pub fn sort_pairs(pairs: &mut [PairStat]) {
    pairs.sort_by(|p, q| q.lift().cmp(&p.lift()).then(q.pairs.cmp(&p.pairs)).then(p.a.cmp(&q.a)).then(p.b.cmp(&q.b)));
}

/// A refill factor in hundredths (1.2 → 120).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefillFactor(pub i64);

impl Default for RefillFactor {
    fn default() -> Self {
        RefillFactor(120)
    }
}

/// One customer's rhythm for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rhythm {
    /// Distinct purchase days.
    pub purchases: usize,
    /// The typical days between purchases (at least 1).
    pub interval_days: i64,
    pub last_purchase: Date,
}

/// The rhythm in `days` (any order, repeats allowed), if there are at least
/// [`MIN_REFILL_PURCHASES`] distinct days.
pub fn rhythm(days: &[Date]) -> Option<Rhythm> {
    let mut days = days.to_vec();
    days.sort_unstable();
    days.dedup();
    if days.len() < MIN_REFILL_PURCHASES {
        return None;
    }
    let mut gaps: Vec<i64> = days.windows(2).map(|w| i64::from((w[1] - w[0]).get_days())).collect();
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    let median = if gaps.len() % 2 == 1 { gaps[mid] } else { (gaps[mid - 1] + gaps[mid] + 1) / 2 };
    Some(Rhythm { purchases: days.len(), interval_days: median.max(1), last_purchase: *days.last()? })
}

/// When an item with `rhythm` is due for a refill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefillDue {
    pub days_since: i64,
    /// The first day it was due.
    pub due_since: Date,
}

/// Whether `rhythm` is due on `today`: days since the last purchase at least
/// `ceil(factor × interval)` and at most 3 × interval.
pub fn refill_due(rhythm: &Rhythm, today: Date, factor: RefillFactor) -> Option<RefillDue> {
    let days_since = i64::from((today - rhythm.last_purchase).get_days());
    let interval = rhythm.interval_days.max(1);
    let wait = (factor.0.max(1) * interval + 99) / 100;
    if days_since < wait || days_since > REFILL_MAX_INTERVALS * interval {
        return None;
    }
    let due_since = rhythm.last_purchase.checked_add(wait.days()).ok()?;
    Some(RefillDue { days_since, due_since })
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    /// Eight baskets: 1 = beras, 2 = telur, 3 = minyak, 4 = gas.
    ///   {1,2} {1,2} {1,2,3} {1,3} {2} {3,4} {4} {1,1,2}
    /// baskets with 1: 5, with 2: 5, with 3: 3, with 4: 2; all baskets: 8.
    /// pairs: 1-2 in four baskets, 1-3 in two, 2-3 in one, 3-4 in one.
    fn shop() -> BasketCounts {
        let mut counts = BasketCounts::new();
        for basket in [&[1, 2][..], &[1, 2], &[1, 2, 3], &[1, 3], &[2], &[3, 4], &[4], &[1, 1, 2], &[]] {
            counts.add_basket(basket);
        }
        counts
    }

    fn find(pairs: &[PairStat], a: i64, b: i64) -> PairStat {
        *pairs.iter().find(|p| p.a == a && p.b == b).unwrap()
    }

    #[test]
    fn pair_figures_worked_out_by_hand() {
        let counts = shop();
        assert_eq!(counts.baskets(), 8, "the empty basket is not a basket");
        assert_eq!(counts.baskets_with(1), 5, "1 twice in one basket counts once");
        let all = counts.pairs(1);
        let p = find(&all, 1, 2);
        assert_eq!(p.pairs, 4);
        assert_eq!(p.support(), 500); // 4 / 8
        assert_eq!(p.confidence(), 800); // 4 / 5
        assert_eq!(p.lift(), 1280); // 0.8 / (5/8)
        let p = find(&all, 3, 1);
        assert_eq!((p.support(), p.confidence(), p.lift()), (250, 667, 1067)); // 2/8, 2/3, (2/3)/(5/8)
        let p = find(&all, 1, 3);
        assert_eq!((p.confidence(), p.lift()), (400, 1067)); // 2/5, (2/5)/(3/8) = 16/15
        let p = find(&all, 3, 4);
        assert_eq!((p.pairs, p.confidence(), p.lift()), (1, 333, 1333)); // 1/3, (1/3)/(2/8)
        let p = find(&all, 2, 3);
        assert_eq!(p.lift(), 533); // (1/5)/(3/8) = 8/15
        assert_eq!(all.len(), 8, "four pairs, both ways");
    }

    #[test]
    fn pairs_sorted_by_lift_then_pairs_and_filtered_by_min_pairs() {
        let all = shop().pairs(1);
        let order: Vec<(i64, i64)> = all.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(order, [(3, 4), (4, 3), (1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2)]);
        let strong = shop().pairs(2);
        assert_eq!(strong.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(), [(1, 2), (2, 1), (1, 3), (3, 1)]);
        assert!(shop().pairs(5).is_empty());
    }

    #[test]
    fn no_history_no_figures_and_no_division_by_zero() {
        let counts = BasketCounts::new();
        assert!(counts.pairs(0).is_empty());
        let empty = PairStat { a: 1, b: 2, pairs: 0, baskets: 0, baskets_a: 0, baskets_b: 0 };
        assert_eq!((empty.support(), empty.confidence(), empty.lift()), (0, 0, 0));
        assert_eq!(thousandths(1, 0), 0);
        assert_eq!(thousandths(1, 3), 333);
        assert_eq!(thousandths(2, 3), 667);
        assert_eq!(thousandths(1, 8), 125);
    }

    #[test]
    fn rhythm_is_the_median_gap_between_distinct_purchase_days() {
        // Days 1, 8, 15, 29 of November: gaps 7, 7, 14 → median 7.
        let days = [date(2026, 11, 15), date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 29)];
        let r = rhythm(&days).unwrap();
        assert_eq!((r.purchases, r.interval_days, r.last_purchase), (4, 7, date(2026, 11, 29)));
        // Twice on one day is one purchase: 1, 1, 8, 16 → days 1, 8, 16 → gaps 7, 8 →
        // an even count: (7 + 8) / 2 = 7.5, rounded up to 8.
        let r = rhythm(&[date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 16)]).unwrap();
        assert_eq!((r.purchases, r.interval_days), (3, 8));
        // Gaps 2, 4, 10, 12 → middle two 4 and 10 → 7.
        let d = |n| date(2026, 10, n);
        assert_eq!(rhythm(&[d(1), d(3), d(7), d(17), d(29)]).unwrap().interval_days, 7);
    }

    #[test]
    fn too_little_history_has_no_rhythm() {
        assert_eq!(rhythm(&[]), None);
        assert_eq!(rhythm(&[date(2026, 11, 1)]), None);
        // Three purchases but on two days only.
        assert_eq!(rhythm(&[date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 9)]), None);
        // The same day three times: no gap at all, so no rhythm (never a 0-day interval).
        assert_eq!(rhythm(&[date(2026, 11, 1); 3]), None);
    }

    #[test]
    fn due_from_factor_times_interval_to_three_intervals() {
        let r = Rhythm { purchases: 4, interval_days: 7, last_purchase: date(2026, 11, 1) };
        let f = RefillFactor(120);
        // 1.2 × 7 = 8.4 → due from day 9 after the last purchase (10 November) to day 21.
        assert_eq!(refill_due(&r, date(2026, 11, 9), f), None);
        let due = refill_due(&r, date(2026, 11, 10), f).unwrap();
        assert_eq!(due, RefillDue { days_since: 9, due_since: date(2026, 11, 10) });
        assert_eq!(refill_due(&r, date(2026, 11, 22), f).unwrap().days_since, 21);
        assert_eq!(refill_due(&r, date(2026, 11, 23), f), None, "moved on: win-back, not refill");
        // A factor of exactly 1: due on the interval's day.
        assert_eq!(refill_due(&r, date(2026, 11, 8), RefillFactor(100)).unwrap().due_since, date(2026, 11, 8));
        // A purchase after "today" (as-of in the past) is never due.
        assert_eq!(refill_due(&r, date(2026, 10, 30), f), None);
    }
}
