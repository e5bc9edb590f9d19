//! [`Distinct`]: items kept once each, in insertion order, found by value in constant time
//! however many there are.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// Items in insertion order, each once, with their positions: compared one by one while
/// there are few (every real element, request and namespace table), through a hash map past
/// [`Distinct::LINEAR`], so that hostile input cannot make a lookup linear and a loop of
/// lookups quadratic. For a request of ten names the hash set (SipHash, growth) was a fifth
/// of `Propfind::parse`.
///
/// Used as a set (duplicate checks of the reader), as a table (namespace → prefix, by
/// position) and as a stack of the namespaces declared below the root
/// ([`Distinct::truncate_with`]).
#[derive(Clone, Debug)]
pub(crate) struct Distinct<T> {
    items: Vec<T>,
    /// Each item's position, built once there are more than `LINEAR` items. Boxed: it is
    /// rare, and the namespace table an answer allocates stays small.
    #[allow(
        clippy::box_collection,
        reason = "one pointer instead of a map's 48 bytes in every Distinct"
    )]
    index: Option<Box<HashMap<T, usize>>>,
}

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            index: None,
        }
    }
}

impl<T: Eq + Hash + Clone> Distinct<T> {
    const LINEAR: usize = 16;

    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// An empty one with room for `capacity` items.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            items: Vec::with_capacity(capacity),
            index: None,
        }
    }

    /// The position of `item`, adding a clone of it at the end when it is not there yet;
    /// whether it was added.
    pub(crate) fn insert_full(&mut self, item: &T) -> (usize, bool) {
        match self.position(item) {
            Some(at) => (at, false),
            None => {
                let at = self.items.len();
                self.push_new(item.clone());
                (at, true)
            }
        }
    }

    /// Adds a clone of `item` unless it is already there; whether it was added.
    pub(crate) fn insert(&mut self, item: &T) -> bool {
        self.insert_full(item).1
    }

    /// Adds `item`, which the caller has just looked for and not found.
    pub(crate) fn push_new(&mut self, item: T) {
        let at = self.items.len();
        match &mut self.index {
            Some(index) => {
                let _previous = index.insert(item.clone(), at);
                debug_assert!(_previous.is_none(), "a Distinct item added twice");
            }
            None if at == Self::LINEAR => {
                let mut index: HashMap<T, usize> = self
                    .items
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(|(i, t)| (t, i))
                    .collect();
                index.insert(item.clone(), at);
                self.index = Some(Box::new(index));
            }
            None => debug_assert!(!self.items.contains(&item), "a Distinct item added twice"),
        }
        self.items.push(item);
    }

    /// The position of `key`.
    #[inline]
    pub(crate) fn position<Q>(&self, key: &Q) -> Option<usize>
    where
        T: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.position_by(key, |_| false)
    }

    /// The position of `key`; while items are compared one by one, `same` is tried first: a
    /// cheaper test that implies equality (the same address, say). Always inlined: on the
    /// writer's paths it is a few compares, and a call cost `PropfindAnswer::new` 3 %.
    #[inline(always)]
    pub(crate) fn position_by<Q>(&self, key: &Q, same: impl Fn(&T) -> bool) -> Option<usize>
    where
        T: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        match &self.index {
            None => self.items.iter().position(|t| same(t) || t.borrow() == key),
            Some(index) => index.get(key).copied(),
        }
    }

    /// Removes the item at position `at` and returns it; later items move up one place.
    /// Linear in the number of items (their positions in the index are updated).
    pub(crate) fn remove_at(&mut self, at: usize) -> Option<T> {
        if at >= self.items.len() {
            return None;
        }
        let item = self.items.remove(at);
        if let Some(index) = &mut self.index {
            index.remove(&item);
            for position in index.values_mut() {
                if *position > at {
                    *position -= 1;
                }
            }
        }
        Some(item)
    }

    /// Removes the items from position `len` on, last first, handing each to `removed` (to
    /// reuse its allocation, say).
    pub(crate) fn truncate_with(&mut self, len: usize, mut removed: impl FnMut(T)) {
        while self.items.len() > len {
            let Some(item) = self.items.pop() else { break };
            if let Some(index) = &mut self.index {
                index.remove(&item);
            }
            removed(item);
        }
        if self.items.is_empty() {
            // Back to comparing one by one: the next few items cost no hashing.
            self.index = None;
        }
    }
}

