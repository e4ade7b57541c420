//! The mutation cache: records of calls, scopes (the lock; TanStack's `canRun` /
//! `runNext`), the queue of calls paused for the network, deferred invalidations, and
//! the registry of definitions that rebuild persisted calls.

use crate::client::QueryClient;
use crate::entry::ErasedError;
use crate::error::{AbortReason, FetchError};
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::mutation::id_map::IdMap;
use crate::mutation::id_set::IdSet;
use crate::mutation::record::{LiveCall, MutationRecord};
use crate::mutation::state::Step;
use crate::mutation::MutationId;
use crate::persist::{MutationDefinition, PersistedMutation};
use crate::runtime::Millis;
use futures::channel::oneshot;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

/// The scope lock's two entry points. Only [`MutationOptions::scope`] names them (a
/// mutation with a scope carries them to the engine), so an app whose mutations have no
/// scope links none of the lock's code.
///
/// [`MutationOptions::scope`]: crate::MutationOptions::scope
#[derive(Clone, Copy)]
pub(crate) struct ScopeLock {
    /// Queues a new call in its scope; its gate opens when it is the scope's head.
    pub enter: fn(&QueryClient, MutationId, &QueryKey, bool) -> oneshot::Receiver<()>,
    /// Takes a settled call out of its scope and opens the next one's gate.
    pub leave: fn(&mut MutationCache, MutationId, &QueryKey),
}

impl ScopeLock {
    pub(crate) const LOCK: ScopeLock = ScopeLock {
        enter: QueryClient::enter_scope,
        leave: MutationCache::leave_scope,
    };
}

#[derive(Default)]
pub(crate) struct MutationCache {
    pub records: IdMap<Box<MutationRecord>>,
    /// The unsettled records' ids: every click reads them (persisting the queue,
    /// `is_mutating`, deferred invalidations), and settled records can number thousands
    /// within `mutation_gc_time`.
    pub unsettled: IdSet,
    /// Settled records to collect, by deadline (in settle order, so in deadline order);
    /// one timer serves them all.
    pub gc_queue: VecDeque<(Millis, MutationId)>,
    /// The collection timer runs.
    pub gc_timer: bool,
    /// Calls of each scope, oldest first; only the head may run.
    scopes: HashMap<QueryKey, VecDeque<MutationId>>,
    /// When each `Throttle` scope last sent a request, and its spacing: kept only while
    /// the spacing after that send runs (see [`note_send`](Self::note_send)), so a few
    /// at a time; a vector searched in order, not a hash map of its own type.
    pub scope_last_sent: Vec<(QueryKey, Millis, Millis)>,
    /// Calls waiting for the network, resumed one at a time in id order (each one's
    /// wake-up is [`LiveCall::resume`](crate::mutation::record::LiveCall::resume)).
    pub paused: IdSet,
    /// The paused call resumed last, until it settles or pauses again.
    pub replaying: Option<MutationId>,
    /// Invalidations asked for by settled calls, run once no unsettled call relates.
    pub deferred: Vec<(MutationId, QueryFilter)>,
    pub registry: HashMap<QueryKey, Rc<dyn MutationDefinition>>,
    /// Persisted calls not rebuilt yet (no definition registered), with the id reserved
    /// for them so that they keep their place when they are.
    pub unrestored: Vec<(MutationId, PersistedMutation)>,
    /// Until when restored calls wait for earlier persisted calls whose definition is not
    /// registered yet, so that the server receives them in the user's order.
    pub late_registration_until: Millis,
}

impl MutationCache {
    /// A call of `scope` that keeps sends `spacing` apart sent a request at `now`.
    /// Records whose spacing has run out are forgotten here: a page that throttles
    /// thousands of scopes keeps only the ones that sent within their spacing.
    pub fn note_send(&mut self, scope: QueryKey, now: Millis, spacing: Millis) {
        self.forget_spent_sends(now);
        if spacing > 0 {
            match self.scope_last_sent.iter_mut().find(|(s, ..)| *s == scope) {
                Some(last) => *last = (scope, now, spacing),
                None => self.scope_last_sent.push((scope, now, spacing)),
            }
        }
    }

    /// Forgets the sends whose spacing has run out by `now`. Called at each send and when
    /// settled records are collected, so that the last scopes to send do not keep their
    /// records once their calls are gone.
    pub fn forget_spent_sends(&mut self, now: Millis) {
        self.scope_last_sent
            .retain(|(_, sent, spacing)| sent.saturating_add(*spacing) > now);
    }

    /// When `scope` last sent a request, if that may still hold its next one back.
    pub fn last_send(&self, scope: &QueryKey) -> Option<Millis> {
        self.scope_last_sent
            .iter()
            .find(|(s, ..)| s == scope)
            .map(|(_, sent, _)| *sent)
    }

