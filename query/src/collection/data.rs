//! The collection value: rows by key on a persistent ordered map.

use imbl::ordmap::{DiffItem, GenericOrdMap};
use imbl::shared_ptr::RcK;
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::fmt;
use std::rc::Rc;

/// Rows keyed by id, in key order. Cloning is O(1) and two versions share the nodes
/// neither changed, so a one-row edit of a 10,000-row collection copies about
/// log₆₄(10,000) ≈ 3 nodes, and [`diff`](Self::diff) visits only what differs.
///
/// Rows are kept behind `Rc`: copying a node copies pointers, never rows, and a row
/// nobody changed stays the same allocation from one version to the next.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::Collection;
/// let mut c = Collection::from_rows(["b", "a"], |s| s.to_string());
/// c.insert("c".into(), "c");
/// c.update(&"a".to_string(), |v| *v = "A");
/// assert_eq!(c.values().map(|v| **v).collect::<Vec<_>>(), ["A", "b", "c"]);
/// ```
pub struct Collection<K, V> {
    rows: GenericOrdMap<K, Rc<V>, RcK>,
}

/// One difference between two versions of a collection, from [`Collection::diff`].
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{Collection, RowChange};
/// let old = Collection::from_rows([1_u8, 2], |n| *n);
/// let mut new = old.clone();
/// new.remove(&1);
/// assert!(matches!(old.diff(&new).next(), Some(RowChange::Removed(1, _))));
/// ```
#[derive(Debug)]
pub enum RowChange<'a, K, V> {
    /// A row only the newer version has.
    Added(&'a K, &'a Rc<V>),
    /// A row both have, with different values.
    Updated(&'a K, &'a Rc<V>, &'a Rc<V>),
    /// A row only the older version has.
    Removed(&'a K, &'a Rc<V>),
}

impl<'a, K, V> RowChange<'a, K, V> {
    /// The changed row's key.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let a = Collection::from_rows([1_u8], |n| *n);
    /// let b = Collection::from_rows([2_u8], |n| *n);
    /// let keys: Vec<u8> = a.diff(&b).map(|c| *c.key()).collect();
    /// assert_eq!(keys, [1, 2]);
    /// ```
    pub fn key(&self) -> &'a K {
        match self {
            RowChange::Added(k, _) | RowChange::Updated(k, _, _) | RowChange::Removed(k, _) => k,
        }
    }
}

