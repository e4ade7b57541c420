//! Persisted queries (what TanStack's `persistQueryClient` does): the confirmed data of
//! chosen queries written to storage with a timestamp, a maximum age and a buster, and
//! restored before the first render, under the restored queue's layers.

use crate::client::QueryClient;
use crate::event::CacheEvent;
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::layer::{fold, AnyRc, Layer, TypeTag};
use crate::runtime::Millis;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;
use std::rc::Rc;

/// Name written in every persisted query cache.
pub const QUERY_CACHE_FORMAT: &str = "yew-optimistic/query-cache";
/// The query cache format version this build reads and writes.
pub const QUERY_CACHE_VERSION: u32 = 1;

/// Where and for how long chosen queries are persisted (part of
/// [`ClientConfig`](crate::ClientConfig)).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::persist::QueryPersistence;
/// let p = QueryPersistence { buster: "v2".into(), ..Default::default() };
/// assert_eq!(p.max_age, 24 * 60 * 60 * 1_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryPersistence {
    /// Storage key of the persisted queries.
    pub storage_key: String,
    /// Data older than this is not restored (TanStack's `maxAge`, default 24 h).
    pub max_age: Millis,
    /// Data saved under another buster is not restored: change it when the shape of
    /// the data changes (TanStack's `buster`).
    pub buster: String,
    /// Writes after fetches are at most this often (default 1 s). A mutation's settle
    /// writes at once, together with the queue, so a reload never finds the queue
    /// without the data it settled into.
    pub throttle: Millis,
}

impl Default for QueryPersistence {
    fn default() -> Self {
        QueryPersistence {
            storage_key: "yew-optimistic/queries".into(),
            max_age: 24 * 60 * 60 * 1_000,
            buster: String::new(),
            throttle: 1_000,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct StoredCache {
    format: String,
    version: u32,
    buster: String,
    saved_at: Millis,
    queries: Vec<StoredQuery>,
}

#[derive(Serialize, Deserialize)]
struct StoredQuery {
    key: QueryKey,
    updated_at: Option<Millis>,
    data: serde_json::Value,
}

/// Why a stored query cache was not restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryCacheDiscarded {
    /// Saved longer ago than `max_age`.
    Expired {
        /// How old it was.
        age: Millis,
    },
    /// Saved under another buster.
    Busted {
        /// The buster it was saved under.
        found: String,
    },
    /// Written by another format version.
    OtherVersion(u32),
    /// Not a query cache, or malformed; the text was copied to `backup_key`.
    Corrupt {
        /// What the parser said.
        reason: String,
        /// Where the text was kept.
        backup_key: String,
    },
}

/// What [`QueryClient::restore_queries`] did.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// assert!(client.restore_queries().restored.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryRestoreReport {
    /// Queries whose confirmed data came back.
    pub restored: Vec<QueryKey>,
    /// Stored queries not restored, with the reason (no codec registered for the key,
    /// data that does not fit the type, live data already there).
    pub skipped: Vec<(QueryKey, String)>,
    /// Why the whole stored cache was not used, if it was not.
    pub discarded: Option<QueryCacheDiscarded>,
}

/// How the data of the queries a filter picks is written and read back.
pub(crate) trait QueryCodec {
    fn filter(&self) -> &QueryFilter;
    fn tag(&self) -> TypeTag;
    fn encode(&self, data: &AnyRc) -> Option<serde_json::Value>;
    fn decode(&self, value: serde_json::Value) -> Result<AnyRc, String>;
}

struct Codec<T>(QueryFilter, PhantomData<T>);

/// The codec of `T` for the queries `filter` picks (persisted queries and hydration
/// share it, so both write the same JSON).
pub(crate) fn codec_of<T: Serialize + DeserializeOwned + 'static>(
    filter: QueryFilter,
) -> Rc<dyn QueryCodec> {
    Rc::new(Codec::<T>(filter, PhantomData))
}

impl<T: Serialize + DeserializeOwned + 'static> QueryCodec for Codec<T> {
    fn filter(&self) -> &QueryFilter {
        &self.0
    }
    fn tag(&self) -> TypeTag {
        TypeTag::of::<T>()
    }
    fn encode(&self, data: &AnyRc) -> Option<serde_json::Value> {
        data.downcast_ref::<T>()
            .and_then(|t| serde_json::to_value(t).ok())
    }
    fn decode(&self, value: serde_json::Value) -> Result<AnyRc, String> {
        serde_json::from_value::<T>(value)
            .map(|t| Rc::new(t) as AnyRc)
            .map_err(|e| format!("does not fit `{}`: {e}", std::any::type_name::<T>()))
    }
}

