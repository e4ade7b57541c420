//! What a mutation does: the request, its optimistic patches, callbacks, scope, retry.

use crate::client::QueryClient;
use crate::entry::ErasedError;
use crate::error::FetchError;
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::layer::Patches;
use crate::meta::Meta;
use crate::mutation::cache::ScopeLock;
use crate::mutation::scope::ScopePolicy;
use crate::mutation::MutationId;
use crate::network::NetworkMode;
use crate::retry::{RetryDelay, RetryIf, RetryPolicy};
use crate::runtime::Millis;
use crate::version::VersionSlot;
use futures::future::LocalBoxFuture;
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
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
    /// The mutation's [`meta`](MutationOptions::meta), if it has one.
    pub meta: Option<Meta>,
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{FetchError, MutationContext, MutationOptions};
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

/// The outcome of one call, without its types: the data (a `D`) or the error (a
/// `FetchError<E>`).
pub(crate) type ErasedOutcome = Result<AnyRc, ErasedError>;
/// The request function over type-erased variables (a `V`).
pub(crate) type MutationFn =
    Rc<dyn Fn(&dyn Any, MutationContext) -> LocalBoxFuture<'static, ErasedOutcome>>;
type Optimistic = Rc<dyn Fn(&dyn Any, &mut Patches)>;
type OnMutate = Rc<dyn Fn(&dyn Any, &QueryClient) -> AnyRc>;
type ScopeFn = Rc<dyn Fn(&dyn Any) -> QueryKey>;
type InvalidatesFn = Rc<dyn Fn(&dyn Any) -> Vec<QueryFilter>>;
/// `on_success`, `on_error` and `on_settled` in one: the outcome, the variables, the
/// context `on_mutate` made.
type Callback = Rc<dyn Fn(&ErasedOutcome, &dyn Any, Option<&dyn Any>, &QueryClient)>;

/// A mutation's definition without its types: what the engine runs. The typed
/// [`MutationOptions`] builds it; every closure in it downcasts at its edge, so the run
/// loop, the settling and the retries are compiled once, not once per mutation type.
#[derive(Clone)]
pub(crate) struct MutationSpec {
    pub mutation_fn: MutationFn,
    pub key: Option<QueryKey>,
    pub optimistic: Option<Optimistic>,
    pub on_mutate: Option<OnMutate>,
    /// Each runs on its own kind of outcome (`on_settled` on both), in this order.
    pub on_success: Option<Callback>,
    pub on_error: Option<Callback>,
    pub on_settled: Option<Callback>,
    pub invalidates: Vec<QueryFilter>,
    pub invalidates_with: Vec<InvalidatesFn>,
    /// The call's scope, with the lock that serialises it ([`ScopeLock`]).
    pub scope: Option<(ScopeFn, ScopeLock)>,
    pub scope_policy: ScopePolicy,
    pub retry: Option<RetryPolicy>,
    pub retry_if: Option<RetryIf<ErasedError>>,
    pub retry_delay: Option<RetryDelay<ErasedError>>,
    pub network_mode: Option<NetworkMode>,
    pub idempotent: bool,
    pub resend_unknown: bool,
    /// The app's own value (`meta`), handed to the function and shown in its info.
    pub meta: Option<Meta>,
}

impl MutationSpec {
    /// Every filter this call of the mutation invalidates.
    pub(crate) fn invalidations_for(&self, vars: &dyn Any) -> Vec<QueryFilter> {
        let mut all = self.invalidates.clone();
        for f in &self.invalidates_with {
            all.extend(f(vars));
        }
        all
    }

    /// The callbacks set before `on_mutate` were typed with the context `()`: they keep
    /// seeing `Some(&())` whatever the new context is.
    fn with_unit_context(mut self) -> Self {
        for slot in [
            &mut self.on_success,
            &mut self.on_error,
            &mut self.on_settled,
        ] {
            if let Some(f) = slot.take() {
                *slot = Some(Rc::new(move |o, v, _, c| f(o, v, Some(&()), c)));
            }
        }
        self
    }
}

/// Typed arguments of a callback, or `None` when the erased values are not of the
/// mutation's types (which the typed shell never lets happen).
fn typed_args<'a, V: 'static, C: 'static>(
    vars: &'a dyn Any,
    context: Option<&'a dyn Any>,
) -> Option<(&'a V, Option<&'a C>)> {
    let vars = vars.downcast_ref::<V>()?;
    Some((vars, context.and_then(<dyn Any>::downcast_ref::<C>)))
}

/// The types a [`MutationOptions`] stands for; it holds none of their values.
type Types<V, D, E, C> = PhantomData<fn(V, C) -> (D, E)>;

