//! `use_prefetch_query`: start a query's fetch while rendering, before a child needs it.

use crate::provider::use_query_client;
use optimistic_query::{QueryFilter, QueryOptions};
use std::fmt;
use yew::prelude::*;

/// Starts fetching `options`' query when the cache has no entry for its key, as
/// TanStack's `usePrefetchQuery`: a parent prefetches what a lazily shown child (a tab,
/// a dialog, a suspended component) will read with the same key, so the request starts
/// at the parent's render instead of the child's. It renders nothing itself and never
/// re-renders its component; a key already cached (fresh, stale, or fetching) is left
/// alone.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_prefetch_query, FetchError, QueryOptions};
///
/// fn comments(post: u32) -> QueryOptions<Vec<String>, String> {
///     QueryOptions::new(keys!["comments", post], |_| async { Ok::<_, FetchError>(vec![]) })
/// }
///
/// #[derive(Properties, PartialEq)]
/// struct PostProps { id: u32 }
///
/// #[component]
/// fn Post(props: &PostProps) -> Html {
///     // The comments load while the post is read; <Comments> (shown on a click) finds them.
///     use_prefetch_query(comments(props.id));
///     html! { <article>{ "…" }</article> }
/// }
/// # let _ = html! { <Post id={1} /> };
/// ```
#[hook]
pub fn use_prefetch_query<T, E>(options: QueryOptions<T, E>)
where
    T: 'static,
    E: Clone + fmt::Display + 'static,
{
    let client = use_query_client();
    // During render, as TanStack does: an effect would start it a frame later.
    if client
        .query_keys(&QueryFilter::exact(options.key().clone()))
        .is_empty()
    {
        client.prefetch_query(&options);
    }
}
