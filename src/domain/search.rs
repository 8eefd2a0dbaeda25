//! Fuzzy name search for the till: typed letters find items by name or SKU.
//! Built once from the item list; each keystroke that extends the query only
//! re-scores the previous matches, which keeps it fast on 100k items.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

pub struct NameIndex {
    ids: Vec<i64>,
    /// "name sku", pre-converted for the matcher.
    haystacks: Vec<Utf32String>,
    matcher: Matcher,
    last_query: String,
    /// Indices that matched `last_query`.
    last_hits: Vec<u32>,
}

/// Fewer letters than this match too much to be useful.
pub const MIN_QUERY_CHARS: usize = 2;

impl NameIndex {
    pub fn new(items: &[(i64, String, String)]) -> NameIndex {
        NameIndex {
            ids: items.iter().map(|(id, _, _)| *id).collect(),
            haystacks: items.iter().map(|(_, sku, name)| Utf32String::from(format!("{name} {sku}").as_str())).collect(),
            matcher: Matcher::new(Config::DEFAULT),
            last_query: String::new(),
            last_hits: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Best matches first (ties keep the list's order, which is by name).
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<i64> {
        let query = query.trim();
        if query.chars().count() < MIN_QUERY_CHARS {
            self.last_query.clear();
            return Vec::new();
        }
        let pattern = Pattern::new(query, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy);
        // A longer query matches a subset of what a prefix of it matched.
        let narrowing = !self.last_query.is_empty() && query.starts_with(&self.last_query);
        let candidates: Vec<u32> =
            if narrowing { std::mem::take(&mut self.last_hits) } else { (0..self.haystacks.len() as u32).collect() };
        let mut scored: Vec<(u32, u32)> = Vec::new();
        for i in candidates {
            if let Some(score) = pattern.score(self.haystacks[i as usize].slice(..), &mut self.matcher) {
                scored.push((i, score));
            }
        }
        self.last_hits = scored.iter().map(|(i, _)| *i).collect();
        self.last_query = query.to_string();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().take(limit).map(|(i, _)| self.ids[i as usize]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex {
        let items = [
            (1, "AQ-600", "Aqua 600ml"),
            (2, "IDM-GRG", "Indomie Goreng 85g"),
            (3, "IDM-SOTO", "Indomie Soto 70g"),
            (4, "GLK-1KG", "Gulaku 1kg"),
        ];
        NameIndex::new(&items.map(|(id, sku, name)| (id, sku.to_string(), name.to_string())))
    }

    #[test]
    fn finds_by_fuzzy_name_and_sku() {
        let mut idx = index();
        assert_eq!(idx.search("indo", 10), vec![2, 3]);
        assert_eq!(idx.search("indo soto", 10), vec![3]);
        assert_eq!(idx.search("igrg", 10), vec![2]);
        assert_eq!(idx.search("glk", 10), vec![4]);
        assert_eq!(idx.search("zzz", 10), Vec::<i64>::new());
    }

    #[test]
    fn narrowing_and_widening_give_the_same_as_fresh() {
        let mut idx = index();
        idx.search("in", 10);
        let narrowed = idx.search("indomie go", 10);
        assert_eq!(narrowed, index().search("indomie go", 10));
        // Backspace widens again.
        assert_eq!(idx.search("indomie", 10), vec![2, 3]);
        assert!(idx.search("i", 10).is_empty());
    }
}
