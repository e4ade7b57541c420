//! A mutation's life: submit (paint at once), wait for its scope turn and the network,
//! send with retries, settle (commit or roll back its layers), release its scope.

use crate::client::{Listener, QueryClient, State};
use crate::error::{AbortReason, ErrorInfo, FetchError};
use crate::event::CacheEvent;
use crate::filter::QueryFilter;
use crate::layer::{Layer, Patches, Target};
use crate::mutation::options::{MutationContext, MutationOptions};
use crate::mutation::record::{MutationFilter, MutationInfo, MutationRecord};
use crate::mutation::scope::ScopePolicy;
use crate::mutation::state::{Action, MutationState, MutationStatus};
use crate::mutation::MutationId;
use crate::network::NetworkMode;
use crate::runtime::Millis;
use futures::channel::oneshot;
use std::any::{Any, TypeId};
use std::fmt;
use std::rc::Rc;

/// Identity carried over from an earlier submission of the same call (a persisted one
/// after a reload, or a user's retry after a failure that may have reached the server).
pub(crate) struct Restored {
    pub idempotency_key: String,
    pub submitted_at: Millis,
}

pub(crate) type Outcome<D, E> = Result<D, FetchError<E>>;

fn supersede_state<V: Clone + 'static, D: Clone + 'static, E: Clone + 'static>(
    state: &mut Box<dyn Any>,
) {
    if let Some(s) = state.downcast_mut::<MutationState<V, D, E>>() {
        *s = s
            .clone()
            .reduce(Action::Error(FetchError::Aborted(AbortReason::Superseded)));
    }
}

impl QueryClient {
    /// Submits a mutation: its optimistic layers are visible when this returns.
    pub(crate) fn submit<V, D, E, C>(
        &self,
        opts: &MutationOptions<V, D, E, C>,
        vars: V,
        restored: Option<Restored>,
        observer: Option<(u64, Listener)>,
    ) -> (MutationId, oneshot::Receiver<Outcome<D, E>>)
    where
        V: Clone + 'static,
        D: Clone + 'static,
        E: Clone + fmt::Display + 'static,
        C: 'static,
    {
        let (tx, rx) = oneshot::channel();
        let opts = opts.clone();
        let restored_call = restored.is_some();
        let invalidates = opts.invalidations_for(&vars);
        let (id, gate, context) = self.batch(|| {
            let now = self.now();
            let (id, scope) = {
                let mut st = self.st();
                let id = MutationId(st.next_id());
                let (idempotency_key, submitted_at) = match restored {
                    Some(r) => (r.idempotency_key, r.submitted_at),
                    None => (
                        format!("{:x}-{:012x}-{}", now, st.jitter.next_u64(), id.0),
                        now,
                    ),
                };
                let variables_json = opts
                    .key
                    .as_ref()
                    .and_then(|k| st.registry.get(k))
                    .and_then(|d| d.serialize(&vars as &dyn Any));
                let scope = opts.scope.as_ref().map(|f| f(&vars));
                let state = MutationState::<V, D, E>::default().reduce(Action::Submit {
                    variables: vars.clone(),
                    submitted_at,
                    idempotency_key: idempotency_key.clone(),
                });
                st.mutations.insert(
                    id,
                    MutationRecord {
                        id,
                        key: opts.key.clone(),
                        scope: scope.clone(),
                        idempotency_key,
                        status: MutationStatus::Pending,
                        submitted_at,
                        failure_count: 0,
                        error: None,
                        layer_keys: Vec::new(),
                        invalidates: invalidates.clone(),
                        variables: Rc::new(vars.clone()),
                        variables_type: TypeId::of::<V>(),
                        variables_json,
                        state: Box::new(state),
                        supersede: supersede_state::<V, D, E>,
                        // A restored call may have reached the server before the reload:
                        // it must be sent again (its idempotency key makes that safe), never
                        // replaced as if it were still waiting.
                        sent: restored_call,
                        superseded: false,
                        gate: None,
                        observers: observer.into_iter().collect(),
                    },
                );
                st.dirty_mutations.insert(id);
                QueryClient::emit_in(
                    &mut st,
                    now,
                    CacheEvent::MutationSubmitted {
                        mutation: id,
                        scope: scope.clone(),
                    },
                );
                (id, scope)
            };
            let context = opts.on_mutate.as_ref().map(|f| f(&vars, self));
            if let Some(f) = &opts.optimistic {
                let mut patches = Patches::default();
                f(&vars, &mut patches);
                self.add_layers(id, patches, &invalidates);
            }
            let gate = scope.map(|s| self.enter_scope(id, &s, opts.scope_policy));
            self.persist_queue();
            (id, gate, context)
        });
        let client = self.clone();
        let task = async move {
            let outcome = client.run(id, &opts, &vars, gate).await;
            if let Some(outcome) = &outcome {
                client.settle(id, &opts, &vars, context.as_ref(), outcome);
            }
            let _ = tx.send(outcome.unwrap_or(Err(FetchError::Aborted(AbortReason::Superseded))));
        };
        self.runtime().executor.spawn(Box::pin(task));
        (id, rx)
    }