impl QueryClient {
    /// Persists the confirmed data of the queries `filter` picks, which hold `T`: written
    /// after they change (throttled), restored by
    /// [`restore_queries`](Self::restore_queries) after a reload. Changes the server
    /// accepted are part of it; pending ones are not (the persisted queue rebuilds them
    /// on top).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.persist_query::<Vec<String>>(keys!["todos"]);
    /// ```
    pub fn persist_query<T: Serialize + DeserializeOwned + 'static>(
        &self,
        filter: impl Into<QueryFilter>,
    ) {
        // Persisting a query is asking for persistence.
        self.enable_persistence();
        let codec = codec_of::<T>(filter.into());
        self.st().persist.codecs.push(codec);
    }

    /// Reads the persisted queries and writes each one's data into the cache as
    /// confirmed data, with the time it was fetched (so staleness carries over), unless
    /// the entry already has data. Call it at start-up, before
    /// [`restore_mutations`](Self::restore_mutations), whose layers then go on top.
    /// An expired, busted, foreign or corrupt cache is not used; the report says why.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let rt = TestRuntime::new();
    /// let first = QueryClient::new(rt.runtime());
    /// first.persist_query::<Vec<String>>(keys!["todos"]);
    /// first.set_query_data(&keys!["todos"], vec!["milk".to_string()]).unwrap();
    /// first.persist_queries_now();
    /// // A reload: a new client over the same storage.
    /// let second = QueryClient::new(rt.runtime());
    /// second.persist_query::<Vec<String>>(keys!["todos"]);
    /// assert_eq!(second.restore_queries().restored, vec![keys!["todos"]]);
    /// assert_eq!(second.get_query_data::<Vec<String>>(&keys!["todos"]).unwrap().unwrap().len(), 1);
    /// ```
    pub fn restore_queries(&self) -> QueryRestoreReport {
        self.enable_persistence().restore_queries()
    }

    /// [`restore_queries`](Self::restore_queries) itself (through the persister).
    pub(super) fn read_stored_queries(&self) -> QueryRestoreReport {
        let mut report = QueryRestoreReport::default();
        let Some(storage) = self.runtime().storage.clone() else {
            return report;
        };
        let config = self.config().query_persistence.clone();
        let Some(text) = storage.get(&config.storage_key) else {
            return report;
        };
        let cache = match parse_cache(&text) {
            Ok(cache) => cache,
            Err(ParseError::Version(v)) => {
                report.discarded = Some(QueryCacheDiscarded::OtherVersion(v));
                return report;
            }
            Err(ParseError::Corrupt(reason)) => {
                let backup_key = format!("{}.corrupt", config.storage_key);
                if storage.set(&backup_key, &text).is_ok() {
                    storage.remove(&config.storage_key);
                }
                report.discarded = Some(QueryCacheDiscarded::Corrupt { reason, backup_key });
                return report;
            }
        };
        let age = self.now().saturating_sub(cache.saved_at);
        if age > config.max_age {
            report.discarded = Some(QueryCacheDiscarded::Expired { age });
            return report;
        }
        if cache.buster != config.buster {
            report.discarded = Some(QueryCacheDiscarded::Busted {
                found: cache.buster,
            });
            return report;
        }
        let codecs = self.st().persist.codecs.clone();
        self.batch(|| {
            for q in cache.queries {
                // Filters may carry user predicates: judged with no borrow held.
                let Some(codec) = codecs.iter().find(|c| c.filter().matches_key(&q.key)) else {
                    report
                        .skipped
                        .push((q.key, "no codec registered for this key".into()));
                    continue;
                };
                let data = match codec.decode(q.data) {
                    Ok(data) => data,
                    Err(why) => {
                        report.skipped.push((q.key, why));
                        continue;
                    }
                };
                let now = self.now();
                let mut guard = self.st();
                let st = &mut *guard;
                let seq = st.next_seq();
                let e = self.entry_mut(st, &q.key);
                if e.confirmed.is_some() {
                    st.notify.bury(data);
                    report
                        .skipped
                        .push((q.key, "the cache already has data for it".into()));
                    continue;
                }
                if let Err(err) = QueryClient::check_type(e, codec.tag()) {
                    st.notify.bury(data);
                    report.skipped.push((q.key, err.to_string()));
                    continue;
                }
                let replaced = e.write_confirmed(data, seq, false, now);
                e.data_updated_at = q.updated_at.or(Some(cache.saved_at));
                st.notify.bury(replaced);
                QueryClient::mark_dirty(st, &q.key);
                QueryClient::emit_in(st, now, CacheEvent::DataSet { key: q.key.clone() });
                report.restored.push(q.key);
            }
        });
        report
    }

    /// Writes the persisted queries now (the browser glue calls it when the page is
    /// hidden, so nothing waits for the throttle).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// client.persist_query::<u32>(keys!["n"]);
    /// client.set_query_data(&keys!["n"], 7_u32).unwrap();
    /// client.persist_queries_now();
    /// assert!(rt.storage().keys().contains(&"yew-optimistic/queries".to_string()));
    /// ```
    pub fn persist_queries_now(&self) {
        if let Some(persister) = self.persister() {
            persister.persist_queries_now(self);
        }
    }

    /// [`persist_queries_now`](Self::persist_queries_now) itself (through the persister).
    pub(super) fn write_queries(&self) {
        let Some(storage) = self.runtime().storage.clone() else {
            return;
        };
        let codecs = self.st().persist.codecs.clone();
        if codecs.is_empty() {
            return;
        }
        self.st().persist.queries_dirty = false;
        let keys = self.query_keys(&QueryFilter::all());
        let mut queries = Vec::new();
        for key in keys {
            let Some(codec) = codecs.iter().find(|c| c.filter().matches_key(&key)) else {
                continue;
            };
            let Some((data, updated_at)) = self.server_copy(&key) else {
                continue;
            };
            if let Some(value) = codec.encode(&data) {
                queries.push(StoredQuery {
                    key,
                    updated_at,
                    data: value,
                });
            }
        }
        let config = &self.config().query_persistence;
        let cache = StoredCache {
            format: QUERY_CACHE_FORMAT.into(),
            version: QUERY_CACHE_VERSION,
            buster: config.buster.clone(),
            saved_at: self.now(),
            queries,
        };
        match serde_json::to_string(&cache) {
            Ok(text) => {
                if let Err(reason) = storage.set(&config.storage_key, &text) {
                    self.emit(CacheEvent::PersistFailed { reason });
                }
            }
            Err(e) => self.emit(CacheEvent::PersistFailed {
                reason: e.to_string(),
            }),
        }
    }

    /// What the server holds of `key`, as far as this client knows: the confirmed data
    /// with the changes it accepted that no answer brought back yet, and when it was
    /// fetched. Committed patches are folded with no borrow held.
    pub(crate) fn server_copy(&self, key: &QueryKey) -> Option<(AnyRc, Option<Millis>)> {
        let parts: Option<(Option<AnyRc>, Vec<Layer>, Option<Millis>)> = {
            let st = self.st();
            st.queries.entries.get(key).map(|e| {
                let committed = e
                    .layers
                    .iter()
                    .filter(|l| l.committed_at.is_some())
                    .cloned()
                    .collect();
                (e.confirmed.clone(), committed, e.data_updated_at)
            })
        };
        let (confirmed, committed, updated_at) = parts?;
        fold(confirmed, &committed).map(|data| (data, updated_at))
    }

    /// Some keys changed (a delivery): if any is persisted, write within the throttle.
    pub(crate) fn note_query_changes(&self, keys: &[QueryKey]) {
        if let Some(persister) = self.persister() {
            persister.note_query_changes(self, keys);
        }
    }

    /// [`note_query_changes`](Self::note_query_changes) itself (through the persister).
    pub(super) fn schedule_query_write(&self, keys: &[QueryKey]) {
        if !self.persists_any(keys) {
            return;
        }
        let schedule = {
            let mut st = self.st();
            st.persist.queries_dirty = true;
            !std::mem::replace(&mut st.persist.queries_timer, true)
        };
        if !schedule {
            return;
        }
        let throttle = self.config().query_persistence.throttle;
        self.after(
            throttle,
            Box::new(|client| {
                let dirty = {
                    let mut st = client.st();
                    st.persist.queries_timer = false;
                    st.persist.queries_dirty
                };
                if dirty {
                    client.write_queries();
                }
            }),
        );
    }

    /// A mutation settled on `keys`: persisted ones are written at once, with the queue.
    pub(crate) fn persist_queries_for(&self, keys: &[QueryKey]) {
        if let Some(persister) = self.persister() {
            persister.persist_queries_for(self, keys);
        }
    }

    /// [`persist_queries_for`](Self::persist_queries_for) itself (through the persister).
    pub(super) fn write_queries_for(&self, keys: &[QueryKey]) {
        if self.persists_any(keys) {
            self.write_queries();
        }
    }

    fn persists_any(&self, keys: &[QueryKey]) -> bool {
        let codecs = self.st().persist.codecs.clone();
        !codecs.is_empty()
            && keys
                .iter()
                .any(|k| codecs.iter().any(|c| c.filter().matches_key(k)))
    }
}

enum ParseError {
    Corrupt(String),
    Version(u32),
}

fn parse_cache(text: &str) -> Result<StoredCache, ParseError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ParseError::Corrupt(e.to_string()))?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(QUERY_CACHE_FORMAT) {
        return Err(ParseError::Corrupt(format!(
            "not a query cache (format {format:?})"
        )));
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version != u64::from(QUERY_CACHE_VERSION) {
        return Err(ParseError::Version(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    serde_json::from_value(value).map_err(|e| ParseError::Corrupt(e.to_string()))
}