impl<K: Ord + Clone, V> Collection<K, V> {
    /// An empty collection.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::optimistic_query::Collection::<u32, String>::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Collection {
            rows: GenericOrdMap::new(),
        }
    }

    /// A collection of `rows` (a list endpoint's answer), each under `key_of(row)`; a
    /// later row with the same key replaces an earlier one.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let c = Collection::from_rows(vec![(7, "seven"), (3, "three")], |r| r.0);
    /// assert_eq!(c.keys().copied().collect::<Vec<_>>(), [3, 7]);
    /// ```
    pub fn from_rows(rows: impl IntoIterator<Item = V>, key_of: impl Fn(&V) -> K) -> Self {
        let mut pairs: Vec<(K, Rc<V>)> = rows
            .into_iter()
            .map(|row| (key_of(&row), Rc::new(row)))
            .collect();
        // Stable: of rows with the same key, the last one is kept. (The engine's one
        // sort routine, not a copy of the standard one per row type.)
        crate::sort::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(K, Rc<V>)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match unique.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => unique.push(pair),
            }
        }
        Collection {
            rows: filled(unique),
        }
    }

    /// Number of rows.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// assert_eq!(Collection::from_rows([1_u8, 2, 2], |n| *n).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no row.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// assert!(Collection::<u8, u8>::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row under `key`. O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let c = Collection::from_rows(["x"], |_| 1_u8);
    /// assert_eq!(c.get(&1).map(|v| **v), Some("x"));
    /// ```
    pub fn get(&self, key: &K) -> Option<&Rc<V>> {
        self.rows.get(key)
    }

    /// Whether a row has `key`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// assert!(Collection::from_rows([4_u8], |n| *n).contains_key(&4));
    /// ```
    pub fn contains_key(&self, key: &K) -> bool {
        self.rows.contains_key(key)
    }

    /// The rows with their keys, in key order.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let c = Collection::from_rows([2_u8, 1], |n| *n);
    /// assert_eq!(c.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [1, 2]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&K, &Rc<V>)> {
        self.rows.iter()
    }

    /// The keys, in order.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// assert_eq!(Collection::from_rows([3_u8, 1], |n| *n).keys().count(), 2);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.rows.keys()
    }

    /// The rows, in key order.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let c = Collection::from_rows([3_u8, 1], |n| *n);
    /// assert_eq!(c.values().map(|v| **v).sum::<u8>(), 4);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = &Rc<V>> {
        self.rows.values()
    }

    /// Inserts or replaces the row under `key`; returns the row it replaced. O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let mut c = Collection::new();
    /// assert!(c.insert(1_u8, "a").is_none());
    /// assert_eq!(c.insert(1, "b").map(|v| *v), Some("a"));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<Rc<V>> {
        self.rows.insert(key, Rc::new(value))
    }

    /// Inserts a row already behind an `Rc` (a changeset's, re-applied on every fold
    /// without copying the row).
    pub(crate) fn insert_shared(&mut self, key: K, value: Rc<V>) {
        self.rows.insert(key, value);
    }

    /// Edits the row under `key` in place (copying it only if an older version still
    /// holds it); returns whether there was one. O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let mut c = Collection::from_rows([(1_u8, false)], |r| r.0);
    /// assert!(c.update(&1, |r| r.1 = true));
    /// assert!(!c.update(&9, |r| r.1 = true));
    /// assert!(c.get(&1).unwrap().1);
    /// ```
    pub fn update(&mut self, key: &K, f: impl FnOnce(&mut V)) -> bool
    where
        V: Clone,
    {
        match self.rows.get_mut(key) {
            Some(row) => {
                f(Rc::make_mut(row));
                true
            }
            None => false,
        }
    }

    /// Removes the row under `key`; returns it. O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let mut c = Collection::from_rows([5_u8], |n| *n);
    /// assert_eq!(c.remove(&5).map(|v| *v), Some(5));
    /// assert!(c.is_empty());
    /// ```
    pub fn remove(&mut self, key: &K) -> Option<Rc<V>> {
        self.rows.remove(key)
    }

    /// `newer` (a fetched answer) built out of `self` (the cached version): rows equal in
    /// both stay the cached allocations and nodes, so diffing the two visits only what
    /// changed. Costs a lookup and a comparison per row, and a path copy per changed row.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// use std::rc::Rc;
    /// let cached = Collection::from_rows([(1_u8, "a"), (2, "b")], |r| r.0);
    /// let answer = Collection::from_rows([(1_u8, "a"), (2, "B"), (3, "c")], |r| r.0);
    /// let shared = cached.share_from(&answer);
    /// assert_eq!(shared, answer);
    /// assert!(Rc::ptr_eq(shared.get(&1).unwrap(), cached.get(&1).unwrap()), "row 1 kept");
    /// assert_eq!(cached.diff(&shared).count(), 2);
    /// ```
    pub fn share_from(&self, newer: &Self) -> Self
    where
        V: PartialEq,
    {
        let mut out = self.clone();
        for (k, v) in newer.rows.iter() {
            if self.rows.get(k) != Some(v) {
                out.rows.insert(k.clone(), v.clone());
            }
        }
        if out.len() != newer.len() {
            let gone: Vec<K> = self
                .rows
                .keys()
                .filter(|k| !newer.rows.contains_key(*k))
                .cloned()
                .collect();
            for k in gone {
                out.rows.remove(&k);
            }
        }
        out
    }

    /// The collection `rows` (a fetched list) make, built out of `self` (the cached
    /// version): a row equal to the cached one stays the cached allocation and node, so
    /// no intermediate collection is built and diffing the two visits only what changed.
    /// A later row with the same key replaces an earlier one.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let cached = Collection::from_rows([(1_u8, "a"), (2, "b")], |r| r.0);
    /// let fresh = cached.share_rows(vec![(2, "B"), (3, "c")], |r| r.0);
    /// assert_eq!(fresh, Collection::from_rows([(2, "B"), (3, "c")], |r| r.0));
    /// assert_eq!(cached.diff(&fresh).count(), 3);
    /// ```
    pub fn share_rows(&self, rows: impl IntoIterator<Item = V>, key_of: impl Fn(&V) -> K) -> Self
    where
        V: PartialEq,
    {
        if self.is_empty() {
            return Collection::from_rows(rows, key_of);
        }
        let mut out = self.clone();
        let mut seen: Vec<K> = Vec::new();
        for row in rows {
            let k = key_of(&row);
            if self.rows.get(&k).is_none_or(|old| **old != row) {
                out.rows.insert(k.clone(), Rc::new(row));
            }
            seen.push(k);
        }
        // `out` holds the cached keys and the answer's: any beyond the answer's were
        // removed on the server. (Lists come sorted by key more often than not, which
        // the sort finds in one pass; it is the engine's one sort routine, not a copy of
        // the standard one per key type.)
        crate::sort::sort_by(&mut seen, K::cmp);
        seen.dedup();
        if out.len() > seen.len() {
            let gone: Vec<K> = self
                .rows
                .keys()
                .filter(|k| seen.binary_search(k).is_err())
                .cloned()
                .collect();
            for k in gone {
                out.rows.remove(&k);
            }
        }
        out
    }

    /// Whether both are the same version (no row can differ). O(1).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::Collection;
    /// let a = Collection::from_rows([1_u8], |n| *n);
    /// assert!(a.ptr_eq(&a.clone()));
    /// ```
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.rows.ptr_eq(&other.rows)
    }

    /// The rows that differ from `self` to `newer`, in key order. Nodes both share are
    /// skipped, so after k edits this costs O(k · log n), not O(n); two collections
    /// built separately are compared row by row.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{Collection, RowChange};
    /// let old = Collection::from_rows(0..10_000_u32, |n| *n);
    /// let mut new = old.clone();
    /// new.update(&42, |n| *n += 1);
    /// let changes: Vec<_> = old.diff(&new).collect();
    /// assert_eq!(changes.len(), 1);
    /// assert!(matches!(changes[0], RowChange::Updated(42, _, _)));
    /// ```
    pub fn diff<'a>(&'a self, newer: &'a Self) -> impl Iterator<Item = RowChange<'a, K, V>> + 'a
    where
        V: PartialEq,
    {
        self.rows.diff(&newer.rows).map(|d| match d {
            DiffItem::Add(k, v) => RowChange::Added(k, v),
            DiffItem::Update { old, new } => RowChange::Updated(new.0, old.1, new.1),
            DiffItem::Remove(k, v) => RowChange::Removed(k, v),
        })
    }
}

