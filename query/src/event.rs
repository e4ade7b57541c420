//! What happened in the cache, for event logs and devtools.

use crate::error::ErrorInfo;
use crate::key::QueryKey;
use crate::mutation::MutationId;
use crate::runtime::Millis;

/// One thing that happened, as shown by an event log (like Storybook's actions).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, CacheEvent};
/// let e = CacheEvent::FetchStarted { key: keys!["todos"] };
/// assert_eq!(e.to_string(), r#"fetch started ["todos"]"#);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum CacheEvent {
    /// A fetch was sent.
    FetchStarted {
        /// Query key.
        key: QueryKey,
    },
    /// A fetch's data became the confirmed data.
    FetchSucceeded {
        /// Query key.
        key: QueryKey,
        /// Pending layers that were re-applied on the new data.
        rebased_layers: usize,
    },
    /// A fetch failed for good (after its retries).
    FetchFailed {
        /// Query key.
        key: QueryKey,
        /// What went wrong.
        error: ErrorInfo,
    },
    /// A fetch answer older than the entry's last write was dropped.
    StaleResponseDropped {
        /// Query key.
        key: QueryKey,
    },
    /// A fetch's answer was dropped because a mutation of the key was in flight while
    /// it travelled: it may or may not include that change, so it is asked again once
    /// the mutation settled.
    UncertainResponseDropped {
        /// The query.
        key: QueryKey,
    },
    /// A fetch's answer came while writes it may or may not include were in flight: it
    /// is kept beside the entry and shown (rebased) once they settle, or dropped then if
    /// it could show a change twice.
    ResponseHeld {
        /// The query.
        key: QueryKey,
    },
    /// Data was written with `set_query_data`.
    DataSet {
        /// Query key.
        key: QueryKey,
    },
    /// A query was brought back to its initial state (`reset_queries`).
    Reset {
        /// Query key.
        key: QueryKey,
    },
    /// A query was marked stale (and refetched if observed).
    Invalidated {
        /// Query key.
        key: QueryKey,
    },
    /// A mutation's invalidation waits for related pending mutations.
    InvalidationDeferred {
        /// The mutation that asked.
        mutation: MutationId,
    },
    /// A mutation added an optimistic layer.
    LayerAdded {
        /// Query key.
        key: QueryKey,
        /// Owning mutation.
        mutation: MutationId,
    },
    /// A patch was refused because the entry holds another type.
    PatchRejected {
        /// Query key.
        key: QueryKey,
        /// Owning mutation.
        mutation: MutationId,
        /// Why.
        reason: String,
    },
    /// A mutation failed and its layers were removed.
    RolledBack {
        /// Owning mutation.
        mutation: MutationId,
        /// Keys whose layers were removed.
        keys: Vec<QueryKey>,
    },
    /// A mutation was submitted (its optimistic change is already visible).
    MutationSubmitted {
        /// The mutation.
        mutation: MutationId,
        /// Its scope, if any.
        scope: Option<QueryKey>,
    },
    /// A mutation's request was sent (attempt numbers start at 1).
    MutationSent {
        /// The mutation.
        mutation: MutationId,
        /// Attempt number.
        attempt: u32,
    },
    /// A mutation waits for the network.
    MutationPaused {
        /// The mutation.
        mutation: MutationId,
    },
    /// A mutation succeeded.
    MutationSucceeded {
        /// The mutation.
        mutation: MutationId,
    },
    /// A mutation failed for good.
    MutationFailed {
        /// The mutation.
        mutation: MutationId,
        /// What went wrong.
        error: ErrorInfo,
    },
    /// A mutation's attempt ended with an unknown outcome (network error, timeout, 5xx):
    /// it keeps its layers and is sent again under its idempotency key after `delay` ms.
    MutationWaiting {
        /// The mutation.
        mutation: MutationId,
        /// What the attempt ended with.
        error: ErrorInfo,
        /// Milliseconds before the resend.
        delay: Millis,
    },
    /// A mutation's outcome stayed unknown after every resend allowed: it is held
    /// ("not saved yet") for the user's Retry now or Discard.
    MutationHeld {
        /// The mutation.
        mutation: MutationId,
    },
    /// A queued mutation was replaced by a newer one in its scope.
    MutationSuperseded {
        /// The mutation.
        mutation: MutationId,
    },
    /// The persisted queue could not be written.
    PersistFailed {
        /// Why.
        reason: String,
    },
    /// Writing the persisted queue failed (storage full, say): these calls are pending
    /// but not kept on this device, so a reload now would lose them. Each says so in
    /// [`MutationInfo::kept_on_device`](crate::MutationInfo).
    NotKeptOnDevice {
        /// The calls the failed write should have held, oldest first.
        mutations: Vec<MutationId>,
    },
    /// A later write of the persisted queue holds calls that were not kept before.
    KeptOnDevice {
        /// The calls kept again, oldest first.
        mutations: Vec<MutationId>,
    },
    /// A saved queue could not be read (corrupt, or of another version): its text was
    /// kept aside under `backup_key` and its calls were not replayed, so the page should
    /// say so ([`QueryClient::queue_kept_aside`](crate::QueryClient::queue_kept_aside)).
    QueueKeptAside {
        /// Where the unreadable text is now.
        backup_key: String,
    },
    /// The network state changed.
    OnlineChanged {
        /// Whether the browser is online now.
        online: bool,
    },
}

