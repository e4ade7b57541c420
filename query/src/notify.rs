//! Notification batching: an operation marks what it changed; when the outermost
//! operation ends, observers and listeners hear about it once, with no borrow held.

use crate::cache_events::{CacheChange, CacheListener, CacheLog};
use crate::client::QueryClient;
use crate::entry::EntryView;
use crate::event::TimedEvent;
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::mutation::id_set::IdSet;
use crate::observer::ErasedObserver;
use crate::sort::sort_by;
use std::any::Any;
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

pub(crate) type Listener = Rc<dyn Fn()>;
pub(crate) type EventListener = Rc<dyn Fn(&TimedEvent)>;

/// What changed since the last delivery, who listens, and what waits to be dropped.
pub(crate) struct Notifier {
    /// Keys changed since the last delivery, a key once per change: put in order and
    /// made unique when taken (a B-tree set of keys would link a B-tree of its own).
    pub dirty_keys: Vec<QueryKey>,
    pub dirty_mutations: IdSet,
    pub mutation_listeners: Vec<(u64, Listener)>,
    pub query_listeners: Vec<(u64, Listener)>,
    pub event_listeners: Vec<(u64, EventListener)>,
    /// `subscribe_cache`'s listeners, and its log of changes: made by the first
    /// subscription (so an app that never subscribes ships none of its code).
    pub cache_listeners: Vec<(u64, CacheListener)>,
    pub cache_log: Option<Box<dyn CacheLog>>,
    pub pending_events: Vec<Rc<TimedEvent>>,
    /// Shared with the round that delivers them: an event is never copied.
    pub history: VecDeque<Rc<TimedEvent>>,
    history_cap: usize,
    /// User values (closures, data, records) taken out of the state: they are dropped
    /// after the borrow ends, because their `Drop` may call back into the client.
    graveyard: Vec<Box<dyn Any>>,
}

impl Notifier {
    pub fn new(history_cap: usize) -> Self {
        Notifier {
            dirty_keys: Vec::new(),
            dirty_mutations: IdSet::default(),
            mutation_listeners: Vec::new(),
            query_listeners: Vec::new(),
            event_listeners: Vec::new(),
            cache_listeners: Vec::new(),
            cache_log: None,
            pending_events: Vec::new(),
            history: VecDeque::new(),
            history_cap: history_cap.max(1),
            graveyard: Vec::new(),
        }
    }

    /// Records a change for `subscribe_cache`, when anyone listens.
    pub fn note(&mut self, change: impl FnOnce() -> CacheChange) {
        if let Some(log) = self.cache_log.as_mut() {
            log.note(change());
        }
    }

    /// Keeps `value` alive until the current operation has released the state.
    pub fn bury(&mut self, value: impl Any) {
        self.graveyard.push(Box::new(value));
    }
}

/// Counts nested operations; only the outermost one delivers. Decrements on drop, so a
/// panicking operation does not stop notifications for good.
pub(crate) struct Depth<'a>(&'a Cell<u32>);

impl<'a> Depth<'a> {
    pub fn enter(depth: &'a Cell<u32>) -> Self {
        depth.set(depth.get() + 1);
        Depth(depth)
    }
}

impl Drop for Depth<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

/// One round of delivery, gathered under the borrow and run after it.
struct Round {
    observers: Vec<(Rc<dyn ErasedObserver>, Rc<EntryView>)>,
    calls: Vec<Listener>,
    events: Vec<Rc<TimedEvent>>,
    event_listeners: Vec<EventListener>,
    /// Tells `subscribe_cache`'s listeners (none without a subscription).
    cache_changes: Option<Box<dyn FnOnce()>>,
    unobserved: Vec<QueryKey>,
    observed: Vec<QueryKey>,
    dead: Vec<Box<dyn Any>>,
}

impl Round {
    fn is_empty(&self) -> bool {
        self.observers.is_empty()
            && self.calls.is_empty()
            && self.events.is_empty()
            && self.cache_changes.is_none()
            && self.unobserved.is_empty()
            && self.dead.is_empty()
    }
}

impl QueryClient {
    /// Runs `f` as one operation: observers are notified once, after it, however many
    /// entries it changed.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.batch(|| {
    ///     client.set_query_data(&keys!["a"], 1_u8).unwrap();
    ///     client.set_query_data(&keys!["b"], 2_u8).unwrap();
    /// });
    /// ```
    pub fn batch<R>(&self, f: impl FnOnce() -> R) -> R {
        let r = {
            let _depth = Depth::enter(&self.inner.batch_depth);
            f()
        };
        if self.inner.batch_depth.get() == 0 {
            self.flush();
        }
        r
    }

