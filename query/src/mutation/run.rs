//! A mutation's life: submit (paint at once), wait for its scope turn and the network,
//! send with retries, settle (commit or roll back its layers), release its scope.

use crate::cache_events::CacheChange;
use crate::client::QueryClient;
use crate::entry::ErasedError;
use crate::error::{AbortReason, FetchError};
use crate::event::CacheEvent;
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::layer::{AnyRc, Layer, Patch, Patches, Target};
use crate::mutation::cache::ScopeLock;
use crate::mutation::options::{
    ErasedOutcome, MutationContext, MutationFn, MutationOptions, MutationSpec,
};
use crate::mutation::record::Choice;
use crate::mutation::record::LiveCall;
use crate::mutation::record::MutationRecord;
use crate::mutation::state::{MutationStatus, RecordState, Step};
use crate::mutation::MutationId;
use crate::network::NetworkMode;
use crate::notify::Listener;
use crate::retry::Retry;
use crate::retryer::{self, Attempts, Resolution, Turn};
use crate::runtime::Millis;
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use std::collections::HashMap;
use std::num::NonZeroU64;
use std::rc::Rc;

/// Identity carried over from an earlier submission of the same call (a persisted one
/// after a reload, or a user's retry after a failure that may have reached the server).
pub(crate) struct Restored {
    pub idempotency_key: String,
    pub submitted_at: Millis,
    /// The id reserved when the persisted queue was read, so that a call restored late
    /// keeps its place among the others. Set only for calls restored from storage: they
    /// replay through the paused queue, one at a time in this order.
    pub id: Option<MutationId>,
    /// Whether a request of it may have reached the server: answers about the keys it
    /// patches are then uncertain until it settles, and no newer call replaces it.
    pub maybe_sent: bool,
    /// The call this one retries (after a failure that may have reached the server).
    pub retry_of: Option<MutationId>,
}

