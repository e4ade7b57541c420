//! `use_mutation_state`: pending work anywhere in the app, for badges and lists.

use crate::hooks::subscription::use_subscribed;
use crate::provider::use_query_client;
use optimistic_query::{MutationFilter, MutationInfo};
use yew::prelude::*;

/// The selected view of every mutation the filter matches, oldest first, as TanStack's
/// `useMutationState`. The component re-renders only when that list changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_mutation_state, optimistic_query::{keys, MutationFilter, MutationStatus}};
///
/// #[component]
/// fn PendingTitles() -> Html {
///     let titles = use_mutation_state(
///         MutationFilter::key(keys!["todos", "add"]).status(MutationStatus::Pending),
///         |m| m.variables::<String>().cloned().unwrap_or_default(),
///     );
///     html! { <ul>{ for titles.iter().map(|t| html! { <li class="pending">{ t }</li> }) }</ul> }
/// }
/// # let _ = html! { <PendingTitles /> };
/// ```
#[hook]
pub fn use_mutation_state<S, F>(filter: MutationFilter, select: F) -> Vec<S>
where
    S: Clone + PartialEq + 'static,
    F: Fn(&MutationInfo) -> S + 'static,
{
    let client = use_query_client();
    use_subscribed(
        client,
        |client, changed| client.subscribe_mutations(changed),
        move |client, _| client.mutation_infos(&filter).iter().map(&select).collect(),
    )
}
