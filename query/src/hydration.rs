//! Dehydrate and hydrate (TanStack's `dehydrate` / `hydrate`): the confirmed data of
//! chosen queries written out on one client (a server rendering the page) and written
//! into another (the browser's, before its first render), so the page starts with the
//! data and does not fetch it again while it is fresh.
//!
//! # What a dehydrated state holds
//!
//! - the queries the filter picks that **succeeded** (status success: an entry whose
//!   last fetch failed, or that has no data yet, is left out, so the client fetches
//!   it), each with its key, the time its data was fetched (`updated_at`, the
//!   dehydrating client's clock) and its data as JSON;
//! - their data as the server holds it as far as that client knows: the confirmed data
//!   with the changes the server accepted that no answer brought back yet (the same
//!   copy [`persist_query`](crate::QueryClient::persist_query) writes);
//! - a format name and a version ([`HYDRATION_FORMAT`], [`HYDRATION_VERSION`]).
//!
//! It does **not** hold pending mutations (TanStack can dehydrate paused ones): a
//! server render has none, and a browser's pending calls travel in the persisted queue
//! ([`restore_mutations`](crate::QueryClient::restore_mutations)), which rebuilds their
//! layers on top of the hydrated data. Nor errors, fetch status, observers or options.
//!
//! # Types
//!
//! The cache holds data type-erased, so a query's type is named by the app: a
//! [`HydrationTypes`] value lists, per filter, the type of the queries it picks (build it
//! in one function shared by the server and the client code). Queries of the client's
//! [`persist_query`](crate::QueryClient::persist_query) registrations are covered too,
//! with the same JSON. A query no registration covers is left out of a dehydrated state
//! and skipped by `hydrate` (both say which). An app that never calls these functions
//! links none of this code.
//!
//! # The rules of [`hydrate`]
//!
//! 1. **Newer wins.** A query's data is written only when the cache has none for it, or
//!    has older data (an earlier `updated_at`). Data as fresh or fresher is kept.
//! 2. **Layers stay on top, and are never folded in twice.** A query with pending
//!    changes is not overwritten when it already has data, nor when one of its changes
//!    was sent (the server's copy may already hold it: painted again on top it could
//!    show twice). A query with no data whose changes were never sent (restored from
//!    the queue while offline, say) gets the data under them. So hydrate **after**
//!    [`restore_mutations`](crate::QueryClient::restore_mutations) (what
//!    `HydrationBoundary` under `QueryClientProvider` does): a restored call persisted
//!    as sent keeps the state off its keys (they are fetched, and rule 1 of the crate
//!    docs judges the answer), and unsent ones stay on top of the hydrated data.
//!    Hydrated before the queue, a restored sent call's layer would go on data that
//!    may already hold it.
//! 3. **All or nothing.** A state of another format or version, or one whose data does
//!    not fit the registered type, is refused with a [`HydrationError`] before anything
//!    is written: the cache is left as it was. Never a panic.
//! 4. The data is written as confirmed data fetched at its `updated_at`, so staleness
//!    carries over: a `use_query` with a `stale_time` the data is still within shows it
//!    in its first render and does not fetch on mount.

use crate::client::QueryClient;
use crate::entry::QueryStatus;
use crate::event::CacheEvent;
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::persist::{codec_of, QueryCodec};
use crate::runtime::Millis;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

/// Name written in every dehydrated state.
pub const HYDRATION_FORMAT: &str = "yew-optimistic/dehydrated";
/// The dehydrated state format version this build reads and writes.
pub const HYDRATION_VERSION: u32 = 1;

/// The types of the queries that can be dehydrated and hydrated, by filter: the first
/// registration whose filter matches a key names its type.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, hydration::HydrationTypes};
/// // One function, used by the server and by the client.
/// fn types() -> HydrationTypes {
///     HydrationTypes::new()
///         .query::<Vec<String>>(keys!["todos"])
///         .query::<u32>(keys!["count"])
/// }
/// assert_eq!(types().len(), 2);
/// ```
#[derive(Clone, Default)]
pub struct HydrationTypes {
    codecs: Rc<Vec<Rc<dyn QueryCodec>>>,
}

