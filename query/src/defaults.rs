//! Options by key: TanStack's `setQueryDefaults` / `setMutationDefaults`.

use crate::client::QueryClient;
use crate::fetch::FetchSpec;
use crate::key::QueryKey;
use crate::meta::Meta;
use crate::mutation::options::MutationSpec;
use crate::network::NetworkMode;
use crate::observer::Interval;
use crate::query_options::Refetch;
use crate::retry::RetryPolicy;
use crate::runtime::Millis;
use std::rc::Rc;

/// The observer flags a key's defaults set (focus, reconnect, interval); all `None`
/// without defaults.
pub(crate) type DefaultFlags = (Option<Refetch>, Option<Refetch>, Option<Interval>);

/// Options every query under a key prefix starts from
/// ([`QueryClient::set_query_defaults`]): each one set here applies to a query that does
/// not set it itself. Unset ones fall through to a shorter matching prefix, then to the
/// client's [`ClientConfig`](crate::ClientConfig).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{QueryDefaults, RetryPolicy};
/// let d = QueryDefaults::default().stale_time(60_000).retry(RetryPolicy::never());
/// # let _ = d;
/// ```
#[derive(Clone, Debug, Default)]
pub struct QueryDefaults {
    stale_time: Option<Millis>,
    gc_time: Option<Millis>,
    retry: Option<RetryPolicy>,
    network_mode: Option<NetworkMode>,
    refetch_on_window_focus: Option<Refetch>,
    refetch_on_reconnect: Option<Refetch>,
    refetch_interval: Option<Interval>,
    meta: Option<Meta>,
}

impl QueryDefaults {
    /// Default of [`QueryOptions::stale_time`](crate::QueryOptions::stale_time).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::QueryDefaults::default().stale_time(30_000);
    /// # let _ = d;
    /// ```
    pub fn stale_time(mut self, ms: Millis) -> Self {
        self.stale_time = Some(ms);
        self
    }

    /// Default of [`QueryOptions::gc_time`](crate::QueryOptions::gc_time).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::QueryDefaults::default().gc_time(0);
    /// # let _ = d;
    /// ```
    pub fn gc_time(mut self, ms: Millis) -> Self {
        self.gc_time = Some(ms);
        self
    }

    /// Default of [`QueryOptions::retry`](crate::QueryOptions::retry).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{QueryDefaults, RetryPolicy};
    /// let d = QueryDefaults::default().retry(RetryPolicy::times(1));
    /// # let _ = d;
    /// ```
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Default of [`QueryOptions::network_mode`](crate::QueryOptions::network_mode).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{NetworkMode, QueryDefaults};
    /// let d = QueryDefaults::default().network_mode(NetworkMode::Always);
    /// # let _ = d;
    /// ```
    pub fn network_mode(mut self, mode: NetworkMode) -> Self {
        self.network_mode = Some(mode);
        self
    }

    /// Default of
    /// [`QueryOptions::refetch_on_window_focus`](crate::QueryOptions::refetch_on_window_focus).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::QueryDefaults::default().refetch_on_window_focus(false);
    /// # let _ = d;
    /// ```
    pub fn refetch_on_window_focus(mut self, on: impl Into<Refetch>) -> Self {
        self.refetch_on_window_focus = Some(on.into());
        self
    }

    /// Default of
    /// [`QueryOptions::refetch_on_reconnect`](crate::QueryOptions::refetch_on_reconnect).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::QueryDefaults::default().refetch_on_reconnect(false);
    /// # let _ = d;
    /// ```
    pub fn refetch_on_reconnect(mut self, on: impl Into<Refetch>) -> Self {
        self.refetch_on_reconnect = Some(on.into());
        self
    }

    /// Default of [`QueryOptions::refetch_interval`](crate::QueryOptions::refetch_interval)
    /// (a query without an interval of its own polls every `ms`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::QueryDefaults::default().refetch_interval(5_000);
    /// # let _ = d;
    /// ```
    pub fn refetch_interval(mut self, ms: Millis) -> Self {
        self.refetch_interval = Interval::every(ms);
        self
    }

    /// Default of [`QueryOptions::meta`](crate::QueryOptions::meta).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::QueryDefaults::default().meta("Could not load the admin pages");
    /// # let _ = d;
    /// ```
    pub fn meta<M: std::any::Any + std::fmt::Debug>(mut self, meta: M) -> Self {
        self.meta = Some(Meta::new(meta));
        self
    }

    /// `self` over `under`: what `self` leaves unset comes from `under`.
    fn over(self, under: &QueryDefaults) -> QueryDefaults {
        QueryDefaults {
            stale_time: self.stale_time.or(under.stale_time),
            gc_time: self.gc_time.or(under.gc_time),
            retry: self.retry.or(under.retry),
            network_mode: self.network_mode.or(under.network_mode),
            refetch_on_window_focus: self
                .refetch_on_window_focus
                .or(under.refetch_on_window_focus),
            refetch_on_reconnect: self.refetch_on_reconnect.or(under.refetch_on_reconnect),
            refetch_interval: self.refetch_interval.or(under.refetch_interval),
            meta: self.meta.or_else(|| under.meta.clone()),
        }
    }
}