/// A mutation's definition, as TanStack's `useMutation` options plus declarative
/// optimistic patches. Typed by variables `V`, data `D`, error `E` and context `C`.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, FetchError, MutationOptions, ScopePolicy};
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
///     .scope(|t: &Toggle| keys!["todo", t.id], ScopePolicy::Serial);
/// # let _ = toggle;
/// ```
pub struct MutationOptions<V, D, E = String, C = ()> {
    pub(crate) spec: MutationSpec,
    _types: Types<V, D, E, C>,
}

impl<V, D, E, C> Clone for MutationOptions<V, D, E, C> {
    fn clone(&self) -> Self {
        MutationOptions {
            spec: self.spec.clone(),
            _types: PhantomData,
        }
    }
}

impl<V, D, E> MutationOptions<V, D, E, ()>
where
    V: Clone + 'static,
    D: 'static,
    E: Clone + fmt::Display + 'static,
{
    /// A mutation that sends its variables with `mutation_fn`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _ctx| async move { Ok::<_, FetchError>(n * 2) });
    /// # let _ = m;
    /// ```
    pub fn new<F, Fut>(mutation_fn: F) -> Self
    where
        F: Fn(V, MutationContext) -> Fut + 'static,
        Fut: Future<Output = Result<D, FetchError<E>>> + 'static,
    {
        let mutation_fn: MutationFn = Rc::new(move |vars: &dyn Any, ctx| {
            let Some(vars) = vars.downcast_ref::<V>() else {
                return Box::pin(std::future::ready(Err(mismatch())));
            };
            let request = mutation_fn(vars.clone(), ctx);
            Box::pin(async move {
                match request.await {
                    Ok(d) => Ok(Rc::new(d) as AnyRc),
                    Err(e) => Err(ErasedError::new(e)),
                }
            })
        });
        MutationOptions {
            spec: MutationSpec {
                mutation_fn,
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
                meta: None,
            },
            _types: PhantomData,
        }
    }

    /// Runs before the request (TanStack's `onMutate`); what it returns is the context
    /// handed to the other callbacks. Set it before them: callbacks set earlier see no
    /// context.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{FetchError, MutationOptions};
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) })
    ///     .on_mutate(|n: &u32, _client| format!("started {n}"))
    ///     .on_error(|_e, _n, ctx: Option<&String>, _client| { let _ = ctx; });
    /// # let _ = m;
    /// ```
    pub fn on_mutate<C: 'static>(
        self,
        f: impl Fn(&V, &QueryClient) -> C + 'static,
    ) -> MutationOptions<V, D, E, C> {
        let mut spec = self.spec.with_unit_context();
        spec.on_mutate = Some(Rc::new(move |vars: &dyn Any, client: &QueryClient| {
            // The typed shell only ever hands a `V`; `()` stands for nothing.
            match vars.downcast_ref::<V>() {
                Some(vars) => Rc::new(f(vars, client)) as AnyRc,
                None => Rc::new(()) as AnyRc,
            }
        }));
        MutationOptions {
            spec,
            _types: PhantomData,
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
        self.spec.key = Some(key);
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
        self.spec.key.as_ref()
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
        self.spec.invalidates.push(filter.into());
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
        self.spec.retry = Some(retry);
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
        self.spec.network_mode = Some(mode);
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
        self.spec.idempotent = true;
        self
    }

    /// The app's own value for this mutation's calls, as TanStack's `meta`: the engine
    /// never reads it; the mutation function gets it ([`MutationContext::meta`]) and
    /// every call's [`MutationInfo::meta`](crate::MutationInfo::meta) shows it, so code
    /// that sees calls without their types (a pending-work list, a global error message,
    /// devtools) can read it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutationFilter, MutationObserver, MutationOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let save = MutationOptions::new(|n: u32, ctx| async move {
    ///     assert_eq!(ctx.meta.as_ref().and_then(|m| m.get::<&str>()), Some(&"Saving the score"));
    ///     Ok::<_, FetchError>(n)
    /// })
    /// .meta("Saving the score");
    /// let m = MutationObserver::new(&client, save);
    /// m.mutate(3);
    /// let info = &client.mutation_infos(&MutationFilter::default())[0];
    /// assert_eq!(info.meta.as_ref().and_then(|m| m.get::<&str>()), Some(&"Saving the score"));
    /// rt.run();
    /// assert!(m.state().is_success());
    /// ```
    pub fn meta<M: Any + fmt::Debug>(mut self, meta: M) -> Self {
        self.spec.meta = Some(Meta::new(meta));
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
        self.spec.resend_unknown = resend;
        self
    }
}

