//! The demo shop's habits that recommendations find: items that go into one basket
//! (ground coffee with sugar, noodles with eggs, tea with sugar) and regulars who buy
//! their staples on a rhythm (rice about every 10 days, gas every 14, eggs weekly),
//! now and then forgetting until a reminder, or a long while, brings them back.
//!
//! Drawn from a random stream of their own, so that the rest of the demo draws much as
//! before. Pure planning: [`super::history::History`] writes the sales.

use std::collections::{BTreeMap, HashMap};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::history::Shopper;

/// (item, its companion, the chance that a basket with the item gets the companion too).
const COMPANIONS: &[(&str, &str, f64)] = &[
    ("Kapal Api Kopi Bubuk 165g", "Gula Pasir Curah", 0.6),
    ("Indomie Goreng", "Telur Ayam Negeri", 0.35),
    ("Teh Celup Sosro Isi 25", "Gulaku Premium 1kg", 0.5),
];

/// Staples bought on a rhythm: (item, usual days between purchases).
const STAPLES: &[(&str, u32)] = &[
    ("Beras Sania Premium 5kg", 10),
    ("Gas LPG 3kg Isi Ulang", 14),
    ("Telur Ayam Negeri", 7),
    ("Minyakita 2L", 12),
    ("Dancow Fortigro 400g", 10),
];

/// Regulars who keep a rhythm, at most; each keeps one to three staples.
const RHYTHM_SHOPPERS: usize = 18;
/// The chance that the next purchase comes late (two to two and a half intervals on).
const LAPSE_CHANCE: f64 = 0.2;
/// The share of rhythms that have lapsed today, so that something is due now.
const DUE_TODAY_SHARE: f64 = 0.35;
/// The chance that a customer comes for the reminded items within two days of a
/// refill reminder; and that a held-out customer comes within the week anyway.
const REMINDED_COMES: f64 = 0.8;
const HELD_OUT_COMES: f64 = 0.2;
/// Once the till shows its hint: the chance that a companion in the basket was added
/// with F10 from the hint, and that a hint was added and then taken off again.
const HINT_TAKEN: f64 = 0.6;
const HINT_DECLINED: f64 = 0.1;

/// A planned visit: `shopper` buys `items` (indexes into the history's items), not
/// before the instant `not_before` when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub shopper: usize,
    pub items: Vec<usize>,
    pub not_before: Option<i64>,
}

pub struct Habits {
    rng: ChaCha8Rng,
    /// Item index → (companion index, chance).
    companions: HashMap<usize, (usize, f64)>,
    /// Each rhythm's (shopper, item) → interval in days.
    intervals: HashMap<(usize, usize), u32>,
    /// Day index → the visits planned for it.
    visits: BTreeMap<u32, Vec<Visit>>,
    /// The first day index on which the till shows its "often bought together" hint.
    hints_from: u32,
}

impl Habits {
    /// Plan the habits for a history of `days` full days before today (day index
    /// `days` is today), over items named `names` (by index) and `shoppers`; the till
    /// hints from day index `hints_from`.
    pub fn new(seed: u64, names: &[String], shoppers: &[Shopper], days: u32, hints_from: u32) -> Habits {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let index_of = |name: &str| names.iter().position(|n| n == name);
        let companions = COMPANIONS
            .iter()
            .filter_map(|&(item, companion, chance)| Some((index_of(item)?, (index_of(companion)?, chance))))
            .collect();
        let staples: Vec<(usize, u32)> =
            STAPLES.iter().filter_map(|&(name, interval)| Some((index_of(name)?, interval))).collect();
        // Regulars: shopping from the first weeks to the end, buying for a household.
        let mut regulars: Vec<usize> = (0..shoppers.len())
            .filter(|&s| {
                let h = &shoppers[s].habit;
                !h.bulk && h.first_day <= days / 6 && h.last_day + 1 >= days
            })
            .collect();
        regulars.shuffle(&mut rng);
        regulars.truncate(RHYTHM_SHOPPERS);
        regulars.sort_unstable();
        let mut habits = Habits { rng, companions, intervals: HashMap::new(), visits: BTreeMap::new(), hints_from };
        for shopper in regulars {
            let mut theirs = staples.clone();
            theirs.shuffle(&mut habits.rng);
            theirs.truncate(habits.rng.random_range(1..=3));
            let first_day = shoppers[shopper].habit.first_day;
            for (item, interval) in theirs {
                habits.plan_rhythm(shopper, item, interval, first_day, days);
            }
        }
        habits
    }

