//! What an observer of a query reads, and which of its changes notify.

use crate::entry::{FetchStatus, QueryStatus};
use crate::error::FetchError;
use crate::infinite::PageDirection;
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
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{QueryResult, QueryStatus};
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
    /// The error of the current or last fetch's latest failed attempt, also while it
    /// is being retried (TanStack's `failureReason`); cleared by success or a new fetch.
    pub failure_reason: Option<FetchError<E>>,
    /// Whether `data` is placeholder data.
    pub is_placeholder: bool,
    /// Whether pending optimistic changes are part of `data`.
    pub is_optimistic: bool,
    /// Whether the query was invalidated and not yet refetched.
    pub is_invalidated: bool,
    /// Whether the data is stale: older than the query's `stale_time`, invalidated, or
    /// missing (TanStack's `isStale`). Observers are told when fresh data goes stale.
    pub is_stale: bool,
    /// For an infinite query, the page being fetched (`fetch_next_page` or
    /// `fetch_previous_page`); `None` for other fetches.
    pub fetching_page: Option<PageDirection>,
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
            failure_reason: None,
            is_placeholder: false,
            is_optimistic: false,
            is_invalidated: false,
            is_stale: true,
            fetching_page: None,
        }
    }
}

impl<S, E> QueryResult<S, E> {
    /// The same result with its data mapped (the rest is kept).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::QueryResult;
    /// let r = QueryResult::<u8> { data: Some(2), ..Default::default() };
    /// assert_eq!(r.map_data(|n| n * 2).data, Some(4));
    /// ```
    pub fn map_data<S2>(self, f: impl FnOnce(S) -> S2) -> QueryResult<S2, E> {
        QueryResult {
            data: self.data.map(f),
            error: self.error,
            status: self.status,
            fetch_status: self.fetch_status,
            data_updated_at: self.data_updated_at,
            error_updated_at: self.error_updated_at,
            failure_count: self.failure_count,
            failure_reason: self.failure_reason,
            is_placeholder: self.is_placeholder,
            is_optimistic: self.is_optimistic,
            is_invalidated: self.is_invalidated,
            is_stale: self.is_stale,
            fetching_page: self.fetching_page,
        }
    }

    /// No data yet.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::QueryResult::<u8>::default().is_pending());
    /// ```
    pub fn is_pending(&self) -> bool {
        self.status == QueryStatus::Pending
    }
    /// No data yet and a first fetch is running (TanStack's `isLoading`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::QueryResult::<u8>::default().is_loading());
    /// ```
    pub fn is_loading(&self) -> bool {
        self.is_pending() && self.fetch_status == FetchStatus::Fetching
    }
    /// A fetch is running (first load or background refetch).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::QueryResult::<u8>::default().is_fetching());
    /// ```
    pub fn is_fetching(&self) -> bool {
        self.fetch_status == FetchStatus::Fetching
    }
    /// A background refetch is running: fetching while there is data (TanStack's
    /// `isRefetching`, which excludes the first load).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{FetchStatus, QueryResult, QueryStatus};
    /// let r = QueryResult::<u8> { status: QueryStatus::Success, fetch_status: FetchStatus::Fetching, ..Default::default() };
    /// assert!(r.is_refetching() && !r.is_loading());
    /// ```
    pub fn is_refetching(&self) -> bool {
        self.is_fetching() && !self.is_pending()
    }
    /// A fetch waits for the network.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::QueryResult::<u8>::default().is_paused());
    /// ```
    pub fn is_paused(&self) -> bool {
        self.fetch_status == FetchStatus::Paused
    }
    /// Data arrived.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::QueryResult::<u8>::default().is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        self.status == QueryStatus::Success
    }
    /// The last fetch failed.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::QueryResult::<u8>::default().is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.status == QueryStatus::Error
    }
}
