//! The observer a query hook keeps between renders: the same one while the key stays,
//! one that takes over from it when the key changes (so `keep_previous_data` has the
//! previous key's data), and the hook's options applied on every render.

use optimistic_query::{
    CacheError, FetchError, QueryClient, QueryKey, QueryObserver, QueryOptions, QueryResult,
    QueryStatus,
};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// A hook's observer and the key it watches.
pub(crate) type Slot<T, E, S> = Rc<RefCell<Option<(QueryKey, QueryObserver<T, E, S>)>>>;

/// Applies this render's options to the slot's observer (making or replacing it when
/// needed; a new observer calls `on_change` when its result changes) and returns the
/// current result.
pub(crate) fn observe<T, E, S>(
    slot: &Slot<T, E, S>,
    client: &QueryClient,
    options: QueryOptions<T, E>,
    select: impl Fn(&Rc<T>) -> S + 'static,
    on_change: impl Fn() + 'static,
) -> QueryResult<S, E>
where
    T: 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Clone + PartialEq + 'static,
{
    let key = options.key().clone();
    let mut slot_ref = slot.borrow_mut();
    let error = match slot_ref.take() {
        Some((k, observer)) if k == key => {
            let error = observer.set_options(options, select).err();
            *slot_ref = Some((k, observer));
            error
        }
        previous => {
            let made = match &previous {
                // A new key: the new observer takes over, so a placeholder function
                // gets the data the old one showed.
                Some((_, old)) => QueryObserver::switch_from(old, options, select),
                None => QueryObserver::with_select(client, options, select),
            };
            // The old observer goes now (its entry may then be collected).
            drop(previous);
            match made {
                Ok(observer) => {
                    observer.subscribe(on_change);
                    *slot_ref = Some((key, observer));
                    None
                }
                Err(e) => Some(e),
            }
        }
    };
    match (error, &*slot_ref) {
        (None, Some((_, observer))) => observer.result(),
        (error, _) => misuse(error),
    }
}

/// Asking for a key that holds another type is a bug in the app; it shows as the
/// component's error instead of crashing the page.
pub(crate) fn misuse<S, E>(error: Option<CacheError>) -> QueryResult<S, E> {
    QueryResult {
        error: error.map(|e| FetchError::Decode(e.to_string())),
        status: QueryStatus::Error,
        ..QueryResult::default()
    }
}
