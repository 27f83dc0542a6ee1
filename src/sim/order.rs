//! Stable sorting through one shared sort instantiation, and lookups in list order.
//!
//! Every `sort_by_key` call with its own element type and closure compiles its own copy of the
//! standard library's stable sort (about 3.5 KB of wasm each). The simulator's few sorts go
//! through [`stable_sort_by_key`] instead, which sorts plain `(i64, i64, usize)` keys: one copy.

/// Sorts `items` by `key`, keeping the order of items with equal keys (a stable sort).
pub fn stable_sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (i64, i64)) {
    let mut order: Vec<(i64, i64, usize)> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let (first, second) = key(item);
            (first, second, index)
        })
        .collect();
    // The index breaks ties, so the unstable sort gives the stable order.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|(_, _, index)| slots.get_mut(index).and_then(Option::take)),
    );
}

/// A `usize` as a sort key (saturating; indexes and byte offsets never come near the limit).
pub fn key_of(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Finds items scanning on from the previous hit (and around): looking up a list of keys given
/// in the items' own order (target instances, their rendered scripts) costs one pass instead of
/// one scan per key. With unique keys it finds what `iter().find` finds.
pub struct Finder<'a, T> {
    items: &'a [T],
    next: usize,
}

impl<'a, T> Finder<'a, T> {
    /// A finder over `items`, starting at the first.
    pub fn new(items: &'a [T]) -> Self {
        Finder { items, next: 0 }
    }

    /// The first item from the previous hit on (wrapping around) that `matches`.
    pub fn find(&mut self, matches: impl Fn(&T) -> bool) -> Option<&'a T> {
        let n = self.items.len();
        let at = (0..n)
            .map(|k| (self.next + k) % n)
            .find(|&i| matches(&self.items[i]))?;
        self.next = at + 1;
        Some(&self.items[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_key_and_keeps_equal_keys_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (3, 'f')];
        stable_sort_by_key(&mut items, |(k, _)| (*k, 0));
        assert_eq!(
            items,
            vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c'), (3, 'f')]
        );
        let mut pairs = vec![(2, 1), (1, 9), (2, 0), (1, 9), (1, 3)];
        let mut want = pairs.clone();
        want.sort_by_key(|&(a, b)| (a, b));
        stable_sort_by_key(&mut pairs, |&(a, b)| (a, b));
        assert_eq!(pairs, want);
        let mut empty: Vec<u8> = Vec::new();
        stable_sort_by_key(&mut empty, |_| (0, 0));
        assert!(empty.is_empty());
    }

    #[test]
    fn matches_the_standard_stable_sort_on_many_inputs() {
        // A small deterministic generator: keys with many ties.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..60 {
            let mut items: Vec<(i64, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 7) as i64 - 3, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|(k, _)| *k);
            stable_sort_by_key(&mut items, |(k, _)| (*k, 0));
            assert_eq!(items, want);
        }
    }

    #[test]
    fn the_finder_finds_what_find_finds_for_unique_keys_in_any_order() {
        let items: Vec<i64> = (0..20).map(|n| n * 7 % 20).collect();
        let mut finder = Finder::new(&items);
        for key in [3, 4, 5, 19, 0, 0, 12, 99, 1, 2] {
            assert_eq!(
                finder.find(|x| *x == key),
                items.iter().find(|x| **x == key),
                "{key}"
            );
        }
        assert_eq!(Finder::new(&[] as &[i64]).find(|_| true), None);
    }
}
