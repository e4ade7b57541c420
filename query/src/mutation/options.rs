//! What a mutation does: the request, its optimistic patches, callbacks, scope, retry.

use crate::client::QueryClient;
use crate::error::FetchError;
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::layer::Patches;
use crate::mutation::scope::ScopePolicy;
use crate::mutation::MutationId;
use crate::network::NetworkMode;
use crate::retry::{RetryDelay, RetryIf, RetryPolicy};
use crate::runtime::Millis;
use crate::version::VersionSlot;
use futures::future::LocalBoxFuture;
use std::future::Future;
use std::rc::Rc;

/// What a mutation's request function is told besides its variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MutationContext {
    /// The mutation.
    pub mutation: MutationId,
    /// Same on every attempt and replay of this mutation: send it (as an
    /// `Idempotency-Key` header) so the server applies the change once.
    pub idempotency_key: String,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// Where the function reports the version its change produced (see
    /// [`set_version`](Self::set_version)).
    pub version: VersionSlot,
}

impl MutationContext {
    /// Reports the version of the resource after this write, as the server said (a
    /// sequence number that grows with every change it applies, e.g. from an `ETag`
    /// header of the acknowledgement). With the versions fetchers report
    /// ([`FetchContext::set_version`](crate::FetchContext::set_version)), a read answer
    /// that travelled while this write was in flight is reconciled exactly: it holds the
    /// change when this version is at most the answer's. A call that reports none keeps
    /// the rules without versions.
    ///
    /// ```
    /// use optimistic_query::{FetchError, MutationContext, MutationOptions};
    /// let add = MutationOptions::new(|title: String, ctx: MutationContext| async move {
    ///     let etag = 8; // the version the server's acknowledgement carries
    ///     ctx.set_version(etag);
    ///     Ok::<_, FetchError>(title)
    /// });
    /// # let _ = add;
    /// ```
    pub fn set_version(&self, version: u64) {
        self.version.set(version);
    }
}

pub(crate) type MutationFn<V, D, E> =
    Rc<dyn Fn(V, MutationContext) -> LocalBoxFuture<'static, Result<D, FetchError<E>>>>;
type Optimistic<V> = Rc<dyn Fn(&V, &mut Patches)>;
type OnMutate<V, C> = Rc<dyn Fn(&V, &QueryClient) -> C>;
type ScopeFn<V> = Rc<dyn Fn(&V) -> String>;
type InvalidatesFn<V> = Rc<dyn Fn(&V) -> Vec<QueryFilter>>;
type OnSuccess<V, D, C> = Rc<dyn Fn(&D, &V, Option<&C>, &QueryClient)>;
type OnError<V, E, C> = Rc<dyn Fn(&FetchError<E>, &V, Option<&C>, &QueryClient)>;
type OnSettled<V, D, E, C> =
    Rc<dyn Fn(Option<&D>, Option<&FetchError<E>>, &V, Option<&C>, &QueryClient)>;

/// A mutation's definition, as TanStack's `useMutation` options plus declarative
/// optimistic patches. Typed by variables `V`, data `D`, error `E` and context `C`.
///
/// ```
/// use optimistic_query::{keys, FetchError, MutationOptions, ScopePolicy};
/// #[derive(Clone)]
/// struct Toggle { id: u32, done: bool }
/// let toggle = MutationOptions::new(|t: Toggle, _ctx| async move { Ok::<_, FetchError>(t.done) })
///     .key(keys!["todos", "toggle"])
///     .optimistic(|t: &Toggle, patches| {
///         let t = t.clone();
///         patches.update(keys!["todos"], move |list: &Vec<(u32, bool)>| {
///             list.iter().map(|&(id, d)| (id, if id == t.id { t.done } else { d })).collect()
///         });
///     })
///     .invalidates(keys!["todos"])
///     .scope(|t: &Toggle| format!("todo/{}", t.id), ScopePolicy::Serial);
/// # let _ = toggle;
/// ```
pub struct MutationOptions<V, D, E = String, C = ()> {
    pub(crate) mutation_fn: MutationFn<V, D, E>,
    pub(crate) key: Option<QueryKey>,
    pub(crate) optimistic: Option<Optimistic<V>>,
    pub(crate) on_mutate: Option<OnMutate<V, C>>,
    pub(crate) on_success: Option<OnSuccess<V, D, C>>,
    pub(crate) on_error: Option<OnError<V, E, C>>,
    pub(crate) on_settled: Option<OnSettled<V, D, E, C>>,
    pub(crate) invalidates: Vec<QueryFilter>,
    pub(crate) invalidates_with: Vec<InvalidatesFn<V>>,
    pub(crate) scope: Option<ScopeFn<V>>,
    pub(crate) scope_policy: ScopePolicy,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) retry_if: Option<RetryIf<FetchError<E>>>,
    pub(crate) retry_delay: Option<RetryDelay<FetchError<E>>>,
    pub(crate) network_mode: Option<NetworkMode>,
    pub(crate) idempotent: bool,
    pub(crate) resend_unknown: bool,
}

