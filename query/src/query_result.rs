//! What an observer of a query reads, and which of its changes notify.

use crate::entry::{FetchStatus, QueryStatus};
use crate::error::FetchError;
use crate::runtime::Millis;

/// Which changes of a query's result notify an observer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NotifyOn {
    /// Any field of the result.
    #[default]
    All,
    /// Only the selected data, the error and the status; not fetch status or timestamps.
    Data,
}

/// What an observer reads: the selected data and the query's state.
///
/// ```
/// use optimistic_query::{QueryResult, QueryStatus};
/// let r: QueryResult<u8, String> = QueryResult::default();
/// assert_eq!(r.status, QueryStatus::Pending);
/// assert!(r.is_pending() && !r.is_fetching());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult<S, E = String> {
    /// The selected data (placeholder data while there is none).
    pub data: Option<S>,
    /// The last error.
    pub error: Option<FetchError<E>>,
    /// Whether there is data.
    pub status: QueryStatus,
    /// Whether a fetch runs.
    pub fetch_status: FetchStatus,
    /// When data last arrived.
    pub data_updated_at: Option<Millis>,
    /// When the last error arrived.
    pub error_updated_at: Option<Millis>,
    /// Consecutive failures of the current or last fetch.
    pub failure_count: u32,
    /// Whether `data` is placeholder data.
    pub is_placeholder: bool,
    /// Whether pending optimistic changes are part of `data`.
    pub is_optimistic: bool,
    /// Whether the query was invalidated and not yet refetched.
    pub is_invalidated: bool,
}

impl<S, E> Default for QueryResult<S, E> {
    fn default() -> Self {
        QueryResult {
            data: None,
            error: None,
            status: QueryStatus::Pending,
            fetch_status: FetchStatus::Idle,
            data_updated_at: None,
            error_updated_at: None,
            failure_count: 0,
            is_placeholder: false,
            is_optimistic: false,
            is_invalidated: false,
        }
    }
}

impl<S, E> QueryResult<S, E> {
    /// No data yet.
    ///
    /// ```
    /// assert!(optimistic_query::QueryResult::<u8>::default().is_pending());
    /// ```
    pub fn is_pending(&self) -> bool {
        self.status == QueryStatus::Pending
    }
    /// No data yet and a first fetch is running (TanStack's `isLoading`).
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_loading());
    /// ```
    pub fn is_loading(&self) -> bool {
        self.is_pending() && self.fetch_status == FetchStatus::Fetching
    }
    /// A fetch is running (first load or background refetch).
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_fetching());
    /// ```
    pub fn is_fetching(&self) -> bool {
        self.fetch_status == FetchStatus::Fetching
    }
    /// A fetch waits for the network.
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_paused());
    /// ```
    pub fn is_paused(&self) -> bool {
        self.fetch_status == FetchStatus::Paused
    }
    /// Data arrived.
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        self.status == QueryStatus::Success
    }
    /// The last fetch failed.
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.status == QueryStatus::Error
    }
}
