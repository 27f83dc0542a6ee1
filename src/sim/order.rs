//! Sorting through our own small merge sort, and lookups in list order.
//!
//! The standard library's sorts are fast but large: each element type gets its own copy of
//! pattern-defeating quicksort (or driftsort), with its small-sorts and heapsort fallback, about
//! 3-5 KB of wasm each. The simulator sorts only plain copyable keys (fire instants, and
//! `(i64, i64, index)` keys for [`stable_sort_by_key`]), so [`sort_keys`], a natural merge sort of
//! a few hundred bytes, serves them all. Its input is usually made of sorted runs (one fire list
//! per instance), which it merges in `log2(runs)` passes; an input already in order costs one
//! scan.

/// Sorts `keys` in ascending order (stable, though equal keys of a `Copy + Ord` type are
/// indistinguishable).
pub fn sort_keys<K: Copy + Ord>(keys: &mut [K]) {
    // The bounds of the maximal non-decreasing runs: run i is bounds[i]..bounds[i + 1].
    let mut bounds = vec![0];
    for i in 1..keys.len() {
        if keys[i] < keys[i - 1] {
            bounds.push(i);
        }
    }
    bounds.push(keys.len());
    if bounds.len() <= 2 {
        // Already in order: no buffer.
        return;
    }
    let mut merged_keys = Vec::with_capacity(keys.len());
    while bounds.len() > 2 {
        merged_keys.clear();
        let mut merged_bounds = Vec::with_capacity(bounds.len() / 2 + 2);
        merged_bounds.push(0);
        for pair in bounds.windows(3).step_by(2) {
            merge_into(
                &keys[pair[0]..pair[1]],
                &keys[pair[1]..pair[2]],
                &mut merged_keys,
            );
            merged_bounds.push(pair[2]);
        }
        // An odd run out is carried over as it is.
        if bounds.len() % 2 == 0 {
            let last = bounds[bounds.len() - 2];
            merged_keys.extend_from_slice(&keys[last..]);
            merged_bounds.push(keys.len());
        }
        keys.copy_from_slice(&merged_keys);
        bounds = merged_bounds;
    }
}

/// Appends the merge of the sorted `a` and `b` to `out` (on ties, `a` first).
fn merge_into<K: Copy + Ord>(a: &[K], b: &[K], out: &mut Vec<K>) {
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if y < x {
            out.push(y);
            j += 1;
        } else {
            out.push(x);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

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
    sort_keys(&mut order);
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

    proptest::proptest! {
        #[test]
        fn sort_keys_sorts_as_the_standard_sort(
            mut keys in proptest::collection::vec(-20i64..20, 0..300),
            runs in proptest::collection::vec(proptest::collection::vec(proptest::num::i64::ANY, 0..40), 0..12),
        ) {
            let mut want = keys.clone();
            want.sort_unstable();
            sort_keys(&mut keys);
            proptest::prop_assert_eq!(keys, want);
            // Concatenated sorted runs: what fire lists of several instances look like.
            let mut joined: Vec<i64> = runs
                .into_iter()
                .flat_map(|mut run| {
                    run.sort_unstable();
                    run
                })
                .collect();
            let mut want = joined.clone();
            want.sort_unstable();
            sort_keys(&mut joined);
            proptest::prop_assert_eq!(joined, want);
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
