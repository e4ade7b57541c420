//! How much the client remembers besides the cache entries and mutation records: counts
//! that must stay bounded by the live calls and scopes, however long the page runs.

use crate::client::QueryClient;

/// Sizes of the client's internal records, for tests and devtools. Each is bounded by
/// live work: a long-running page does not accumulate them.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// let b = client.bookkeeping();
/// assert_eq!(b.own_idempotency_keys, 0);
/// assert_eq!(b.scope_send_records, 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bookkeeping {
    /// Idempotency keys the client counts as its own in the shared persisted queue.
    pub own_idempotency_keys: usize,
    /// Scopes whose last send time is remembered (for `Throttle`).
    pub scope_send_records: usize,
}

impl QueryClient {
    /// Sizes of the client's internal records (see [`Bookkeeping`]).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.bookkeeping(), Default::default());
    /// ```
    pub fn bookkeeping(&self) -> Bookkeeping {
        let st = self.st();
        Bookkeeping {
            own_idempotency_keys: st.persist.own_keys.len(),
            scope_send_records: st.mutations.scope_last_sent.len(),
        }
    }
}
