//! How to fetch and keep one query: TanStack's `useQuery` options.

use crate::entry::ErasedError;
use crate::error::FetchError;
use crate::fetch::{FetchContext, FetchSpec};
use crate::initial::InitialData;
use crate::key::{QueryKey, TypedKey};
use crate::layer::AnyRc;
use crate::meta::Meta;
use crate::network::NetworkMode;
use crate::observer::Interval;
use crate::query_result::NotifyOn;
use crate::retry::RetryPolicy;
use crate::runtime::Millis;
use std::fmt;
use std::future::Future;
use std::rc::Rc;

/// When an observed query refetches on an event (a component mounting, the window
/// regaining focus, the network coming back), as TanStack's `refetchOnMount` /
/// `refetchOnWindowFocus` / `refetchOnReconnect` (`true`, `false` or `"always"`). A `bool`
/// converts into it, so `refetch_on_window_focus(false)` still compiles. A query without
/// data is always fetched on mount.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, FetchError, QueryOptions, Refetch};
/// assert_eq!(Refetch::from(true), Refetch::IfStale);
/// assert_eq!(Refetch::from(false), Refetch::Never);
/// // A dashboard that reloads whenever the user comes back to it, fresh or not.
/// let o = QueryOptions::new(keys!["stats"], |_| async { Ok::<u8, FetchError>(1) })
///     .stale_time(60_000)
///     .refetch_on_window_focus(Refetch::Always)
///     .refetch_on_reconnect(Refetch::Always);
/// # let _ = o;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refetch {
    /// When the data is stale (`true`, the default).
    #[default]
    IfStale,
    /// Never while there is data (`false`).
    Never,
    /// Even when the data is fresh (`"always"`).
    Always,
}

/// [`Refetch`] under the name it had when only `refetch_on_mount` took it.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{Refetch, RefetchOnMount};
/// assert_eq!(RefetchOnMount::Always, Refetch::Always);
/// ```
pub type RefetchOnMount = Refetch;

impl Refetch {
    /// Whether an event refetches data that is `stale` or not.
    pub(crate) fn wants(self, stale: bool) -> bool {
        match self {
            Refetch::IfStale => stale,
            Refetch::Never => false,
            Refetch::Always => true,
        }
    }
}

impl From<bool> for Refetch {
    fn from(on: bool) -> Self {
        if on {
            RefetchOnMount::IfStale
        } else {
            RefetchOnMount::Never
        }
    }
}

type PlaceholderFn<T> = Rc<dyn Fn(Option<&Rc<T>>) -> Option<Rc<T>>>;

/// Data shown while a query has none: a value, or a function of the data the observer
/// showed before (the previous key's, when the key changed).
pub(crate) enum Placeholder<T> {
    Value(Rc<T>),
    With(PlaceholderFn<T>),
}

impl<T> Clone for Placeholder<T> {
    fn clone(&self) -> Self {
        match self {
            Placeholder::Value(v) => Placeholder::Value(v.clone()),
            Placeholder::With(f) => Placeholder::With(f.clone()),
        }
    }
}

impl<T> Placeholder<T> {
    /// The placeholder, given the data shown before (the app's code, for a function:
    /// called with no borrow held).
    pub fn get(&self, previous: Option<&Rc<T>>) -> Option<Rc<T>> {
        match self {
            Placeholder::Value(v) => Some(v.clone()),
            Placeholder::With(f) => f(previous),
        }
    }
}

/// The placeholder function that keeps showing the data the observer showed before
/// while a new key loads, as TanStack's `keepPreviousData`: a list paged by a key
/// shows the old page (with `is_placeholder` set) instead of a spinner.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keep_previous_data, keys, FetchError, QueryOptions};
/// let page = 2;
/// let opts = QueryOptions::new(keys!["todos", "page", page], |_| async { Ok::<_, FetchError>(vec![1, 2]) })
///     .placeholder_data_with(keep_previous_data);
/// # let _ = opts;
/// ```
pub fn keep_previous_data<T>(previous: Option<&Rc<T>>) -> Option<Rc<T>> {
    previous.cloned()
}

