//! Lookups in list order: a list of keys given in the items' own order is found in one pass.

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