impl<K: Ord + Clone, V> Default for Collection<K, V> {
    fn default() -> Self {
        Collection::new()
    }
}

impl<K: Clone, V> Clone for Collection<K, V> {
    fn clone(&self) -> Self {
        Collection {
            rows: self.rows.clone(),
        }
    }
}

impl<K: Ord + Clone, V: PartialEq> PartialEq for Collection<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.diff(other).next().is_none()
    }
}

impl<K: Ord + Clone + fmt::Debug, V: fmt::Debug> fmt::Debug for Collection<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.rows.iter()).finish()
    }
}

impl<K: Ord + Clone, V> FromIterator<(K, V)> for Collection<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut c = Collection::new();
        for (k, v) in iter {
            c.insert(k, v);
        }
        c
    }
}

/// A sequence of `[key, row]` pairs, so persisted and dehydrated collections need no key
/// function to come back.
impl<K: Ord + Clone + Serialize, V: Serialize> Serialize for Collection<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for (k, v) in self.rows.iter() {
            seq.serialize_element(&(k, &**v))?;
        }
        seq.end()
    }
}

impl<'de, K: Ord + Clone + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de>
    for Collection<K, V>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(K, V)>::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}

/// The B-tree's leaf size in imbl (`ORD_CHUNK_SIZE`, not public). Another size leaves
/// [`filled`] correct, only less compact.
const LEAF: usize = 16;

/// A map of `pairs` (sorted by key, no key twice) whose leaves are full. Inserted in key
/// order, a B-tree splits each full leaf in two halves and never comes back to the left
/// one: every leaf stays half empty, which costs a 10,000-row collection about 16 bytes a
/// row. So the first half of each leaf's keys goes in first (leaving leaves of half a
/// leaf each, one per run of `LEAF` keys), then the second halves, each landing in the
/// leaf that waits for it.
fn filled<K: Ord + Clone, V>(pairs: Vec<(K, Rc<V>)>) -> GenericOrdMap<K, Rc<V>, RcK> {
    let mut map = GenericOrdMap::new();
    let (first, second): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .enumerate()
        .partition(|(i, _)| i % LEAF < LEAF / 2);
    for (_, (k, v)) in first.into_iter().chain(second) {
        map.insert(k, v);
    }
    map
}
