//! The query cache: entries by key, the timeline of writes, and folding layers into what
//! observers see, outside the state's borrow.

use crate::cache_events::CacheChange;
use crate::client::QueryClient;
use crate::entry::{Entry, FoldJob};
use crate::error::CacheError;
use crate::filter::{Activity, QueryFilter};
use crate::key::QueryKey;
use crate::layer::{fold, AnyRc, TypeTag};
use crate::sort::sort_by;
use crate::state::State;
use std::collections::HashMap;

/// Folds retried when the entry changed while one ran; only a patch that writes its own
/// entry makes that happen more than once.
const MAX_REFOLDS: usize = 16;

#[derive(Default)]
pub(crate) struct QueryCache {
    pub entries: HashMap<QueryKey, Entry>,
    seq: u64,
    /// Fetch attempts sent, for tests and devtools.
    pub fetches_started: u64,
}

impl QueryCache {
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }
}

impl QueryClient {
    /// The entry of `key`, made empty if there is none (it is then collected after
    /// `gc_time` unless someone observes it).
    pub(crate) fn entry_mut<'a>(&self, st: &'a mut State, key: &QueryKey) -> &'a mut Entry {
        let (stale, gc) = (self.inner.config.stale_time, self.inner.config.gc_time);
        let now = self.now();
        let notify = &mut st.notify;
        st.queries.entries.entry(key.clone()).or_insert_with(|| {
            // New entries are delivered once, which schedules their collection.
            notify.dirty_keys.push(key.clone());
            notify.note(|| CacheChange::QueryAdded(key.clone()));
            Entry::new(key.clone(), stale, gc, now)
        })
    }

    /// Checks (and on first use records) the type stored under `key`.
    pub(crate) fn check_type(entry: &mut Entry, tag: TypeTag) -> Result<(), CacheError> {
        entry.expect_type(tag)?;
        entry.tag.get_or_insert(tag);
        Ok(())
    }

    pub(crate) fn mark_dirty(st: &mut State, key: &QueryKey) {
        st.notify.dirty_keys.push(key.clone());
    }

    /// Keys of the cached queries the filter matches, sorted. A filter's predicate is a
    /// user closure: it runs after the borrow is released, so it may read the cache.
    pub(crate) fn matching_keys(&self, filter: &QueryFilter) -> Vec<QueryKey> {
        let mut keys: Vec<QueryKey> = {
            let st = self.st();
            st.queries
                .entries
                .values()
                .filter(|e| filter.matches_key_without_predicate(&e.key))
                .filter(|e| match filter.activity_kind() {
                    Activity::All => true,
                    Activity::Active => !e.observers.is_empty(),
                    Activity::Inactive => e.observers.is_empty(),
                })
                .map(|e| e.key.clone())
                .collect()
        };
        keys.retain(|k| filter.passes_predicate(k));
        // The engine's one sort routine, not a sort of its own (about 4 KB of wasm).
        sort_by(&mut keys, QueryKey::cmp);
        keys
    }

    /// What observers of `key` see: the confirmed data with every layer applied in start
    /// order. Folding runs user patches, so it happens with no borrow held; a change made
    /// meanwhile (by a patch that misbehaves) makes it start over.
    pub(crate) fn visible_of(&self, key: &QueryKey) -> Option<AnyRc> {
        for _ in 0..MAX_REFOLDS {
            let job: FoldJob = {
                let mut st = self.st();
                let e = st.queries.entries.get_mut(key)?;
                if let Some(v) = e.visible_cached() {
                    return v;
                }
                e.fold_job()
            };
            let FoldJob {
                start,
                layers,
                version,
                upto,
            } = job;
            let value = fold(start, &layers);
            let mut guard = self.st();
            let st = &mut *guard;
            let e = st.queries.entries.get_mut(key)?;
            let done = upto == e.layers.len();
            match e.store_visible(version, upto, value.clone()) {
                Ok(old) => {
                    st.notify.bury(old);
                    if done {
                        return value;
                    }
                }
                Err(late) => st.notify.bury(late),
            }
            st.notify.bury(layers);
        }
        // A patch that keeps changing its own entry: give the latest fold, uncached.
        let job = self.st().queries.entries.get_mut(key)?.fold_job();
        fold(job.start, &job.layers)
    }

    /// Folds succeeded layers at the bottom of the stack that expect no server copy into
    /// the confirmed data (outside the borrow, like [`visible_of`](Self::visible_of)).
    pub(crate) fn compact(&self, key: &QueryKey) {
        for _ in 0..MAX_REFOLDS {
            let job = {
                let st = self.st();
                let Some(job) = st.queries.entries.get(key).and_then(|e| e.compaction_job()) else {
                    return;
                };
                job
            };
            let confirmed = fold(job.start, &job.layers);
            let mut guard = self.st();
            let st = &mut *guard;
            st.notify.bury(job.layers);
            let Some(e) = st.queries.entries.get_mut(key) else {
                return;
            };
            match e.store_compaction(job.version, job.upto, confirmed) {
                Ok(replaced) => {
                    st.notify.bury(replaced);
                    return;
                }
                Err(late) => st.notify.bury(late),
            }
        }
    }
}