impl<V, D, E, C> Clone for MutationOptions<V, D, E, C> {
    fn clone(&self) -> Self {
        MutationOptions {
            mutation_fn: self.mutation_fn.clone(),
            key: self.key.clone(),
            optimistic: self.optimistic.clone(),
            on_mutate: self.on_mutate.clone(),
            on_success: self.on_success.clone(),
            on_error: self.on_error.clone(),
            on_settled: self.on_settled.clone(),
            invalidates: self.invalidates.clone(),
            invalidates_with: self.invalidates_with.clone(),
            scope: self.scope.clone(),
            scope_policy: self.scope_policy,
            retry: self.retry,
            retry_if: self.retry_if.clone(),
            retry_delay: self.retry_delay.clone(),
            network_mode: self.network_mode,
            idempotent: self.idempotent,
            resend_unknown: self.resend_unknown,
        }
    }
}

impl<V: 'static, D: 'static, E: 'static> MutationOptions<V, D, E, ()> {
    /// A mutation that sends its variables with `mutation_fn`.
    ///
    /// ```
    /// use optimistic_query::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _ctx| async move { Ok::<_, FetchError>(n * 2) });
    /// # let _ = m;
    /// ```
    pub fn new<F, Fut>(mutation_fn: F) -> Self
    where
        F: Fn(V, MutationContext) -> Fut + 'static,
        Fut: Future<Output = Result<D, FetchError<E>>> + 'static,
    {
        MutationOptions {
            mutation_fn: Rc::new(move |v, ctx| Box::pin(mutation_fn(v, ctx))),
            key: None,
            optimistic: None,
            on_mutate: None,
            on_success: None,
            on_error: None,
            on_settled: None,
            invalidates: Vec::new(),
            invalidates_with: Vec::new(),
            scope: None,
            scope_policy: ScopePolicy::Serial,
            retry: None,
            retry_if: None,
            retry_delay: None,
            network_mode: None,
            idempotent: false,
            resend_unknown: true,
        }
    }

    /// Runs before the request (TanStack's `onMutate`); what it returns is the context
    /// handed to the other callbacks. Set it before them: callbacks set earlier see no
    /// context.
    ///
    /// ```
    /// use optimistic_query::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) })
    ///     .on_mutate(|n: &u32, _client| format!("started {n}"))
    ///     .on_error(|_e, _n, ctx: Option<&String>, _client| { let _ = ctx; });
    /// # let _ = m;
    /// ```
    pub fn on_mutate<C: 'static>(
        self,
        f: impl Fn(&V, &QueryClient) -> C + 'static,
    ) -> MutationOptions<V, D, E, C> {
        let MutationOptions {
            mutation_fn,
            key,
            optimistic,
            on_mutate: _,
            on_success,
            on_error,
            on_settled,
            invalidates,
            invalidates_with,
            scope,
            scope_policy,
            retry,
            retry_if,
            retry_delay,
            network_mode,
            idempotent,
            resend_unknown,
        } = self;
        MutationOptions {
            mutation_fn,
            key,
            optimistic,
            on_mutate: Some(Rc::new(f)),
            on_success: on_success.map(|f| -> OnSuccess<V, D, C> {
                Rc::new(move |d, v, _, c| f(d, v, Some(&()), c))
            }),
            on_error: on_error
                .map(|f| -> OnError<V, E, C> { Rc::new(move |e, v, _, c| f(e, v, Some(&()), c)) }),
            on_settled: on_settled.map(|f| -> OnSettled<V, D, E, C> {
                Rc::new(move |d, e, v, _, c| f(d, e, v, Some(&()), c))
            }),
            invalidates,
            invalidates_with,
            scope,
            scope_policy,
            retry,
            retry_if,
            retry_delay,
            network_mode,
            idempotent,
            resend_unknown,
        }
    }
}

