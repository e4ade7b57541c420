//! The handle that ends a collection subscription when dropped.

use std::cell::RefMut;
use std::fmt;
use std::rc::Rc;

/// Keeps a row, list or live-view subscription alive; dropping it unsubscribes (the
/// listener is dropped after the collection's state is released).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
///     Ok::<_, FetchError>(Collection::from_rows([1_u32, 2], |n| *n))
/// })).unwrap();
/// let sub = rows.subscribe_keys(|| println!("the keys changed"));
/// drop(sub); // no longer told
/// ```
#[must_use = "dropping the subscription unsubscribes at once"]
pub struct CollectionSubscription(Option<Box<dyn FnOnce()>>);

impl CollectionSubscription {
    pub(crate) fn new(end: impl FnOnce() + 'static) -> Self {
        CollectionSubscription(Some(Box::new(end)))
    }
}

impl Drop for CollectionSubscription {
    fn drop(&mut self) {
        if let Some(end) = self.0.take() {
            end();
        }
    }
}

impl fmt::Debug for CollectionSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CollectionSubscription")
    }
}

pub(crate) type Listener = Rc<dyn Fn()>;

/// Listeners by id: what a row, a list, a fetch status or a live view tells.
#[derive(Default)]
pub(crate) struct Listeners {
    next_id: u64,
    list: Vec<(u64, Listener)>,
}

impl Listeners {
    pub fn add(&mut self, listener: Listener) -> u64 {
        self.next_id += 1;
        self.list.push((self.next_id, listener));
        self.next_id
    }

    pub fn remove(&mut self, id: u64) -> Option<Listener> {
        let pos = self.list.iter().position(|(i, _)| *i == id)?;
        Some(self.list.swap_remove(pos).1)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Copies of the listeners, to call once the state holding them is released.
    pub fn snapshot_into(&self, out: &mut Vec<Listener>) {
        out.extend(self.list.iter().map(|(_, l)| l.clone()));
    }
}

/// Adds `listener` to the listeners `pick` finds in `owner`'s state; the subscription takes
/// it out again (dropping it after the state is released), and does nothing once `owner`
/// is gone.
pub(crate) fn listen<O: 'static>(
    owner: &Rc<O>,
    pick: fn(&O) -> RefMut<'_, Listeners>,
    listener: Listener,
) -> CollectionSubscription {
    let id = pick(owner).add(listener);
    let weak = Rc::downgrade(owner);
    CollectionSubscription::new(move || {
        let Some(owner) = weak.upgrade() else { return };
        let removed = pick(&owner).remove(id);
        drop(removed);
    })
}