impl HydrationTypes {
    /// No types yet (the client's `persist_query` registrations still apply).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::optimistic_query::hydration::HydrationTypes::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds: the queries `filter` picks hold `T`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, hydration::HydrationTypes};
    /// let types = HydrationTypes::new().query::<Vec<String>>(keys!["todos"]);
    /// assert_eq!(types.len(), 1);
    /// ```
    pub fn query<T: Serialize + DeserializeOwned + 'static>(
        self,
        filter: impl Into<QueryFilter>,
    ) -> Self {
        let mut codecs = (*self.codecs).clone();
        codecs.push(codec_of::<T>(filter.into()));
        HydrationTypes {
            codecs: Rc::new(codecs),
        }
    }

    /// How many registrations it holds.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::optimistic_query::hydration::HydrationTypes::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.codecs.len()
    }

    /// Whether it holds none.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::optimistic_query::hydration::HydrationTypes::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.codecs.is_empty()
    }

    /// Whether two values are the same registrations (clones of one value): what a Yew
    /// prop comparison needs.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::hydration::HydrationTypes;
    /// let types = HydrationTypes::new();
    /// assert!(types.same(&types.clone()));
    /// ```
    pub fn same(&self, other: &HydrationTypes) -> bool {
        Rc::ptr_eq(&self.codecs, &other.codecs)
    }

    /// This registry's codecs, then the client's persisted-query codecs.
    fn codecs_with(&self, client: &QueryClient) -> Vec<Rc<dyn QueryCodec>> {
        let mut codecs: Vec<Rc<dyn QueryCodec>> = (*self.codecs).clone();
        codecs.extend(client.st().persist.codecs.iter().cloned());
        codecs
    }
}

impl PartialEq for HydrationTypes {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
    }
}

impl fmt::Debug for HydrationTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HydrationTypes")
            .field("len", &self.codecs.len())
            .finish()
    }
}

/// One query of a [`DehydratedState`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DehydratedQuery {
    /// Its key.
    pub key: QueryKey,
    /// When its data was fetched (the dehydrating client's clock, ms since the epoch).
    pub updated_at: Option<Millis>,
    /// Its data, as JSON.
    pub data: serde_json::Value,
}

/// The confirmed data of chosen queries, made by [`dehydrate`], read by [`hydrate`].
/// Serde (and [`to_json`](Self::to_json) / [`from_json`](Self::from_json)) carry it
/// from the server into the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DehydratedState {
    /// Always [`HYDRATION_FORMAT`].
    pub format: String,
    /// The format version it was written in ([`HYDRATION_VERSION`]).
    pub version: u32,
    /// When it was made (the dehydrating client's clock).
    pub dehydrated_at: Millis,
    /// The queries, sorted by key.
    pub queries: Vec<DehydratedQuery>,
    /// Queries the filter picked that no registration covers, so left out (not
    /// serialised: a note for the code that dehydrated).
    #[serde(skip)]
    pub left_out: Vec<QueryKey>,
}

impl DehydratedState {
    /// As JSON text for a `<script type="application/json">` in the page: `<`, `>` and
    /// `&` are written as JSON escapes (`\u003c`, ...), so the text cannot close the
    /// script element, and a page template that HTML-escapes what it inserts (most do
    /// by default) leaves it as it is: inside a script element the browser would not
    /// unescape it. (Yew's server renderer writes a script's text as it is.)
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// use yew_optimistic::optimistic_query::hydration::{dehydrate, DehydratedState, HydrationTypes};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["t"], "</script>".to_string()).unwrap();
    /// let types = HydrationTypes::new().query::<String>(keys!["t"]);
    /// assert!(!dehydrate(&client, &types, &QueryFilter::all()).to_json().contains('<'));
    /// ```
    pub fn to_json(&self) -> String {
        // Serialising plain JSON values and keys cannot fail; an empty state is the
        // safe answer should it ever.
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }

    /// Reads [`to_json`](Self::to_json)'s text, checking its format and version.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::hydration::{DehydratedState, HydrationError};
    /// assert!(matches!(DehydratedState::from_json("{oops"), Err(HydrationError::Corrupt(_))));
    /// ```
    pub fn from_json(text: &str) -> Result<DehydratedState, HydrationError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| HydrationError::Corrupt(e.to_string()))?;
        let format = value.get("format").and_then(|f| f.as_str());
        if format != Some(HYDRATION_FORMAT) {
            return Err(HydrationError::Corrupt(format!(
                "not a dehydrated state (format {format:?})"
            )));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(HYDRATION_VERSION) {
            return Err(HydrationError::OtherVersion(
                u32::try_from(version).unwrap_or(u32::MAX),
            ));
        }
        serde_json::from_value(value).map_err(|e| HydrationError::Corrupt(e.to_string()))
    }

    fn check(&self) -> Result<(), HydrationError> {
        if self.format != HYDRATION_FORMAT {
            return Err(HydrationError::Corrupt(format!(
                "not a dehydrated state (format {:?})",
                self.format
            )));
        }
        if self.version != HYDRATION_VERSION {
            return Err(HydrationError::OtherVersion(self.version));
        }
        Ok(())
    }
}

/// Why a dehydrated state was not hydrated (the cache was left as it was).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HydrationError {
    /// Not a dehydrated state, or malformed.
    Corrupt(String),
    /// Written by another format version (this build reads [`HYDRATION_VERSION`]).
    OtherVersion(u32),
    /// A query's data does not fit the type registered for its key.
    DataMismatch {
        /// The query.
        key: QueryKey,
        /// What the decoder said.
        reason: String,
    },
}

impl fmt::Display for HydrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HydrationError::Corrupt(why) => write!(f, "corrupt dehydrated state: {why}"),
            HydrationError::OtherVersion(v) => write!(
                f,
                "dehydrated state of format version {v}, this build reads {HYDRATION_VERSION}"
            ),
            HydrationError::DataMismatch { key, reason } => {
                write!(f, "dehydrated data of {key} {reason}")
            }
        }
    }
}

impl std::error::Error for HydrationError {}

/// What [`hydrate`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HydrateReport {
    /// Queries whose data was written.
    pub hydrated: Vec<QueryKey>,
    /// Queries kept as they were, with the reason (fresher data, pending changes, no
    /// registered type, a type other than the cached one).
    pub skipped: Vec<(QueryKey, String)>,
}

/// The confirmed data of the successful queries `filter` picks, for [`hydrate`] on
/// another client (see the [module](self) docs for what it holds).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
/// use yew_optimistic::optimistic_query::hydration::{dehydrate, hydrate, DehydratedState, HydrationTypes};
/// let types = HydrationTypes::new().query::<Vec<String>>(keys!["todos"]);
/// // On the server, after the page's queries were fetched:
/// let server = QueryClient::new(TestRuntime::new().runtime());
/// server.set_query_data(&keys!["todos"], vec!["milk".to_string()]).unwrap();
/// let text = dehydrate(&server, &types, &QueryFilter::all()).to_json();
/// // In the browser, before the first render:
/// let browser = QueryClient::new(TestRuntime::new().runtime());
/// let state = DehydratedState::from_json(&text).unwrap();
/// assert_eq!(hydrate(&browser, &types, &state).unwrap().hydrated, vec![keys!["todos"]]);
/// assert_eq!(*browser.get_query_data::<Vec<String>>(&keys!["todos"]).unwrap().unwrap(), vec!["milk"]);
/// ```
pub fn dehydrate(
    client: &QueryClient,
    types: &HydrationTypes,
    filter: &QueryFilter,
) -> DehydratedState {
    let codecs = types.codecs_with(client);
    let mut queries = Vec::new();
    let mut left_out = Vec::new();
    for key in client.query_keys(filter) {
        let succeeded = client
            .st()
            .queries
            .entries
            .get(&key)
            .is_some_and(|e| e.status == QueryStatus::Success && e.confirmed.is_some());
        if !succeeded {
            continue;
        }
        // Filters may carry user predicates: judged with no borrow held.
        let Some(codec) = codecs.iter().find(|c| c.filter().matches_key(&key)) else {
            left_out.push(key);
            continue;
        };
        let Some((data, updated_at)) = client.server_copy(&key) else {
            continue;
        };
        match codec.encode(&data) {
            Some(value) => queries.push(DehydratedQuery {
                key,
                updated_at,
                data: value,
            }),
            None => left_out.push(key),
        }
    }
    DehydratedState {
        format: HYDRATION_FORMAT.into(),
        version: HYDRATION_VERSION,
        dehydrated_at: client.now(),
        queries,
        left_out,
    }
}

