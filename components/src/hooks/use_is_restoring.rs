//! `use_is_restoring`: whether the provider is still restoring persisted data.

use yew::prelude::*;

/// Whether the provider is still restoring persisted queries and calls, as TanStack's
/// `useIsRestoring`. It is always `false` here, with persistence or without it, and an
/// app may rely on that: [`QueryClientProvider`](crate::QueryClientProvider) restores
/// the persisted queries and queue synchronously before its children first render (and
/// holds them back while it asks other tabs which stored calls are theirs), so no
/// component under it ever renders while restoring. TanStack restores asynchronously
/// and needs the hook to keep queries from fetching over data about to be restored;
/// code ported from it can keep calling it.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::use_is_restoring;
///
/// #[component]
/// fn Todos() -> Html {
///     if use_is_restoring() {
///         return html! { <p>{ "Loading your saved changes…" }</p> };
///     }
///     html! { <ul /> }
/// }
/// # let _ = html! { <Todos /> };
/// ```
#[hook]
pub fn use_is_restoring() -> bool {
    // A hook rather than a constant so that calls ported from TanStack keep the rules
    // of hooks (and a later asynchronous restore can change the answer).
    false
}
