//! Persistence of unsettled mutations: a versioned JSON queue in [`Storage`], and a
//! registry of mutation definitions by key so a reload can rebuild their layers.
//!
//! [`Storage`]: crate::runtime::Storage

use crate::client::QueryClient;
use crate::error::PersistError;
use crate::event::CacheEvent;
use crate::key::QueryKey;
use crate::mutation::options::MutationOptions;
use crate::mutation::run::Restored;
use crate::mutation::MutationId;
use crate::runtime::Millis;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::fmt;
use std::rc::Rc;

/// Name written in every persisted queue, so a foreign value is never mistaken for one.
pub const QUEUE_FORMAT: &str = "yew-optimistic/mutation-queue";
/// The queue format version this build reads and writes.
pub const QUEUE_VERSION: u32 = 1;

/// One unsettled mutation as persisted.
///
/// ```
/// use optimistic_query::{keys, persist::PersistedMutation};
/// let m = PersistedMutation {
///     mutation_key: keys!["todos", "add"],
///     variables: serde_json::json!({"title": "milk"}),
///     idempotency_key: "k-1".into(),
///     scope: None,
///     submitted_at: 0,
/// };
/// assert!(serde_json::to_string(&m).unwrap().contains("milk"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersistedMutation {
    /// Which registered definition rebuilds it.
    pub mutation_key: QueryKey,
    /// Its variables as JSON.
    pub variables: serde_json::Value,
    /// Sent again on replay, so the server applies it once.
    pub idempotency_key: String,
    /// Its scope id when it was submitted.
    pub scope: Option<String>,
    /// When the user made the change.
    pub submitted_at: Millis,
}

/// The persisted queue.
///
/// ```
/// use optimistic_query::persist::{PersistedQueue, QUEUE_VERSION};
/// let q = PersistedQueue::new(vec![]);
/// assert_eq!(q.version, QUEUE_VERSION);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersistedQueue {
    /// Always [`QUEUE_FORMAT`].
    pub format: String,
    /// Format version.
    pub version: u32,
    /// Unsettled mutations in submission order.
    pub mutations: Vec<PersistedMutation>,
}

impl PersistedQueue {
    /// A queue of the current format.
    ///
    /// ```
    /// let q = optimistic_query::persist::PersistedQueue::new(vec![]);
    /// assert!(q.mutations.is_empty());
    /// ```
    pub fn new(mutations: Vec<PersistedMutation>) -> Self {
        PersistedQueue {
            format: QUEUE_FORMAT.into(),
            version: QUEUE_VERSION,
            mutations,
        }
    }

    /// Parses a stored queue, rejecting foreign text and other versions.
    ///
    /// ```
    /// use optimistic_query::persist::PersistedQueue;
    /// assert!(PersistedQueue::parse("{not json").is_err());
    /// assert!(PersistedQueue::parse(r#"{"format":"yew-optimistic/mutation-queue","version":9,"mutations":[]}"#).is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ParseFailure> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ParseFailure::Corrupt(e.to_string()))?;
        let format = value.get("format").and_then(|f| f.as_str());
        if format != Some(QUEUE_FORMAT) {
            return Err(ParseFailure::Corrupt(format!(
                "not a mutation queue (format {format:?})"
            )));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(QUEUE_VERSION) {
            return Err(ParseFailure::Version(
                u32::try_from(version).unwrap_or(u32::MAX),
            ));
        }
        serde_json::from_value(value).map_err(|e| ParseFailure::Corrupt(e.to_string()))
    }
}

/// Why [`PersistedQueue::parse`] refused a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseFailure {
    /// Not a queue, or malformed.
    Corrupt(String),
    /// A queue of another version.
    Version(u32),
}

/// What a restore did.
///
/// ```
/// use optimistic_query::{testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// let report = client.restore_mutations().unwrap();
/// assert_eq!(report.restored.len(), 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestoreReport {
    /// Mutations rebuilt and resubmitted, oldest first.
    pub restored: Vec<MutationId>,
    /// Entries kept in storage but not replayed, with the reason (no definition
    /// registered for the key, or variables the definition cannot read).
    pub skipped: Vec<(PersistedMutation, String)>,
}