    fn add_layers(&self, id: MutationId, patches: Patches, invalidates: &[QueryFilter]) {
        let now = self.now();
        let mut st = self.st();
        for (target, patch) in patches.items {
            let keys = match target {
                Target::Key(k) => vec![k],
                Target::Matching(f) => {
                    let keys = self.matching_keys(&st, &f);
                    keys.into_iter()
                        .filter(|k| st.entries.get(k).and_then(|e| e.tag) == Some(patch.tag))
                        .collect()
                }
            };
            for key in keys {
                let e = self.entry_mut(&mut st, &key);
                if let Err(err) = QueryClient::check_type(e, patch.tag) {
                    let event = CacheEvent::PatchRejected {
                        key,
                        mutation: id,
                        reason: err.to_string(),
                    };
                    QueryClient::emit_in(&mut st, now, event);
                    continue;
                }
                let fold_on_commit = !invalidates.iter().any(|f| f.matches_key(&key));
                e.push_layer(Layer {
                    mutation: id,
                    patch: patch.clone(),
                    committed_at: None,
                    fold_on_commit,
                });
                QueryClient::mark_dirty(&mut st, &key);
                QueryClient::emit_in(
                    &mut st,
                    now,
                    CacheEvent::LayerAdded {
                        key: key.clone(),
                        mutation: id,
                    },
                );
                if let Some(r) = st.mutations.get_mut(&id) {
                    if !r.layer_keys.contains(&key) {
                        r.layer_keys.push(key);
                    }
                }
            }
        }
    }

