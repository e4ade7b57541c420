//! The cache's untyped record of a mutation, and the public summary of it.

use crate::error::ErrorInfo;
use crate::filter::QueryFilter;
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::mutation::state::{MutationStatus, RecordState};
use crate::mutation::MutationId;
use crate::notify::Listener;
use crate::runtime::Millis;
use futures::channel::oneshot;
use std::num::NonZeroU64;

/// A call in the cache. Settled records wait their `mutation_gc_time` (5 minutes by
/// default, thousands of them after a busy session), so what only an unsettled call needs
/// is in [`LiveCall`], dropped when it settles.
///
/// Its id is its key in the cache's map, not a field.
pub(crate) struct MutationRecord {
    pub key: Option<QueryKey>,
    pub scope: Option<QueryKey>,
    pub idempotency_key: Box<str>,
    pub submitted_at: Millis,
    pub layer_keys: Box<[QueryKey]>,
    pub variables: AnyRc,
    /// The call's state (its status too), read back typed by its observer.
    pub state: RecordState,
    /// The request was sent at least once; a scope policy no longer replaces it.
    pub sent: bool,
    /// Its patches give the same data applied once or twice.
    pub idempotent: bool,
    /// Whether the persisted queue holds it: `None` until a write of the queue was
    /// meant to (never, without a registered definition or storage).
    pub kept_on_device: Option<bool>,
    /// Where on the cache's timeline it settled (the timeline starts at 1).
    pub settled_seq: Option<NonZeroU64>,
    /// Restored from storage and not resumed yet: it waits for its turn in the replay.
    pub awaiting_replay: bool,
    pub superseded: bool,
    /// The observer that made the call: told when it changes.
    pub observer: Option<Listener>,
    /// Its definition's `meta` (none for a call restored before its definition came).
    pub meta: Option<crate::Meta>,
    /// `None` once settled.
    pub live: Option<Box<LiveCall>>,
}

/// What a call needs only until it settles.
#[derive(Default)]
pub(crate) struct LiveCall {
    /// Invalidations deferred until related work settles.
    pub invalidates: Vec<QueryFilter>,
    /// The persisted form (with a registered definition).
    pub variables_json: Option<serde_json::Value>,
    /// The least time between two sends of its scope (`Throttle`), 0 for none.
    pub send_spacing: Millis,
    /// Requests of it sent so far (a call restored as sent counts the old page's).
    pub requests: u32,
    /// While it waits to be sent again after an unknown outcome (or is held): the user's
    /// Retry now or Discard.
    pub control: Option<oneshot::Sender<Choice>>,
    /// Opens when the mutation reaches the head of its scope.
    pub gate: Option<oneshot::Sender<()>>,
    /// Wakes it when it may try again after waiting for the network (its id is in the
    /// cache's paused queue meanwhile).
    pub resume: Option<oneshot::Sender<()>>,
    /// Where its function reports the version its change produced (shared by every
    /// attempt's context and by the write windows of the keys it patches).
    pub version: crate::version::VersionSlot,
}

impl MutationRecord {
    /// Its in-flight part; `None` once settled.
    pub fn live_mut(&mut self) -> Option<&mut LiveCall> {
        self.live.as_deref_mut()
    }
}

/// What the user chose for a call waiting after an unknown outcome, or held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Choice {
    /// Send it again now.
    RetryNow,
    /// Give it up: roll it back and learn the server's state.
    Discard,
}

/// A mutation as seen by code that does not know its types (`use_mutation_state`,
/// devtools, the pending-work badge).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, MutationFilter, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// assert!(client.mutation_infos(&MutationFilter::default()).is_empty());
/// ```
#[derive(Clone)]
pub struct MutationInfo {
    /// Its id.
    pub id: MutationId,
    /// Its mutation key.
    pub key: Option<QueryKey>,
    /// Its scope.
    pub scope: Option<QueryKey>,
    /// Lifecycle state.
    pub status: MutationStatus,
    /// When it was submitted.
    pub submitted_at: Millis,
    /// Failed attempts so far.
    pub failure_count: u32,
    /// The final error, or the last attempt's.
    pub error: Option<ErrorInfo>,
    /// Its idempotency key.
    pub idempotency_key: String,
    /// Keys it patched optimistically.
    pub layer_keys: Vec<QueryKey>,
    /// Whether the persisted queue on this device holds the call, so a reload keeps it:
    /// `Some(false)` when the last write of the queue failed (storage full) and a reload
    /// now would lose it; `Some(true)` once a write holds it; `None` for a call that is
    /// not persisted (no registered definition, or no storage).
    pub kept_on_device: Option<bool>,
    /// The app's own value its options carried
    /// ([`MutationOptions::meta`](crate::MutationOptions::meta)).
    pub meta: Option<crate::Meta>,
    variables: AnyRc,
}