/// How to fetch and keep one query, as TanStack's `useQuery` options.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, FetchError, QueryOptions};
/// let opts = QueryOptions::new(keys!["todos"], |_ctx| async { Ok::<_, FetchError>(vec![1, 2]) })
///     .stale_time(10_000)
///     .enabled(true);
/// assert_eq!(opts.key(), &keys!["todos"]);
/// ```
pub struct QueryOptions<T, E = String> {
    pub(crate) key: QueryKey,
    pub(crate) spec: FetchSpec,
    /// Whether `retry` / `network_mode` were set here, or come from the client's config.
    pub(crate) retry_set: bool,
    pub(crate) network_mode_set: bool,
    pub(crate) enabled: bool,
    /// Made by [`new_or_skip`](Self::new_or_skip) without arguments: never enabled.
    pub(crate) skipped: bool,
    pub(crate) stale_time: Option<Millis>,
    pub(crate) gc_time: Option<Millis>,
    /// `None`: not set here (a key's defaults, else `true`).
    pub(crate) refetch_on_window_focus: Option<Refetch>,
    pub(crate) refetch_on_reconnect: Option<Refetch>,
    pub(crate) refetch_interval: Option<Interval>,
    pub(crate) refetch_interval_in_background: bool,
    pub(crate) refetch_on_mount: RefetchOnMount,
    pub(crate) placeholder: Option<Placeholder<T>>,
    pub(crate) initial_data_updated_at: Option<Millis>,
    pub(crate) revalidate_if_stale: bool,
    pub(crate) notify_on: NotifyOn,
    _error: std::marker::PhantomData<E>,
}

impl<T, E> Clone for QueryOptions<T, E> {
    fn clone(&self) -> Self {
        QueryOptions {
            key: self.key.clone(),
            spec: self.spec.clone(),
            retry_set: self.retry_set,
            network_mode_set: self.network_mode_set,
            enabled: self.enabled,
            skipped: self.skipped,
            stale_time: self.stale_time,
            gc_time: self.gc_time,
            refetch_on_window_focus: self.refetch_on_window_focus,
            refetch_on_reconnect: self.refetch_on_reconnect,
            refetch_interval: self.refetch_interval,
            refetch_interval_in_background: self.refetch_interval_in_background,
            refetch_on_mount: self.refetch_on_mount,
            placeholder: self.placeholder.clone(),
            initial_data_updated_at: self.initial_data_updated_at,
            revalidate_if_stale: self.revalidate_if_stale,
            notify_on: self.notify_on,
            _error: std::marker::PhantomData,
        }
    }
}

impl<T: 'static, E: Clone + fmt::Display + 'static> QueryOptions<T, E> {
    /// Options for `key`, fetched by `fetcher`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions};
    /// let _ = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// ```
    pub fn new<F, Fut>(key: QueryKey, fetcher: F) -> Self
    where
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        Self::with_spec(
            key,
            FetchSpec::new(fetcher, RetryPolicy::default(), NetworkMode::Online),
        )
    }

    /// Options for the key a [`TypedKey`] names: the fetcher must produce the key's
    /// type, so a fetcher of another type is a compile error.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{FetchError, QueryOptions, TypedKey};
    /// let todos: TypedKey<Vec<String>> = TypedKey::new(yew_optimistic::keys!["todos"]);
    /// let opts = QueryOptions::typed(&todos, |_| async { Ok::<_, FetchError>(vec!["a".to_string()]) });
    /// assert_eq!(opts.key(), todos.key());
    /// ```
    ///
    /// ```compile_fail
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{FetchError, QueryOptions, TypedKey};
    /// let todos: TypedKey<Vec<String>> = TypedKey::new(yew_optimistic::keys!["todos"]);
    /// // The key holds a list of strings; a fetcher of numbers does not compile.
    /// let opts = QueryOptions::typed(&todos, |_| async { Ok::<_, FetchError>(42_u32) });
    /// ```
    pub fn typed<F, Fut>(key: &TypedKey<T>, fetcher: F) -> Self
    where
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        Self::new(key.key().clone(), fetcher)
    }

    /// Decides whether to retry a failed fetch, as TanStack's `retry` given a function:
    /// `f(failure_count, error)`, where `failure_count` counts the failures before this
    /// one (0 on the first). It replaces the policy's count and error-kind rule (so it
    /// may retry a 404, or stop a 503 at once); delays still come from the policy unless
    /// [`retry_delay`](Self::retry_delay) is set. It runs with no borrow of the client
    /// held.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions};
    /// // Three retries, but never for "not found".
    /// let o = QueryOptions::new(keys!["user", 7], |_| async { Ok::<u8, FetchError>(1) })
    ///     .retry_if(|failure_count, e: &FetchError| {
    ///         failure_count < 3 && !matches!(e, FetchError::Http { status: 404, .. })
    ///     });
    /// # let _ = o;
    /// ```
    pub fn retry_if(mut self, f: impl Fn(u32, &FetchError<E>) -> bool + 'static) -> Self {
        self.spec.retry_if = Some(Rc::new(move |n, e: &ErasedError| f(n, &e.typed::<E>())));
        self
    }

    /// The delay before a retry, as TanStack's `retryDelay` given a function:
    /// `f(failure_count, error)` in milliseconds, with the arguments of
    /// [`retry_if`](Self::retry_if). Without it, the policy's exponential backoff with
    /// jitter applies.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions};
    /// // Wait longer when the server says it is busy.
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })
    ///     .retry_delay(|failure_count, e: &FetchError| match e {
    ///         FetchError::Http { status: 429, .. } => 5_000,
    ///         _ => 500 * 2_u64.pow(failure_count),
    ///     });
    /// # let _ = o;
    /// ```
    pub fn retry_delay(mut self, f: impl Fn(u32, &FetchError<E>) -> Millis + 'static) -> Self {
        self.spec.retry_delay = Some(Rc::new(move |n, e: &ErasedError| f(n, &e.typed::<E>())));
        self
    }
}