impl QueryClient {
    /// Submits a mutation: its optimistic layers are visible when this returns. The
    /// typed edge: everything after it runs once for every mutation type.
    pub(crate) fn submit<V: 'static, D, E, C>(
        &self,
        opts: &MutationOptions<V, D, E, C>,
        vars: V,
        restored: Option<Restored>,
        observer: Option<(u64, Listener)>,
    ) -> (MutationId, oneshot::Receiver<ErasedOutcome>) {
        self.submit_erased(&opts.spec, Rc::new(vars), restored, observer)
    }

    fn submit_erased(
        &self,
        opts: &MutationSpec,
        vars: AnyRc,
        restored: Option<Restored>,
        observer: Option<(u64, Listener)>,
    ) -> (MutationId, oneshot::Receiver<ErasedOutcome>) {
        let (tx, rx) = oneshot::channel();
        let mut opts = opts.clone();
        self.fill_mutation_defaults(&mut opts);
        // A restored call that was sent before the reload (or a retry that keeps its
        // key) may have reached the server already: it counts as sent, so it is never
        // replaced as if it still waited, and answers that overlap it are uncertain.
        let maybe_sent = restored.as_ref().is_some_and(|r| r.maybe_sent);
        // User closures and serialisation, with no borrow held.
        let invalidates = opts.invalidations_for(&*vars);
        let scope = opts.scope.as_ref().map(|(f, lock)| (f(&*vars), *lock));
        let definition = opts
            .key
            .as_ref()
            .and_then(|k| self.st().mutations.registry.get(k).cloned());
        let variables_json = definition.and_then(|d| d.serialize(&*vars));
        // A retry of a call that may have been applied: data read since that call failed
        // may already show its change, so the retry paints only keys read before (unless
        // painting twice gives the same data).
        let painted_before = restored
            .as_ref()
            .and_then(|r| r.retry_of)
            .filter(|_| !opts.idempotent)
            .map(|old| {
                self.st()
                    .mutations
                    .records
                    .get(&old)
                    .and_then(|r| r.settled_seq.map(NonZeroU64::get))
                    .unwrap_or(0)
            });
        let (id, gate, context) = self.batch(|| {
            let id = self.insert_record(
                (opts.key.clone(), opts.idempotent),
                &vars,
                restored,
                observer,
                (
                    scope.as_ref().map(|(key, _)| key.clone()),
                    invalidates.clone(),
                    variables_json,
                ),
            );
            if let Some(meta) = &opts.meta {
                if let Some(r) = self.st().mutations.records.get_mut(&id) {
                    r.meta = Some(meta.clone());
                }
            }
            let context = opts.on_mutate.as_ref().map(|f| f(&*vars, self));
            if let Some(f) = &opts.optimistic {
                let mut patches = Patches::default();
                f(&*vars, &mut patches);
                let touched =
                    self.add_layers(id, patches, &invalidates, maybe_sent, painted_before);
                if maybe_sent {
                    // Whether the server already holds it is unknown: learn its state
                    // once the call settled, rather than folding the patch in.
                    let mut st = self.st();
                    if let Some(live) = st.mutations.live_call(&id) {
                        live.invalidates
                            .extend(touched.into_iter().map(QueryFilter::exact));
                    }
                }
            }
            if maybe_sent {
                self.open_writes(id);
            }
            let replaces = opts.scope_policy.replaces_queued();
            let gate = scope.map(|(s, lock)| (lock.enter)(self, id, &s, replaces));
            self.persist_queue();
            (id, gate, context)
        });
        let client = self.clone();
        let task = async move {
            let outcome = client
                .run(id, &opts, &vars, gate)
                .await
                .unwrap_or_else(|| Err(aborted(AbortReason::Superseded)));
            // A page being torn down settles nothing: its persisted queue must still
            // hold the call for the next page.
            if let Some(resumed) = client.unload_waiter() {
                if !resumed.await {
                    return;
                }
            }
            client.settle(id, &opts, &vars, context.as_ref(), &outcome);
            let _ = tx.send(outcome);
        };
        self.runtime().executor.spawn(Box::pin(task));
        (id, rx)
    }

    fn insert_record(
        &self,
        (key, idempotent): (Option<QueryKey>, bool),
        vars: &AnyRc,
        restored: Option<Restored>,
        observer: Option<(u64, Listener)>,
        (scope, invalidates, variables_json): (
            Option<QueryKey>,
            Vec<QueryFilter>,
            Option<serde_json::Value>,
        ),
    ) -> MutationId {
        let now = self.now();
        let mut guard = self.st();
        let st = &mut *guard;
        let sent = restored.as_ref().is_some_and(|r| r.maybe_sent);
        let awaiting_replay = restored.as_ref().is_some_and(|r| r.id.is_some());
        let (id, idempotency_key, submitted_at) = match restored {
            Some(r) => (
                r.id.unwrap_or_else(|| MutationId(st.next_id())),
                r.idempotency_key,
                r.submitted_at,
            ),
            None => {
                let id = MutationId(st.next_id());
                let key = format!("{:x}-{:012x}-{}", now, st.jitter.next_u64(), id.0);
                (id, key, now)
            }
        };
        let state = RecordState::default().reduce(Step::Submit);
        st.mutations.records.insert(
            id,
            Box::new(MutationRecord {
                key,
                scope: scope.clone(),
                // Kept for the record's life: not the capacity the formatting grew to.
                idempotency_key: idempotency_key.into_boxed_str(),
                submitted_at,
                layer_keys: Box::default(),
                variables: vars.clone(),
                state,
                sent,
                idempotent,
                kept_on_device: None,
                settled_seq: None,
                awaiting_replay,
                superseded: false,
                observer: observer.map(|(_, listener)| listener),
                live: Some(Box::new(LiveCall {
                    invalidates,
                    variables_json,
                    requests: u32::from(sent),
                    ..LiveCall::default()
                })),
                meta: None,
            }),
        );
        st.mutations.unsettled.insert(id);
        st.notify.dirty_mutations.insert(id);
        st.notify.note(|| CacheChange::MutationAdded(id));
        QueryClient::emit_in(
            st,
            now,
            CacheEvent::MutationSubmitted {
                mutation: id,
                scope,
            },
        );
        id
    }

    /// Places the mutation's patches as layers, all or none: a kanban move that could
    /// patch only one of its two columns would show the card in neither or both. A
    /// call that may already be on the server never folds; with `painted_before`, keys
    /// whose data was read after that point get no layer. Returns every key targeted.
    fn add_layers(
        &self,
        id: MutationId,
        patches: Patches,
        invalidates: &[QueryFilter],
        maybe_sent: bool,
        painted_before: Option<u64>,
    ) -> Vec<QueryKey> {
        // Filters run user predicates: resolve targets with no borrow held.
        let mut resolved: Vec<(QueryKey, Patch)> = Vec::new();
        for (target, patch) in patches.items {
            match target {
                Target::Key(k) => resolved.push((k, patch)),
                Target::Matching(f) => {
                    let keys = self.matching_keys(&f);
                    let st = self.st();
                    for k in keys {
                        let same_type = st
                            .queries
                            .entries
                            .get(&k)
                            .and_then(|e| e.tag)
                            .is_some_and(|t| t == patch.tag);
                        if same_type {
                            resolved.push((k, patch.clone()));
                        }
                    }
                }
            }
        }
        let fold_on_commit: Vec<bool> = resolved
            .iter()
            .map(|(k, _)| !maybe_sent && !invalidates.iter().any(|f| f.matches_key(k)))
            .collect();
        let touched: Vec<QueryKey> = resolved.iter().map(|(k, _)| k.clone()).collect();
        let now = self.now();
        let mut guard = self.st();
        let st = &mut *guard;
        let mut tags = HashMap::new();
        let mut rejected = Vec::new();
        #[cfg(debug_assertions)]
        let mut mismatches = Vec::new();
        for (k, p) in &resolved {
            let stored = tags
                .get(k)
                .copied()
                .or_else(|| st.queries.entries.get(k).and_then(|e| e.tag));
            match stored {
                Some(t) if t != p.tag => {
                    #[cfg(debug_assertions)]
                    mismatches.push((k.clone(), t.name, p.tag.name));
                    rejected.push(CacheEvent::PatchRejected {
                        key: k.clone(),
                        mutation: id,
                        reason: format!(
                            "the cache holds `{}` there, the patch edits `{}`",
                            t.name, p.tag.name
                        ),
                    })
                }
                _ => {
                    tags.insert(k.clone(), p.tag);
                }
            }
        }
        if !rejected.is_empty() {
            for event in rejected {
                QueryClient::emit_in(st, now, event);
            }
            st.notify.bury(resolved);
            // Told after the state is released: the sink is the app's.
            drop(guard);
            #[cfg(debug_assertions)]
            for (key, stored, requested) in mismatches {
                let what = format!("the optimistic patch of mutation {}", id.0);
                crate::warn::type_mismatch(&what, &key, stored, requested);
            }
            return touched;
        }
        for ((key, patch), fold_on_commit) in resolved.into_iter().zip(fold_on_commit) {
            let e = self.entry_mut(st, &key);
            if painted_before.is_some_and(|seq| e.confirmed_seq > seq) {
                st.notify.bury(patch);
                continue;
            }
            e.tag.get_or_insert(patch.tag);
            e.push_layer(Layer {
                mutation: id,
                patch,
                committed_at: None,
                fold_on_commit,
            });
            QueryClient::mark_dirty(st, &key);
            QueryClient::emit_in(
                st,
                now,
                CacheEvent::LayerAdded {
                    key: key.clone(),
                    mutation: id,
                },
            );
            if let Some(r) = st.mutations.records.get_mut(&id) {
                if !r.layer_keys.contains(&key) {
                    // Kept at its length: a settled record keeps its keys for its gc time.
                    let mut keys = std::mem::take(&mut r.layer_keys).into_vec();
                    keys.push(key);
                    r.layer_keys = keys.into_boxed_slice();
                }
            }
        }
        touched
    }

    /// The mutation's request is (or may be) on its way: answers to fetches of the keys
    /// it patches are uncertain until it settles.
    fn open_writes(&self, id: MutationId) {
        let mut guard = self.st();
        let st = &mut *guard;
        let (keys, idempotent, version) = st
            .mutations
            .records
            .get(&id)
            .map(|r| {
                let version = r.live.as_ref().map(|l| l.version.clone());
                (
                    r.layer_keys.clone(),
                    r.idempotent,
                    version.unwrap_or_default(),
                )
            })
            .unwrap_or_default();
        for k in keys {
            if let Some(e) = st.queries.entries.get_mut(&k) {
                // The server applies writes in the order they arrive; the layers fold in
                // the order the calls started. When the two may differ (two writes in
                // flight at once, or this one overtaking an earlier call still queued,
                // or following a later one already sent), the key is fetched again
                // once they all settled, so the cache ends in the server's order.
                if e.has_open_writes() || e.sent_out_of_order(id) {
                    e.refetch_after_writes = true;
                }
                e.open_write(id, idempotent, version.clone());
            }
        }
    }

    /// Queues `id` in its scope; calls it replaces lose their layers in this same
    /// notification. Reached only through [`ScopeLock::LOCK`].
    pub(crate) fn enter_scope(
        &self,
        id: MutationId,
        scope: &QueryKey,
        replaces_queued: bool,
    ) -> oneshot::Receiver<()> {
        let (gate, superseded) = {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let (gate, superseded) = st.mutations.enter_scope(id, scope, replaces_queued);
            for m in &superseded {
                let keys = st
                    .mutations
                    .records
                    .get(m)
                    .map(|r| r.layer_keys.clone())
                    .unwrap_or_default();
                for k in &keys {
                    if let Some(e) = st.queries.entries.get_mut(k) {
                        let removed = e.remove_layers_of(*m);
                        st.notify.bury(removed);
                    }
                    QueryClient::mark_dirty(st, k);
                }
                st.notify.dirty_mutations.insert(*m);
                QueryClient::emit_in(st, now, CacheEvent::MutationSuperseded { mutation: *m });
            }
            (gate, superseded)
        };
        if !superseded.is_empty() {
            // A replaced call may have been the one replaying: the next may go.
            self.resume_next_paused();
        }
        gate
    }

    /// Waits for the turn, the debounce and the network, then sends with retries.
    /// `None` means the call was superseded before it was sent.
    async fn run(
        &self,
        id: MutationId,
        opts: &MutationSpec,
        vars: &AnyRc,
        gate: Option<oneshot::Receiver<()>>,
    ) -> Option<ErasedOutcome> {
        if let Some(gate) = gate {
            gate.await.ok()?;
        }
        let delay = opts.scope_policy.send_delay();
        if delay > 0 {
            self.runtime().executor.sleep(delay).await;
        }
        let spacing = opts.scope_policy.min_spacing();
        if spacing > 0 && !self.is_superseded(id) {
            let wait = {
                let mut guard = self.st();
                let st = &mut *guard;
                let scope = st.mutations.records.get_mut(&id).and_then(|r| {
                    if let Some(live) = r.live_mut() {
                        live.send_spacing = spacing;
                    }
                    r.scope.clone()
                });
                let last = scope.and_then(|s| st.mutations.last_send(&s));
                last.map_or(0, |t| t.saturating_add(spacing).saturating_sub(self.now()))
            };
            if wait > 0 {
                self.runtime().executor.sleep(wait).await;
            }
        }
        let retry = Retry {
            policy: opts.retry.unwrap_or(self.config().mutation_retry),
            when: opts.retry_if.clone(),
            delay: opts.retry_delay.clone(),
        };
        let mut attempts = MutationAttempts {
            client: self.clone(),
            id,
            mode: opts.network_mode.unwrap_or(self.config().network_mode),
            mutation_fn: opts.mutation_fn.clone(),
            vars: vars.clone(),
            resend_unknown: opts.resend_unknown,
            unknown_failures: Rc::new(std::cell::Cell::new(0)),
        };
        retryer::run(&mut attempts, retry).await
    }

    fn is_superseded(&self, id: MutationId) -> bool {
        self.st()
            .mutations
            .records
            .get(&id)
            .is_none_or(|r| r.superseded)
    }

    /// Puts `id` in the paused queue; the receiver fires when it may try again.
    fn pause(&self, id: MutationId) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        self.batch(|| {
            {
                let now = self.now();
                let mut guard = self.st();
                let st = &mut *guard;
                st.mutations.paused.insert(id);
                if let Some(live) = st.mutations.live_call(&id) {
                    live.resume = Some(tx);
                }
                if st.mutations.replaying == Some(id) {
                    st.mutations.replaying = None;
                }
                QueryClient::emit_in(st, now, CacheEvent::MutationPaused { mutation: id });
            }
            self.dispatch(id, Step::Pause);
        });
        self.resume_next_paused();
        rx
    }

    /// Replays paused mutations one at a time, oldest first, while online.
    pub(crate) fn resume_next_paused(&self) {
        loop {
            let next = {
                let now = self.now();
                let mut guard = self.st();
                let st = &mut *guard;
                st.mutations.next_to_resume(st.network.online, now)
            };
            let Some(tx) = next else { return };
            if tx.send(()).is_ok() {
                return;
            }
            self.st().mutations.replaying = None;
        }
    }

    fn mark_sent(&self, id: MutationId, attempt: u32) -> Option<MutationContext> {
        self.batch(|| {
            let (ctx, first) = {
                let now = self.now();
                let mut guard = self.st();
                let st = &mut *guard;
                st.next_seq();
                let r = st.mutations.records.get_mut(&id)?;
                // Only an unsettled call is sent, and only it has its in-flight part.
                if r.superseded || r.live.is_none() {
                    return None;
                }
                let first = !r.sent;
                r.sent = true;
                let live = r.live_mut()?;
                live.requests += 1;
                let (version, spacing) = (live.version.clone(), live.send_spacing);
                let ctx = MutationContext {
                    mutation: id,
                    idempotency_key: r.idempotency_key.to_string(),
                    attempt,
                    version,
                    meta: r.meta.clone(),
                };
                if let Some(s) = r.scope.clone().filter(|_| spacing > 0) {
                    st.mutations.note_send(s, now, spacing);
                }
                QueryClient::emit_in(
                    st,
                    now,
                    CacheEvent::MutationSent {
                        mutation: id,
                        attempt,
                    },
                );
                (ctx, first)
            };
            if first {
                self.open_writes(id);
                // A reload from here on must know the server may have it.
                self.persist_queue();
            }
            Some(ctx)
        })
    }

    /// Moves the typed state of `id` by `action`; a settled or replaced call no longer
    /// moves (a late wake-up must not bring it back to pending).
    pub(crate) fn dispatch(&self, id: MutationId, step: Step) {
        self.batch(|| {
            let mut guard = self.st();
            let st = &mut *guard;
            let Some(r) = st.mutations.records.get_mut(&id) else {
                return;
            };
            if r.superseded || !r.state.status.is_unsettled() {
                return;
            }
            let next = r.state.clone().reduce(step);
            let settled = !next.status.is_unsettled();
            // The values it replaces are the app's: freed after the borrow.
            let old = std::mem::replace(&mut r.state, next);
            if settled {
                st.mutations.unsettled.remove(&id);
            }
            st.notify.dirty_mutations.insert(id);
            st.notify.bury(old);
        })
    }

    /// Success commits the layers and runs `on_success` in the same notification (so a
    /// write of the server's answer replaces them without a frame in between); failure
    /// removes only this mutation's layers, and a failure that may have reached the server
    /// refetches the keys it patched. Then the scope moves on and deferred invalidations
    /// that no longer overlap pending work run. A replaced call only runs its callbacks
    /// here: it was taken out of the cache when it was replaced.
    fn settle(
        &self,
        id: MutationId,
        opts: &MutationSpec,
        vars: &AnyRc,
        context: Option<&AnyRc>,
        outcome: &ErasedOutcome,
    ) {
        self.batch(|| {
            let lock = opts.scope.as_ref().map(|(_, lock)| *lock);
            let (superseded, keys) = self.settle_record(id, outcome, lock);
            if !superseded {
                self.dispatch(
                    id,
                    match outcome {
                        Ok(d) => Step::Success(d.clone()),
                        Err(e) => Step::Error(e.clone()),
                    },
                );
            }
            // `on_success` or `on_error` (each skips the other outcome), then `on_settled`.
            let context = context.map(|c| &**c);
            for f in [&opts.on_success, &opts.on_error, &opts.on_settled]
                .into_iter()
                .flatten()
            {
                f(outcome, &**vars, context, self);
            }
            self.refetch_after_writes(&keys);
            self.process_deferred(Some(id));
            self.persist_queue();
            self.persist_queries_for(&keys);
            self.resume_next_paused();
        });
        self.schedule_mutation_gc(id);
    }

    /// The cache's side of settling: layers, write windows, events, scope (left through
    /// `lock`, the call's own), deferred invalidations. Returns whether the call had been
    /// replaced, and the keys it patched.
    fn settle_record(
        &self,
        id: MutationId,
        outcome: &ErasedOutcome,
        lock: Option<ScopeLock>,
    ) -> (bool, Vec<QueryKey>) {
        let now = self.now();
        let mut guard = self.st();
        let st = &mut *guard;
        let seq = st.next_seq();
        let Some(r) = st.mutations.records.get_mut(&id) else {
            return (true, Vec::new());
        };
        if r.superseded {
            return (true, Vec::new());
        }
        r.settled_seq = NonZeroU64::new(seq);
        // What only unsettled calls need (invalidations to defer, the persisted form, the
        // version slot) is taken out: a settled record waits its `mutation_gc_time`,
        // thousands of them.
        let (invalidates, requests) = r
            .live
            .take()
            .map_or_else(Default::default, |live| (live.invalidates, live.requests));
        let (keys, scope, sent) = (r.layer_keys.to_vec(), r.scope.clone(), r.sent);
        for k in &keys {
            if let Some(e) = st.queries.entries.get_mut(k) {
                match outcome {
                    Ok(_) => {
                        e.commit_layers_of(id, seq);
                    }
                    Err(_) => {
                        let removed = e.remove_layers_of(id);
                        st.notify.bury(removed);
                    }
                }
                e.close_write(id, seq);
            }
            QueryClient::mark_dirty(st, k);
        }
        let event = match outcome {
            Ok(_) => CacheEvent::MutationSucceeded { mutation: id },
            Err(e) => CacheEvent::MutationFailed {
                mutation: id,
                error: e.info.clone(),
            },
        };
        QueryClient::emit_in(st, now, event);
        if outcome.is_err() && !keys.is_empty() {
            QueryClient::emit_in(
                st,
                now,
                CacheEvent::RolledBack {
                    mutation: id,
                    keys: keys.clone(),
                },
            );
        }
        if let (Some(s), Some(lock)) = (scope, lock) {
            (lock.leave)(&mut st.mutations, id, &s);
        }
        if st.mutations.replaying == Some(id) {
            st.mutations.replaying = None;
        }
        for f in invalidates {
            st.mutations.deferred.push((id, f));
        }
        // The change may be on the server though the answer said otherwise: learn the
        // truth once related work settled.
        // A refusal is conclusive only for the one request it answers: with an earlier
        // request of the call possibly still on its way (a retry after a lost answer, a
        // request of the page before a reload), the server may yet apply it.
        // A call the user discarded after an unknown outcome may be on the server too.
        let uncertain = match outcome {
            Err(e) => {
                sent && (e.info.kind.is_unknown()
                    || requests > 1
                    || e.abort == Some(AbortReason::Discarded))
            }
            Ok(_) => false,
        };
        if uncertain {
            for k in &keys {
                st.mutations
                    .deferred
                    .push((id, QueryFilter::exact(k.clone())));
            }
        }
        (false, keys)
    }

    /// Runs deferred invalidations that no unsettled mutation is related to any more.
    /// Filters may carry user predicates: they are judged with no borrow held.
    pub(crate) fn process_deferred(&self, just_settled: Option<MutationId>) {
        let (deferred, footprints) = {
            let mut st = self.st();
            let deferred = std::mem::take(&mut st.mutations.deferred);
            (deferred, st.mutations.unsettled_footprints())
        };
        if deferred.is_empty() {
            return;
        }
        let mut ready: Vec<QueryFilter> = Vec::new();
        let mut waiting = Vec::new();
        let mut deferred_owner = false;
        for (owner, f) in deferred {
            let related = footprints.iter().any(|(keys, invalidates)| {
                keys.iter().any(|k| f.matches_key(k)) || invalidates.iter().any(|g| g.overlaps(&f))
            });
            if related {
                deferred_owner |= Some(owner) == just_settled;
                waiting.push((owner, f));
            } else if !ready.iter().any(|r| r.same_as(&f)) {
                ready.push(f);
            }
        }
        {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let added = std::mem::take(&mut st.mutations.deferred);
            waiting.extend(added);
            st.mutations.deferred = waiting;
            if let (true, Some(owner)) = (deferred_owner, just_settled) {
                QueryClient::emit_in(
                    st,
                    now,
                    CacheEvent::InvalidationDeferred { mutation: owner },
                );
            }
        }
        for f in ready {
            self.invalidate_queries(&f);
        }
    }
}

