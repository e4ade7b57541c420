//! Mutations: optimistic changes, their lifecycle, scopes and observers.

pub(crate) mod cache;
pub mod callbacks;
pub(crate) mod id_map;
pub(crate) mod id_set;
pub mod observer;
pub mod options;
pub(crate) mod record;
mod resume;
pub(crate) mod run;
pub mod scope;
pub mod state;
mod unknown;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifies one submitted mutation; ids grow in submission order.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::MutationId;
/// assert!(MutationId(1) < MutationId(2));
/// assert_eq!(MutationId(3).to_string(), "mutation #3");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MutationId(pub u64);

impl fmt::Display for MutationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mutation #{}", self.0)
    }
}
