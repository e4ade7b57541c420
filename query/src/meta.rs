//! An app's own value carried by a query or a mutation: TanStack's `meta`.

use std::any::Any;
use std::fmt;
use std::rc::Rc;

/// The value behind a [`Meta`]: any `'static` type that can be printed (the event log
/// and devtools show it with `{:?}`).
trait MetaValue: Any + fmt::Debug {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug> MetaValue for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An opaque value an app attaches to a query ([`QueryOptions::meta`]) or a mutation
/// ([`MutationOptions::meta`]), as TanStack's `meta`: the engine never reads it, it hands
/// it back where the app looks at a query or a call without knowing its types: the
/// fetcher's [`FetchContext::meta`], the mutation function's [`MutationContext::meta`],
/// [`EntrySnapshot::meta`] and [`MutationInfo::meta`] (so a global error handler, an event
/// log or devtools can say, e.g., which message to show). Cheap to clone; two `Meta` are
/// equal when they are the same value (one `meta(..)` call), not when their contents are.
///
/// [`QueryOptions::meta`]: crate::QueryOptions::meta
/// [`MutationOptions::meta`]: crate::MutationOptions::meta
/// [`FetchContext::meta`]: crate::FetchContext::meta
/// [`MutationContext::meta`]: crate::MutationContext::meta
/// [`EntrySnapshot::meta`]: crate::EntrySnapshot::meta
/// [`MutationInfo::meta`]: crate::MutationInfo::meta
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::Meta;
/// #[derive(Debug, PartialEq)]
/// struct ErrorMessage(&'static str);
/// let meta = Meta::new(ErrorMessage("Could not load your todos"));
/// assert_eq!(meta.get::<ErrorMessage>(), Some(&ErrorMessage("Could not load your todos")));
/// assert_eq!(meta.get::<String>(), None, "another type reads nothing");
/// assert_eq!(format!("{meta:?}"), r#"Meta(ErrorMessage("Could not load your todos"))"#);
/// ```
#[derive(Clone)]
pub struct Meta(Rc<dyn MetaValue>);

impl Meta {
    /// Wraps `value`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let meta = yew_optimistic::optimistic_query::Meta::new("todos page");
    /// assert_eq!(meta.get::<&str>(), Some(&"todos page"));
    /// ```
    pub fn new<T: Any + fmt::Debug>(value: T) -> Self {
        Meta(Rc::new(value))
    }

    /// The value, if it is a `T`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let meta = yew_optimistic::optimistic_query::Meta::new(7_u32);
    /// assert_eq!(meta.get::<u32>(), Some(&7));
    /// assert_eq!(meta.get::<i32>(), None);
    /// ```
    pub fn get<T: Any>(&self) -> Option<&T> {
        // Through the `dyn` value: `Rc<dyn MetaValue>` is itself `Any`, and would
        // answer as the `Rc`.
        let value: &dyn MetaValue = &*self.0;
        value.as_any().downcast_ref()
    }
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Meta").field(&self.0).finish()
    }
}

/// The same value: `meta(..)` was called once for both.
impl PartialEq for Meta {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Meta {}