/// A registered definition, without its types.
pub(crate) trait MutationDefinition {
    fn serialize(&self, variables: &dyn Any) -> Option<serde_json::Value>;
    fn restore(&self, client: &QueryClient, item: &PersistedMutation)
        -> Result<MutationId, String>;
}

struct Definition<V, D, E, C>(MutationOptions<V, D, E, C>);

impl<V, D, E, C> MutationDefinition for Definition<V, D, E, C>
where
    V: Clone + Serialize + DeserializeOwned + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    fn serialize(&self, variables: &dyn Any) -> Option<serde_json::Value> {
        variables
            .downcast_ref::<V>()
            .and_then(|v| serde_json::to_value(v).ok())
    }

    fn restore(
        &self,
        client: &QueryClient,
        item: &PersistedMutation,
    ) -> Result<MutationId, String> {
        let vars: V = serde_json::from_value(item.variables.clone())
            .map_err(|e| format!("variables do not fit `{}`: {e}", std::any::type_name::<V>()))?;
        let restored = Restored {
            idempotency_key: item.idempotency_key.clone(),
            submitted_at: item.submitted_at,
        };
        let (id, _outcome) = client.submit(&self.0, vars, Some(restored), None);
        Ok(id)
    }
}

impl QueryClient {
    /// Registers a mutation definition under `key`, so that calls of it are persisted
    /// while unsettled, and rebuilt (layers included) by
    /// [`restore_mutations`](Self::restore_mutations) after a reload.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, FetchError, MutationOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.register_mutation(keys!["likes", "set"], MutationOptions::new(|liked: bool, _| async move {
    ///     Ok::<_, FetchError>(liked)
    /// }));
    /// ```
    pub fn register_mutation<V, D, E, C>(&self, key: QueryKey, options: MutationOptions<V, D, E, C>)
    where
        V: Clone + Serialize + DeserializeOwned + 'static,
        D: Clone + 'static,
        E: Clone + fmt::Display + 'static,
        C: 'static,
    {
        let options = options.key(key.clone());
        self.st()
            .registry
            .insert(key.clone(), Rc::new(Definition(options)));
        // Registered after the restore (a lazily loaded part of the app): replay what
        // was waiting for this definition.
        let waiting: Vec<PersistedMutation> = {
            let mut st = self.st();
            let (mine, rest) = std::mem::take(&mut st.unrestored)
                .into_iter()
                .partition(|m| m.mutation_key == key);
            st.unrestored = rest;
            mine
        };
        if !waiting.is_empty() {
            let _ = self.replay(waiting);
        }
    }

    /// Reads the persisted queue and resubmits every entry whose key is registered, in
    /// the order they were made, with their original idempotency keys; their optimistic
    /// layers are visible when this returns. Call it once at start-up, after registering.
    ///
    /// A corrupt queue or one of another version is not replayed: the error says why, the
    /// text is copied to a backup key, and the client works normally. Entries without a
    /// registered definition stay in storage for a build that knows them.
    ///
    /// ```
    /// use optimistic_query::{storage::Storage, testing::TestRuntime, PersistError, QueryClient};
    /// let rt = TestRuntime::new();
    /// rt.storage().set("yew-optimistic/mutations", "{broken").unwrap();
    /// let client = QueryClient::new(rt.runtime());
    /// assert!(matches!(client.restore_mutations(), Err(PersistError::Corrupt { .. })));
    /// assert_eq!(rt.storage().get("yew-optimistic/mutations.corrupt").as_deref(), Some("{broken"));
    /// ```
    pub fn restore_mutations(&self) -> Result<RestoreReport, PersistError> {
        let items = {
            let already = self.st().storage_read;
            if already {
                std::mem::take(&mut self.st().unrestored)
            } else {
                self.st().storage_read = true;
                self.load_stored()?
            }
        };
        Ok(self.replay(items))
    }

