//! Per-call callbacks: TanStack's `mutate(variables, { onSuccess, onError, onSettled })`.

use crate::error::FetchError;
use crate::mutation::state::{MutationState, MutationStatus};
use crate::mutation::MutationId;
use std::any::Any;
use std::cell::RefCell;

type OnSuccess<V, D> = Box<dyn FnOnce(&D, &V)>;
type OnError<V, E> = Box<dyn FnOnce(&FetchError<E>, &V)>;
type OnSettled<V, D, E> = Box<dyn FnOnce(Option<&D>, Option<&FetchError<E>>, &V)>;

/// What one observer keeps of a call's callbacks: a single closure of the observer's state
/// cell (a `RefCell<MutationState<V, D, E>>`, erased), so the observer's own code does not
/// depend on the types and an app that never passes callbacks compiles none of the
/// reading below.
pub(crate) type PerCall = Box<dyn FnOnce(&dyn Any)>;

/// The latest call's callbacks, if they belong to `id` (taken out: they run once).
pub(crate) fn take_latest(
    slot: &RefCell<Option<(MutationId, PerCall)>>,
    id: MutationId,
) -> Option<PerCall> {
    let mut slot = slot.borrow_mut();
    if slot.as_ref().is_some_and(|(of, _)| *of == id) {
        slot.take().map(|(_, f)| f)
    } else {
        None
    }
}

/// Callbacks for one call of a mutation ([`MutationObserver::mutate_with`](crate::MutationObserver::mutate_with)),
/// as the second argument of TanStack's `mutate`: for what only that call site cares
/// about (closing a dialog, clearing a form).
///
/// They follow TanStack's rules:
/// - they run after the options' `on_success` / `on_error` / `on_settled`, when the call
///   has settled (success, or an error once its retries are spent);
/// - only the observer's **latest** call runs them: a second call made before the first
///   settled replaces the first call's callbacks (a plain `mutate`, `retry` or `resend`
///   too), whichever call answers first;
/// - they do not run once the observer is gone (the component unmounted) or
///   [`reset`](crate::MutationObserver::reset): the call still goes on and updates the
///   cache.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutateCallbacks, MutationObserver, MutationOptions, QueryClient};
/// use std::{cell::RefCell, rc::Rc};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let save = MutationObserver::new(&client, MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n * 2) }));
/// let log = Rc::new(RefCell::new(Vec::new()));
/// let (a, b) = (log.clone(), log.clone());
/// save.mutate_with(
///     21,
///     MutateCallbacks::new()
///         .on_success(move |saved: &u32, sent: &u32| a.borrow_mut().push(format!("saved {sent} as {saved}")))
///         .on_settled(move |_, _, _| b.borrow_mut().push("close the dialog".to_string())),
/// );
/// rt.run();
/// assert_eq!(*log.borrow(), ["saved 21 as 42", "close the dialog"]);
/// ```
pub struct MutateCallbacks<V, D, E = String> {
    on_success: Option<OnSuccess<V, D>>,
    on_error: Option<OnError<V, E>>,
    on_settled: Option<OnSettled<V, D, E>>,
}

impl<V, D, E> Default for MutateCallbacks<V, D, E> {
    fn default() -> Self {
        MutateCallbacks {
            on_success: None,
            on_error: None,
            on_settled: None,
        }
    }
}

impl<V: 'static, D: 'static, E: 'static> MutateCallbacks<V, D, E> {
    /// No callbacks yet.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let c: yew_optimistic::optimistic_query::MutateCallbacks<u32, u32> = yew_optimistic::optimistic_query::MutateCallbacks::new();
    /// # let _ = c;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs with the server's answer and the call's variables when this call succeeds.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::MutateCallbacks;
    /// let c = MutateCallbacks::<u32, String>::new().on_success(|title: &String, id: &u32| println!("saved {id}: {title}"));
    /// # let _ = c;
    /// ```
    pub fn on_success(mut self, f: impl FnOnce(&D, &V) + 'static) -> Self {
        self.on_success = Some(Box::new(f));
        self
    }

    /// Runs with the final error and the call's variables when this call fails.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{FetchError, MutateCallbacks};
    /// let c = MutateCallbacks::<u32, u32>::new().on_error(|e: &FetchError, id: &u32| println!("{id} not saved: {e}"));
    /// # let _ = c;
    /// ```
    pub fn on_error(mut self, f: impl FnOnce(&FetchError<E>, &V) + 'static) -> Self {
        self.on_error = Some(Box::new(f));
        self
    }

    /// Runs after `on_success` or `on_error`, with whichever of the answer and the error
    /// applies.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::MutateCallbacks;
    /// let c = MutateCallbacks::<u32, u32>::new().on_settled(|data, error, _id| assert!(data.is_some() != error.is_some()));
    /// # let _ = c;
    /// ```
    pub fn on_settled(
        mut self,
        f: impl FnOnce(Option<&D>, Option<&FetchError<E>>, &V) + 'static,
    ) -> Self {
        self.on_settled = Some(Box::new(f));
        self
    }

    /// The callbacks as one closure of the settled state.
    pub(crate) fn into_per_call(self) -> PerCall
    where
        V: Clone,
        D: Clone,
        E: Clone,
    {
        Box::new(move |cell: &dyn Any| {
            // A copy: the callbacks may call the observer again (a new call replaces the
            // state a borrow would hold).
            let Some(s) = cell
                .downcast_ref::<RefCell<MutationState<V, D, E>>>()
                .map(|c| c.borrow().clone())
            else {
                return;
            };
            let Some(vars) = s.variables.as_ref() else {
                return;
            };
            let (data, error) = match s.status {
                MutationStatus::Success => (s.data.as_ref(), None),
                MutationStatus::Error => (None, s.error.as_ref()),
                _ => return,
            };
            match (data, error, self.on_success, self.on_error) {
                (Some(d), _, Some(f), _) => f(d, vars),
                (_, Some(e), _, Some(f)) => f(e, vars),
                _ => {}
            }
            if let Some(f) = self.on_settled {
                f(data, error, vars);
            }
        })
    }
}
