//! Garbage collection: entries nobody observes go after their `gc_time`, settled
//! mutation records after `mutation_gc_time`. At most one timer runs per entry.

use crate::cache_events::CacheChange;
use crate::client::QueryClient;
use crate::key::QueryKey;
use crate::mutation::MutationId;

impl QueryClient {
    /// Starts the collection timer of an unobserved entry, unless one runs. Called after
    /// every delivery that touched the entry, so an entry made by `set_query_data`,
    /// `prefetch_query` or an optimistic layer, or kept once because it was busy, is
    /// looked at again.
    pub(crate) fn ensure_gc(&self, key: &QueryKey) {
        let delay = {
            let now = self.now();
            let mut st = self.st();
            let Some(e) = st.queries.entries.get_mut(key) else {
                return;
            };
            if !e.observers.is_empty() || e.gc_timer {
                return;
            }
            e.gc_timer = true;
            (e.idle_since.saturating_add(e.gc_time)).saturating_sub(now)
        };
        let key = key.clone();
        self.after(delay, Box::new(move |client| client.collect(&key)));
    }

    /// The timer of `key` fired: remove the entry if it is still unobserved, idle long
    /// enough and not busy. A busy entry is looked at again after its work ends (that
    /// work is delivered, which calls `ensure_gc`).
    fn collect(&self, key: &QueryKey) {
        let again = self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let Some(e) = st.queries.entries.get_mut(key) else {
                return false;
            };
            e.gc_timer = false;
            if e.is_busy() {
                return false;
            }
            if now < e.idle_since.saturating_add(e.gc_time) {
                return true; // observed again meanwhile, then left: wait the full time
            }
            if let Some(entry) = st.queries.entries.remove(key) {
                st.notify.note(|| CacheChange::QueryRemoved(key.clone()));
                st.notify.bury(entry);
            }
            false
        });
        if again {
            self.ensure_gc(key);
        }
    }

    /// Collects the settled record `id` after `mutation_gc_time`. One timer serves every
    /// record (records settle in deadline order), so thousands of settled calls do not
    /// hold thousands of timers.
    pub(crate) fn schedule_mutation_gc(&self, id: MutationId) {
        let deadline = self.now().saturating_add(self.config().mutation_gc_time);
        let start = {
            let mut st = self.st();
            st.mutations.gc_queue.push_back((deadline, id));
            !std::mem::replace(&mut st.mutations.gc_timer, true)
        };
        if start {
            self.arm_mutation_gc(deadline);
        }
    }

    fn arm_mutation_gc(&self, deadline: crate::runtime::Millis) {
        self.after(
            deadline.saturating_sub(self.now()),
            Box::new(|client| client.collect_mutations()),
        );
    }

    /// Dismisses the records whose time is up, then waits for the next one.
    fn collect_mutations(&self) {
        let now = self.now();
        let due: Vec<MutationId> = {
            let mut st = self.st();
            // Throttle spacings that ran out since the last send go with the records.
            st.mutations.forget_spent_sends(now);
            let mut due = Vec::new();
            while st
                .mutations
                .gc_queue
                .front()
                .is_some_and(|(at, _)| *at <= now)
            {
                if let Some((_, id)) = st.mutations.gc_queue.pop_front() {
                    due.push(id);
                }
            }
            due
        };
        self.batch(|| {
            for id in due {
                self.dismiss_mutation(id);
            }
        });
        let next = {
            let mut st = self.st();
            let next = st.mutations.gc_queue.front().map(|(at, _)| *at);
            st.mutations.gc_timer = next.is_some();
            next
        };
        if let Some(deadline) = next {
            self.arm_mutation_gc(deadline);
        }
    }

    /// Empties the cache: every query, every settled mutation record, the listeners'
    /// pending work; in-flight fetches are cancelled. Unsettled mutations keep running
    /// (their layers go with the entries). As TanStack's `queryClient.clear()`; the
    /// provider calls it when it owned the client and unmounts, which also frees a cache
    /// whose fetchers captured the client.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// client.clear();
    /// assert!(client.inspect(&keys!["a"]).is_none());
    /// ```
    pub fn clear(&self) {
        let keys = self.query_keys(&crate::filter::QueryFilter::all());
        for k in &keys {
            self.cancel_fetch(k, crate::error::AbortReason::Removed);
        }
        self.batch(|| {
            let mut guard = self.st();
            let st = &mut *guard;
            let entries = std::mem::take(&mut st.queries.entries);
            st.notify.bury(entries);
            let settled: Vec<MutationId> = st
                .mutations
                .records
                .iter()
                .filter(|(_, r)| !r.state.status.is_unsettled())
                .map(|(id, _)| *id)
                .collect();
            for id in settled {
                if let Some(r) = st.mutations.records.remove(&id) {
                    st.notify.dirty_mutations.insert(id);
                    st.notify.note(|| CacheChange::MutationRemoved(id));
                    st.notify.bury(r);
                }
            }
        });
    }
}
