//! [`Distinct`]: items kept once each, in insertion order, found by value in constant time
//! however many there are.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::{Entry, RandomState};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// Items in insertion order, each once, with their positions: compared one by one while
/// there are few (every real element, request and namespace table), through a hash index
/// past [`Distinct::LINEAR`], so that hostile input cannot make a lookup linear and a loop
/// of lookups quadratic. For a request of ten names the hash set (SipHash, growth) was a
/// fifth of `Propfind::parse`.
///
/// Used as a set (duplicate checks of the reader, the names of a request), as a table
/// (namespace → prefix, by position) and as a stack of the namespaces declared below the
/// root ([`Distinct::truncate_with`]).
#[derive(Clone, Debug)]
pub(crate) struct Distinct<T> {
    items: Vec<T>,
    /// Each item's position by its hash, built once there are more than `LINEAR` items.
    /// Boxed: it is rare, and the namespace table an answer allocates stays small.
    index: Option<Box<Index>>,
}

/// The positions of a [`Distinct`]'s items by their (keyed, SipHash) hash. It holds no copy
/// of the items: 16 bytes an item, where a map from a copy of each item (a `Name` and its
/// two strings) to its position took about 100 and an allocation, and at 100 000 names
/// missed the caches on every insertion (`benches/hostile.rs`).
#[derive(Clone, Debug)]
struct Index {
    hasher: RandomState,
    /// The position of the first item with each hash.
    first: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    /// The positions of the items whose hash an earlier item has: a 64-bit collision of a
    /// keyed hash, which input cannot aim at; kept correct all the same.
    collided: Vec<usize>,
}

/// The hasher of [`Index::first`], whose keys are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is called (the keys are `u64`); any other input still hashes.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Index {
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Records that the item at `at` has hash `hash`.
    fn insert(&mut self, hash: u64, at: usize) {
        match self.first.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(at);
            }
            Entry::Occupied(_) => self.collided.push(at),
        }
    }

    /// The position of the item with hash `hash` for which `is` holds.
    fn find(&self, hash: u64, is: impl Fn(usize) -> bool) -> Option<usize> {
        let first = *self.first.get(&hash)?;
        if is(first) {
            return Some(first);
        }
        self.collided.iter().copied().find(|&at| is(at))
    }

    /// Forgets the item at `at`, whose hash is `hash`: the last item (items are removed last
    /// first, so an item that collided with it went before it).
    fn remove(&mut self, hash: u64, at: usize) {
        if self.first.get(&hash) == Some(&at) {
            self.first.remove(&hash);
        } else {
            self.collided.retain(|&c| c != at);
        }
    }
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
                let hash = index.hash(&item);
                debug_assert!(
                    index.find(hash, |i| self.items[i] == item).is_none(),
                    "a Distinct item added twice"
                );
                index.insert(hash, at);
            }
            None if at == Self::LINEAR => {
                let mut index = Index {
                    hasher: RandomState::new(),
                    first: HashMap::with_capacity_and_hasher(2 * at, Default::default()),
                    collided: Vec::new(),
                };
                for (i, t) in self.items.iter().chain([&item]).enumerate() {
                    let hash = index.hash(t);
                    index.insert(hash, i);
                }
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
            // `Borrow` promises that `key` hashes as the item it borrows from would.
            Some(index) => index.find(index.hash(key), |at| {
                self.items.get(at).is_some_and(|t| t.borrow() == key)
            }),
        }
    }

    /// Removes the item at position `at` and returns it; later items move up one place.
    /// Linear in the number of items (the index is built again).
    pub(crate) fn remove_at(&mut self, at: usize) -> Option<T> {
        if at >= self.items.len() {
            return None;
        }
        let item = self.items.remove(at);
        if let Some(index) = &mut self.index {
            index.first.clear();
            index.collided.clear();
            for (i, t) in self.items.iter().enumerate() {
                let hash = index.hash(t);
                index.insert(hash, i);
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
                let hash = index.hash(&item);
                index.remove(hash, self.items.len());
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

    /// Items whose hashes collide are still told apart, found and removed.
    #[test]
    fn index_keeps_colliding_hashes() {
        let mut index = Index {
            hasher: RandomState::new(),
            first: HashMap::default(),
            collided: Vec::new(),
        };
        for at in 0..3 {
            index.insert(7, at);
        }
        assert_eq!(index.find(7, |at| at == 2), Some(2));
        assert_eq!(index.find(7, |at| at == 0), Some(0));
        assert_eq!(index.find(7, |_| false), None);
        assert_eq!(index.find(8, |_| true), None);
        index.remove(7, 2);
        assert_eq!(index.find(7, |at| at == 2), None);
        assert_eq!(index.find(7, |at| at == 1), Some(1));
        index.remove(7, 1);
        assert_eq!(index.find(7, |at| at == 0), Some(0));
        index.remove(7, 0);
        assert_eq!(index.find(7, |_| true), None);
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
