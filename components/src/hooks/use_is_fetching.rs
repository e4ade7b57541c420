//! `use_is_fetching`: how many matching queries are fetching.

use crate::hooks::subscription::use_subscribed;
use crate::provider::use_query_client;
use optimistic_query::QueryFilter;
use yew::prelude::*;

/// Number of queries the filter matches that are fetching now, as TanStack's
/// `useIsFetching`; re-renders when it changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_is_fetching, optimistic_query::QueryFilter};
///
/// #[component]
/// fn GlobalSpinner() -> Html {
///     let n = use_is_fetching(QueryFilter::all());
///     html! { if n > 0 { <span class="spinner" aria-label="loading" /> } }
/// }
/// # let _ = html! { <GlobalSpinner /> };
/// ```
#[hook]
pub fn use_is_fetching(filter: QueryFilter) -> usize {
    let client = use_query_client();
    use_subscribed(
        client,
        |client, changed| client.subscribe_queries(changed),
        move |client, _| client.is_fetching(&filter),
    )
}