/// Options every call of a mutation key starts from
/// ([`QueryClient::set_mutation_defaults`]), as [`QueryDefaults`] for queries.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{MutationDefaults, RetryPolicy};
/// let d = MutationDefaults::default().retry(RetryPolicy::never());
/// # let _ = d;
/// ```
#[derive(Clone, Debug, Default)]
pub struct MutationDefaults {
    retry: Option<RetryPolicy>,
    network_mode: Option<NetworkMode>,
    meta: Option<Meta>,
}

impl MutationDefaults {
    /// Default of [`MutationOptions::retry`](crate::MutationOptions::retry).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{MutationDefaults, RetryPolicy};
    /// let d = MutationDefaults::default().retry(RetryPolicy::times(5));
    /// # let _ = d;
    /// ```
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Default of [`MutationOptions::network_mode`](crate::MutationOptions::network_mode).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{MutationDefaults, NetworkMode};
    /// let d = MutationDefaults::default().network_mode(NetworkMode::OfflineFirst);
    /// # let _ = d;
    /// ```
    pub fn network_mode(mut self, mode: NetworkMode) -> Self {
        self.network_mode = Some(mode);
        self
    }

    /// Default of [`MutationOptions::meta`](crate::MutationOptions::meta).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let d = yew_optimistic::optimistic_query::MutationDefaults::default().meta("Could not save");
    /// # let _ = d;
    /// ```
    pub fn meta<M: std::any::Any + std::fmt::Debug>(mut self, meta: M) -> Self {
        self.meta = Some(Meta::new(meta));
        self
    }

    fn over(self, under: &MutationDefaults) -> MutationDefaults {
        MutationDefaults {
            retry: self.retry.or(under.retry),
            network_mode: self.network_mode.or(under.network_mode),
            meta: self.meta.or_else(|| under.meta.clone()),
        }
    }
}

/// The defaults set so far, by key prefix. Replaced whole on every set (sets are rare,
/// reads many), so a read clones the `Rc` out and matches with no borrow held.
#[derive(Default)]
pub(crate) struct DefaultsTable {
    queries: Vec<(QueryKey, QueryDefaults)>,
    mutations: Vec<(QueryKey, MutationDefaults)>,
}

/// Merges the entries whose key is a prefix of `key`, the longest prefix on top. A key
/// has one prefix of each length and a table one entry per prefix, so going from the
/// longest length down needs no sort (whose code would ship in every app).
fn merged<D: Clone + Default>(
    table: &[(QueryKey, D)],
    key: &QueryKey,
    over: fn(D, &D) -> D,
) -> Option<D> {
    let mut found: Option<D> = None;
    for len in (0..=key.len()).rev() {
        if let Some((_, d)) = table
            .iter()
            .find(|(p, _)| p.len() == len && key.starts_with(p))
        {
            found = Some(over(found.unwrap_or_default(), d));
        }
    }
    found
}

/// The table behind a `dyn`: only `set_query_defaults` / `set_mutation_defaults` make
/// one, so an app that never sets defaults ships none of the matching code.
pub(crate) trait Lookup {
    /// Fills what a query's spec leaves unset (`set`: retry, network mode) from its
    /// key's defaults; returns the stale and collection times to register and the
    /// observer flags' defaults.
    fn fill_query(
        &self,
        key: &QueryKey,
        spec: &mut FetchSpec,
        set: (bool, bool),
        times: (Option<Millis>, Option<Millis>),
    ) -> ((Option<Millis>, Option<Millis>), DefaultFlags);
    fn query(&self, key: &QueryKey) -> Option<QueryDefaults>;
    fn mutation(&self, key: &QueryKey) -> Option<MutationDefaults>;
    fn table(&self) -> &DefaultsTable;
}

impl Lookup for DefaultsTable {
    fn fill_query(
        &self,
        key: &QueryKey,
        spec: &mut FetchSpec,
        (retry_set, network_mode_set): (bool, bool),
        times: (Option<Millis>, Option<Millis>),
    ) -> ((Option<Millis>, Option<Millis>), DefaultFlags) {
        let Some(d) = self.query(key) else {
            return (times, DefaultFlags::default());
        };
        if !retry_set {
            if let Some(r) = d.retry {
                spec.retry = r;
            }
        }
        if !network_mode_set {
            if let Some(m) = d.network_mode {
                spec.network_mode = m;
            }
        }
        if spec.meta.is_none() {
            spec.meta = d.meta.clone();
        }
        (QueryDefaults::times(Some(&d), times), d.flags())
    }

