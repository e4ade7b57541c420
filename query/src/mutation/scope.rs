//! Scopes: mutations that share a scope key run one at a time, in submission order.

use crate::runtime::Millis;

/// What happens to calls queued in a scope.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::ScopePolicy;
/// assert!(!ScopePolicy::Serial.replaces_queued());
/// assert!(ScopePolicy::LatestWins.replaces_queued());
/// assert_eq!(ScopePolicy::Debounce(300).send_delay(), 300);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScopePolicy {
    /// Every call is sent, one after another (the lock).
    #[default]
    Serial,
    /// A newer call replaces calls still queued (not yet sent); the one in flight finishes.
    /// Every call still paints at once; a replaced call's change is rolled back in the same
    /// notification that paints the newer one.
    LatestWins,
    /// Like `LatestWins`, and the call waits this many milliseconds before it is sent, so
    /// a burst of input sends one request: the last.
    Debounce(Millis),
    /// Like `LatestWins`, and sends are at least this many milliseconds apart: the first
    /// call of a burst goes at once, the last one when the window ends.
    Throttle(Millis),
}

impl ScopePolicy {
    /// Whether a newer call replaces queued ones.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(yew_optimistic::ScopePolicy::Debounce(10).replaces_queued());
    /// ```
    pub fn replaces_queued(self) -> bool {
        !matches!(self, ScopePolicy::Serial)
    }

    /// How long a call waits before it is sent.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::ScopePolicy::Serial.send_delay(), 0);
    /// ```
    pub fn send_delay(self) -> Millis {
        match self {
            ScopePolicy::Debounce(ms) => ms,
            _ => 0,
        }
    }

    /// The least time between two sends of the scope.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::ScopePolicy::Throttle(500).min_spacing(), 500);
    /// assert_eq!(yew_optimistic::ScopePolicy::LatestWins.min_spacing(), 0);
    /// ```
    pub fn min_spacing(self) -> Millis {
        match self {
            ScopePolicy::Throttle(ms) => ms,
            _ => 0,
        }
    }
}