impl<T: 'static, E> QueryOptions<T, E> {
    /// Keeps what a fetched answer shares with the data already cached (TanStack's
    /// `structuralSharing`): `share(cached, answer)` returns data equal to `answer`, built
    /// out of `cached` where the two agree, so unchanged parts stay the same allocations
    /// and comparing the two versions is cheap. [`CollectionObserver`](crate::CollectionObserver)
    /// sets [`Collection::share_from`](crate::Collection::share_from) for its query: a
    /// refetch of 10,000 rows of which 10 changed is compared in O(10 · log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, Collection, FetchError, QueryOptions};
    /// let opts = QueryOptions::new(keys!["rows"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([1_u32, 2], |n| *n))
    /// })
    /// .structural_sharing(|cached: &Collection<u32, u32>, answer: &Collection<u32, u32>| cached.share_from(answer));
    /// # let _ = opts;
    /// ```
    pub fn structural_sharing(mut self, share: impl Fn(&T, &T) -> T + 'static) -> Self {
        self.spec.finish = Some(Rc::new(move |cached: Option<&AnyRc>, answer: AnyRc| {
            let pair = cached
                .and_then(|c| c.downcast_ref::<T>())
                .zip(answer.downcast_ref::<T>());
            match pair {
                Some((cached, new)) => Rc::new(share(cached, new)) as AnyRc,
                None => answer,
            }
        }));
        self
    }

    /// Data the query's entry starts with, as TanStack's `initialData`: unlike
    /// placeholder data it is written to the cache (other observers and
    /// `get_query_data` see it) and counts as the query's data for staleness, from
    /// [`initial_data_updated_at`](Self::initial_data_updated_at) (default: when it is
    /// written). With the default `stale_time` of 0 it is shown and refetched at once;
    /// with a longer one, not fetched until it goes stale. It is written only into an
    /// entry that has no data and no fetch running, and `reset_queries` brings it back.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(2) })
    ///     .initial_data(1)
    ///     .stale_time(60_000);
    /// let obs = QueryObserver::new(&client, opts).unwrap();
    /// assert_eq!(obs.result().data.as_deref(), Some(&1));
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 0, "fresh initial data is not fetched");
    /// ```
    pub fn initial_data(mut self, data: T) -> Self {
        let data: AnyRc = Rc::new(data);
        self.spec.initial = Some(InitialData {
            make: Rc::new(move || Some(data.clone())),
            updated_at: None,
        });
        self
    }

    /// Like [`initial_data`](Self::initial_data), computed when the entry is made (only
    /// then); `None` leaves the entry empty. It may read the cache, e.g. the list a
    /// detail view's item is in.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["todos"], vec![(7_u32, "walk dog".to_string())]).unwrap();
    /// let c = client.clone();
    /// let detail = QueryOptions::new(keys!["todo", 7], |_| async { Ok::<_, FetchError>("walk dog".to_string()) })
    ///     .initial_data_with(move || {
    ///         let list = c.get_query_data::<Vec<(u32, String)>>(&keys!["todos"]).ok()??;
    ///         list.iter().find(|(id, _)| *id == 7).map(|(_, title)| title.clone())
    ///     });
    /// # let _ = detail;
    /// ```
    pub fn initial_data_with(mut self, f: impl Fn() -> Option<T> + 'static) -> Self {
        self.spec.initial = Some(InitialData {
            make: Rc::new(move || f().map(|t| Rc::new(t) as AnyRc)),
            updated_at: None,
        });
        self
    }

    /// When the initial data was current, on the client's clock (TanStack's
    /// `initialDataUpdatedAt`): data older than `stale_time` is fetched at once.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions};
    /// let saved_at = 1_700_000_000_000; // e.g. when the server rendered the page
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })
    ///     .initial_data(0)
    ///     .initial_data_updated_at(saved_at);
    /// # let _ = o;
    /// ```
    pub fn initial_data_updated_at(mut self, at: Millis) -> Self {
        self.initial_data_updated_at = Some(at);
        self
    }

    /// Data shown while there is none, computed from the data the observer showed
    /// before: the previous key's data when the key changed (a new page of a paged
    /// list), as TanStack's `placeholderData` given a function. Never written to the
    /// cache; the result says `is_placeholder`. Pass [`keep_previous_data`] to keep
    /// showing the previous data while the new key loads.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions};
    /// use std::rc::Rc;
    /// // An empty page with the previous page's length, while the new one loads.
    /// let o = QueryOptions::new(keys!["page", 2], |_| async { Ok::<_, FetchError>(vec![0_u8; 10]) })
    ///     .placeholder_data_with(|previous: Option<&Rc<Vec<u8>>>| {
    ///         Some(Rc::new(vec![0; previous.map_or(10, |p| p.len())]))
    ///     });
    /// # let _ = o;
    /// ```
    pub fn placeholder_data_with(
        mut self,
        f: impl Fn(Option<&Rc<T>>) -> Option<Rc<T>> + 'static,
    ) -> Self {
        self.placeholder = Some(Placeholder::With(Rc::new(f)));
        self
    }
}

