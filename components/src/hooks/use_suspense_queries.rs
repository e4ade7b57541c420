//! `use_suspense_queries`: TanStack's `useSuspenseQueries`, a list of queries of any data
//! types that suspends the component until each one has data.

use super::query_list::{Queries, QueryResults};
use super::use_combined_queries::use_query_list;
use yew::prelude::*;
use yew::suspense::SuspensionResult;

/// Reads a list of queries of any data types and suspends the component inside the
/// nearest `<Suspense>` until **every** query has data (or has failed for good), as
/// TanStack's `useSuspenseQueries({ queries, combine })`; then returns what `combine` makes
/// of the results. The queries load in parallel (one suspension, not one per query).
///
/// Once resumed, it behaves as [`use_combined_queries`](crate::use_combined_queries): a
/// background refetch keeps the data on screen and does not suspend again, and the
/// component re-renders only when the combined value changes.
///
/// **Errors go to `combine`.** Yew has no error boundaries: a query that failed with no
/// data has its `error` set and no `data` in the results `combine` gets, and the component
/// renders its error state (as [`use_suspense_query`](crate::use_suspense_query) gives its
/// `Err`). As there, `enabled(false)` is ignored and placeholder data does not end the
/// suspension.
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_suspense_queries, FetchError, Queries, QueryOptions};
///
/// #[derive(Clone, PartialEq)]
/// enum Profile { Ready { name: Rc<String>, posts: Rc<Vec<u32>> }, Failed(String) }
///
/// #[component]
/// fn ProfileCard() -> HtmlResult {
///     let mut queries = Queries::new();
///     let name = queries.add(QueryOptions::new(keys!["user", 1], |_| async { Ok::<_, FetchError>("Ada".to_string()) }));
///     let posts = queries.add(QueryOptions::new(keys!["posts", 1], |_| async { Ok::<_, FetchError>(vec![1_u32, 2]) }));
///     let profile = use_suspense_queries(queries, move |r| {
///         let (name, posts) = (r.get(name), r.get(posts));
///         match (name.data, posts.data) {
///             (Some(name), Some(posts)) => Profile::Ready { name, posts },
///             _ => Profile::Failed(name.error.or(posts.error).map(|e| e.to_string()).unwrap_or_default()),
///         }
///     })?;
///     Ok(match profile {
///         Profile::Ready { name, posts } => html! { <p>{ format!("{name}: {} posts", posts.len()) }</p> },
///         Profile::Failed(e) => html! { <p role="alert">{ e }</p> },
///     })
/// }
///
/// #[component]
/// fn Page() -> Html {
///     html! { <Suspense fallback={html! { <p>{ "Loading…" }</p> }}><ProfileCard /></Suspense> }
/// }
/// # let _ = html! { <Page /> };
/// ```
#[hook]
pub fn use_suspense_queries<R, F>(queries: Queries, combine: F) -> SuspensionResult<R>
where
    R: Clone + PartialEq + 'static,
    F: Fn(&QueryResults) -> R + 'static,
{
    use_query_list(queries, combine, true)
}
