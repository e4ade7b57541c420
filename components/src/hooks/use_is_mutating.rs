//! `use_is_mutating`: how many matching mutations are unsettled.

use crate::hooks::subscription::use_subscribed;
use crate::provider::use_query_client;
use optimistic_query::{MutationFilter, MutationStatus};
use yew::prelude::*;

/// Number of pending or paused mutations the filter matches, as TanStack's
/// `useIsMutating`; re-renders when it changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_is_mutating, optimistic_query::MutationFilter};
///
/// #[component]
/// fn SavingIndicator() -> Html {
///     let n = use_is_mutating(MutationFilter::default());
///     html! { if n > 0 { <span role="status">{ format!("Saving {n} change(s)…") }</span> } }
/// }
/// # let _ = html! { <SavingIndicator /> };
/// ```
#[hook]
pub fn use_is_mutating(filter: MutationFilter) -> usize {
    // A count, not the list of matching mutations: every change of any mutation asks
    // again, and building (then comparing) one `MutationInfo` per pending call each time
    // made 100 overlapping calls cost O(n²) allocations.
    let filter = filter.status(MutationStatus::Pending);
    let client = use_query_client();
    use_subscribed(
        client,
        |client, changed| client.subscribe_mutations(changed),
        move |client, _| client.is_mutating(&filter),
    )
}