impl<T, E> QueryOptions<T, E> {
    /// Options over a ready-made fetch spec (used by infinite queries).
    pub(crate) fn with_spec(key: QueryKey, spec: FetchSpec) -> Self {
        QueryOptions {
            key,
            spec,
            retry_set: false,
            network_mode_set: false,
            enabled: true,
            skipped: false,
            stale_time: None,
            gc_time: None,
            refetch_on_window_focus: None,
            refetch_on_reconnect: None,
            refetch_interval: None,
            refetch_interval_in_background: false,
            refetch_on_mount: RefetchOnMount::IfStale,
            placeholder: None,
            initial_data_updated_at: None,
            revalidate_if_stale: false,
            notify_on: NotifyOn::All,
            _error: std::marker::PhantomData,
        }
    }

    /// The fetch spec to register: the initial data's timestamp joins it.
    pub(crate) fn spec_to_register(&self) -> FetchSpec {
        let mut spec = self.spec.clone();
        if let Some(initial) = &mut spec.initial {
            initial.updated_at = self.initial_data_updated_at;
        }
        spec
    }
}

impl<T, E> QueryOptions<T, E> {
    /// The key.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// assert_eq!(o.key(), &keys!["n"]);
    /// ```
    pub fn key(&self) -> &QueryKey {
        &self.key
    }

    /// Whether the query fetches at all (a dependent query waits with `false`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).enabled(false);
    /// ```
    pub fn enabled(mut self, enabled: bool) -> Self {
        // A skipped query has nothing to fetch with: it stays off.
        self.enabled = enabled && !self.skipped;
        self
    }

    /// How long fetched data counts as fresh.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).stale_time(60_000);
    /// ```
    pub fn stale_time(mut self, ms: Millis) -> Self {
        self.stale_time = Some(ms);
        self
    }

    /// How long the entry is kept once nobody observes it.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).gc_time(0);
    /// ```
    pub fn gc_time(mut self, ms: Millis) -> Self {
        self.gc_time = Some(ms);
        self
    }

