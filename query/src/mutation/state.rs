//! A mutation's life as a state changed only by [`MutationState::reduce`].

use crate::entry::ErasedError;
use crate::error::FetchError;
use crate::layer::AnyRc;
use crate::runtime::Millis;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Where a mutation is in its life.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::MutationStatus;
/// assert!(MutationStatus::Paused.is_unsettled());
/// assert!(!MutationStatus::Success.is_unsettled());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MutationStatus {
    /// Nothing submitted (or `reset`).
    #[default]
    Idle,
    /// Submitted: waiting for its turn in its scope, in flight, or between retries.
    Pending,
    /// Waiting for the network; its optimistic change stays visible.
    Paused,
    /// Its outcome stayed unknown after the resends the client allows
    /// ([`ClientConfig::unknown_resend`](crate::ClientConfig::unknown_resend)): it is
    /// kept (layer, idempotency key, persisted queue), shown as "not saved yet", and
    /// waits for the user's
    /// [`retry_mutation_now`](crate::QueryClient::retry_mutation_now) or
    /// [`discard_mutation`](crate::QueryClient::discard_mutation). A reload sends it again.
    Held,
    /// The server accepted it.
    Success,
    /// It failed for good; its optimistic change was rolled back.
    Error,
}

impl MutationStatus {
    /// Pending, paused or held: its layers are live and it may still reach the server.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::MutationStatus::Pending.is_unsettled());
    /// assert!(yew_optimistic::MutationStatus::Held.is_unsettled());
    /// ```
    pub fn is_unsettled(self) -> bool {
        matches!(
            self,
            MutationStatus::Pending | MutationStatus::Paused | MutationStatus::Held
        )
    }
}

/// Everything a mutation observer can read, as TanStack's mutation result.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{MutationState, MutationStatus};
/// let s: MutationState<u8, (), String> = MutationState::default();
/// assert_eq!(s.status, MutationStatus::Idle);
/// assert!(s.is_idle());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MutationState<V, D, E = String> {
    /// Lifecycle state.
    pub status: MutationStatus,
    /// The variables it was called with (kept after failure, for a retry).
    ///
    /// Of the **latest** call only, as `error`: with overlapping calls, a call made
    /// after a failed one replaces it here, so the failure is no longer seen. To show
    /// every refused call, read the mutation cache (`QueryClient::mutation_infos` with
    /// `MutationStatus::Error`); yew-optimistic's `use_refused_mutations` does that, with
    /// retry and dismiss.
    pub variables: Option<V>,
    /// The server's answer on success.
    pub data: Option<D>,
    /// The final error of the **latest** call. It does not cover overlapping calls: when
    /// a first call is refused while a second is on its way and the second succeeds,
    /// this is `None` and the first refusal is not reported here. List refused calls
    /// from the mutation cache instead (`QueryClient::mutation_infos` with
    /// `MutationStatus::Error`; in yew-optimistic, `use_refused_mutations`).
    pub error: Option<FetchError<E>>,
    /// Failed attempts so far.
    pub failure_count: u32,
    /// The error of the last failed attempt (also while retrying).
    pub failure_reason: Option<FetchError<E>>,
    /// When it was submitted.
    pub submitted_at: Option<Millis>,
    /// The idempotency key sent with every attempt and replay.
    pub idempotency_key: Option<String>,
}

impl<V, D, E> Default for MutationState<V, D, E> {
    fn default() -> Self {
        MutationState {
            status: MutationStatus::Idle,
            variables: None,
            data: None,
            error: None,
            failure_count: 0,
            failure_reason: None,
            submitted_at: None,
            idempotency_key: None,
        }
    }
}

/// A change of a mutation's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<V, D, E> {
    /// Submitted with these variables.
    Submit {
        /// Variables.
        variables: V,
        /// Submission time.
        submitted_at: Millis,
        /// Idempotency key.
        idempotency_key: String,
    },
    /// Offline: waits for the network.
    Pause,
    /// Back online, or the user asked to retry a held call: continues.
    Continue,
    /// Its outcome stayed unknown after every resend allowed: held for the user.
    Hold,
    /// One attempt failed (a retry may follow).
    Failed(FetchError<E>),
    /// The server accepted.
    Success(D),
    /// Failed for good.
    Error(FetchError<E>),
}

impl<V, D, E: Clone> MutationState<V, D, E> {
    /// The state after `action`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{mutation::state::Action, MutationState, MutationStatus};
    /// let s: MutationState<u8, u8, String> = MutationState::default()
    ///     .reduce(Action::Submit { variables: 1, submitted_at: 0, idempotency_key: "k".into() })
    ///     .reduce(Action::Pause);
    /// assert_eq!(s.status, MutationStatus::Paused);
    /// let s = s.reduce(Action::Continue).reduce(Action::Success(2));
    /// assert_eq!((s.status, s.data), (MutationStatus::Success, Some(2)));
    /// ```
    pub fn reduce(self, action: Action<V, D, E>) -> Self {
        match action {
            Action::Submit {
                variables,
                submitted_at,
                idempotency_key,
            } => MutationState {
                status: MutationStatus::Pending,
                variables: Some(variables),
                submitted_at: Some(submitted_at),
                idempotency_key: Some(idempotency_key),
                ..MutationState::default()
            },
            Action::Pause => MutationState {
                status: MutationStatus::Paused,
                ..self
            },
            Action::Continue => MutationState {
                status: MutationStatus::Pending,
                ..self
            },
            Action::Hold => MutationState {
                status: MutationStatus::Held,
                ..self
            },
            Action::Failed(e) => MutationState {
                failure_count: self.failure_count + 1,
                failure_reason: Some(e),
                ..self
            },
            Action::Success(d) => MutationState {
                status: MutationStatus::Success,
                data: Some(d),
                error: None,
                failure_count: 0,
                failure_reason: None,
                ..self
            },
            Action::Error(e) => MutationState {
                status: MutationStatus::Error,
                error: Some(e.clone()),
                failure_reason: Some(e),
                ..self
            },
        }
    }