impl std::fmt::Display for CacheEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use CacheEvent::*;
        match self {
            FetchStarted { key } => write!(f, "fetch started {key}"),
            FetchSucceeded {
                key,
                rebased_layers,
            } => {
                write!(
                    f,
                    "fetch succeeded {key} ({rebased_layers} pending layers rebased)"
                )
            }
            FetchFailed { key, error } => write!(f, "fetch failed {key}: {}", error.message),
            StaleResponseDropped { key } => write!(f, "stale response dropped {key}"),
            UncertainResponseDropped { key } => write!(
                f,
                "response dropped {key}: a change to it was in flight, asking again once it settles"
            ),
            ResponseHeld { key } => write!(
                f,
                "response held {key}: changes to it were in flight, shown once they settle"
            ),
            DataSet { key } => write!(f, "data set {key}"),
            Reset { key } => write!(f, "reset {key}"),
            Invalidated { key } => write!(f, "invalidated {key}"),
            InvalidationDeferred { mutation } => {
                write!(
                    f,
                    "invalidation by {mutation} deferred: related mutations pending"
                )
            }
            LayerAdded { key, mutation } => write!(f, "layer added {key} by {mutation}"),
            PatchRejected {
                key,
                mutation,
                reason,
            } => {
                write!(f, "patch of {key} by {mutation} rejected: {reason}")
            }
            RolledBack { mutation, keys } => {
                write!(f, "{mutation} rolled back ({} keys)", keys.len())
            }
            MutationSubmitted { mutation, scope } => match scope {
                Some(s) => write!(f, "{mutation} submitted in scope {s}"),
                None => write!(f, "{mutation} submitted"),
            },
            MutationSent { mutation, attempt } => write!(f, "{mutation} sent (attempt {attempt})"),
            MutationPaused { mutation } => write!(f, "{mutation} paused: offline"),
            MutationSucceeded { mutation } => write!(f, "{mutation} succeeded"),
            MutationFailed { mutation, error } => write!(f, "{mutation} failed: {}", error.message),
            MutationWaiting {
                mutation,
                error,
                delay,
            } => write!(
                f,
                "{mutation} waiting for the server ({}): sent again in {delay} ms",
                error.message
            ),
            MutationHeld { mutation } => write!(f, "{mutation} held: not saved yet"),
            MutationSuperseded { mutation } => write!(f, "{mutation} superseded"),
            PersistFailed { reason } => write!(f, "could not persist the queue: {reason}"),
            NotKeptOnDevice { mutations } => {
                write!(f, "{} changes not kept on this device", mutations.len())
            }
            KeptOnDevice { mutations } => {
                write!(f, "{} changes kept on this device again", mutations.len())
            }
            QueueKeptAside { backup_key } => {
                write!(f, "saved queue unreadable: kept aside under {backup_key}")
            }
            OnlineChanged { online } => write!(f, "{}", if *online { "online" } else { "offline" }),
        }
    }
}

/// An event with the time it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedEvent {
    /// When, on the client's clock.
    pub at: Millis,
    /// What.
    pub event: CacheEvent,
}
