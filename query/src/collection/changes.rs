//! Changesets: a mutation's optimistic edit of a collection, row by row.

use super::data::Collection;
use crate::key::KeyFor;
use crate::layer::{Patch, Patches};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

enum Op<K, V> {
    Insert(K, Rc<V>),
    Update(K, Rc<dyn Fn(&mut V)>),
    Delete(K),
}

/// The rows one mutation inserts, updates and deletes in one collection, from
/// [`Patches::collection`]. Applied in the order written, each in O(log n), whenever the
/// layers are folded (a new layer, a rollback of an earlier one, a refetch underneath).
///
/// An update of a key that is not there (deleted by another writer, not loaded yet) does
/// nothing; an insert of a key that is there replaces the row.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, Collection, Patches, TypedKey};
/// let todos = TypedKey::<Collection<u32, (String, bool)>>::new(keys!["todos"]);
/// let mut patches = Patches::default();
/// patches
///     .collection(&todos)
///     .insert(9, ("new".into(), false))
///     .update(3, |t| t.1 = true)
///     .delete(4);
/// assert_eq!(patches.len(), 1);
/// ```
pub struct RowChanges<K, V> {
    ops: Rc<RefCell<Vec<Op<K, V>>>>,
}

impl<K, V> fmt::Debug for RowChanges<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RowChanges({} ops)", self.ops.borrow().len())
    }
}

impl<K: Ord + Clone + 'static, V: Clone + 'static> RowChanges<K, V> {
    /// Inserts `row` under `key` (replacing a row with that key).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, Collection, Patches, TypedKey};
    /// let names = TypedKey::<Collection<u8, String>>::new(keys!["names"]);
    /// Patches::default().collection(&names).insert(1, "Ada".into());
    /// ```
    pub fn insert(&self, key: K, row: V) -> &Self {
        self.ops.borrow_mut().push(Op::Insert(key, Rc::new(row)));
        self
    }

    /// Edits the row under `key` as a draft (TanStack DB's `update(id, draft => ...)`).
    /// The function runs again on each rebase, so it must depend only on the row.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, Collection, Patches, TypedKey};
    /// let done = TypedKey::<Collection<u8, bool>>::new(keys!["done"]);
    /// Patches::default().collection(&done).update(1, |d| *d = !*d);
    /// ```
    pub fn update(&self, key: K, draft: impl Fn(&mut V) + 'static) -> &Self {
        self.ops.borrow_mut().push(Op::Update(key, Rc::new(draft)));
        self
    }

    /// Deletes the row under `key`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, Collection, Patches, TypedKey};
    /// let names = TypedKey::<Collection<u8, String>>::new(keys!["names"]);
    /// Patches::default().collection(&names).delete(1);
    /// ```
    pub fn delete(&self, key: K) -> &Self {
        self.ops.borrow_mut().push(Op::Delete(key));
        self
    }
}

fn apply<K: Ord + Clone, V: Clone>(ops: &[Op<K, V>], rows: &mut Collection<K, V>) {
    for op in ops {
        match op {
            Op::Insert(k, v) => {
                rows.insert_shared(k.clone(), v.clone());
            }
            Op::Update(k, f) => {
                rows.update(k, |v| f(v));
            }
            Op::Delete(k) => {
                rows.remove(k);
            }
        }
    }
}

impl Patches {
    /// Starts a changeset of the collection under `key`: the rows this mutation
    /// inserts, updates and deletes there. A mutation that writes to several
    /// collections (a kanban move edits a card and two columns' orders) is one
    /// transaction: its changesets paint together, roll back together and settle once.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, Collection, Patches, TypedKey};
    /// #[derive(Clone)]
    /// struct Card { column: u8 }
    /// let cards = TypedKey::<Collection<u32, Card>>::new(keys!["cards"]);
    /// let moves = TypedKey::<Collection<u32, u8>>::new(keys!["moves"]);
    /// let mut p = Patches::default();
    /// p.collection(&cards).update(7, |c| c.column = 2);
    /// p.collection(&moves).insert(7, 2);
    /// assert_eq!(p.len(), 2);
    /// ```
    pub fn collection<K: Ord + Clone + 'static, V: Clone + 'static>(
        &mut self,
        key: impl KeyFor<Collection<K, V>>,
    ) -> RowChanges<K, V> {
        let ops: Rc<RefCell<Vec<Op<K, V>>>> = Rc::default();
        let read = ops.clone();
        self.patch(
            key.query_key().clone(),
            Patch::modify(move |rows: &mut Collection<K, V>| apply(&read.borrow(), rows)),
        );
        RowChanges { ops }
    }
}
