//! Network modes: when a query or mutation may use the network.

use serde::{Deserialize, Serialize};

/// When requests run, as TanStack's `networkMode`.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::NetworkMode;
/// assert!(NetworkMode::Online.waits_for_network(true));
/// assert!(!NetworkMode::Always.waits_for_network(true));
/// assert!(!NetworkMode::OfflineFirst.waits_for_network(true));
/// assert!(NetworkMode::OfflineFirst.waits_for_network(false));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkMode {
    /// Only while online; offline work pauses (keeping its optimistic layers) and resumes
    /// when the browser is back online.
    #[default]
    Online,
    /// Ignore the network state (a local or service-worker backed API).
    Always,
    /// Try once regardless (a cache may answer); pause before retries while offline.
    OfflineFirst,
}

impl NetworkMode {
    /// Whether an attempt must wait for the network while offline; `first_attempt` tells
    /// whether nothing was tried yet.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::NetworkMode;
    /// assert!(NetworkMode::Online.waits_for_network(false));
    /// ```
    pub fn waits_for_network(self, first_attempt: bool) -> bool {
        match self {
            NetworkMode::Online => true,
            NetworkMode::Always => false,
            NetworkMode::OfflineFirst => !first_attempt,
        }
    }
}