    /// Queues `id` in its scope. Under `LatestWins`/`Debounce` it first replaces the
    /// calls of the same mutation still waiting there (never one already sent).
    fn enter_scope(
        &self,
        id: MutationId,
        scope: &str,
        policy: ScopePolicy,
    ) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        let now = self.now();
        let mut st = self.st();
        if policy.replaces_queued() {
            let (key, ty) = match st.mutations.get(&id) {
                Some(r) => (r.key.clone(), r.variables_type),
                None => (None, TypeId::of::<()>()),
            };
            let queued: Vec<MutationId> = st
                .scopes
                .get(scope)
                .map(|q| {
                    q.iter()
                        .copied()
                        .filter(|m| {
                            st.mutations
                                .get(m)
                                .is_some_and(|r| !r.sent && r.key == key && r.variables_type == ty)
                        })
                        .collect()
                })
                .unwrap_or_default();
            for m in queued {
                Self::supersede(&mut st, m, now);
            }
        }
        let queue = st.scopes.entry(scope.to_owned()).or_default();
        queue.push_back(id);
        if let Some(r) = st.mutations.get_mut(&id) {
            r.gate = Some(tx);
        }
        Self::open_scope_head(&mut st, scope);
        rx
    }

    /// Replaces a queued mutation: its layers go in the same notification that paints the
    /// newer call, and its task ends without sending.
    fn supersede(st: &mut State, m: MutationId, now: Millis) {
        let Some(r) = st.mutations.get_mut(&m) else {
            return;
        };
        r.superseded = true;
        r.status = MutationStatus::Error;
        r.error = Some(ErrorInfo::of(&FetchError::<String>::Aborted(
            AbortReason::Superseded,
        )));
        (r.supersede)(&mut r.state);
        r.gate = None;
        let keys = r.layer_keys.clone();
        let scope = r.scope.clone();
        for k in &keys {
            if let Some(e) = st.entries.get_mut(k) {
                e.remove_layers_of(m);
            }
            QueryClient::mark_dirty(st, k);
        }
        if let Some(q) = scope.as_ref().and_then(|s| st.scopes.get_mut(s)) {
            q.retain(|x| *x != m);
        }
        st.paused.remove(&m);
        if st.replaying == Some(m) {
            st.replaying = None;
        }
        st.dirty_mutations.insert(m);
        QueryClient::emit_in(st, now, CacheEvent::MutationSuperseded { mutation: m });
    }

    fn open_scope_head(st: &mut State, scope: &str) {
        let Some(head) = st.scopes.get(scope).and_then(|q| q.front().copied()) else {
            st.scopes.remove(scope);
            return;
        };
        if let Some(gate) = st.mutations.get_mut(&head).and_then(|r| r.gate.take()) {
            let _ = gate.send(());
        }
    }

    /// Waits for the turn, the debounce and the network, then sends with retries.
    /// `None` means the mutation was superseded before it was sent.
    async fn run<V, D, E, C>(
        &self,
        id: MutationId,
        opts: &MutationOptions<V, D, E, C>,
        vars: &V,
        gate: Option<oneshot::Receiver<()>>,
    ) -> Option<Outcome<D, E>>
    where
        V: Clone + 'static,
        D: Clone + 'static,
        E: Clone + fmt::Display + 'static,
    {
        if let Some(gate) = gate {
            gate.await.ok()?;
        }
        let delay = opts.scope_policy.send_delay();
        if delay > 0 {
            self.runtime().executor.sleep(delay).await;
        }
        let spacing = opts.scope_policy.min_spacing();
        if spacing > 0 {
            let wait = {
                let st = self.st();
                let scope = st.mutations.get(&id).and_then(|r| r.scope.clone());
                let last = scope.and_then(|s| st.scope_last_sent.get(&s).copied());
                last.map_or(0, |t| (t + spacing).saturating_sub(self.now()))
            };
            if wait > 0 {
                self.runtime().executor.sleep(wait).await;
            }
        }
        let retry = opts.retry.unwrap_or(self.config().mutation_retry);
        let mode = opts.network_mode.unwrap_or(self.config().network_mode);
        let mut failures = 0u32;
        let mut attempts = 0u32;
        loop {
            if self.is_superseded(id) {
                return None;
            }
            if self.must_wait_for_network(id, mode, attempts == 0) {
                let resumed = self.pause::<V, D, E>(id);
                resumed.await.ok()?;
                self.dispatch::<V, D, E>(id, Action::Continue);
                continue;
            }
            attempts += 1;
            let ctx = self.mark_sent(id, attempts)?;
            let result = (opts.mutation_fn)(vars.clone(), ctx).await;
            match result {
                Ok(d) => return Some(Ok(d)),
                Err(e) => {
                    let offline = mode.waits_for_network(false) && !self.is_online();
                    if offline && e.kind().is_retryable() {
                        // Lost the network mid-request: wait for it without spending a
                        // retry; the idempotency key makes the resend safe.
                        continue;
                    }
                    failures += 1;
                    self.dispatch::<V, D, E>(id, Action::Failed(e.clone()));
                    if !retry.should_retry(failures, e.kind()) {
                        return Some(Err(e));
                    }
                    let wait = retry.delay(failures, self.st().jitter.next_f64());
                    self.runtime().executor.sleep(wait).await;
                }
            }
        }
    }

    fn is_superseded(&self, id: MutationId) -> bool {
        self.st().mutations.get(&id).is_none_or(|r| r.superseded)
    }

    /// Offline, or online while earlier paused mutations replay: they go first.
    fn must_wait_for_network(
        &self,
        id: MutationId,
        mode: NetworkMode,
        first_attempt: bool,
    ) -> bool {
        if !mode.waits_for_network(first_attempt) {
            return false;
        }
        let st = self.st();
        !st.online || st.paused.keys().next().is_some_and(|p| *p < id)
    }

    fn pause<V: Clone + 'static, D: Clone + 'static, E: Clone + fmt::Display + 'static>(
        &self,
        id: MutationId,
    ) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        self.batch(|| {
            {
                let now = self.now();
                let mut st = self.st();
                st.paused.insert(id, tx);
                if st.replaying == Some(id) {
                    st.replaying = None;
                }
                QueryClient::emit_in(&mut st, now, CacheEvent::MutationPaused { mutation: id });
            }
            self.dispatch::<V, D, E>(id, Action::Pause);
        });
        self.resume_next_paused();
        rx
    }

    /// Replays paused mutations one at a time, oldest first, while online.
    pub(crate) fn resume_next_paused(&self) {
        loop {
            let next = {
                let mut st = self.st();
                if !st.online || st.replaying.is_some() {
                    return;
                }
                let Some((id, tx)) = st.paused.pop_first() else {
                    return;
                };
                st.replaying = Some(id);
                (id, tx)
            };
            if next.1.send(()).is_ok() {
                return;
            }
            self.st().replaying = None;
        }
    }

    fn mark_sent(&self, id: MutationId, attempt: u32) -> Option<MutationContext> {
        self.batch(|| {
            let now = self.now();
            let mut st = self.st();
            let r = st.mutations.get_mut(&id)?;
            r.sent = true;
            if let Some(s) = r.scope.clone() {
                st.scope_last_sent.insert(s, now);
            }
            let r = st.mutations.get_mut(&id)?;
            let ctx = MutationContext {
                mutation: id,
                idempotency_key: r.idempotency_key.clone(),
                attempt,
            };
            QueryClient::emit_in(
                &mut st,
                now,
                CacheEvent::MutationSent {
                    mutation: id,
                    attempt,
                },
            );
            Some(ctx)
        })
    }

    pub(crate) fn dispatch<
        V: Clone + 'static,
        D: Clone + 'static,
        E: Clone + fmt::Display + 'static,
    >(
        &self,
        id: MutationId,
        action: Action<V, D, E>,
    ) {
        self.batch(|| {
            let mut st = self.st();
            let Some(r) = st.mutations.get_mut(&id) else {
                return;
            };
            let Some(s) = r.state.downcast_mut::<MutationState<V, D, E>>() else {
                return;
            };
            let next = s.clone().reduce(action);
            r.status = next.status;
            r.failure_count = next.failure_count;
            r.error = next
                .error
                .as_ref()
                .or(next.failure_reason.as_ref())
                .map(ErrorInfo::of);
            *s = next;
            st.dirty_mutations.insert(id);
        })
    }

    /// Success commits the layers and runs `on_success` in the same notification (so a
    /// write of the server's answer replaces them without a frame in between); failure
    /// removes only this mutation's layers. Then the scope moves on and deferred
    /// invalidations that no longer overlap pending work run.
    fn settle<V, D, E, C>(
        &self,
        id: MutationId,
        opts: &MutationOptions<V, D, E, C>,
        vars: &V,
        context: Option<&C>,
        outcome: &Outcome<D, E>,
    ) where
        V: Clone + 'static,
        D: Clone + 'static,
        E: Clone + fmt::Display + 'static,
    {
        self.batch(|| {
            {
                let now = self.now();
                let mut st = self.st();
                let seq = st.next_seq();
                let (keys, scope, invalidates) = match st.mutations.get(&id) {
                    Some(r) => (r.layer_keys.clone(), r.scope.clone(), r.invalidates.clone()),
                    None => (Vec::new(), None, Vec::new()),
                };
                for k in &keys {
                    if let Some(e) = st.entries.get_mut(k) {
                        match outcome {
                            Ok(_) => e.commit_layers_of(id, seq),
                            Err(_) => e.remove_layers_of(id),
                        };
                    }
                    QueryClient::mark_dirty(&mut st, k);
                }
                let event = match outcome {
                    Ok(_) => CacheEvent::MutationSucceeded { mutation: id },
                    Err(e) => CacheEvent::MutationFailed {
                        mutation: id,
                        error: ErrorInfo::of(e),
                    },
                };
                QueryClient::emit_in(&mut st, now, event);
                if outcome.is_err() && !keys.is_empty() {
                    QueryClient::emit_in(
                        &mut st,
                        now,
                        CacheEvent::RolledBack { mutation: id, keys },
                    );
                }
                if let Some(s) = scope {
                    if let Some(q) = st.scopes.get_mut(&s) {
                        q.retain(|x| *x != id);
                    }
                    QueryClient::open_scope_head(&mut st, &s);
                }
                if st.replaying == Some(id) {
                    st.replaying = None;
                }
                for f in invalidates {
                    st.deferred.push((id, f));
                }
            }
            self.dispatch::<V, D, E>(
                id,
                match outcome {
                    Ok(d) => Action::Success(d.clone()),
                    Err(e) => Action::Error(e.clone()),
                },
            );
            match outcome {
                Ok(d) => {
                    if let Some(f) = &opts.on_success {
                        f(d, vars, context, self);
                    }
                    if let Some(f) = &opts.on_settled {
                        f(Some(d), None, vars, context, self);
                    }
                }
                Err(e) => {
                    if let Some(f) = &opts.on_error {
                        f(e, vars, context, self);
                    }
                    if let Some(f) = &opts.on_settled {
                        f(None, Some(e), vars, context, self);
                    }
                }
            }
            self.process_deferred(Some(id));
            self.persist_queue();
            self.resume_next_paused();
        });
        self.schedule_mutation_gc(id);
    }

    /// Runs deferred invalidations that no unsettled mutation is related to any more.
    pub(crate) fn process_deferred(&self, just_settled: Option<MutationId>) {
        let ready = {
            let now = self.now();
            let mut st = self.st();
            let deferred = std::mem::take(&mut st.deferred);
            let mut ready = Vec::new();
            let mut waiting = Vec::new();
            for (owner, f) in deferred {
                let related = st
                    .mutations
                    .values()
                    .filter(|r| r.status.is_unsettled())
                    .any(|r| {
                        r.layer_keys.iter().any(|k| f.matches_key(k))
                            || r.invalidates.iter().any(|g| g.overlaps(&f))
                    });
                if related {
                    if Some(owner) == just_settled {
                        QueryClient::emit_in(
                            &mut st,
                            now,
                            CacheEvent::InvalidationDeferred { mutation: owner },
                        );
                    }
                    waiting.push((owner, f));
                } else {
                    ready.push(f);
                }
            }
            st.deferred = waiting;
            ready
        };
        for f in ready {
            self.invalidate_queries(&f);
        }
    }

    fn schedule_mutation_gc(&self, id: MutationId) {
        let weak = self.downgrade();
        let sleep = self
            .runtime()
            .executor
            .sleep(self.config().mutation_gc_time);
        self.runtime().executor.spawn(Box::pin(async move {
            sleep.await;
            if let Some(client) = weak.upgrade() {
                client.dismiss_mutation(id);
            }
        }));
    }

    /// The mutations a filter matches, oldest first (for `use_mutation_state`).
    ///
    /// ```
    /// use optimistic_query::{testing::TestRuntime, FetchError, MutationFilter, MutationObserver, MutationOptions, MutationStatus, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// m.mutate(1);
    /// let pending = client.mutation_infos(&MutationFilter::default().status(MutationStatus::Pending));
    /// assert_eq!(pending.len(), 1);
    /// ```
    pub fn mutation_infos(&self, filter: &MutationFilter) -> Vec<MutationInfo> {
        self.st()
            .mutations
            .values()
            .filter(|r| filter.matches(r))
            .map(MutationInfo::of)
            .collect()
    }

    /// Forgets a settled mutation (a user dismissed its error); `false` when it is still
    /// unsettled (it cannot be dropped while its layers are live) or unknown.
    ///
    /// ```
    /// use optimistic_query::{testing::TestRuntime, FetchError, MutationFilter, MutationObserver, MutationOptions, QueryClient, RetryPolicy};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|_: (), _| async { Err::<(), FetchError>(FetchError::App("no".into())) }).retry(RetryPolicy::never()));
    /// let id = m.mutate(());
    /// assert!(!client.dismiss_mutation(id), "still pending");
    /// rt.run();
    /// assert!(client.dismiss_mutation(id));
    /// assert!(client.mutation_infos(&MutationFilter::default()).is_empty());
    /// ```
    pub fn dismiss_mutation(&self, id: MutationId) -> bool {
        self.batch(|| {
            let mut st = self.st();
            let settled = st
                .mutations
                .get(&id)
                .is_some_and(|r| !r.status.is_unsettled());
            if settled {
                st.mutations.remove(&id);
                // Listeners of the mutation cache must hear that it is gone.
                st.dirty_mutations.insert(id);
            }
            settled
        })
    }

    /// How many unsettled mutations the filter matches (TanStack's `useIsMutating`).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, MutationFilter, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.is_mutating(&MutationFilter::default()), 0);
    /// ```
    pub fn is_mutating(&self, filter: &MutationFilter) -> usize {
        self.st()
            .mutations
            .values()
            .filter(|r| r.status.is_unsettled() && filter.matches(r))
            .count()
    }

    /// Calls `listener` after any operation that changed any mutation.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let _sub = client.subscribe_mutations(|| println!("mutations changed"));
    /// ```
    pub fn subscribe_mutations(
        &self,
        listener: impl Fn() + 'static,
    ) -> crate::client::Subscription {
        self.listen(
            |st| &mut st.mutation_listeners,
            Rc::new(listener) as crate::client::Listener,
        )
    }
}
