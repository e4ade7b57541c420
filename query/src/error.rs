//! Typed errors: what went wrong on the wire, in the cache, or in the persisted queue.

use crate::key::QueryKey;
use crate::runtime::Millis;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a request was aborted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AbortReason {
    /// `cancel_queries` or an unmounted observer cancelled it.
    Cancelled,
    /// A newer call in the same `LatestWins`/debounced scope replaced it before it was sent.
    Superseded,
    /// The cache entry was removed while the request was in flight.
    Removed,
    /// The user discarded a change whose outcome was unknown
    /// ([`QueryClient::discard_mutation`](crate::QueryClient::discard_mutation)).
    Discarded,
}

impl fmt::Display for AbortReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AbortReason::Cancelled => "cancelled",
            AbortReason::Superseded => "superseded by a newer call",
            AbortReason::Removed => "the query was removed",
            AbortReason::Discarded => "discarded",
        })
    }
}

/// The error of a query or mutation: transport failures the library understands, plus
/// `App(E)`, the application's own typed error.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{ErrorKind, FetchError};
/// let e: FetchError<String> = FetchError::Http { status: 503, body: "busy".into() };
/// assert_eq!(e.kind(), ErrorKind::Http(503));
/// assert!(e.kind().is_retryable());
/// assert_eq!(e.to_string(), "the server answered 503: busy");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FetchError<E = String> {
    /// The request never reached the server or its answer never came back.
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the given time.
    #[error("the server did not answer within {0} ms")]
    Timeout(Millis),
    /// The server answered with a non-success status.
    #[error("the server answered {status}: {body}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// Response body as text (may be empty).
        body: String,
    },
    /// The server's answer could not be decoded (malformed JSON, wrong shape).
    #[error("could not read the server's answer: {0}")]
    Decode(String),
    /// The request was aborted before it finished.
    #[error("aborted: {0}")]
    Aborted(AbortReason),
    /// The application's own error.
    #[error("{0}")]
    App(E),
}

impl<E> FetchError<E> {
    /// The kind of this error, which decides whether it is retried.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{ErrorKind, FetchError};
    /// assert_eq!(FetchError::<String>::Timeout(5).kind(), ErrorKind::Timeout);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            FetchError::Network(_) => ErrorKind::Network,
            FetchError::Timeout(_) => ErrorKind::Timeout,
            FetchError::Http { status, .. } => ErrorKind::Http(*status),
            FetchError::Decode(_) => ErrorKind::Decode,
            FetchError::Aborted(_) => ErrorKind::Aborted,
            FetchError::App(_) => ErrorKind::App,
        }
    }

    /// Maps the application error type.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::FetchError;
    /// let e: FetchError<i32> = FetchError::App(4);
    /// assert_eq!(e.map_app(|n| n.to_string()), FetchError::App("4".to_string()));
    /// ```
    pub fn map_app<F>(self, f: impl FnOnce(E) -> F) -> FetchError<F> {
        match self {
            FetchError::Network(m) => FetchError::Network(m),
            FetchError::Timeout(t) => FetchError::Timeout(t),
            FetchError::Http { status, body } => FetchError::Http { status, body },
            FetchError::Decode(m) => FetchError::Decode(m),
            FetchError::Aborted(r) => FetchError::Aborted(r),
            FetchError::App(e) => FetchError::App(f(e)),
        }
    }
}

/// The kind of a [`FetchError`], without its payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// Transport failure.
    Network,
    /// No answer in time.
    Timeout,
    /// Non-success HTTP status.
    Http(u16),
    /// Undecodable answer.
    Decode,
    /// Aborted by the client.
    Aborted,
    /// Application error.
    App,
}

impl ErrorKind {
    /// Whether a retry may help: network failures, timeouts, 5xx and 429. A 4xx, a decode
    /// error or an application error will fail the same way again.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::ErrorKind;
    /// assert!(ErrorKind::Http(429).is_retryable());
    /// assert!(!ErrorKind::Http(404).is_retryable());
    /// assert!(!ErrorKind::Decode.is_retryable());
    /// ```
    pub fn is_retryable(self) -> bool {
        match self {
            ErrorKind::Network | ErrorKind::Timeout => true,
            ErrorKind::Http(s) => s == 429 || (500..600).contains(&s),
            ErrorKind::Decode | ErrorKind::Aborted | ErrorKind::App => false,
        }
    }