    fn query(&self, key: &QueryKey) -> Option<QueryDefaults> {
        merged(&self.queries, key, QueryDefaults::over)
    }

    fn mutation(&self, key: &QueryKey) -> Option<MutationDefaults> {
        merged(&self.mutations, key, MutationDefaults::over)
    }

    fn table(&self) -> &DefaultsTable {
        self
    }
}

impl QueryClient {
    /// Sets the options every query whose key starts with `key_prefix` starts from, as
    /// TanStack's `setQueryDefaults`: an option the query sets itself wins; otherwise
    /// the longest matching prefix that sets it, then a shorter one, then the client's
    /// [`ClientConfig`](crate::ClientConfig). Setting a prefix again replaces its
    /// defaults. They apply to queries registered from now on (a new observer, new
    /// options, `fetch_query` / `prefetch_query`), not to ones already running.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryDefaults, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// client.set_query_defaults(keys!["todos"], QueryDefaults::default().stale_time(60_000));
    /// let todos = QueryOptions::new(keys!["todos", 1], |_| async { Ok::<u8, FetchError>(1) });
    /// let _obs = QueryObserver::new(&client, todos.clone()).unwrap();
    /// rt.run();
    /// // Fresh for a minute by default: a second observer does not refetch.
    /// let _again = QueryObserver::new(&client, todos).unwrap();
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 1);
    /// ```
    pub fn set_query_defaults(&self, key_prefix: QueryKey, defaults: QueryDefaults) {
        self.replace_defaults(|t| {
            t.queries.retain(|(k, _)| *k != key_prefix);
            t.queries.push((key_prefix, defaults));
        });
    }

    /// Sets the options every call of a mutation whose key
    /// ([`MutationOptions::key`](crate::MutationOptions::key)) starts with `key` starts from, as TanStack's
    /// `setMutationDefaults`, with the rules of
    /// [`set_query_defaults`](Self::set_query_defaults). (A mutation's function and
    /// patches, for calls restored after a reload, are registered with
    /// [`register_mutation`](Self::register_mutation).)
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, MutationDefaults, MutationFilter, MutationObserver, MutationOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// client.set_mutation_defaults(keys!["todos"], MutationDefaults::default().meta("Could not save your todo"));
    /// let add = MutationOptions::new(|t: String, _| async move { Ok::<_, FetchError>(t) }).key(keys!["todos", "add"]);
    /// MutationObserver::new(&client, add).mutate("milk".into());
    /// let info = &client.mutation_infos(&MutationFilter::default())[0];
    /// assert_eq!(info.meta.as_ref().and_then(|m| m.get::<&str>()), Some(&"Could not save your todo"));
    /// ```
    pub fn set_mutation_defaults(&self, key: QueryKey, defaults: MutationDefaults) {
        self.replace_defaults(|t| {
            t.mutations.retain(|(k, _)| *k != key);
            t.mutations.push((key, defaults));
        });
    }

    fn replace_defaults(&self, change: impl FnOnce(&mut DefaultsTable)) {
        let old = self.st().defaults.take();
        let mut table = DefaultsTable {
            queries: old
                .as_ref()
                .map(|t| t.table().queries.clone())
                .unwrap_or_default(),
            mutations: old
                .as_ref()
                .map(|t| t.table().mutations.clone())
                .unwrap_or_default(),
        };
        change(&mut table);
        self.st().defaults = Some(Rc::new(table));
        // The old table holds the app's meta values: dropped with no borrow held.
        drop(old);
    }

    /// A mutation's spec with what it leaves unset filled from its key's defaults.
    pub(crate) fn fill_mutation_defaults(&self, spec: &mut MutationSpec) {
        let Some(key) = spec.key.as_ref() else { return };
        let Some(table) = self.st().defaults.clone() else {
            return;
        };
        let Some(d) = table.mutation(key) else {
            return;
        };
        spec.retry = spec.retry.or(d.retry);
        spec.network_mode = spec.network_mode.or(d.network_mode);
        if spec.meta.is_none() {
            spec.meta = d.meta;
        }
    }
}

impl QueryDefaults {
    /// The stale and collection times a query registers: its own, else these.
    pub(crate) fn times(
        d: Option<&QueryDefaults>,
        (stale, gc): (Option<Millis>, Option<Millis>),
    ) -> (Option<Millis>, Option<Millis>) {
        (
            stale.or(d.and_then(|d| d.stale_time)),
            gc.or(d.and_then(|d| d.gc_time)),
        )
    }

    /// The observer flags a query leaves unset: focus, reconnect, interval.
    pub(crate) fn flags(&self) -> DefaultFlags {
        (
            self.refetch_on_window_focus,
            self.refetch_on_reconnect,
            self.refetch_interval,
        )
    }
}
