//! `use_queries`: a list of queries whose length and keys change between renders.

use super::query_slot::{misuse, shown};
use super::subscription::{use_source, Before, Next};
use super::use_query::UseQueryHandle;
use crate::provider::use_query_client;
use optimistic_query::{CacheError, QueryKey, QueryObserver, QueryOptions};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

type Observed<T, E> = Vec<(QueryKey, Rc<QueryObserver<T, E>>)>;

/// Reads a list of queries whose length and keys may change from render to render, as
/// TanStack's `useQueries`: the results come in the order of `queries`; an observer is
/// kept for a key that stays (wherever it moves in the list), made for a key that
/// appears, and dropped for one that goes. The component re-renders when any result
/// changes. For queries of different data types, or to re-render only when a value made
/// of the results changes (TanStack's `combine`), use
/// [`use_combined_queries`](crate::use_combined_queries).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_queries, FetchError, QueryOptions};
///
/// #[derive(Properties, PartialEq)]
/// struct UsersProps { ids: Vec<u32> }
///
/// #[component]
/// fn Users(props: &UsersProps) -> Html {
///     let users = use_queries(
///         props.ids.iter().map(|&id| {
///             QueryOptions::new(keys!["user", id], move |_ctx| async move {
///                 Ok::<_, FetchError>(format!("user {id}"))
///             })
///         }).collect(),
///     );
///     let loading = users.iter().filter(|u| u.is_loading()).count();
///     html! {
///         <ul aria-busy={(loading > 0).to_string()}>
///             { for users.iter().filter_map(|u| u.data.clone()).map(|name| html! { <li>{ name.to_string() }</li> }) }
///         </ul>
///     }
/// }
/// # let _ = html! { <Users ids={vec![1, 2]} /> };
/// ```
#[hook]
pub fn use_queries<T, E>(queries: Vec<QueryOptions<T, E>>) -> Vec<UseQueryHandle<Rc<T>, E>>
where
    T: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let client = use_query_client();
    let mut handles = Vec::with_capacity(queries.len());
    // The list is made again on every render from the one held: a key that stays keeps
    // its observer (shared, wherever it moves), one that goes ends with the old list.
    use_source((), |_, before: Before<'_, Observed<T, E>>, listen| {
        let mut old: Vec<Option<_>> = match before {
            Before::Same(old, _) => old.iter().map(Some).collect(),
            _ => Vec::new(),
        };
        // Each observer compares its result before it tells: every change renders.
        let changed: Rc<dyn Fn()> = Rc::from(listen.rerender());
        let mut list: Observed<T, E> = Vec::with_capacity(queries.len());
        for options in queries {
            let key = options.key().clone();
            let reused = old
                .iter_mut()
                .find(|o| o.is_some_and(|(k, _)| *k == key))
                .and_then(Option::take);
            let (observer, refused) = match reused {
                Some((_, observer)) => {
                    let refused = observer.set_options(options, Rc::clone).err();
                    (Some(observer.clone()), refused)
                }
                None => match QueryObserver::new(&client, options) {
                    Ok(observer) => {
                        let changed = changed.clone();
                        observer.subscribe(move || changed());
                        (Some(Rc::new(observer)), None)
                    }
                    Err(e) => (None, Some(e)),
                },
            };
            handles.push(handle(&observer, refused));
            if let Some(observer) = observer {
                list.push((key, observer));
            }
        }
        Next::New(list)
    });
    handles
}

/// A query's handle: its observer's result (or why there is none) and its `refetch`.
fn handle<T, E>(
    observer: &Option<Rc<QueryObserver<T, E>>>,
    refused: Option<CacheError>,
) -> UseQueryHandle<Rc<T>, E>
where
    T: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let refetch = match observer {
        Some(o) => {
            let weak = Rc::downgrade(o);
            Callback::from(move |_: ()| {
                if let Some(o) = weak.upgrade() {
                    o.refetch();
                }
            })
        }
        None => Callback::noop(),
    };
    let result = shown(observer, refused, |o| o.result(), misuse);
    UseQueryHandle::new(result, refetch)
}
