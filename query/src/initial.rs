//! `initial_data`: what a query's entry starts with, as TanStack's `initialData`. It is
//! written to the cache as the entry's data (unlike placeholder data), counts for
//! staleness from `initial_data_updated_at` (default: when it was written), and is what
//! `reset_queries` brings the entry back to.

use crate::client::QueryClient;
use crate::entry::{Entry, QueryStatus};
use crate::event::CacheEvent;
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::runtime::Millis;
use std::rc::Rc;

/// Makes the initial data; the app's code (a value's clone, or its function).
type MakeInitial = Rc<dyn Fn() -> Option<AnyRc>>;

/// A query's initial data and how old it is.
#[derive(Clone)]
pub(crate) struct InitialData {
    pub make: MakeInitial,
    /// When the data was current, on the client's clock; `None`: when it is written.
    pub updated_at: Option<Millis>,
}

impl Entry {
    /// Whether the entry holds nothing and waits for nothing: a fresh entry, or one
    /// emptied by `remove_queries` / `reset_queries`. Initial data is written only then.
    pub fn wants_initial_data(&self) -> bool {
        self.confirmed.is_none() && self.status == QueryStatus::Pending && self.in_flight.is_none()
    }
}

impl QueryClient {
    /// Writes the registered initial data of `key` into its entry if the entry wants it.
    /// Making the data is the app's code, so it runs with no borrow held; the entry is
    /// looked at again before the write.
    pub(crate) fn seed_initial_data(&self, key: &QueryKey) {
        let initial = {
            let st = self.st();
            let Some(e) = st.queries.entries.get(key) else {
                return;
            };
            match (&e.spec, e.wants_initial_data()) {
                (Some(spec), true) => spec.initial.clone(),
                _ => None,
            }
        };
        let Some(InitialData { make, updated_at }) = initial else {
            return;
        };
        let Some(data) = make() else {
            return;
        };
        self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let seq = st.next_seq();
            let Some(e) = st.queries.entries.get_mut(key) else {
                st.notify.bury(data);
                return;
            };
            if !e.wants_initial_data() {
                st.notify.bury(data);
                return;
            }
            // Not an explicit write: a fetch that starts later replaces it as usual.
            let replaced = e.write_confirmed(data, seq, false, now);
            e.data_updated_at = Some(updated_at.unwrap_or(now));
            st.notify.bury(replaced);
            QueryClient::mark_dirty(st, key);
            QueryClient::emit_in(st, now, CacheEvent::DataSet { key: key.clone() });
        });
        drop(make);
    }
}