    /// Retry policy of the fetch (default: the client's `query_retry`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions, RetryPolicy};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).retry(RetryPolicy::never());
    /// ```
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.spec.retry = retry;
        self.retry_set = true;
        self
    }

    /// Network mode of the fetch (default: the client's `network_mode`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, NetworkMode, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).network_mode(NetworkMode::Always);
    /// ```
    pub fn network_mode(mut self, mode: NetworkMode) -> Self {
        self.spec.network_mode = mode;
        self.network_mode_set = true;
        self
    }

    /// Refetch when the window regains focus: stale data (`true`, [`Refetch::IfStale`], the
    /// default), never (`false`), or even fresh data ([`Refetch::Always`], TanStack's
    /// `"always"`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions, Refetch};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_window_focus(false);
    /// let p = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_window_focus(Refetch::Always);
    /// # let _ = (o, p);
    /// ```
    pub fn refetch_on_window_focus(mut self, on: impl Into<Refetch>) -> Self {
        self.refetch_on_window_focus = Some(on.into());
        self
    }

    /// Refetch when the network comes back: stale data (`true`, the default), never
    /// (`false`), or even fresh data ([`Refetch::Always`]).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions, Refetch};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_reconnect(false);
    /// let p = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_reconnect(Refetch::Always);
    /// # let _ = (o, p);
    /// ```
    pub fn refetch_on_reconnect(mut self, on: impl Into<Refetch>) -> Self {
        self.refetch_on_reconnect = Some(on.into());
        self
    }

    /// Refetch every `ms` while observed and the page is visible (a hidden tab pauses it,
    /// a window that merely lost focus does not; see
    /// [`refetch_interval_in_background`](Self::refetch_interval_in_background)).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_interval(5_000);
    /// ```
    pub fn refetch_interval(mut self, ms: Millis) -> Self {
        self.refetch_interval = Interval::every(ms);
        self
    }

    /// Keeps polling (`refetch_interval`) while the page is hidden, as TanStack's
    /// `refetchIntervalInBackground`; off by default.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })
    ///     .refetch_interval(5_000)
    ///     .refetch_interval_in_background(true);
    /// ```
    pub fn refetch_interval_in_background(mut self, on: bool) -> Self {
        self.refetch_interval_in_background = on;
        self
    }

    /// Data shown while there is none yet (the query is pending); never written to the
    /// cache. The result then says `is_placeholder` and, as in TanStack, `status` is
    /// success. See [`placeholder_data_with`](Self::placeholder_data_with) for a
    /// placeholder made from the previous data.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).placeholder_data(0);
    /// ```
    pub fn placeholder_data(mut self, data: T) -> Self {
        self.placeholder = Some(Placeholder::Value(Rc::new(data)));
        self
    }

    /// Whether a new observer refetches (TanStack's `refetchOnMount`): `true` (the
    /// default) when the data is stale, `false` never while there is data, or
    /// [`RefetchOnMount::Always`].
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions, RefetchOnMount};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_mount(false);
    /// let p = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_mount(RefetchOnMount::Always);
    /// # let _ = (o, p);
    /// ```
    pub fn refetch_on_mount(mut self, on: impl Into<RefetchOnMount>) -> Self {
        self.refetch_on_mount = on.into();
        self
    }

    /// For [`QueryClient::ensure_query_data`](crate::QueryClient::ensure_query_data):
    /// when the cached data is stale, also refetch it in the background (TanStack's
    /// `revalidateIfStale`; default `false`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).revalidate_if_stale(true);
    /// ```
    pub fn revalidate_if_stale(mut self, on: bool) -> Self {
        self.revalidate_if_stale = on;
        self
    }

    /// The app's own value for this query, as TanStack's `meta`: the engine never reads
    /// it; the fetcher gets it ([`FetchContext::meta`]) and
    /// [`QueryClient::inspect`](crate::QueryClient::inspect) shows it, so code that sees
    /// queries without their types (an event log, a global error message) can read it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["todos"], |ctx| async move {
    ///     // The fetcher reads it too.
    ///     assert_eq!(ctx.meta.as_ref().and_then(|m| m.get::<&str>()), Some(&"Could not load your todos"));
    ///     Ok::<_, FetchError>(vec![1])
    /// })
    /// .meta("Could not load your todos");
    /// client.prefetch_query(&opts);
    /// rt.run();
    /// let snap = client.inspect(&keys!["todos"]).unwrap();
    /// assert_eq!(snap.meta.unwrap().get::<&str>(), Some(&"Could not load your todos"));
    /// ```
    pub fn meta<M: std::any::Any + fmt::Debug>(mut self, meta: M) -> Self {
        self.spec.meta = Some(Meta::new(meta));
        self
    }

    /// Which changes notify observers; [`NotifyOn::Data`] ignores fetch-status changes, so
    /// a refetch that returns equal data notifies nobody.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, NotifyOn, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).notify_on(NotifyOn::Data);
    /// ```
    pub fn notify_on(mut self, notify_on: NotifyOn) -> Self {
        self.notify_on = notify_on;
        self
    }
}