    /// Queues `id` in `scope`. Under a policy that replaces queued calls, calls of the
    /// same definition still waiting there (never one already sent) are superseded first;
    /// they are returned.
    pub fn enter_scope(
        &mut self,
        id: MutationId,
        scope: &QueryKey,
        replaces_queued: bool,
    ) -> (oneshot::Receiver<()>, Vec<MutationId>) {
        let (tx, rx) = oneshot::channel();
        let mut superseded = Vec::new();
        if replaces_queued {
            let (key, ty) = match self.records.get(&id) {
                Some(r) => (r.key.clone(), Some((*r.variables).type_id())),
                None => (None, None),
            };
            let queued: Vec<MutationId> = self
                .scopes
                .get(scope)
                .map(|q| {
                    q.iter()
                        .copied()
                        .filter(|m| {
                            self.records.get(m).is_some_and(|r| {
                                !r.sent && r.key == key && Some((*r.variables).type_id()) == ty
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            for m in queued {
                if self.supersede(m) {
                    superseded.push(m);
                }
            }
        }
        self.scopes.entry(scope.clone()).or_default().push_back(id);
        if let Some(live) = self.live_call(&id) {
            live.gate = Some(tx);
        }
        self.open_head(scope);
        (rx, superseded)
    }

    /// Replaces a queued call: it is settled as aborted at once (status, scope, paused
    /// queue); its layers are removed by the caller in the same notification that paints
    /// the newer call; its task wakes (its gate or resume sender is dropped) and runs the
    /// callbacks. `false` when the call was already settled.
    fn supersede(&mut self, m: MutationId) -> bool {
        let Some(r) = self.records.get_mut(&m) else {
            return false;
        };
        if r.superseded || !r.state.status.is_unsettled() {
            return false;
        }
        r.superseded = true;
        self.unsettled.remove(&m);
        let error = ErasedError::engine(FetchError::Aborted(AbortReason::Superseded));
        r.state = std::mem::take(&mut r.state).reduce(Step::Error(error));
        if let Some(live) = r.live_mut() {
            live.gate = None;
            live.resume = None;
        }
        let scope = r.scope.clone();
        if let Some(s) = scope {
            self.leave_scope(m, &s);
        }
        self.paused.remove(&m);
        if self.replaying == Some(m) {
            self.replaying = None;
        }
        true
    }

    /// Takes `id` out of its scope and lets the next call run.
    pub fn leave_scope(&mut self, id: MutationId, scope: &QueryKey) {
        if let Some(q) = self.scopes.get_mut(scope) {
            q.retain(|x| *x != id);
        }
        self.open_head(scope);
    }

    /// Opens the gate of the scope's head (TanStack's `runNext`); forgets empty scopes.
    fn open_head(&mut self, scope: &QueryKey) {
        let Some(head) = self.scopes.get(scope).and_then(|q| q.front().copied()) else {
            self.scopes.remove(scope);
            return;
        };
        if let Some(gate) = self.live_call(&head).and_then(|live| live.gate.take()) {
            let _ = gate.send(());
        }
    }

    /// Whether `id` must wait before using the network: offline, or an earlier paused
    /// call replays first, or an earlier persisted call waits for its definition.
    pub fn must_wait(&self, id: MutationId, online: bool, now: Millis) -> bool {
        !online
            || self.paused.first().is_some_and(|p| *p < id)
            || self.waits_for_earlier_restore(id, now)
    }

    fn waits_for_earlier_restore(&self, id: MutationId, now: Millis) -> bool {
        now < self.late_registration_until
            && self.unrestored.iter().any(|(reserved, _)| *reserved < id)
    }

    /// The next paused call to resume, oldest first, while online and nothing replays.
    pub fn next_to_resume(&mut self, online: bool, now: Millis) -> Option<oneshot::Sender<()>> {
        if !online || self.replaying.is_some() {
            return None;
        }
        loop {
            let id = *self.paused.first()?;
            if self.waits_for_earlier_restore(id, now) {
                return None;
            }
            self.paused.remove(&id);
            // A call that left the cache meanwhile has nothing to wake: the next one's turn.
            let Some(r) = self.records.get_mut(&id) else {
                continue;
            };
            r.awaiting_replay = false;
            if let Some(tx) = r.live_mut().and_then(|live| live.resume.take()) {
                self.replaying = Some(id);
                return Some(tx);
            }
        }
    }

    /// Unsettled calls' layer keys and invalidations, to judge deferred invalidations.
    pub fn unsettled_footprints(&self) -> Vec<(Vec<QueryKey>, Vec<QueryFilter>)> {
        self.unsettled_records()
            .map(|(_, r)| {
                let invalidates = r.live.as_ref().map(|l| l.invalidates.clone());
                (r.layer_keys.to_vec(), invalidates.unwrap_or_default())
            })
            .collect()
    }

    /// The in-flight part of call `id`; `None` once it settled (or left the cache).
    pub fn live_call(&mut self, id: &MutationId) -> Option<&mut LiveCall> {
        self.records.get_mut(id)?.live_mut()
    }

    /// The unsettled records with their ids, oldest first.
    pub fn unsettled_records(&self) -> impl Iterator<Item = (MutationId, &MutationRecord)> + '_ {
        self.unsettled
            .iter()
            .filter_map(|id| self.records.get(id).map(|r| (*id, &**r)))
    }
}
