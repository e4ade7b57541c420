//! The persisted mutation queue: unsettled calls as versioned JSON in [`Storage`], a
//! registry of definitions by key so a reload can rebuild their layers, and the rules
//! that let several tabs share one queue.
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
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::rc::Rc;

/// Name written in every persisted queue, so a foreign value is never mistaken for one.
pub const QUEUE_FORMAT: &str = "yew-optimistic/mutation-queue";
/// The queue format version this build reads and writes.
pub const QUEUE_VERSION: u32 = 1;

/// One unsettled mutation as persisted.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, persist::PersistedMutation};
/// let m = PersistedMutation {
///     mutation_key: keys!["todos", "add"],
///     variables: serde_json::json!({"title": "milk"}),
///     idempotency_key: "k-1".into(),
///     scope: None,
///     submitted_at: 0,
///     sent: false,
///     owner: None,
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
    /// Its scope when it was submitted (written as the key's JSON text in a string, so
    /// builds that wrote plain string scopes read the queue, and this build theirs).
    #[serde(default, with = "super::scope_text")]
    pub scope: Option<QueryKey>,
    /// When the user made the change.
    pub submitted_at: Millis,
    /// Whether a request of it left the browser (so the server may have applied it).
    /// Written before the request is sent; absent in queues of older builds, which then
    /// count as not sent.
    #[serde(default)]
    pub sent: bool,
    /// The tab that replays it ([`ClientConfig::tab_id`](crate::ClientConfig)); `None`
    /// for a client that does not share its storage with other tabs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// The persisted queue.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::persist::{PersistedQueue, QUEUE_VERSION};
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let q = yew_optimistic::optimistic_query::persist::PersistedQueue::new(vec![]);
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::persist::PersistedQueue;
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
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
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
    /// The keys a call with these variables patches (runs the user's `optimistic`).
    fn patched_keys(&self, client: &QueryClient, variables: &serde_json::Value) -> Vec<QueryKey>;
    fn restore(
        &self,
        client: &QueryClient,
        id: MutationId,
        item: &PersistedMutation,
    ) -> Result<MutationId, String>;
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

    fn patched_keys(&self, client: &QueryClient, variables: &serde_json::Value) -> Vec<QueryKey> {
        let (Ok(vars), Some(optimistic)) = (
            serde_json::from_value::<V>(variables.clone()),
            self.0.spec.optimistic.as_ref(),
        ) else {
            return Vec::new();
        };
        let mut patches = crate::layer::Patches::default();
        optimistic(&vars, &mut patches);
        patches
            .items
            .into_iter()
            .flat_map(|(target, _)| match target {
                crate::layer::Target::Key(k) => vec![k],
                crate::layer::Target::Matching(f) => client.matching_keys(&f),
            })
            .collect()
    }

    fn restore(
        &self,
        client: &QueryClient,
        id: MutationId,
        item: &PersistedMutation,
    ) -> Result<MutationId, String> {
        let vars: V = serde_json::from_value(item.variables.clone())
            .map_err(|e| format!("variables do not fit `{}`: {e}", std::any::type_name::<V>()))?;
        let restored = Restored {
            idempotency_key: item.idempotency_key.clone(),
            submitted_at: item.submitted_at,
            id: Some(id),
            maybe_sent: item.sent,
            retry_of: None,
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, MutationOptions, QueryClient};
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
        // Registering is asking for persistence: from here on the queue is written.
        self.enable_persistence();
        let options = options.key(key.clone());
        let old = self
            .st()
            .mutations
            .registry
            .insert(key.clone(), Rc::new(Definition(options)));
        drop(old);
        // Registered after the restore (a lazily loaded part of the app): replay what
        // was waiting for this definition, in its place.
        let waiting: Vec<(MutationId, PersistedMutation)> = {
            let mut st = self.st();
            let (mine, rest) = std::mem::take(&mut st.mutations.unrestored)
                .into_iter()
                .partition(|(_, m)| m.mutation_key == key);
            st.mutations.unrestored = rest;
            mine
        };
        if !waiting.is_empty() {
            // They join the replay queue in their place; calls restored earlier that
            // waited for them resume after them.
            let _ = self.replay(waiting);
        }
    }

    /// Reads the persisted queue and resubmits every entry whose key is registered, in
    /// the order they were made, with their original idempotency keys; their optimistic
    /// layers are visible when this returns. Call it once at start-up, after registering.
    /// In a tab that shares its storage with others, use
    /// [`adopt_mutations`](Self::adopt_mutations) instead, so that calls of tabs still
    /// open are left to them.
    ///
    /// A corrupt queue or one of another version is not replayed: the error says why, the
    /// text is copied to a backup key, and the client works normally. Entries without a
    /// registered definition stay in storage for a build that knows them.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{storage::Storage, testing::TestRuntime, PersistError, QueryClient};
    /// let rt = TestRuntime::new();
    /// rt.storage().set("yew-optimistic/mutations", "{broken").unwrap();
    /// let client = QueryClient::new(rt.runtime());
    /// assert!(matches!(client.restore_mutations(), Err(PersistError::Corrupt { .. })));
    /// assert_eq!(rt.storage().get("yew-optimistic/mutations.corrupt").as_deref(), Some("{broken"));
    /// ```
    pub fn restore_mutations(&self) -> Result<RestoreReport, PersistError> {
        self.enable_persistence().restore_mutations()
    }

    /// Takes over the persisted calls that no open tab replays, and resubmits them as
    /// [`restore_mutations`](Self::restore_mutations) does: entries without an owner,
    /// and entries whose owner `is_gone` says is closed. A tab calls it at start-up and
    /// again when it learns that another tab closed (the browser glue tells which tabs
    /// are open), so the calls of a tab closed mid-replay are replayed by another.
    /// Two tabs that adopt the same call send it with the same idempotency key, so the
    /// server applies it once.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let report = client.adopt_mutations(|owner| owner != "tab-still-open").unwrap();
    /// assert!(report.restored.is_empty());
    /// ```
    pub fn adopt_mutations(
        &self,
        is_gone: impl Fn(&str) -> bool,
    ) -> Result<RestoreReport, PersistError> {
        self.enable_persistence().adopt_mutations(&is_gone)
    }

    /// [`adopt_mutations`](Self::adopt_mutations) itself, reached only through the
    /// client's persister (so an app without persistence does not link it).
    pub(super) fn adopt_stored(
        &self,
        is_gone: &dyn Fn(&str) -> bool,
    ) -> Result<RestoreReport, PersistError> {
        let stored = self.read_queue()?;
        let mut items = std::mem::take(&mut self.st().mutations.unrestored);
        let mine = self.config().tab_id.clone();
        let adopted: Vec<PersistedMutation> = {
            let st = self.st();
            stored
                .into_iter()
                .filter(|m| !st.persist.own_keys.contains(&m.idempotency_key))
                .filter(|m| match &m.owner {
                    None => true,
                    Some(o) => Some(o) == mine.as_ref() || is_gone(o),
                })
                .collect()
        };
        {
            let mut st = self.st();
            for m in adopted {
                st.persist.own_keys.insert(m.idempotency_key.clone());
                let id = MutationId(st.next_id());
                items.push((id, m));
            }
        }
        let report = self.replay(items);
        self.hold_for_late_registration();
        Ok(report)
    }

    /// The backup key under which this client kept aside a saved queue it could not
    /// read (corrupt, or of another version), if it found one: the changes it held were
    /// not replayed, and the page should say so. `None` when every queue read was fine.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{storage::Storage, testing::TestRuntime, QueryClient};
    /// let rt = TestRuntime::new();
    /// rt.storage().set("yew-optimistic/mutations", "{broken").unwrap();
    /// let client = QueryClient::new(rt.runtime());
    /// assert_eq!(client.queue_kept_aside(), None);
    /// let _ = client.restore_mutations();
    /// assert_eq!(client.queue_kept_aside().as_deref(), Some("yew-optimistic/mutations.corrupt"));
    /// ```
    pub fn queue_kept_aside(&self) -> Option<String> {
        self.st().persist.kept_aside.clone()
    }

    /// Another tab changed the shared queue (the browser glue calls this on a storage
    /// event): calls that left it were settled (or taken over) there, so the queries
    /// they patched are refetched here.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.queue_changed_elsewhere();
    /// ```
    pub fn queue_changed_elsewhere(&self) {
        if let Some(persister) = self.persister() {
            persister.queue_changed_elsewhere(self, None, None);
        }
    }

    /// Another tab changed the shared queue, from `old_value` to `new_value` (a storage
    /// event's values): as [`queue_changed_elsewhere`](Self::queue_changed_elsewhere),
    /// and the calls that left the queue in this very change count as settled
    /// elsewhere even when this tab's copy of storage never shows it. A busy page
    /// handles the events of a call's write and of its removal only after both, and
    /// local storage is not transactional across tabs (this tab's write, made from its
    /// copy before another tab's removal reached it, puts the call back): reading
    /// storage alone would miss the call, and nothing would refetch what it patched.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// // The browser glue passes the storage event's `oldValue` and `newValue`.
    /// client.queue_changed_elsewhere_with(Some("{broken"), None);
    /// ```
    pub fn queue_changed_elsewhere_with(&self, old_value: Option<&str>, new_value: Option<&str>) {
        if let Some(persister) = self.persister() {
            persister.queue_changed_elsewhere(self, old_value, new_value);
        }
    }

    /// [`queue_changed_elsewhere_with`](Self::queue_changed_elsewhere_with) itself
    /// (through the persister, so that parsing the queue ships only with persistence).
    pub(super) fn compare_stored_queue(&self, old_value: Option<&str>, new_value: Option<&str>) {
        let parse = |text: Option<&str>| {
            text.and_then(|t| PersistedQueue::parse(t).ok())
                .map(|q| q.mutations)
                .unwrap_or_default()
        };
        let (before, after) = (parse(old_value), parse(new_value));
        let left: Vec<PersistedMutation> = before
            .into_iter()
            .filter(|m| !after.iter().any(|n| n.idempotency_key == m.idempotency_key))
            .collect();
        self.changed_elsewhere(left);
    }

    /// Compares the other tabs' calls in storage with those seen before; the calls
    /// gone, and those in `left` (they left in the change being handled), were settled
    /// elsewhere: what they patched is refetched. A call of this page found in storage
    /// that it no longer holds was settled here and put back by another tab's stale
    /// write: it is taken out again.
    fn changed_elsewhere(&self, left: Vec<PersistedMutation>) {
        // An unreadable queue (kept aside by the read) says nothing of the other tabs'
        // calls: only the change being handled does.
        let (stored, readable) = match self.read_queue() {
            Ok(stored) => (stored, true),
            Err(_) => (Vec::new(), false),
        };
        let mine = self.config().tab_id.clone();
        let of_this_page = |m: &PersistedMutation| mine.is_some() && m.owner == mine;
        let (gone, put_back) = {
            let mut guard = self.st();
            let st = &mut *guard;
            let (put_back, now_others): (Vec<_>, Vec<_>) = stored
                .into_iter()
                .filter(|m| !st.persist.own_keys.contains(&m.idempotency_key))
                .partition(of_this_page);
            let mut gone = if readable {
                st.persist.see_others(now_others)
            } else {
                Vec::new()
            };
            for m in left {
                let known = st.persist.own_keys.contains(&m.idempotency_key)
                    || of_this_page(&m)
                    || gone.iter().any(|g| g.idempotency_key == m.idempotency_key);
                if !known {
                    gone.push(m);
                }
            }
            if !put_back.is_empty() {
                // The next write must look even if this page holds nothing now.
                st.persist.wrote_own = true;
            }
            (gone, !put_back.is_empty())
        };
        if put_back {
            self.persist_queue();
        }
        self.refetch_settled_elsewhere(gone);
    }

    /// The tabs, other than this one, that own calls in the stored queue (sorted, once
    /// each; through the persister).
    pub(super) fn stored_owners(&self) -> Vec<String> {
        let mine = self.config().tab_id.clone();
        let mut owners: Vec<String> = self
            .read_queue()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|m| m.owner)
            .filter(|owner| Some(owner) != mine.as_ref())
            .collect();
        crate::sort::sort_by(&mut owners, String::cmp);
        owners.dedup();
        owners
    }

    /// Refetches what the calls other tabs settled patched (their definitions tell which
    /// keys; a call of a definition this build does not know refetches everything).
    fn refetch_settled_elsewhere(&self, gone: Vec<PersistedMutation>) {
        if gone.is_empty() {
            return;
        }
        // In order, once each, by the kind of set the notifier keeps keys in (its code
        // is linked anyway; a sort would be a routine of its own).
        let mut keys: BTreeSet<QueryKey> = BTreeSet::new();
        let mut unknown = false;
        for m in &gone {
            let def = self.st().mutations.registry.get(&m.mutation_key).cloned();
            match def {
                Some(def) => keys.extend(def.patched_keys(self, &m.variables)),
                None => unknown = true,
            }
        }
        self.batch(|| {
            if unknown {
                self.invalidate_queries(&crate::filter::QueryFilter::all());
                return;
            }
            for k in keys {
                self.invalidate_queries(&crate::filter::QueryFilter::exact(k));
            }
        });
    }

    /// While persisted calls wait for a definition that a lazily loaded part of the app
    /// registers later, the calls after them wait too (up to
    /// [`ClientConfig::late_registration_wait`](crate::ClientConfig)), so the server
    /// receives them in the order the user made them.
    fn hold_for_late_registration(&self) {
        let wait = self.config().late_registration_wait;
        let until = {
            let now = self.now();
            let mut st = self.st();
            if st.mutations.unrestored.is_empty() || wait == 0 {
                return;
            }
            let until = now.saturating_add(wait);
            st.mutations.late_registration_until = until;
            until
        };
        self.after(
            until.saturating_sub(self.now()),
            Box::new(|client| client.resume_next_paused()),
        );
    }

    /// Resubmits persisted calls under the ids reserved for them, oldest first; calls
    /// without a definition wait in `unrestored`.
    fn replay(&self, items: Vec<(MutationId, PersistedMutation)>) -> RestoreReport {
        let mut report = RestoreReport::default();
        self.batch(|| {
            for (id, item) in items {
                let (known, def) = {
                    let st = self.st();
                    let known = st
                        .mutations
                        .unsettled_records()
                        .any(|(_, r)| *r.idempotency_key == *item.idempotency_key);
                    (
                        known,
                        st.mutations.registry.get(&item.mutation_key).cloned(),
                    )
                };
                if known {
                    continue;
                }
                match def {
                    None => {
                        let why = format!("no mutation registered under {}", item.mutation_key);
                        self.st().mutations.unrestored.push((id, item.clone()));
                        report.skipped.push((item, why));
                    }
                    Some(def) => match def.restore(self, id, &item) {
                        Ok(id) => report.restored.push(id),
                        Err(why) => {
                            self.st().mutations.unrestored.push((id, item.clone()));
                            report.skipped.push((item, why));
                        }
                    },
                }
            }
            crate::sort::sort_by(&mut self.st().mutations.unrestored, |a, b| a.0.cmp(&b.0));
            self.persist_queue();
        });
        report
    }

    /// The queue as stored now (other tabs write it too). Unreadable text is copied to a
    /// backup key and removed, so new work is saved cleanly, and the error says why.
    fn read_queue(&self) -> Result<Vec<PersistedMutation>, PersistError> {
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
                // Keep the unreadable text where a person (or a newer build) can find it.
                let backed_up = storage.set(&backup_key, &text).is_ok();
                if backed_up {
                    storage.remove(&key);
                    // Remembered, so the page can tell the user (once read, the text is
                    // gone from the queue's key and later reads find nothing).
                    self.st().persist.kept_aside = Some(backup_key.clone());
                    let event = CacheEvent::QueueKeptAside {
                        backup_key: backup_key.clone(),
                    };
                    self.batch(|| self.emit(event));
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

    /// Writes this client's unsettled, registered calls (and the adopted ones waiting for
    /// a definition) to storage, next to the calls of other tabs found there, in the
    /// order they were made. A write that would change nothing is skipped: it is
    /// synchronous I/O on the click's path.
    pub(crate) fn persist_queue(&self) {
        if let Some(persister) = self.persister() {
            persister.persist_queue(self);
        }
    }

    /// [`persist_queue`](Self::persist_queue) itself (through the persister).
    pub(super) fn write_queue(&self) {
        let Some(storage) = self.runtime().storage.clone() else {
            return;
        };
        // A page being torn down leaves the queue as it is: what was on the wire when it
        // went stays there for the next page.
        if self.is_suspended_for_unload() {
            return;
        }
        // Nothing of this client's is stored or to store (calls without a registered
        // definition are not persisted): leave storage alone, without reading it.
        let nothing_of_ours = {
            let st = self.st();
            !st.persist.wrote_own
                && st.mutations.unrestored.is_empty()
                && !st.mutations.unsettled_records().any(|(_, r)| {
                    r.key.is_some() && r.live.as_ref().is_some_and(|l| l.variables_json.is_some())
                })
        };
        if nothing_of_ours {
            return;
        }
        let key = self.config().storage_key.clone();
        let stored_text = storage.get(&key);
        // An unreadable queue is backed up by `read_queue` before it is overwritten.
        let stored = self.read_queue().unwrap_or_default();
        let mine = self.config().tab_id.clone();
        let (text, pending_own_keys, gone, own_ids) = {
            let mut guard = self.st();
            let st = &mut *guard;
            let mut own: Vec<(MutationId, PersistedMutation)> = st
                .mutations
                .unsettled_records()
                .filter(|(_, r)| !r.superseded)
                .filter_map(|(id, r)| {
                    Some((
                        id,
                        PersistedMutation {
                            mutation_key: r.key.clone()?,
                            variables: r.live.as_ref()?.variables_json.clone()?,
                            idempotency_key: r.idempotency_key.to_string(),
                            scope: r.scope.clone(),
                            submitted_at: r.submitted_at,
                            sent: r.sent,
                            owner: mine.clone(),
                        },
                    ))
                })
                .collect();
            own.extend(st.mutations.unrestored.iter().map(|(id, m)| {
                let mut m = m.clone();
                m.owner = mine.clone();
                (*id, m)
            }));
            crate::sort::sort_by(&mut own, |a, b| a.0.cmp(&b.0));
            // Ours in storage: what this write holds, and what earlier writes held (a
            // call settled since is ours to remove, not another tab's to keep).
            let now_own: HashSet<String> =
                own.iter().map(|(_, m)| m.idempotency_key.clone()).collect();
            st.persist.wrote_own = !own.is_empty();
            let others: Vec<PersistedMutation> = stored
                .into_iter()
                .filter(|m| {
                    !st.persist.own_keys.contains(&m.idempotency_key)
                        && !now_own.contains(&m.idempotency_key)
                        // This page's own calls are all in `own`: one of its calls found
                        // here but not there was settled here and put back by another
                        // tab's stale write.
                        && (mine.is_none() || m.owner != mine)
                })
                .collect();
            // Only the live calls' keys are remembered once this write lands (see below),
            // so the set is bounded by the unsettled calls, not the page's history.
            st.persist.own_keys.extend(now_own.iter().cloned());
            // Calls of other tabs that left storage since this tab last looked were
            // settled there: this write must not hide that (the storage event may come
            // after it), so they are compared with what was seen before, not replaced.
            let gone: Vec<PersistedMutation> = st
                .persist
                .see_others(others.clone())
                .into_iter()
                .filter(|m| !st.persist.own_keys.contains(&m.idempotency_key))
                .collect();

            // This tab's calls in their order, merged with the other tabs' (kept in
            // theirs) by when they were made.
            let ids: Vec<MutationId> = own.iter().map(|(id, _)| *id).collect();
            let all = merge_by_time(others, own.into_iter().map(|(_, m)| m).collect());
            let text = if all.is_empty() {
                None
            } else {
                serde_json::to_string(&PersistedQueue::new(all)).ok()
            };
            (text, now_own, gone, ids)
        };
        let written = if text == stored_text {
            true
        } else {
            match &text {
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
            }
        };
        if written {
            // Storage holds exactly these calls of ours now.
            self.st().persist.own_keys = pending_own_keys;
        }
        self.note_kept_on_device(&own_ids, written);
        self.refetch_settled_elsewhere(gone);
    }

    /// Records on each call whether the queue write that should hold it landed, and
    /// says so with an event when that changed: a pending call a reload would lose must
    /// not be silent.
    fn note_kept_on_device(&self, ids: &[MutationId], written: bool) {
        self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let mut changed = Vec::new();
            for id in ids {
                if let Some(r) = st.mutations.records.get_mut(id) {
                    let was = r.kept_on_device.replace(written);
                    // A first successful write is the normal case, not news.
                    if was == Some(!written) || (was.is_none() && !written) {
                        changed.push(*id);
                        st.notify.dirty_mutations.insert(*id);
                    }
                }
            }
            if changed.is_empty() {
                return;
            }
            let event = if written {
                CacheEvent::KeptOnDevice { mutations: changed }
            } else {
                // Every call the write should have held is not kept, not only the new one.
                let all: Vec<MutationId> = ids
                    .iter()
                    .copied()
                    .filter(|id| st.mutations.records.contains_key(id))
                    .collect();
                CacheEvent::NotKeptOnDevice { mutations: all }
            };
            QueryClient::emit_in(st, now, event);
        })
    }
}

/// Merges two lists, each in its own order, by `submitted_at` (stable: on a tie the
/// other tabs' call comes first).
fn merge_by_time(
    others: Vec<PersistedMutation>,
    own: Vec<PersistedMutation>,
) -> Vec<PersistedMutation> {
    let mut out = Vec::with_capacity(others.len() + own.len());
    let mut others = others.into_iter().peekable();
    let mut own = own.into_iter().peekable();
    loop {
        let take_other = match (others.peek(), own.peek()) {
            (Some(o), Some(m)) => o.submitted_at <= m.submitted_at,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        let next = if take_other {
            others.next()
        } else {
            own.next()
        };
        out.extend(next);
    }
}