/// Writes a [`DehydratedState`] into the client's cache by the rules of the
/// [module](self) docs: newer data wins, pending changes stay on top and are never
/// counted twice, and a state that cannot be read changes nothing.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
/// use yew_optimistic::optimistic_query::hydration::{dehydrate, hydrate, HydrationTypes};
/// let rt = TestRuntime::new();
/// let types = HydrationTypes::new().query::<u32>(keys!["n"]);
/// let server = QueryClient::new(rt.runtime());
/// server.set_query_data(&keys!["n"], 1_u32).unwrap();
/// let old = dehydrate(&server, &types, &QueryFilter::all());
/// rt.advance(10);
/// let browser = QueryClient::new(rt.runtime());
/// browser.set_query_data(&keys!["n"], 2_u32).unwrap(); // fetched later
/// let report = hydrate(&browser, &types, &old).unwrap();
/// assert!(report.hydrated.is_empty());
/// assert_eq!(*browser.get_query_data::<u32>(&keys!["n"]).unwrap().unwrap(), 2);
/// ```
pub fn hydrate(
    client: &QueryClient,
    types: &HydrationTypes,
    state: &DehydratedState,
) -> Result<HydrateReport, HydrationError> {
    state.check()?;
    let codecs = types.codecs_with(client);
    let mut report = HydrateReport::default();
    // Decode everything first: a query that does not fit refuses the whole state
    // before anything is written.
    let mut decoded: Vec<Decoded> = Vec::new();
    for q in &state.queries {
        let Some(codec) = codecs.iter().find(|c| c.filter().matches_key(&q.key)) else {
            report
                .skipped
                .push((q.key.clone(), "no type registered for this key".into()));
            continue;
        };
        match codec.decode(q.data.clone()) {
            Ok(data) => decoded.push((q.key.clone(), q.updated_at, data, codec.clone())),
            Err(reason) => {
                return Err(HydrationError::DataMismatch {
                    key: q.key.clone(),
                    reason,
                });
            }
        }
    }
    client.batch(|| {
        for (key, updated_at, data, codec) in decoded {
            let now = client.now();
            let mut guard = client.st();
            let st = &mut *guard;
            let seq = st.next_seq();
            let e = client.entry_mut(st, &key);
            let why_not = if e.confirmed.is_some() && !e.layers.is_empty() {
                Some("changes are pending on it")
            } else if !e.writes.is_empty() {
                Some("a change to it was sent: the server's copy may or may not hold it")
            } else if e.confirmed.is_some() && !older(e.data_updated_at, updated_at) {
                Some("the cache has data as fresh or fresher")
            } else {
                None
            };
            if let Some(why) = why_not {
                st.notify.bury(data);
                report.skipped.push((key, why.into()));
                continue;
            }
            if let Err(err) = QueryClient::check_type(e, codec.tag()) {
                st.notify.bury(data);
                report.skipped.push((key, err.to_string()));
                continue;
            }
            let replaced = e.write_confirmed(data, seq, false, now);
            e.data_updated_at = updated_at.or(Some(state.dehydrated_at));
            st.notify.bury(replaced);
            QueryClient::mark_dirty(st, &key);
            QueryClient::emit_in(st, now, CacheEvent::DataSet { key: key.clone() });
            report.hydrated.push(key);
        }
    });
    Ok(report)
}

/// A query of a state, decoded: key, fetch time, data, and the codec that read it.
type Decoded = (QueryKey, Option<Millis>, AnyRc, Rc<dyn QueryCodec>);

/// Whether the cached data, fetched at `cached`, is older than data fetched at
/// `incoming`. Cached data of unknown age is kept (it cannot be shown to be older).
fn older(cached: Option<Millis>, incoming: Option<Millis>) -> bool {
    match (cached, incoming) {
        (Some(c), Some(i)) => c < i,
        _ => false,
    }
}