    /// Purchase days of one rhythm, planned back from the last one: within the last
    /// interval, or (lapsed) far enough back that a refill is due today.
    fn plan_rhythm(&mut self, shopper: usize, item: usize, interval: u32, first_day: u32, today: u32) {
        self.intervals.insert((shopper, item), interval);
        let back = if self.rng.random_bool(DUE_TODAY_SHARE) {
            self.rng.random_range((interval * 6).div_ceil(5)..=2 * interval)
        } else {
            self.rng.random_range(0..interval)
        };
        let mut day = i64::from(today) - i64::from(back);
        while day >= i64::from(first_day) {
            self.add(day as u32, shopper, item, None);
            let gap = if self.rng.random_bool(LAPSE_CHANCE) {
                self.rng.random_range(2 * interval..=interval * 5 / 2)
            } else {
                self.rng.random_range(interval - 1..=interval + 1)
            };
            day -= i64::from(gap);
        }
    }

    /// Put `item` in `shopper`'s visit on `day`, making the visit if needed.
    fn add(&mut self, day: u32, shopper: usize, item: usize, not_before: Option<i64>) {
        let visits = self.visits.entry(day).or_default();
        match visits.iter_mut().find(|v| v.shopper == shopper) {
            Some(v) => {
                if !v.items.contains(&item) {
                    v.items.push(item);
                }
                v.not_before = v.not_before.max(not_before);
            }
            None => visits.push(Visit { shopper, items: vec![item], not_before }),
        }
    }

    /// The visits planned for day `index`, taken out of the plan.
    pub fn visits_on(&mut self, index: u32) -> Vec<Visit> {
        self.visits.remove(&index).unwrap_or_default()
    }

    /// Add each chosen item's companion to the basket on day `day` now and then.
    /// Returns the companions the cashier added from the till's hint (some of them
    /// taken off again, so not in the basket).
    pub fn add_companions(&mut self, day: u32, basket: &mut Vec<usize>) -> Vec<usize> {
        let hints = day >= self.hints_from;
        let mut hinted = Vec::new();
        for n in 0..basket.len() {
            let Some(&(companion, chance)) = self.companions.get(&basket[n]) else { continue };
            if basket.contains(&companion) {
                continue;
            }
            if self.rng.random_bool(chance) {
                basket.push(companion);
                if hints && self.rng.random_bool(HINT_TAKEN) {
                    hinted.push(companion);
                }
            } else if hints && self.rng.random_bool(HINT_DECLINED) {
                hinted.push(companion);
            }
        }
        hinted
    }

    /// A uniform draw in `range`, from the habits' own stream.
    pub fn draw(&mut self, range: std::ops::Range<i64>) -> i64 {
        self.rng.random_range(range)
    }

    /// A refill reminder chose `shopper` on day `index` for `items`: reminded (sent at
    /// `sent_at`), they mostly come for them within two days; held out, a few come
    /// within the week anyway. A visit brought forward replaces the planned one.
    pub fn reminded(&mut self, index: u32, shopper: usize, items: &[usize], sent_at: Option<i64>) {
        let (chance, days) = if sent_at.is_some() { (REMINDED_COMES, 0..=2) } else { (HELD_OUT_COMES, 1..=6) };
        if !self.rng.random_bool(chance) {
            return;
        }
        let day = index + self.rng.random_range(days);
        for &item in items {
            if let Some(&interval) = self.intervals.get(&(shopper, item)) {
                self.drop_next(shopper, item, day, day + interval * 3 / 2);
            }
            self.add(day, shopper, item, sent_at);
        }
    }

    /// Take `item` out of `shopper`'s first planned visit in `from..=to`.
    fn drop_next(&mut self, shopper: usize, item: usize, from: u32, to: u32) {
        for visits in self.visits.range_mut(from..=to).map(|(_, v)| v) {
            if let Some(v) = visits.iter_mut().find(|v| v.shopper == shopper && v.items.contains(&item)) {
                v.items.retain(|&i| i != item);
                visits.retain(|v| !v.items.is_empty());
                return;
            }
        }
    }
}
