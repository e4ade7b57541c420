//! The observer a query hook keeps between renders (through
//! [`use_source`](super::subscription::use_source)): the same one while the key stays,
//! one that takes over from it when the key changes (so `keep_previous_data` has the
//! previous key's data), and the hook's options applied on every render.

use super::subscription::{use_source, Before, Changed, Listen, Next, Source};
use crate::provider::use_query_client;
use optimistic_query::{
    CacheError, FetchError, QueryKey, QueryObserver, QueryOptions, QueryResult, QueryStatus,
};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

/// A query hook's source: its observer (none when the key holds another type: the next
/// render tries again).
pub(crate) type Observed<T, E, S> = Option<QueryObserver<T, E, S>>;

/// A hook's observer of one key, as `use_source` keeps it.
pub(crate) type QuerySource<T, E, S> = Source<QueryKey, Observed<T, E, S>>;

/// The observer of `options`' key with this render's options and `select` applied (made
/// on the first render, taking over from the previous key's observer on a key change),
/// and its result. `listen_with` makes the observer's listener: [`Listen::rerender`]
/// (re-render on every change the observer tells of: it compares what `select` picks, by
/// `PartialEq` and `notify_on`, before it tells) or [`Listen::changed`] (the caller's
/// check decides).
#[hook]
pub(crate) fn use_query_observer<T, E, S>(
    options: QueryOptions<T, E>,
    select: impl Fn(&Rc<T>) -> S + 'static,
    listen_with: fn(&Listen<'_>) -> Changed,
) -> (QuerySource<T, E, S>, QueryResult<S, E>)
where
    T: 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Clone + PartialEq + 'static,
{
    let client = use_query_client();
    let mut refused = None;
    let held = use_source(
        options.key().clone(),
        |_, before: Before<'_, Observed<T, E, S>>, listen| {
            let made = match before {
                Before::Same(Some(observer), keep) => {
                    refused = observer.set_options(options, select).err();
                    return Next::Keep(keep);
                }
                // A new key: the new observer takes over, so a placeholder function gets
                // the data the old one showed.
                Before::Other(Some(old)) => QueryObserver::switch_from(old, options, select),
                _ => QueryObserver::with_select(&client, options, select),
            };
            let made = made.inspect(|o| o.subscribe(listen_with(&listen)));
            new_source(made, &mut refused)
        },
    );
    let result = shown(&held.source, refused, QueryObserver::result, misuse);
    (held, result)
}

/// `refetch` of the hook's observer, made once: it reaches the observer of whichever key
/// the hook holds when called.
#[hook]
pub(crate) fn use_refetch<T, E, S>(held: &QuerySource<T, E, S>) -> Callback<()>
where
    T: 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Clone + PartialEq + 'static,
{
    let current = held.current();
    use_callback((), move |_: (), _| {
        if let Some(Some(observer)) = current.get().as_deref() {
            observer.refetch();
        }
    })
}

/// A new source: the observer made, or none, with why in `refused`.
pub(crate) fn new_source<O>(
    made: Result<O, CacheError>,
    refused: &mut Option<CacheError>,
) -> Next<Option<O>> {
    Next::New(made.map_err(|e| *refused = Some(e)).ok())
}

/// What a hook shows of its observer: its `result`, or what `misused` makes of the
/// error when the key holds another type (found making the observer, or applying this
/// render's options to it: `refused`).
pub(crate) fn shown<O, R>(
    observed: &Option<O>,
    refused: Option<CacheError>,
    result: impl FnOnce(&O) -> R,
    misused: impl FnOnce(Option<CacheError>) -> R,
) -> R {
    match (observed, refused) {
        (Some(observer), None) => result(observer),
        (_, refused) => misused(refused),
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
