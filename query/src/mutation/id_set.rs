//! A set of mutation ids in id order, kept in a sorted vector.
//!
//! The sets of calls the engine keeps (unsettled, paused, changed since the last
//! delivery) are small and grow at their end, since ids grow in submission order. A
//! B-tree set would link a B-tree of its own into every app (about 5 KB of wasm); this
//! is a binary search over a vector, whose code is mostly shared.

use crate::mutation::MutationId;

/// Mutation ids, each once, in id order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct IdSet(Vec<MutationId>);

impl IdSet {
    /// Adds `id`; `false` when it was there already.
    pub fn insert(&mut self, id: MutationId) -> bool {
        // New calls come last: check the end before searching.
        if self.0.last().is_none_or(|last| *last < id) {
            self.0.push(id);
            return true;
        }
        match self.0.binary_search(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// Takes `id` out; `false` when it was not there.
    pub fn remove(&mut self, id: &MutationId) -> bool {
        match self.0.binary_search(id) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// The smallest id.
    pub fn first(&self) -> Option<&MutationId> {
        self.0.first()
    }

    /// The ids, smallest first.
    pub fn iter(&self) -> std::slice::Iter<'_, MutationId> {
        self.0.iter()
    }

    /// Whether it holds no id.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a IdSet {
    type Item = &'a MutationId;
    type IntoIter = std::slice::Iter<'a, MutationId>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_id_once_in_order() {
        let mut set = IdSet::default();
        for id in [3, 1, 4, 1, 5, 9, 2, 6, 5] {
            set.insert(MutationId(id));
        }
        let ids: Vec<u64> = set.iter().map(|id| id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6, 9]);
        assert_eq!(set.first(), Some(&MutationId(1)));
        assert!(!set.insert(MutationId(4)));
    }

    #[test]
    fn removes_only_what_it_holds() {
        let mut set = IdSet::default();
        assert!(set.is_empty());
        set.insert(MutationId(7));
        set.insert(MutationId(8));
        assert!(!set.remove(&MutationId(3)));
        assert!(set.remove(&MutationId(7)));
        assert!(!set.remove(&MutationId(7)));
        assert_eq!(set.first(), Some(&MutationId(8)));
        assert!(set.remove(&MutationId(8)));
        assert!(set.is_empty());
    }
}