    fn replay(&self, items: Vec<PersistedMutation>) -> RestoreReport {
        let mut report = RestoreReport::default();
        self.batch(|| {
            for item in items {
                let known =
                    self.st().mutations.values().any(|r| {
                        r.status.is_unsettled() && r.idempotency_key == item.idempotency_key
                    });
                if known {
                    continue;
                }
                let def = self.st().registry.get(&item.mutation_key).cloned();
                match def {
                    None => {
                        let why = format!("no mutation registered under {}", item.mutation_key);
                        self.st().unrestored.push(item.clone());
                        report.skipped.push((item, why));
                    }
                    Some(def) => match def.restore(self, &item) {
                        Ok(id) => report.restored.push(id),
                        Err(why) => {
                            self.st().unrestored.push(item.clone());
                            report.skipped.push((item, why));
                        }
                    },
                }
            }
            self.persist_queue();
        });
        report
    }

    fn load_stored(&self) -> Result<Vec<PersistedMutation>, PersistError> {
        let Some(storage) = self.runtime().storage.clone() else {
            return Ok(Vec::new());
        };
        let key = self.config().storage_key.clone();
        let Some(text) = storage.get(&key) else {
            return Ok(Vec::new());
        };
        match PersistedQueue::parse(&text) {
            Ok(q) => Ok(q.mutations),
            Err(failure) => {
                let backup_key = format!("{key}.corrupt");
                // Keep the unreadable text where a person (or a newer build) can find it,
                // and clear the live key so new work is saved cleanly.
                let backed_up = storage.set(&backup_key, &text).is_ok();
                if backed_up {
                    storage.remove(&key);
                }
                Err(match failure {
                    ParseFailure::Corrupt(reason) => PersistError::Corrupt { reason, backup_key },
                    ParseFailure::Version(found) => PersistError::UnsupportedVersion {
                        found,
                        expected: QUEUE_VERSION,
                    },
                })
            }
        }
    }

    /// Writes every unsettled, registered mutation (plus stored entries not replayed) to
    /// storage. The first write reads what is stored so that nothing saved by an earlier
    /// page is overwritten unseen.
    pub(crate) fn persist_queue(&self) {
        let Some(storage) = self.runtime().storage.clone() else {
            return;
        };
        if !self.st().storage_read {
            self.st().storage_read = true;
            if let Ok(items) = self.load_stored() {
                self.st().unrestored = items;
            }
        }
        let text = {
            let st = self.st();
            let mut items: Vec<PersistedMutation> = st
                .mutations
                .values()
                .filter(|r| r.status.is_unsettled() && !r.superseded)
                .filter_map(|r| {
                    Some(PersistedMutation {
                        mutation_key: r.key.clone()?,
                        variables: r.variables_json.clone()?,
                        idempotency_key: r.idempotency_key.clone(),
                        scope: r.scope.clone(),
                        submitted_at: r.submitted_at,
                    })
                })
                .collect();
            let mut all = st.unrestored.clone();
            all.append(&mut items);
            if all.is_empty() {
                None
            } else {
                serde_json::to_string(&PersistedQueue::new(all)).ok()
            }
        };
        // Most submits and settles of unregistered mutations leave the queue as it was:
        // skip the storage write then, it is synchronous I/O on the click's path.
        if self.st().persisted.as_ref() == Some(&text) {
            return;
        }
        let key = self.config().storage_key.clone();
        let written = match &text {
            None => {
                storage.remove(&key);
                true
            }
            Some(text) => match storage.set(&key, text) {
                Ok(()) => true,
                Err(reason) => {
                    self.emit(CacheEvent::PersistFailed { reason });
                    false
                }
            },
        };
        // After a refused write, what storage holds is unknown: try again next time.
        self.st().persisted = written.then_some(text);
    }
}