impl<T> Distinct<T> {
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The items, in insertion order.
    #[inline]
    pub(crate) fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, in insertion order.
    pub(crate) fn into_vec(self) -> Vec<T> {
        self.items
    }
}

/// An item of a [`Distinct`] found by its `key` (equal, hashed and borrowed as it), that
/// carries a `value`.
#[derive(Clone, Debug)]
pub(crate) struct Keyed<K, V> {
    pub(crate) key: K,
    pub(crate) value: V,
}

impl<K: PartialEq, V> PartialEq for Keyed<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<K: Eq, V> Eq for Keyed<K, V> {}

impl<K: Hash, V> Hash for Keyed<K, V> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl<K: Borrow<str>, V> Borrow<str> for Keyed<K, V> {
    fn borrow(&self) -> &str {
        self.key.borrow()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the linear threshold, positions, duplicates and truncation behave as below it.
    #[test]
    fn hashed_agrees_with_linear() {
        let mut d = Distinct::new();
        for i in 0..100 {
            assert!(d.insert(&i.to_string()));
            assert!(!d.insert(&i.to_string()));
            for j in 0..=i {
                assert_eq!(d.position(j.to_string().as_str()), Some(j));
            }
            assert_eq!(d.position("x"), None);
        }
        let mut removed = Vec::new();
        d.truncate_with(10, |s| removed.push(s));
        assert_eq!(removed.len(), 90);
        assert_eq!(removed[0], "99");
        assert_eq!(d.position("10"), None);
        assert_eq!(d.position("9"), Some(9));
        assert!(d.insert(&"10".to_owned()));
        assert_eq!(d.position("10"), Some(10));
        d.truncate_with(0, drop);
        assert_eq!(d.len(), 0);
        assert_eq!(d.position("1"), None);
        assert!(d.insert(&"1".to_owned()));
        assert_eq!(d.items(), ["1"]);
    }

    /// `same` is only a shortcut: a key is found by address or by text.
    #[test]
    fn position_by_address_or_text() {
        const B: &str = "urn:b";
        let mut d: Distinct<&str> = Distinct::new();
        let _ = d.insert(&"urn:a");
        let _ = d.insert(&B);
        let same = |t: &&str| std::ptr::eq(t.as_ptr(), B.as_ptr());
        assert_eq!(d.position_by(B, same), Some(1));
        assert_eq!(d.position_by(String::from("urn:b").as_str(), same), Some(1));
        assert_eq!(d.position_by("urn:a", same), Some(0));
        assert_eq!(d.position_by("urn:c", same), None);
    }

    /// Removing an item moves the later ones up, below and past the linear threshold alike.
    #[test]
    fn remove_at_keeps_positions() {
        for n in [5, 40] {
            let mut d = Distinct::new();
            for i in 0..n {
                assert!(d.insert(&i));
            }
            assert_eq!(d.remove_at(2), Some(2));
            assert_eq!(d.remove_at(n), None);
            assert_eq!(d.len(), n - 1);
            assert_eq!(d.position(&2), None);
            assert_eq!(d.position(&1), Some(1));
            assert_eq!(d.position(&3), Some(2));
            assert_eq!(d.position(&(n - 1)), Some(n - 2));
            assert!(d.insert(&2));
            assert_eq!(d.position(&2), Some(n - 1));
        }
    }

    /// `Distinct` gives each item's first position, scanning while there are few items and
    /// through its hash map past `Distinct::LINEAR`, the same either way.
    #[test]
    fn distinct_positions_few_and_many() {
        let mut d = Distinct::new();
        for i in 0..100 {
            assert_eq!(d.insert_full(&(i * 7)), (i, true));
            assert_eq!(d.insert_full(&0), (0, false));
            assert_eq!(d.insert_full(&(i / 2 * 7)), (i / 2, false));
        }
        assert_eq!(d.len(), 100);
        assert!(!d.insert(&693));
        assert!(d.insert(&1));
        let items = d.into_vec();
        assert_eq!(items.get(..3), Some(&[0, 7, 14][..]));
        assert_eq!(items.last(), Some(&1));
    }
}
