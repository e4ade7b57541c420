//! `use_queries`: a list of queries whose length and keys change between renders.

use super::query_slot::misuse;
use super::use_query::UseQueryHandle;
use crate::provider::use_query_client;
use optimistic_query::{QueryKey, QueryObserver, QueryOptions};
use std::cell::RefCell;
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
    let rerender = yew_hooks::use_update();
    // The engine observers, kept across renders (a key that stays keeps its observer);
    // they re-render on their own result changes.
    let slot: Rc<RefCell<Observed<T, E>>> = use_mut_ref(Vec::new);
    let mut old = std::mem::take(&mut *slot.borrow_mut());
    let mut kept: Observed<T, E> = Vec::with_capacity(queries.len());
    let mut handles = Vec::with_capacity(queries.len());
    for options in queries {
        let key = options.key().clone();
        let reused = old
            .iter()
            .position(|(k, _)| *k == key)
            .map(|i| old.remove(i).1);
        let (observer, error) = match reused {
            Some(observer) => {
                let error = observer.set_options(options, Rc::clone).err();
                (Some(observer), error)
            }
            None => match QueryObserver::new(&client, options) {
                Ok(observer) => {
                    let rerender = rerender.clone();
                    observer.subscribe(move || rerender());
                    (Some(Rc::new(observer)), None)
                }
                Err(e) => (None, Some(e)),
            },
        };
        let result = match (&observer, error) {
            (Some(o), None) => o.result(),
            (_, error) => misuse(error),
        };
        let refetch = match &observer {
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
        if let Some(o) = observer {
            kept.push((key, o));
        }
        handles.push(UseQueryHandle::new(result, refetch));
    }
    *slot.borrow_mut() = kept;
    // Keys that left the list: their observers go (with no borrow of the slot held,
    // since dropping one tells the client).
    drop(old);
    handles
}
