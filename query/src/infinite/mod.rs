//! Infinite queries, as TanStack's `useInfiniteQuery`: one cache entry holds a list of
//! pages ([`InfiniteData`]) fetched one at a time, forwards from an initial page param
//! and backwards from it. Optimistic patches reach into the pages like into any data
//! (`Patches::modify` over `InfiniteData`, with its row helpers), and a refetch fetches
//! every page again, in order, from the first page's param; pending layers are applied
//! on top of the new pages (rebase) as for any query.

mod data;
mod fetch;
mod observer;
mod options;

pub use data::{InfiniteData, PageItems};
pub use observer::{InfiniteQueryObserver, InfiniteQueryResult};
pub use options::InfiniteQueryOptions;

/// Which end of an infinite query's pages a page fetch adds to.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::PageDirection;
/// assert_ne!(PageDirection::Next, PageDirection::Previous);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageDirection {
    /// After the last page (`fetch_next_page`).
    Next,
    /// Before the first page (`fetch_previous_page`).
    Previous,
}
