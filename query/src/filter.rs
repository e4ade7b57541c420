//! Filters that pick queries and mutations, as TanStack's `QueryFilters`.

use crate::key::QueryKey;
use std::fmt;
use std::rc::Rc;

type KeyPredicate = Rc<dyn Fn(&QueryKey) -> bool>;

/// Which queries an operation such as `invalidate_queries` applies to.
///
/// By default a filter with a key matches that key and every key it is a prefix of.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{keys, QueryFilter};
/// let f = QueryFilter::key(keys!["todos"]);
/// assert!(f.matches_key(&keys!["todos", 3]));
/// assert!(!QueryFilter::exact(keys!["todos"]).matches_key(&keys!["todos", 3]));
/// ```
#[derive(Clone, Default)]
pub struct QueryFilter {
    key: Option<QueryKey>,
    exact: bool,
    activity: Activity,
    predicate: Option<KeyPredicate>,
}

/// Whether a filter picks queries by whether something observes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Activity {
    /// Every query.
    #[default]
    All,
    /// Queries with at least one observer.
    Active,
    /// Queries nobody observes.
    Inactive,
}

impl fmt::Debug for QueryFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryFilter")
            .field("key", &self.key)
            .field("exact", &self.exact)
            .field("activity", &self.activity)
            .field("predicate", &self.predicate.is_some())
            .finish()
    }
}

impl QueryFilter {
    /// Matches every query.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// assert!(QueryFilter::all().matches_key(&keys!["anything"]));
    /// ```
    pub fn all() -> Self {
        Self::default()
    }

    /// Matches `key` and every key that starts with it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// assert!(QueryFilter::key(keys!["a"]).matches_key(&keys!["a", 1]));
    /// ```
    pub fn key(key: QueryKey) -> Self {
        QueryFilter {
            key: Some(key),
            ..Self::default()
        }
    }

    /// Matches `key` only.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// assert!(QueryFilter::exact(keys!["a"]).matches_key(&keys!["a"]));
    /// ```
    pub fn exact(key: QueryKey) -> Self {
        QueryFilter {
            key: Some(key),
            exact: true,
            ..Self::default()
        }
    }

    /// Restricts the filter to queries that are (or are not) observed.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{filter::Activity, QueryFilter};
    /// let f = QueryFilter::all().activity(Activity::Active);
    /// assert_eq!(f.activity_kind(), Activity::Active);
    /// ```
    pub fn activity(mut self, activity: Activity) -> Self {
        self.activity = activity;
        self
    }

    /// Adds a predicate on the key that must also hold.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// let f = QueryFilter::all().predicate(|k| k.len() == 2);
    /// assert!(f.matches_key(&keys!["a", 1]) && !f.matches_key(&keys!["a"]));
    /// ```
    pub fn predicate(mut self, p: impl Fn(&QueryKey) -> bool + 'static) -> Self {
        self.predicate = Some(Rc::new(p));
        self
    }

    /// The activity this filter asks for.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{filter::Activity, QueryFilter};
    /// assert_eq!(QueryFilter::all().activity_kind(), Activity::All);
    /// ```
    pub fn activity_kind(&self) -> Activity {
        self.activity
    }

    /// The key this filter is about, if any.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// assert_eq!(QueryFilter::key(keys!["a"]).query_key(), Some(&keys!["a"]));
    /// ```
    pub fn query_key(&self) -> Option<&QueryKey> {
        self.key.as_ref()
    }

    /// Whether the key part (key, exactness, predicate) matches; activity is checked by the
    /// cache, which knows the observers.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// assert!(!QueryFilter::key(keys!["a"]).matches_key(&keys!["b"]));
    /// ```
    pub fn matches_key(&self, key: &QueryKey) -> bool {
        self.matches_key_without_predicate(key) && self.passes_predicate(key)
    }

    /// The key and exactness part of [`matches_key`](Self::matches_key).
    pub(crate) fn matches_key_without_predicate(&self, key: &QueryKey) -> bool {
        match &self.key {
            None => true,
            Some(k) if self.exact => k == key,
            Some(k) => key.starts_with(k),
        }
    }

    /// Whether both filters pick the same keys for certain (no predicate, same key,
    /// exactness and activity), so one invalidation serves both.
    pub(crate) fn same_as(&self, other: &QueryFilter) -> bool {
        self.predicate.is_none()
            && other.predicate.is_none()
            && self.key == other.key
            && self.exact == other.exact
            && self.activity == other.activity
    }

    /// The predicate part of [`matches_key`](Self::matches_key): a user closure, to be
    /// called with no borrow of the client's state held.
    pub(crate) fn passes_predicate(&self, key: &QueryKey) -> bool {
        self.predicate.as_ref().is_none_or(|p| p(key))
    }

    /// Whether this filter and `other` may pick a common key (used to decide whether
    /// pending work is related to a deferred invalidation).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, QueryFilter};
    /// assert!(QueryFilter::key(keys!["a"]).overlaps(&QueryFilter::key(keys!["a", 1])));
    /// assert!(!QueryFilter::exact(keys!["a"]).overlaps(&QueryFilter::key(keys!["b"])));
    /// ```
    pub fn overlaps(&self, other: &QueryFilter) -> bool {
        match (&self.key, &other.key) {
            (Some(a), Some(b)) => {
                let a_in_b = a.starts_with(b) && (!other.exact || a == b);
                let b_in_a = b.starts_with(a) && (!self.exact || a == b);
                a_in_b || b_in_a
            }
            _ => true,
        }
    }
}

impl From<QueryKey> for QueryFilter {
    fn from(key: QueryKey) -> Self {
        QueryFilter::key(key)
    }
}