impl<V, D, E, C> MutationOptions<V, D, E, C> {
    /// The mutation key: names the mutation for filters, and for the registry that
    /// rebuilds persisted mutations after a reload.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u8, _| async move { Ok::<_, FetchError>(n) }).key(keys!["like"]);
    /// assert_eq!(m.mutation_key(), Some(&keys!["like"]));
    /// ```
    pub fn key(mut self, key: QueryKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The key set with [`key`](Self::key).
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u8, _| async move { Ok::<_, FetchError>(n) });
    /// assert!(m.mutation_key().is_none());
    /// ```
    pub fn mutation_key(&self) -> Option<&QueryKey> {
        self.key.as_ref()
    }

    /// What the UI should show at once: patches of one or more keys, computed from the
    /// variables. They live as layers until the mutation settles; a failure removes only
    /// them.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) })
    ///     .optimistic(|n: &u32, p| { let n = *n; p.update(keys!["total"], move |t: &u32| t + n); });
    /// # let _ = m;
    /// ```
    pub fn optimistic(mut self, f: impl Fn(&V, &mut Patches) + 'static) -> Self {
        self.optimistic = Some(Rc::new(f));
        self
    }

    /// Runs when the server accepts (TanStack's `onSuccess`), in the same notification as
    /// the layer's removal: write the server's answer here with `set_query_data` and no
    /// frame shows the old value.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) })
    ///     .on_success(|total: &u32, _vars, _ctx: Option<&()>, client| {
    ///         let _ = client.set_query_data(&keys!["total"], *total);
    ///     });
    /// # let _ = m;
    /// ```
    pub fn on_success(mut self, f: impl Fn(&D, &V, Option<&C>, &QueryClient) + 'static) -> Self {
        self.on_success = Some(Rc::new(f));
        self
    }

