//! Name search for the till: typed letters find items by name or SKU.
//!
//! Built once from the item list. Words match as typed (anywhere in the name or SKU,
//! best at the start of a word); when that finds too few and three or more letters
//! were typed, matching turns fuzzy (the letters in order, gaps allowed), for typos
//! and abbreviations. A query that extends the previous one only re-checks the
//! previous matches, and a cheap byte check runs before fuzzy scoring — that keeps
//! each keystroke fast on 100k items.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

/// One search result: the item and how the till shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub item_id: i64,
    /// `name · sku`
    pub label: String,
}

pub struct NameIndex {
    ids: Vec<i64>,
    /// "name sku", pre-converted for the fuzzy matcher.
    haystacks: Vec<Utf32String>,
    /// The same texts lower-cased, end to end in one buffer (`starts[i]..starts[i + 1]`),
    /// for matching as typed and the quick pre-check.
    folded: Vec<u8>,
    starts: Vec<usize>,
    matcher: Matcher,
    /// The previous query matched as typed, and fuzzily, with what each matched, so
    /// a query that extends it only looks at those (a longer query matches a subset).
    as_typed: Option<(String, Vec<u32>)>,
    fuzzy: Option<(String, Vec<u32>)>,
}

/// Fewer letters than this match too much to be useful.
pub const MIN_QUERY_CHARS: usize = 2;
/// From this many letters on, too few matches as typed fall back to fuzzy.
const FUZZY_FROM_CHARS: usize = 3;

fn fold(text: &str) -> Vec<u8> {
    text.to_lowercase().into_bytes()
}