/// What the retry loop needs to send one mutation.
struct MutationAttempts {
    client: QueryClient,
    id: MutationId,
    mode: NetworkMode,
    mutation_fn: MutationFn,
    vars: AnyRc,
    /// Keep and resend a call whose outcome is unknown (the default).
    resend_unknown: bool,
    /// Unknown outcomes since the call was sent (or the user's last Retry now).
    unknown_failures: Rc<std::cell::Cell<u32>>,
}

impl Attempts for MutationAttempts {
    fn turn(&mut self, first: bool) -> Turn {
        let c = &self.client;
        // A page being torn down starts no request: the persisted queue, which it no
        // longer writes, could not record that it was sent.
        if let Some(resumed) = c.unload_waiter() {
            return Turn::Wait(resumed);
        }
        let (superseded, paused, wait) = {
            let now = c.now();
            let st = c.st();
            match st.mutations.records.get(&self.id) {
                None => return Turn::Stop,
                Some(r) => (
                    r.superseded,
                    r.state.status == MutationStatus::Paused,
                    // A call restored from storage replays in its turn, whatever its mode.
                    r.awaiting_replay
                        || (self.mode.waits_for_network(first)
                            && st.mutations.must_wait(self.id, st.network.online, now)),
                ),
            }
        };
        if superseded {
            return Turn::Stop;
        }
        if wait {
            let resumed = c.pause(self.id);
            return Turn::Wait(Box::pin(async move { resumed.await.is_ok() }));
        }
        if paused {
            c.dispatch(self.id, Step::Continue);
        }
        Turn::Go
    }

