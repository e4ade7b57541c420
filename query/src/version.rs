//! Versions a source reports with its answers: a sequence number of the resource, so the
//! engine knows which writes a read answer includes (Replicache's idea).

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

/// Where a fetcher or a mutation function reports the version of the resource its answer
/// describes, as a number that grows with every change the server applies (a sequence
/// number, an `ETag` of digits). A read reports the version of the data it returns; a
/// write reports the version its change produced.
///
/// With both, an answer that travelled while a write was in flight is exact: the write
/// is in the answer when its version is at most the answer's. A source that reports
/// nothing keeps the rules without versions. A write is compared with the answers of
/// every key it patches, so versions of the resources one mutation touches must be one
/// sequence (a database-wide change counter is; two counters of their own are not). The
/// slot is shared by the clones of a
/// context, so a fetcher sets it from inside its future, after reading the response:
/// use [`FetchContext::set_version`](crate::FetchContext::set_version) and
/// [`MutationContext::set_version`](crate::MutationContext::set_version).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::VersionSlot;
/// let slot = VersionSlot::default();
/// let seen_by_engine = slot.clone();
/// assert_eq!(seen_by_engine.get(), None);
/// slot.set(42);
/// assert_eq!(seen_by_engine.get(), Some(42));
/// ```
#[derive(Clone, Default)]
pub struct VersionSlot(Rc<Cell<Option<u64>>>);

impl VersionSlot {
    /// Records the version (the last one set wins).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let slot = yew_optimistic::optimistic_query::VersionSlot::default();
    /// slot.set(1);
    /// slot.set(2);
    /// assert_eq!(slot.get(), Some(2));
    /// ```
    pub fn set(&self, version: u64) {
        self.0.set(Some(version));
    }

    /// The version reported, if any.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::optimistic_query::VersionSlot::default().get(), None);
    /// ```
    pub fn get(&self) -> Option<u64> {
        self.0.get()
    }
}

/// Slots are equal when they hold the same version (contexts compare by what they say).
impl PartialEq for VersionSlot {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for VersionSlot {}

impl fmt::Debug for VersionSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(v) => write!(f, "VersionSlot({v})"),
            None => write!(f, "VersionSlot(none)"),
        }
    }
}
