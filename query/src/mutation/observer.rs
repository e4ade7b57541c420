//! A typed handle on "the latest call" of one mutation definition, as TanStack's
//! `MutationObserver` (what `use_optimistic_mutation` wraps).

use crate::client::QueryClient;
use crate::error::{AbortReason, FetchError};
use crate::mutation::callbacks::{take_latest, MutateCallbacks, PerCall};
use crate::mutation::options::{ErasedOutcome, MutationOptions};
use crate::mutation::run::Restored;
use crate::mutation::state::{MutationState, MutationStatus};
use crate::mutation::MutationId;
use crate::notify::Listener;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::rc::{Rc, Weak};

struct Inner<V, D, E> {
    current: Cell<Option<MutationId>>,
    state: RefCell<MutationState<V, D, E>>,
    listener: RefCell<Option<Listener>>,
    /// The latest call's own callbacks (`mutate_with`), until it settles.
    per_call: RefCell<Option<(MutationId, PerCall)>>,
}

impl<V: Clone + 'static, D: Clone + 'static, E: Clone + 'static> Inner<V, D, E> {
    /// Copies the followed call's state from the cache and tells the listener.
    fn pull(&self, client: &QueryClient) {
        let Some(id) = self.current.get() else { return };
        let fresh = {
            let st = client.st();
            st.mutations.records.get(&id).map(|r| {
                r.state
                    .typed::<V, D, E>(&r.variables, r.submitted_at, &r.idempotency_key)
            })
        };
        if let Some(s) = fresh {
            let settled = matches!(s.status, MutationStatus::Success | MutationStatus::Error);
            *self.state.borrow_mut() = s;
            // After the options' callbacks (they ran before this notification), before the
            // listener, as TanStack's observer.
            if let Some(f) = settled.then(|| take_latest(&self.per_call, id)).flatten() {
                f(&self.state);
            }
            let l = self.listener.borrow().clone();
            if let Some(l) = l {
                l();
            }
        }
    }
}

/// Submits calls of one mutation definition and follows the latest one.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// client.set_query_data(&keys!["likes"], 10_u32).unwrap();
/// let like = MutationObserver::new(&client, MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) })
///     .optimistic(|_, p| { p.update(keys!["likes"], |n: &u32| n + 1); }));
/// like.mutate(11);
/// // Painted before the server answered:
/// assert_eq!(*client.get_query_data::<u32>(&keys!["likes"]).unwrap().unwrap(), 11);
/// assert!(like.state().is_pending());
/// rt.run();
/// assert!(like.state().is_success());
/// ```
pub struct MutationObserver<V, D, E = String, C = ()> {
    client: QueryClient,
    options: MutationOptions<V, D, E, C>,
    inner: Rc<Inner<V, D, E>>,
    /// What each submitted call's record calls when it changes: one closure shared by all
    /// of this observer's calls (a settled call keeps it for its whole gc time).
    follower: Listener,
}

