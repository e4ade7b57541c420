//! Sending waiting calls now, by hand: TanStack's `resumePausedMutations`.

use crate::client::QueryClient;
use crate::mutation::MutationId;

impl QueryClient {
    /// Sends every waiting call now, as TanStack's `resumePausedMutations`: each call
    /// that waits after an unknown outcome, or is [held](crate::MutationStatus::Held),
    /// is sent again at once under its idempotency key (as
    /// [`retry_mutation_now`](Self::retry_mutation_now) does for one), and calls paused
    /// offline replay, oldest first, if the client believes it is online (offline they
    /// stay paused: they resume by themselves when the network comes back). Returns how
    /// many waiting calls were sent again. A "Retry all" button, or an app that learns
    /// from its own signal that the server is back, calls it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// use std::{cell::Cell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let sends = Rc::new(Cell::new(0));
    /// let s = sends.clone();
    /// let m = MutationObserver::new(&client, MutationOptions::new(move |_: (), _| {
    ///     s.set(s.get() + 1);
    ///     let first = s.get() == 1;
    ///     async move { if first { Err(FetchError::Network("reset".into())) } else { Ok::<(), FetchError>(()) } }
    /// }).retry(yew_optimistic::RetryPolicy::never()));
    /// m.mutate(());
    /// rt.run();
    /// assert!(m.state().is_waiting_for_server());
    /// assert_eq!(client.resume_paused_mutations(), 1);
    /// rt.run(); // no time passed: sent again at once
    /// assert!(m.state().is_success());
    /// assert_eq!(sends.get(), 2);
    /// ```
    pub fn resume_paused_mutations(&self) -> usize {
        let waiting: Vec<MutationId> = self
            .st()
            .mutations
            .records
            .iter()
            .filter(|(_, r)| r.live.as_ref().is_some_and(|l| l.control.is_some()))
            .map(|(id, _)| *id)
            .collect();
        let sent = waiting
            .into_iter()
            .filter(|id| self.retry_mutation_now(*id))
            .count();
        self.resume_next_paused();
        sent
    }
}
