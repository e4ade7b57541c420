//! The mutation records by id, in id order, kept in a sorted deque.
//!
//! Ids grow in submission order, so a new record goes at the end, and settled records
//! are collected oldest first, from the front: both are O(1) on a deque, and a lookup is a
//! binary search. A B-tree map would link a B-tree of its own into every app (about 5 KB
//! of wasm) for the same work.

use crate::mutation::MutationId;
use std::collections::VecDeque;

/// Values by mutation id, each id once, in id order.
pub(crate) struct IdMap<V>(VecDeque<(MutationId, V)>);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap(VecDeque::new())
    }
}

impl<V> IdMap<V> {
    fn position(&self, id: &MutationId) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(id))
    }

    /// Puts `value` under `id`; gives back the value it replaced.
    pub fn insert(&mut self, id: MutationId, value: V) -> Option<V> {
        // New calls come last: check the end before searching.
        if self.0.back().is_none_or(|(last, _)| *last < id) {
            self.0.push_back((id, value));
            return None;
        }
        match self.position(&id) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (id, value));
                None
            }
        }
    }

    /// Takes the value of `id` out.
    pub fn remove(&mut self, id: &MutationId) -> Option<V> {
        let at = self.position(id).ok()?;
        self.0.remove(at).map(|(_, v)| v)
    }

    /// The value of `id`.
    pub fn get(&self, id: &MutationId) -> Option<&V> {
        let at = self.position(id).ok()?;
        Some(&self.0[at].1)
    }

    /// The value of `id`, to change.
    pub fn get_mut(&mut self, id: &MutationId) -> Option<&mut V> {
        let at = self.position(id).ok()?;
        Some(&mut self.0[at].1)
    }

    /// Whether `id` has a value.
    pub fn contains_key(&self, id: &MutationId) -> bool {
        self.position(id).is_ok()
    }

    /// Ids and values, smallest id first.
    pub fn iter(&self) -> impl Iterator<Item = (&MutationId, &V)> + '_ {
        self.0.iter().map(|(id, v)| (id, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_by_id_in_order() {
        let mut map = IdMap::default();
        for id in [4, 1, 9, 2] {
            assert_eq!(map.insert(MutationId(id), id * 10), None);
        }
        assert_eq!(map.insert(MutationId(9), 91), Some(90));
        let ids: Vec<u64> = map.iter().map(|(id, _)| id.0).collect();
        assert_eq!(ids, [1, 2, 4, 9]);
        assert_eq!(map.get(&MutationId(2)), Some(&20));
        if let Some(v) = map.get_mut(&MutationId(4)) {
            *v = 41;
        }
        assert_eq!(map.get(&MutationId(4)), Some(&41));
        assert!(!map.contains_key(&MutationId(3)));
    }

    #[test]
    fn removes_from_anywhere() {
        let mut map = IdMap::default();
        for id in 1..=5 {
            map.insert(MutationId(id), ());
        }
        assert_eq!(map.remove(&MutationId(1)), Some(()));
        assert_eq!(map.remove(&MutationId(3)), Some(()));
        assert_eq!(map.remove(&MutationId(3)), None);
        let ids: Vec<u64> = map.iter().map(|(id, _)| id.0).collect();
        assert_eq!(ids, [2, 4, 5]);
    }
}
