//! Unknown is not failed: the user's choices for a call whose outcome is unknown (Retry
//! now, Discard), and the page teardown that settles nothing.

use crate::client::QueryClient;
use crate::mutation::record::Choice;
use crate::mutation::state::MutationStatus;
use crate::mutation::MutationId;
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;

impl QueryClient {
    /// Sends a call that waits after an unknown outcome (or is
    /// [held](crate::MutationStatus::Held)) again now, under its idempotency key, instead
    /// of at the end of its back-off. `false` when the call is not waiting (in flight,
    /// settled, unknown id).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|_: (), _| async {
    ///     Err::<(), FetchError>(FetchError::Network("reset".into()))
    /// }));
    /// let id = m.mutate(());
    /// rt.run();
    /// assert!(m.state().is_waiting_for_server());
    /// assert!(client.retry_mutation_now(id));
    /// ```
    pub fn retry_mutation_now(&self, id: MutationId) -> bool {
        self.choose(id, Choice::RetryNow)
    }

    /// Gives up a call that waits after an unknown outcome (or is held): its optimistic
    /// change is rolled back, its callbacks run with
    /// [`AbortReason::Discarded`](crate::AbortReason::Discarded), and, as it may be on the
    /// server, the keys it patched are fetched again once related work settled. `false`
    /// when the call is not waiting (in flight, settled, unknown id).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|_: (), _| async {
    ///     Err::<(), FetchError>(FetchError::Timeout(5_000))
    /// }));
    /// let id = m.mutate(());
    /// rt.run();
    /// assert!(client.discard_mutation(id));
    /// rt.run();
    /// assert!(m.state().is_error());
    /// ```
    pub fn discard_mutation(&self, id: MutationId) -> bool {
        self.choose(id, Choice::Discard)
    }

    /// Wakes every call waiting out a back-off (not the held ones): it goes to its turn,
    /// which pauses it while offline.
    pub(crate) fn pause_waiting_calls(&self) {
        let controls: Vec<_> = {
            let mut st = self.st();
            let st = &mut *st;
            st.mutations
                .unsettled
                .iter()
                .copied()
                .collect::<Vec<_>>()
                .into_iter()
                .filter_map(|id| {
                    let r = st.mutations.records.get_mut(&id)?;
                    if r.state.status == MutationStatus::Held {
                        return None;
                    }
                    r.live_mut()?.control.take()
                })
                .collect()
        };
        for c in controls {
            let _ = c.send(Choice::RetryNow);
        }
    }

    fn choose(&self, id: MutationId, choice: Choice) -> bool {
        let control = self
            .st()
            .mutations
            .live_call(&id)
            .and_then(|live| live.control.take());
        control.is_some_and(|c| c.send(choice).is_ok())
    }

    /// The page is being torn down (the browser's `pagehide`): from now on, outcomes that
    /// arrive (the browser aborting the requests of a dying page) settle nothing, roll
    /// nothing back and leave the persisted queue as it is, so the next page restores
    /// and resends every call that was on the wire. [`resume_after_unload`] undoes it
    /// (the page came back from the back/forward cache).
    ///
    /// [`resume_after_unload`]: Self::resume_after_unload
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.suspend_for_unload();
    /// assert!(client.is_suspended_for_unload());
    /// client.resume_after_unload();
    /// assert!(!client.is_suspended_for_unload());
    /// ```
    pub fn suspend_for_unload(&self) {
        let mut st = self.st();
        if st.unload.is_none() {
            st.unload = Some(Vec::new());
        }
    }

    /// The page came back (`pageshow` from the back/forward cache): outcomes held since
    /// [`suspend_for_unload`](Self::suspend_for_unload) settle now, and calls whose
    /// request was lost meanwhile are sent again under their idempotency keys.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.resume_after_unload(); // not suspended: nothing happens
    /// ```
    pub fn resume_after_unload(&self) {
        let waiters = self.st().unload.take();
        let Some(waiters) = waiters else { return };
        self.batch(|| {
            for w in waiters {
                let _ = w.send(());
            }
            self.persist_queue();
        });
    }

    /// Whether [`suspend_for_unload`](Self::suspend_for_unload) is in force.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// assert!(!QueryClient::new(TestRuntime::new().runtime()).is_suspended_for_unload());
    /// ```
    pub fn is_suspended_for_unload(&self) -> bool {
        self.st().unload.is_some()
    }

    /// While suspended: a future that completes with `true` on resume (`false` if the
    /// client is dropped first).
    pub(crate) fn unload_waiter(&self) -> Option<LocalBoxFuture<'static, bool>> {
        let mut st = self.st();
        let waiters = st.unload.as_mut()?;
        let (tx, rx) = oneshot::channel();
        waiters.push(tx);
        Some(Box::pin(async move { rx.await.is_ok() }))
    }
}