    /// Runs when it fails for good (TanStack's `onError`), after its layers were removed.
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) })
    ///     .on_error(|e, _vars, _ctx: Option<&()>, _client| eprintln!("{e}"));
    /// # let _ = m;
    /// ```
    pub fn on_error(
        mut self,
        f: impl Fn(&FetchError<E>, &V, Option<&C>, &QueryClient) + 'static,
    ) -> Self {
        self.on_error = Some(Rc::new(f));
        self
    }

    /// Runs after success or failure (TanStack's `onSettled`).
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) })
    ///     .on_settled(|data, err, _vars, _ctx: Option<&()>, _client| { let _ = (data, err); });
    /// # let _ = m;
    /// ```
    pub fn on_settled(
        mut self,
        f: impl Fn(Option<&D>, Option<&FetchError<E>>, &V, Option<&C>, &QueryClient) + 'static,
    ) -> Self {
        self.on_settled = Some(Rc::new(f));
        self
    }

    /// Queries to invalidate when it settles. The invalidation waits until no other
    /// pending mutation touches those keys, so a refetch never lands between two
    /// overlapping edits. Layers on invalidated keys stay after success until the
    /// refetched data (which includes the change) replaces them.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) })
    ///     .invalidates(keys!["todos"]);
    /// # let _ = m;
    /// ```
    pub fn invalidates(mut self, filter: impl Into<QueryFilter>) -> Self {
        self.invalidates.push(filter.into());
        self
    }

    /// Like [`invalidates`](Self::invalidates), with filters that depend on the
    /// variables: a kanban move invalidates exactly the two columns it touched.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions, QueryFilter};
    /// let m = MutationOptions::new(|col: u32, _| async move { Ok::<u32, FetchError>(col) })
    ///     .invalidates_with(|col: &u32| vec![QueryFilter::exact(keys!["column", *col])]);
    /// # let _ = m;
    /// ```
    pub fn invalidates_with(mut self, f: impl Fn(&V) -> Vec<QueryFilter> + 'static) -> Self {
        self.invalidates_with.push(Rc::new(f));
        self
    }

    /// Every filter this call of the mutation invalidates.
    pub(crate) fn invalidations_for(&self, vars: &V) -> Vec<QueryFilter> {
        let mut all = self.invalidates.clone();
        for f in &self.invalidates_with {
            all.extend(f(vars));
        }
        all
    }

    /// Serialises calls whose `scope` function gives the same id (one at a time, in
    /// order), with the given policy for queued calls.
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions, ScopePolicy};
    /// let m = MutationOptions::new(|id: u32, _| async move { Ok::<u32, FetchError>(id) })
    ///     .scope(|id: &u32| format!("item/{id}"), ScopePolicy::LatestWins);
    /// # let _ = m;
    /// ```
    pub fn scope(mut self, scope: impl Fn(&V) -> String + 'static, policy: ScopePolicy) -> Self {
        self.scope = Some(Rc::new(scope));
        self.scope_policy = policy;
        self
    }

    /// Retry policy (default: the client's `mutation_retry`).
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions, RetryPolicy};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) }).retry(RetryPolicy::never());
    /// # let _ = m;
    /// ```
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Decides whether to retry, as TanStack's `retry` given a function:
    /// `f(failure_count, error)`, where `failure_count` counts the failures before this
    /// one (0 on the first). It replaces the policy's count and error-kind rule; the
    /// delays still come from the policy unless [`retry_delay`](Self::retry_delay) is set.
    /// A retry keeps the call's idempotency key.
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions};
    /// // Retry a conflict twice (the server's lock may be released by then), nothing else.
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) })
    ///     .retry_if(|failure_count, e: &FetchError| {
    ///         failure_count < 2 && matches!(e, FetchError::Http { status: 409, .. })
    ///     });
    /// # let _ = m;
    /// ```
    pub fn retry_if(mut self, f: impl Fn(u32, &FetchError<E>) -> bool + 'static) -> Self {
        self.retry_if = Some(Rc::new(f));
        self
    }

    /// The delay before a retry, as TanStack's `retryDelay` given a function:
    /// `f(failure_count, error)` in milliseconds, with the arguments of
    /// [`retry_if`](Self::retry_if).
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions, RetryPolicy};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) })
    ///     .retry(RetryPolicy::times(3))
    ///     .retry_delay(|failure_count, _e: &FetchError| 250 * u64::from(failure_count + 1));
    /// # let _ = m;
    /// ```
    pub fn retry_delay(mut self, f: impl Fn(u32, &FetchError<E>) -> Millis + 'static) -> Self {
        self.retry_delay = Some(Rc::new(f));
        self
    }

    /// Network mode (default: the client's).
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions, NetworkMode};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) }).network_mode(NetworkMode::OfflineFirst);
    /// # let _ = m;
    /// ```
    pub fn network_mode(mut self, mode: NetworkMode) -> Self {
        self.network_mode = Some(mode);
        self
    }

    /// Declares that applying this mutation's patches to data that already holds the
    /// change gives the same data (setting a value, adding or removing by id; not
    /// pushing). The engine then rebases its pending layers onto fetch answers sent
    /// while its request was in flight (they may already include the change), and a
    /// retry after a failure that may have reached the server paints at once. Without
    /// it, such answers are dropped and asked again after the call settles, so a change
    /// never shows twice.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions};
    /// let like = MutationOptions::new(|liked: bool, _| async move { Ok::<bool, FetchError>(liked) })
    ///     .optimistic(|liked: &bool, p| { p.set(keys!["liked"], *liked); })
    ///     .idempotent();
    /// # let _ = like;
    /// ```
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Whether a call whose outcome is unknown (a network error, a timeout, a 5xx: see
    /// [`ErrorKind::is_unknown`](crate::ErrorKind::is_unknown)) is kept and sent again
    /// under its idempotency key until the server answers definitely (the default,
    /// `true`), or rolled back at once and its keys refetched (`false`: for a server
    /// that does not honour idempotency keys).
    ///
    /// ```
    /// # use optimistic_query::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) })
    ///     .resend_unknown(false);
    /// # let _ = m;
    /// ```
    pub fn resend_unknown(mut self, resend: bool) -> Self {
        self.resend_unknown = resend;
        self
    }
}