/// Every byte of `needle` appears in `haystack`, in order.
fn in_order(needle: &[u8], haystack: &[u8]) -> bool {
    let mut rest = haystack;
    for byte in needle {
        match rest.iter().position(|b| b == byte) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// Score of a match as typed: words found at the start of a word, and early, rank first.
fn as_typed_score(words: &[memchr::memmem::Finder<'_>], haystack: &[u8]) -> Option<u32> {
    let mut score = 0u32;
    for word in words {
        let at = word.find(haystack)?;
        let word_start = at == 0 || haystack[at - 1] == b' ';
        score += if word_start { 1000 } else { 500 } - (at as u32).min(499);
    }
    Some(score)
}

impl NameIndex {
    /// From (id, sku, name) triples; they are consumed so the index is the only copy
    /// of 100k names in memory.
    pub fn new(items: Vec<(i64, String, String)>) -> NameIndex {
        let mut ids = Vec::with_capacity(items.len());
        let mut haystacks = Vec::with_capacity(items.len());
        let mut folded = Vec::new();
        let mut starts = Vec::with_capacity(items.len() + 1);
        starts.push(0);
        for (id, sku, name) in items {
            let text = format!("{name} {sku}");
            folded.extend_from_slice(&fold(&text));
            starts.push(folded.len());
            ids.push(id);
            haystacks.push(Utf32String::from(text));
        }
        NameIndex {
            ids,
            haystacks,
            folded,
            starts,
            matcher: Matcher::new(Config::DEFAULT),
            as_typed: None,
            fuzzy: None,
        }
    }

    fn folded(&self, i: u32) -> &[u8] {
        &self.folded[self.starts[i as usize]..self.starts[i as usize + 1]]
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Best matches first (ties keep the list's order, which is by name). Words are
    /// matched as typed; with three or more letters and fewer than `limit` such
    /// matches, fuzzily (the letters in order, gaps allowed).
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<SearchHit> {
        let query = query.trim();
        let chars = query.chars().count();
        if chars < MIN_QUERY_CHARS {
            return Vec::new();
        }
        let needle = fold(query);
        let words: Vec<&[u8]> = needle.split(|b| *b == b' ').filter(|w| !w.is_empty()).collect();
        let finders: Vec<memchr::memmem::Finder<'_>> = words.iter().map(memchr::memmem::Finder::new).collect();
        let mut scored: Vec<(u32, u32)> = narrow(&mut self.as_typed, query, self.ids.len())
            .into_iter()
            .filter_map(|i| as_typed_score(&finders, self.folded(i)).map(|s| (i, s)))
            .collect();
        self.as_typed = Some((query.to_string(), scored.iter().map(|(i, _)| *i).collect()));
        if scored.len() < limit && chars >= FUZZY_FROM_CHARS {
            let pattern = Pattern::new(query, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy);
            // A cheap byte check first; the matcher scores only what could match.
            let plausible: Vec<u32> = narrow(&mut self.fuzzy, query, self.ids.len())
                .into_iter()
                .filter(|&i| words.iter().all(|w| in_order(w, self.folded(i))))
                .collect();
            scored = plausible
                .into_iter()
                .filter_map(|i| pattern.score(self.haystacks[i as usize].slice(..), &mut self.matcher).map(|s| (i, s)))
                .collect();
            self.fuzzy = Some((query.to_string(), scored.iter().map(|(i, _)| *i).collect()));
        }
        let best = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit, best);
            scored.truncate(limit);
        }
        scored.sort_by(best);
        scored.into_iter().map(|(i, _)| self.hit(i)).collect()
    }

    fn hit(&self, i: u32) -> SearchHit {
        // The haystack is "name sku"; the SKU has no spaces, so it is the last word.
        let text = self.haystacks[i as usize].to_string();
        let label = match text.rsplit_once(' ') {
            Some((name, sku)) => format!("{name} · {sku}"),
            None => text,
        };
        SearchHit { item_id: self.ids[i as usize], label }
    }
}

/// Candidates for `query`: the previous hits when `query` extends that query, else all.
fn narrow(cache: &mut Option<(String, Vec<u32>)>, query: &str, all: usize) -> Vec<u32> {
    match cache.take() {
        Some((previous, hits)) if query.starts_with(&previous) => hits,
        _ => (0..all as u32).collect(),
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
        NameIndex::new(items.map(|(id, sku, name)| (id, sku.to_string(), name.to_string())).to_vec())
    }

    fn ids(hits: Vec<SearchHit>) -> Vec<i64> {
        hits.into_iter().map(|h| h.item_id).collect()
    }

    #[test]
    fn finds_by_fuzzy_name_and_sku() {
        let mut idx = index();
        assert_eq!(ids(idx.search("indo", 10)), vec![2, 3]);
        assert_eq!(ids(idx.search("indo soto", 10)), vec![3]);
        assert_eq!(ids(idx.search("igrg", 10)), vec![2]);
        assert_eq!(ids(idx.search("glk", 10)), vec![4]);
        assert_eq!(ids(idx.search("zzz", 10)), Vec::<i64>::new());
    }

    #[test]
    fn two_letters_match_as_typed() {
        let mut idx = index();
        assert_eq!(ids(idx.search("so", 10)), vec![3]);
        assert_eq!(ids(idx.search("ml", 10)), vec![1]);
        assert!(idx.search("gg", 10).is_empty(), "no fuzzy noise for two letters");
    }

    #[test]
    fn narrowing_and_widening_give_the_same_as_fresh() {
        let mut idx = index();
        idx.search("in", 10);
        let narrowed = idx.search("indomie go", 10);
        assert_eq!(narrowed[0].label, "Indomie Goreng 85g · IDM-GRG");
        assert_eq!(narrowed, index().search("indomie go", 10));
        // Backspace widens again.
        assert_eq!(ids(idx.search("indomie", 10)), vec![2, 3]);
        assert!(idx.search("i", 10).is_empty());
    }

    #[test]
    fn keeps_the_best_few() {
        let items: Vec<(i64, String, String)> =
            (0..100).map(|i| (i, format!("SKU{i}"), format!("Sabun Mandi {i}"))).collect();
        let mut idx = NameIndex::new(items);
        assert_eq!(idx.search("sabun", 8).len(), 8);
    }
}