impl<V, D, E, C> MutationObserver<V, D, E, C>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    /// An observer of `options` on `client`.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// assert!(m.state().is_idle());
    /// ```
    pub fn new(client: &QueryClient, options: MutationOptions<V, D, E, C>) -> Self {
        let inner = Rc::new(Inner {
            current: Cell::new(None),
            state: RefCell::new(MutationState::default()),
            listener: RefCell::new(None),
            per_call: RefCell::new(None),
        });
        let weak: Weak<Inner<V, D, E>> = Rc::downgrade(&inner);
        let weak_client = client.downgrade();
        let follower: Listener = Rc::new(move || {
            let (Some(inner), Some(client)) = (weak.upgrade(), weak_client.upgrade()) else {
                return;
            };
            // The cache calls this only when a record of this observer's changed; `pull`
            // reads the call it follows now.
            inner.pull(&client);
        });
        MutationObserver {
            client: client.clone(),
            options,
            inner,
            follower,
        }
    }

    /// Replaces the options used by later calls (a re-render with new closures), and
    /// returns the previous ones. They hold the app's closures: a caller that keeps the
    /// observer in a `RefCell` drops them after releasing it, so that no closure's drop
    /// runs while the observer is borrowed.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let mut m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// let old = m.set_options(MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n + 1) }));
    /// drop(old);
    /// ```
    pub fn set_options(
        &mut self,
        options: MutationOptions<V, D, E, C>,
    ) -> MutationOptions<V, D, E, C> {
        std::mem::replace(&mut self.options, options)
    }

    /// Sets the function called when the followed mutation's state changes.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// m.subscribe(|| println!("state changed"));
    /// ```
    pub fn subscribe(&self, listener: impl Fn() + 'static) {
        // The listener it replaces is dropped after the slot is released.
        let old = self.inner.listener.borrow_mut().replace(Rc::new(listener));
        drop(old);
    }

    fn follow(&self) -> (u64, Listener) {
        let id = self.client.st().next_id();
        (id, self.follower.clone())
    }

    /// Submits a call. Its optimistic change is visible when this returns.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// let id = m.mutate(3);
    /// assert_eq!(m.current(), Some(id));
    /// ```
    pub fn mutate(&self, variables: V) -> MutationId {
        self.submit(variables).0
    }

    /// Submits a call with callbacks of its own (TanStack's `mutate(variables, { onSuccess,
    /// onError, onSettled })`): they run after the options' ones, only if this is still
    /// the observer's latest call when it settles, and not once the observer is dropped.
    /// See [`MutateCallbacks`].
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutateCallbacks, MutationObserver, MutationOptions, QueryClient};
    /// # use std::{cell::Cell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// let (first, last) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
    /// let (f, l) = (first.clone(), last.clone());
    /// m.mutate_with(1, MutateCallbacks::new().on_success(move |_, _| f.set(true)));
    /// m.mutate_with(2, MutateCallbacks::new().on_success(move |_, _| l.set(true)));
    /// rt.run();
    /// assert!(!first.get() && last.get(), "only the latest call's callbacks run");
    /// ```
    pub fn mutate_with(&self, variables: V, callbacks: MutateCallbacks<V, D, E>) -> MutationId {
        self.submit_as(variables, None, Some(callbacks.into_per_call()))
            .0
    }

    /// Submits a call and returns a future of its outcome (TanStack's `mutateAsync`).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # use std::{cell::RefCell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n * 2) }));
    /// let out = Rc::new(RefCell::new(None));
    /// let (o, fut) = (out.clone(), m.mutate_async(4));
    /// rt.spawn(Box::pin(async move { *o.borrow_mut() = Some(fut.await) }));
    /// rt.run();
    /// assert_eq!(out.borrow().clone(), Some(Ok(8)));
    /// ```
    pub fn mutate_async(
        &self,
        variables: V,
    ) -> impl Future<Output = Result<D, FetchError<E>>> + 'static {
        let rx = self.submit(variables).1;
        async move {
            match rx.await {
                Ok(Ok(data)) => data.downcast_ref::<D>().cloned().ok_or_else(|| {
                    FetchError::Decode(String::from("the answer is not of this mutation's type"))
                }),
                Ok(Err(e)) => Err(e.typed::<E>()),
                Err(_) => Err(FetchError::Aborted(AbortReason::Cancelled)),
            }
        }
    }

    fn submit(
        &self,
        variables: V,
    ) -> (
        MutationId,
        futures::channel::oneshot::Receiver<ErasedOutcome>,
    ) {
        self.submit_as(variables, None, None)
    }

    fn submit_as(
        &self,
        variables: V,
        identity: Option<Restored>,
        per_call: Option<PerCall>,
    ) -> (
        MutationId,
        futures::channel::oneshot::Receiver<ErasedOutcome>,
    ) {
        let follower = self.follow();
        let (id, rx) = self
            .client
            .submit(&self.options, variables, identity, Some(follower));
        // A new call replaces the previous call's callbacks (TanStack: only the latest
        // call's run); they are the app's closures, dropped after the borrow.
        let replaced = self.inner.per_call.replace(per_call.map(|f| (id, f)));
        drop(replaced);
        // The submit's own notification ran before `current` pointed here; catch up now.
        self.inner.current.set(Some(id));
        self.inner.pull(&self.client);
        (id, rx)
    }

    /// The followed call's state (idle before the first call or after `reset`).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// assert!(m.state().variables.is_none());
    /// ```
    pub fn state(&self) -> MutationState<V, D, E> {
        self.inner.state.borrow().clone()
    }

    /// The id of the followed call.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// assert!(m.current().is_none());
    /// ```
    pub fn current(&self) -> Option<MutationId> {
        self.inner.current.get()
    }

    /// Forgets the followed call (it keeps running); the state is idle again.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// m.mutate(1);
    /// m.reset();
    /// assert!(m.state().is_idle());
    /// ```
    pub fn reset(&self) {
        let forgotten = self.inner.per_call.take();
        drop(forgotten);
        self.inner.current.set(None);
        *self.inner.state.borrow_mut() = MutationState::default();
        let l = self.inner.listener.borrow().clone();
        if let Some(l) = l {
            l();
        }
    }

    /// Sends the followed call again now if it waits after an unknown outcome or is
    /// [held](crate::MutationStatus::Held) ("not saved yet"): same variables, same
    /// idempotency key. `false` when it is not waiting.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// assert!(!m.retry_now());
    /// ```
    pub fn retry_now(&self) -> bool {
        self.inner
            .current
            .get()
            .is_some_and(|id| self.client.retry_mutation_now(id))
    }

    /// Gives up the followed call if it waits after an unknown outcome or is held: its
    /// change is rolled back and the keys it patched are fetched again (it may be on the
    /// server). `false` when it is not waiting.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// assert!(!m.discard());
    /// ```
    pub fn discard(&self) -> bool {
        self.inner
            .current
            .get()
            .is_some_and(|id| self.client.discard_mutation(id))
    }

    /// Submits the failed call again with the same variables; `None` if the followed call
    /// did not fail. After a failure that may have reached the server (network, timeout,
    /// 5xx, 429) the retry keeps the idempotency key, so the server applies it once.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// assert!(m.retry().is_none());
    /// ```
    pub fn retry(&self) -> Option<MutationId> {
        let (vars, idempotency_key, failure) = {
            let s = self.inner.state.borrow();
            if !s.is_error() {
                return None;
            }
            (
                s.variables.clone()?,
                s.idempotency_key.clone().unwrap_or_default(),
                s.error.as_ref().map(FetchError::kind)?,
            )
        };
        let of = self.inner.current.get()?;
        Some(self.resend(vars, &idempotency_key, failure, of))
    }

    /// Sends a call that failed again, as [`retry`](Self::retry) does for the followed
    /// call; for any call of this definition (a refused change listed from the mutation
    /// cache, one restored after a reload). After a failure that may have reached the
    /// server (network, timeout, 5xx, 429) it goes under its own `idempotency_key`, so
    /// the server applies it once; after a refusal (4xx, an application error) under a
    /// new key, because a server may keep the refusal under the old one. The observer
    /// follows the new call.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, ErrorKind, FetchError, MutationId, MutationObserver, MutationOptions, QueryClient};
    /// # let client = QueryClient::new(TestRuntime::new().runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// let id = m.resend(3, "key-of-the-failed-call", ErrorKind::Timeout, MutationId(1));
    /// assert_eq!(m.current(), Some(id));
    /// assert_eq!(m.state().idempotency_key.as_deref(), Some("key-of-the-failed-call"));
    /// ```
    pub fn resend(
        &self,
        variables: V,
        idempotency_key: &str,
        failure: crate::error::ErrorKind,
        of: MutationId,
    ) -> MutationId {
        let may_have_landed = failure.may_have_applied() || failure.is_retryable();
        let identity = may_have_landed.then(|| Restored {
            idempotency_key: idempotency_key.to_owned(),
            submitted_at: self.client.now(),
            id: None,
            maybe_sent: true,
            retry_of: Some(of),
        });
        self.submit_as(variables, identity, None).0
    }
}