impl<V, D, E, C> MutationOptions<V, D, E, C>
where
    V: 'static,
    D: 'static,
    E: 'static,
    C: 'static,
{
    /// What the UI should show at once: patches of one or more keys, computed from the
    /// variables. They live as layers until the mutation settles; a failure removes only
    /// them.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions, TypedKey};
    /// // Typed: a patch of another type than `u32` under this key does not compile.
    /// let total = TypedKey::<u32>::new(keys!["total"]);
    /// let m = MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) })
    ///     .optimistic(move |n: &u32, p| { let n = *n; p.update(&total, move |t| t + n); });
    /// # let _ = m;
    /// ```
    pub fn optimistic(mut self, f: impl Fn(&V, &mut Patches) + 'static) -> Self {
        self.spec.optimistic = Some(Rc::new(move |vars: &dyn Any, patches: &mut Patches| {
            if let Some(vars) = vars.downcast_ref::<V>() {
                f(vars, patches);
            }
        }));
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
        self.spec.on_success = Some(Rc::new(
            move |outcome: &ErasedOutcome,
                  vars: &dyn Any,
                  context: Option<&dyn Any>,
                  client: &QueryClient| {
                if let (Ok(data), Some((vars, context))) =
                    (outcome, typed_args::<V, C>(vars, context))
                {
                    if let Some(data) = data.downcast_ref::<D>() {
                        f(data, vars, context, client);
                    }
                }
            },
        ));
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
        self.spec.on_error = Some(Rc::new(
            move |outcome: &ErasedOutcome,
                  vars: &dyn Any,
                  context: Option<&dyn Any>,
                  client: &QueryClient| {
                if let (Err(e), Some((vars, context))) =
                    (outcome, typed_args::<V, C>(vars, context))
                {
                    e.with_typed(|e: &FetchError<E>| f(e, vars, context, client));
                }
            },
        ));
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
        self.spec.on_settled = Some(Rc::new(
            move |outcome: &ErasedOutcome,
                  vars: &dyn Any,
                  context: Option<&dyn Any>,
                  client: &QueryClient| {
                let Some((vars, context)) = typed_args::<V, C>(vars, context) else {
                    return;
                };
                match outcome {
                    Ok(data) => {
                        if let Some(data) = data.downcast_ref::<D>() {
                            f(Some(data), None, vars, context, client);
                        }
                    }
                    Err(e) => {
                        e.with_typed(|e: &FetchError<E>| f(None, Some(e), vars, context, client))
                    }
                }
            },
        ));
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
        self.spec
            .invalidates_with
            .push(Rc::new(move |vars: &dyn Any| {
                match vars.downcast_ref::<V>() {
                    Some(vars) => f(vars),
                    None => Vec::new(),
                }
            }));
        self
    }

    /// Serialises calls whose `scope` function gives the same key (one at a time, in
    /// order), with the given policy for queued calls. Scopes are keys so that code
    /// that watches a group of them (a [`MutationFilter::scope`](crate::MutationFilter::scope),
    /// a component counting its own changes) matches them part by part, never by the
    /// prefix of a string: `["list", "a"]` holds the calls of list `a` and not those of
    /// a list named `a/item/b`.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, MutationOptions, ScopePolicy};
    /// let m = MutationOptions::new(|id: u32, _| async move { Ok::<u32, FetchError>(id) })
    ///     .scope(|id: &u32| keys!["item", *id], ScopePolicy::LatestWins);
    /// # let _ = m;
    /// ```
    pub fn scope(mut self, scope: impl Fn(&V) -> QueryKey + 'static, policy: ScopePolicy) -> Self {
        let key_of: ScopeFn = Rc::new(move |vars: &dyn Any| match vars.downcast_ref::<V>() {
            Some(vars) => scope(vars),
            None => QueryKey::default(),
        });
        self.spec.scope = Some((key_of, ScopeLock::LOCK));
        self.spec.scope_policy = policy;
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
        self.spec.retry_if = Some(Rc::new(move |n, e: &ErasedError| {
            e.with_typed(|e: &FetchError<E>| f(n, e))
        }));
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
        self.spec.retry_delay = Some(Rc::new(move |n, e: &ErasedError| {
            e.with_typed(|e: &FetchError<E>| f(n, e))
        }));
        self
    }
}

/// The error of a call whose erased variables are not of its mutation's type: the typed
/// shell never lets that happen.
fn mismatch() -> ErasedError {
    ErasedError::engine(FetchError::Decode(String::from(
        "the variables are not of this mutation's type",
    )))
}