impl std::fmt::Debug for MutationInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MutationInfo")
            .field("id", &self.id)
            .field("key", &self.key)
            .field("scope", &self.scope)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl MutationInfo {
    pub(crate) fn of(id: MutationId, r: &MutationRecord) -> Self {
        MutationInfo {
            id,
            key: r.key.clone(),
            scope: r.scope.clone(),
            status: r.state.status,
            submitted_at: r.submitted_at,
            failure_count: r.state.failure_count,
            error: r.state.error_info(),
            idempotency_key: r.idempotency_key.to_string(),
            layer_keys: r.layer_keys.to_vec(),
            kept_on_device: r.kept_on_device,
            meta: r.meta.clone(),
            variables: r.variables.clone(),
        }
    }

    /// The variables, if they are of type `V`.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, FetchError, MutationFilter, MutationObserver, MutationOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) }));
    /// m.mutate(7);
    /// let info = &client.mutation_infos(&MutationFilter::default())[0];
    /// assert_eq!(info.variables::<u32>(), Some(&7));
    /// ```
    pub fn variables<V: 'static>(&self) -> Option<&V> {
        self.variables.downcast_ref::<V>()
    }
}

/// Picks mutations, as TanStack's `MutationFilters`.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, MutationFilter, MutationStatus};
/// let f = MutationFilter::key(keys!["todos"]).status(MutationStatus::Pending);
/// # let _ = f;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MutationFilter {
    key: Option<QueryKey>,
    exact: bool,
    status: Option<MutationStatus>,
    scope: Option<QueryKey>,
}

impl MutationFilter {
    /// Mutations whose key starts with `key`.
    ///
    /// ```
    /// # use optimistic_query::{keys, MutationFilter};
    /// let _ = MutationFilter::key(keys!["todos"]);
    /// ```
    pub fn key(key: QueryKey) -> Self {
        MutationFilter {
            key: Some(key),
            ..Self::default()
        }
    }

    /// Only an exact key match.
    ///
    /// ```
    /// # use optimistic_query::{keys, MutationFilter};
    /// let _ = MutationFilter::key(keys!["todos"]).exact();
    /// ```
    pub fn exact(mut self) -> Self {
        self.exact = true;
        self
    }

    /// Only mutations in this state (`Pending` also matches `Paused`).
    ///
    /// ```
    /// # use optimistic_query::{MutationFilter, MutationStatus};
    /// let _ = MutationFilter::default().status(MutationStatus::Error);
    /// ```
    pub fn status(mut self, status: MutationStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only mutations whose scope starts with `scope`, part by part as query keys
    /// match: `["list", "a"]` picks the calls of every item of list `a`, and never those
    /// of a list named `a/item/b`.
    ///
    /// ```
    /// # use optimistic_query::{keys, MutationFilter};
    /// let _ = MutationFilter::default().scope(keys!["list", "a"]);
    /// ```
    pub fn scope(mut self, scope: QueryKey) -> Self {
        self.scope = Some(scope);
        self
    }

    pub(crate) fn matches(&self, r: &MutationRecord) -> bool {
        let key_ok = match (&self.key, &r.key) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(f), Some(k)) => {
                if self.exact {
                    f == k
                } else {
                    k.starts_with(f)
                }
            }
        };
        let status_ok = match self.status {
            None => true,
            Some(MutationStatus::Pending) => r.state.status.is_unsettled(),
            Some(s) => r.state.status == s,
        };
        let scope_ok = self
            .scope
            .as_ref()
            .is_none_or(|s| r.scope.as_ref().is_some_and(|k| k.starts_with(s)));
        key_ok && status_ok && scope_ok
    }
}
