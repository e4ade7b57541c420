//! How to fetch and keep one query: TanStack's `useQuery` options.

use crate::error::FetchError;
use crate::fetch::{FetchContext, FetchSpec};
use crate::key::QueryKey;
use crate::network::NetworkMode;
use crate::query_result::NotifyOn;
use crate::retry::RetryPolicy;
use crate::runtime::Millis;
use std::fmt;
use std::future::Future;
use std::rc::Rc;

/// How to fetch and keep one query, as TanStack's `useQuery` options.
///
/// ```
/// use optimistic_query::{keys, FetchError, QueryOptions};
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
    pub(crate) stale_time: Option<Millis>,
    pub(crate) gc_time: Option<Millis>,
    pub(crate) refetch_on_window_focus: bool,
    pub(crate) refetch_on_reconnect: bool,
    pub(crate) refetch_interval: Option<Millis>,
    pub(crate) placeholder: Option<Rc<T>>,
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
            stale_time: self.stale_time,
            gc_time: self.gc_time,
            refetch_on_window_focus: self.refetch_on_window_focus,
            refetch_on_reconnect: self.refetch_on_reconnect,
            refetch_interval: self.refetch_interval,
            placeholder: self.placeholder.clone(),
            notify_on: self.notify_on,
            _error: std::marker::PhantomData,
        }
    }
}

impl<T: 'static, E: Clone + fmt::Display + 'static> QueryOptions<T, E> {
    /// Options for `key`, fetched by `fetcher`.
    ///
    /// ```
    /// use optimistic_query::{keys, FetchError, QueryOptions};
    /// let _ = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// ```
    pub fn new<F, Fut>(key: QueryKey, fetcher: F) -> Self
    where
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        QueryOptions {
            key,
            spec: FetchSpec::new(fetcher, RetryPolicy::default(), NetworkMode::Online),
            retry_set: false,
            network_mode_set: false,
            enabled: true,
            stale_time: None,
            gc_time: None,
            refetch_on_window_focus: true,
            refetch_on_reconnect: true,
            refetch_interval: None,
            placeholder: None,
            notify_on: NotifyOn::All,
            _error: std::marker::PhantomData,
        }
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
        self.enabled = enabled;
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

    /// Refetch stale data when the window regains focus (default `true`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_window_focus(false);
    /// ```
    pub fn refetch_on_window_focus(mut self, on: bool) -> Self {
        self.refetch_on_window_focus = on;
        self
    }

    /// Refetch stale data when the network comes back (default `true`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_reconnect(false);
    /// ```
    pub fn refetch_on_reconnect(mut self, on: bool) -> Self {
        self.refetch_on_reconnect = on;
        self
    }

    /// Refetch every `ms` while observed.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_interval(5_000);
    /// ```
    pub fn refetch_interval(mut self, ms: Millis) -> Self {
        self.refetch_interval = Some(ms).filter(|ms| *ms > 0);
        self
    }

    /// Data shown while there is none yet; never written to the cache.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).placeholder_data(0);
    /// ```
    pub fn placeholder_data(mut self, data: T) -> Self {
        self.placeholder = Some(Rc::new(data));
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