    /// Nothing submitted.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::MutationState::<u8, u8>::default().is_idle());
    /// ```
    pub fn is_idle(&self) -> bool {
        self.status == MutationStatus::Idle
    }
    /// Pending or paused (TanStack's `isPending`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::MutationState::<u8, u8>::default().is_pending());
    /// ```
    pub fn is_pending(&self) -> bool {
        self.status.is_unsettled()
    }
    /// Waiting for the network.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::MutationState::<u8, u8>::default().is_paused());
    /// ```
    pub fn is_paused(&self) -> bool {
        self.status == MutationStatus::Paused
    }
    /// Not settled, and its last attempt ended with an unknown outcome (a network error,
    /// a timeout, a 5xx): it is being sent again under its idempotency key. Show it as
    /// "waiting for the server".
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{mutation::state::Action, FetchError, MutationState};
    /// let s: MutationState<u8, u8> = MutationState::default()
    ///     .reduce(Action::Submit { variables: 1, submitted_at: 0, idempotency_key: "k".into() })
    ///     .reduce(Action::Failed(FetchError::Network("reset".into())));
    /// assert!(s.is_waiting_for_server());
    /// ```
    pub fn is_waiting_for_server(&self) -> bool {
        self.status == MutationStatus::Pending
            && self
                .failure_reason
                .as_ref()
                .is_some_and(|e| e.kind().is_unknown())
    }
    /// Held after the resends allowed: "not saved yet", waiting for the user's Retry now
    /// or Discard.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::MutationState::<u8, u8>::default().is_held());
    /// ```
    pub fn is_held(&self) -> bool {
        self.status == MutationStatus::Held
    }
    /// Accepted.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::MutationState::<u8, u8>::default().is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        self.status == MutationStatus::Success
    }
    /// Failed.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::MutationState::<u8, u8>::default().is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.status == MutationStatus::Error
    }
}

/// What the cache keeps of a call's state, without its types: the one reducer the
/// engine runs for every mutation type; observers read it back typed
/// ([`typed`](Self::typed)).
///
/// Small on purpose: a settled call keeps it for its whole `mutation_gc_time`, thousands
/// of them. The variables and the submit time are the record's own (they never change
/// after the submit); the final error is the last attempt's once the call failed, so one
/// shared slot holds both.
#[derive(Clone, Default)]
pub(crate) struct RecordState {
    pub status: MutationStatus,
    pub data: Option<AnyRc>,
    pub failure_count: u32,
    pub failure_reason: Option<Rc<ErasedError>>,
}

/// The erased form of [`Action`] (the idempotency key, the variables and the submit time
/// stay on the record: a settled call's state would hold a second copy for its whole gc
/// time).
pub(crate) enum Step {
    Submit,
    Pause,
    Continue,
    Hold,
    Failed(ErasedError),
    Success(AnyRc),
    Error(ErasedError),
}

impl RecordState {
    /// As [`MutationState::reduce`].
    pub fn reduce(self, step: Step) -> Self {
        match step {
            Step::Submit => RecordState {
                status: MutationStatus::Pending,
                ..RecordState::default()
            },
            Step::Pause => RecordState {
                status: MutationStatus::Paused,
                ..self
            },
            Step::Continue => RecordState {
                status: MutationStatus::Pending,
                ..self
            },
            Step::Hold => RecordState {
                status: MutationStatus::Held,
                ..self
            },
            Step::Failed(e) => RecordState {
                failure_count: self.failure_count + 1,
                failure_reason: Some(Rc::new(e)),
                ..self
            },
            Step::Success(d) => RecordState {
                status: MutationStatus::Success,
                data: Some(d),
                failure_count: 0,
                failure_reason: None,
            },
            Step::Error(e) => RecordState {
                status: MutationStatus::Error,
                failure_reason: Some(Rc::new(e)),
                ..self
            },
        }
    }

    /// The final error: the last attempt's, once the call failed for good.
    pub fn error(&self) -> Option<&ErasedError> {
        match self.status {
            MutationStatus::Error => self.failure_reason.as_deref(),
            _ => None,
        }
    }

    /// The error [`MutationInfo`](crate::MutationInfo) shows: the final one, or the
    /// last attempt's.
    pub fn error_info(&self) -> Option<crate::error::ErrorInfo> {
        self.failure_reason.as_ref().map(|e| e.info.clone())
    }

    /// The state as the mutation's types see it, with the record's variables, submit
    /// time and idempotency key.
    pub fn typed<V: Clone + 'static, D: Clone + 'static, E: Clone + 'static>(
        &self,
        variables: &AnyRc,
        submitted_at: Millis,
        idempotency_key: &str,
    ) -> MutationState<V, D, E> {
        MutationState {
            status: self.status,
            variables: variables.downcast_ref::<V>().cloned(),
            data: self
                .data
                .as_ref()
                .and_then(|d| d.downcast_ref::<D>().cloned()),
            error: self.error().map(ErasedError::typed),
            failure_count: self.failure_count,
            failure_reason: self.failure_reason.as_deref().map(ErasedError::typed),
            submitted_at: Some(submitted_at),
            idempotency_key: Some(idempotency_key.to_owned()),
        }
    }
}