    /// Whether this is a definite "no": the server refused (a 4xx other than 408 Request
    /// Timeout, 425 Too Early and 429 Too Many Requests, which say "not now"), the
    /// application's own typed error said so, or the client decided locally (a call
    /// superseded, cancelled or discarded by the user). A write refused this way is rolled
    /// back at once. Everything else is [unknown](Self::is_unknown).
    ///
    /// (A 409 "this key is still being processed" from an idempotency layer is not a
    /// refusal either: the components' HTTP sources report it as a 503.)
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::ErrorKind;
    /// assert!(ErrorKind::Http(422).is_refusal());
    /// assert!(ErrorKind::App.is_refusal());
    /// assert!(!ErrorKind::Http(503).is_refusal());
    /// assert!(!ErrorKind::Http(429).is_refusal());
    /// assert!(!ErrorKind::Network.is_refusal());
    /// ```
    pub fn is_refusal(self) -> bool {
        match self {
            ErrorKind::Http(s) => (400..500).contains(&s) && !matches!(s, 408 | 425 | 429),
            ErrorKind::App | ErrorKind::Aborted => true,
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Decode => false,
        }
    }

    /// Whether the client does not know what happened: the request may or may not have
    /// reached the server and been applied (a network error, a timeout, a 5xx, a 408 or
    /// 429, an answer that could not be read, any status that is neither success nor a
    /// refusal). Every write carries an idempotency key, so a write that ends this way is
    /// kept, with its optimistic layer, and sent again under the same key until the
    /// server answers definitely (rule 4 of the crate docs).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::ErrorKind;
    /// assert!(ErrorKind::Network.is_unknown());
    /// assert!(ErrorKind::Timeout.is_unknown());
    /// assert!(ErrorKind::Http(503).is_unknown());
    /// assert!(ErrorKind::Http(408).is_unknown());
    /// assert!(ErrorKind::Decode.is_unknown());
    /// assert!(!ErrorKind::Http(404).is_unknown());
    /// ```
    pub fn is_unknown(self) -> bool {
        !self.is_refusal()
    }

    /// Whether a write that failed this way may still have been applied by the server:
    /// the answer was lost (network, timeout), the server failed after applying (5xx), or
    /// it answered with success that could not be read (decode). A 4xx, an application
    /// error, or an abort before sending mean the change was not made.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::ErrorKind;
    /// assert!(ErrorKind::Timeout.may_have_applied());
    /// assert!(ErrorKind::Http(503).may_have_applied());
    /// assert!(!ErrorKind::Http(422).may_have_applied());
    /// assert!(!ErrorKind::Http(429).may_have_applied());
    /// ```
    pub fn may_have_applied(self) -> bool {
        match self {
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Decode => true,
            ErrorKind::Http(s) => (500..600).contains(&s),
            ErrorKind::Aborted | ErrorKind::App => false,
        }
    }
}

/// A type-erased summary of an error, for code that does not know the error type
/// (devtools, event logs, `use_mutation_state` filters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// The error's kind.
    pub kind: ErrorKind,
    /// Its message, as `Display` prints it.
    pub message: String,
}

impl ErrorInfo {
    /// Summarises a typed error.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{ErrorInfo, ErrorKind, FetchError};
    /// let info = ErrorInfo::of(&FetchError::<String>::Network("offline".into()));
    /// assert_eq!(info.kind, ErrorKind::Network);
    /// ```
    pub fn of<E: fmt::Display>(e: &FetchError<E>) -> Self {
        ErrorInfo {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// Misuse of the cache: asking for data of another type than the one stored.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, CacheError, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// client.set_query_data(&keys!["n"], 1_u32).unwrap();
/// let err = client.get_query_data::<String>(&keys!["n"]).unwrap_err();
/// assert!(matches!(err, CacheError::TypeMismatch { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CacheError {
    /// The entry holds another type.
    #[error("the cache entry {key} holds `{stored}`, but `{requested}` was asked for")]
    TypeMismatch {
        /// The entry's key.
        key: QueryKey,
        /// Type name of what is stored.
        stored: &'static str,
        /// Type name that was asked for.
        requested: &'static str,
    },
    /// An observer was given options for another key.
    #[error("an observer of {from} cannot switch to {to}; create a new observer")]
    KeyChanged {
        /// The observer's key.
        from: QueryKey,
        /// The key of the new options.
        to: QueryKey,
    },
}

/// Why the persisted mutation queue could not be read or written.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::PersistError;
/// let e = PersistError::UnsupportedVersion { found: 0, expected: 1 };
/// assert!(e.to_string().contains("version 0"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PersistError {
    /// The stored text is not a queue at all.
    #[error("the saved mutation queue is corrupt ({reason}); it was kept under `{backup_key}` and not replayed")]
    Corrupt {
        /// What the parser said.
        reason: String,
        /// Storage key the unreadable text was copied to.
        backup_key: String,
    },
    /// The queue was written by another format version.
    #[error("the saved mutation queue has format version {found}, this build reads version {expected}; it was kept and not replayed")]
    UnsupportedVersion {
        /// Version found in storage.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The storage refused the write (quota, private mode).
    #[error("could not save the mutation queue: {0}")]
    Storage(String),
}