    /// Delivers everything the finished operation changed. Each dirty entry is compacted
    /// and folded (user patches run here, outside the borrow), its observers are asked
    /// once whether what they select changed, then listeners run. The batch stays open
    /// meanwhile, so what they change is delivered by this loop, not a nested one.
    fn flush(&self) {
        let _depth = Depth::enter(&self.inner.batch_depth);
        loop {
            let mut keys = std::mem::take(&mut self.st().notify.dirty_keys);
            sort_by(&mut keys, QueryKey::cmp);
            keys.dedup();
            let visible: Vec<Option<AnyRc>> = keys
                .iter()
                .map(|k| {
                    self.compact(k);
                    self.visible_of(k)
                })
                .collect();
            self.note_query_changes(&keys);
            let round = self.gather(keys, visible);
            if round.is_empty() {
                break;
            }
            let Round {
                observers,
                calls,
                events,
                event_listeners,
                cache_changes,
                unobserved,
                observed,
                dead,
            } = round;
            drop(dead);
            for key in &unobserved {
                self.ensure_gc(key);
            }
            for key in &observed {
                self.ensure_stale_timer(key);
            }
            let mut retired = Vec::new();
            let mut changed: Vec<Listener> = Vec::new();
            for (o, view) in observers {
                if let Some(l) = o.update(&view, &mut retired) {
                    changed.push(l);
                }
            }
            // Freeing a replaced 10,000-row list is as costly as building it; do it after
            // this frame's work, in a task of its own.
            if !retired.is_empty() {
                self.runtime()
                    .executor
                    .spawn_after_paint(Box::pin(async move { drop(retired) }));
            }
            for l in changed.iter().chain(calls.iter()) {
                l();
            }
            for e in &events {
                for l in &event_listeners {
                    l(e);
                }
            }
            if let Some(tell) = cache_changes {
                tell();
            }
        }
    }

    fn gather(&self, keys: Vec<QueryKey>, visible: Vec<Option<AnyRc>>) -> Round {
        let now = self.now();
        let mut guard = self.st();
        let st = &mut *guard;
        let mut observers = Vec::new();
        let mut unobserved = Vec::new();
        let mut observed = Vec::new();
        for (k, data) in keys.iter().zip(visible) {
            let Some(e) = st.queries.entries.get_mut(k) else {
                continue;
            };
            if e.observers.is_empty() {
                unobserved.push(k.clone());
                continue;
            }
            observed.push(k.clone());
            let view = Rc::new(e.view(data, now));
            for (_, o) in &e.observers {
                observers.push((o.clone(), view.clone()));
            }
        }
        let n = &mut st.notify;
        let mut calls: Vec<Listener> = Vec::new();
        let dirty_m = std::mem::take(&mut n.dirty_mutations);
        if !dirty_m.is_empty() {
            for id in &dirty_m {
                if let Some(r) = st.mutations.records.get(id) {
                    calls.extend(r.observer.clone());
                }
            }
            calls.extend(n.mutation_listeners.iter().map(|(_, l)| l.clone()));
        }
        if !keys.is_empty() {
            calls.extend(n.query_listeners.iter().map(|(_, l)| l.clone()));
        }
        let events = std::mem::take(&mut n.pending_events);
        for e in &events {
            if n.history.len() >= n.history_cap {
                n.history.pop_front();
            }
            n.history.push_back(e.clone());
        }
        let event_listeners = if events.is_empty() {
            Vec::new()
        } else {
            n.event_listeners.iter().map(|(_, l)| l.clone()).collect()
        };
        // Out of the state for the call, which reads the entries and records.
        let cache_changes = match n.cache_log.take() {
            Some(mut log) => {
                let listeners = n.cache_listeners.iter().map(|(_, l)| l.clone()).collect();
                let tell = log.round(st, &keys, &dirty_m, listeners);
                st.notify.cache_log = Some(log);
                tell
            }
            None => None,
        };
        let n = &mut st.notify;
        let dead = std::mem::take(&mut n.graveyard);
        Round {
            observers,
            calls,
            events,
            event_listeners,
            cache_changes,
            unobserved,
            observed,
            dead,
        }
    }
}