    fn attempt(&mut self, attempt: u32) -> Option<LocalBoxFuture<'static, ErasedOutcome>> {
        let ctx = self.client.mark_sent(self.id, attempt)?;
        // The request function is user code: called with no borrow held.
        Some((self.mutation_fn)(&*self.vars, ctx))
    }

    fn lost_network(&self) -> bool {
        self.mode.waits_for_network(false) && !self.client.is_online()
    }

    fn failed(&mut self, _failures: u32, error: &ErasedError) -> bool {
        self.client.dispatch(self.id, Step::Failed(error.clone()));
        !self.client.is_superseded(self.id)
    }

    fn random(&mut self) -> f64 {
        self.client.st().jitter.next_f64()
    }

    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()> {
        self.client.runtime().executor.sleep(ms)
    }

    fn suspended(&self) -> Option<LocalBoxFuture<'static, bool>> {
        self.client.unload_waiter()
    }

    /// Unknown is not failed: the call keeps its layers and its idempotency key and is
    /// sent again after a back-off, until the server answers definitely; after the
    /// resends the client allows it is held for the user.
    fn unresolved(
        &mut self,
        error: &ErasedError,
    ) -> Option<LocalBoxFuture<'static, Resolution<ErasedError>>> {
        if !self.resend_unknown || !error.info.kind.is_unknown() {
            return None;
        }
        let c = self.client.clone();
        let id = self.id;
        let n = self.unknown_failures.get() + 1;
        self.unknown_failures.set(n);
        let policy = c.config().unknown_resend;
        let held = n > policy.max_retries;
        let delay = (!held).then(|| policy.delay(n, self.random()));
        let (tx, rx) = oneshot::channel();
        c.batch(|| {
            {
                let now = c.now();
                let mut guard = c.st();
                let st = &mut *guard;
                if let Some(live) = st.mutations.live_call(&id) {
                    live.control = Some(tx);
                }
                let event = match delay {
                    Some(delay) => CacheEvent::MutationWaiting {
                        mutation: id,
                        error: error.info.clone(),
                        delay,
                    },
                    None => CacheEvent::MutationHeld { mutation: id },
                };
                QueryClient::emit_in(st, now, event);
            }
            if held {
                c.dispatch(id, Step::Hold);
            }
        });
        let sleep = delay.map(|d| c.runtime().executor.sleep(d));
        let failures = self.unknown_failures.clone();
        Some(Box::pin(async move {
            let choice = match sleep {
                Some(sleep) => match futures::future::select(sleep, rx).await {
                    futures::future::Either::Left(((), _)) => Ok(Choice::RetryNow),
                    futures::future::Either::Right((choice, _)) => choice,
                },
                None => rx.await,
            };
            if let Some(live) = c.st().mutations.live_call(&id) {
                live.control = None;
            }
            match choice {
                Ok(Choice::RetryNow) => {
                    if held {
                        failures.set(0);
                        c.dispatch(id, Step::Continue);
                    }
                    Resolution::Resend
                }
                Ok(Choice::Discard) => Resolution::Settle(aborted(AbortReason::Discarded)),
                // The record is gone (collected or replaced): nobody waits for it.
                Err(_) => Resolution::Stop,
            }
        }))
    }
}

/// An abort the engine decides: the same error for every mutation type.
fn aborted(reason: AbortReason) -> ErasedError {
    ErasedError::engine(FetchError::Aborted(reason))
}
