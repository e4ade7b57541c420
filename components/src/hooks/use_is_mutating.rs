//! `use_is_mutating`: how many matching mutations are unsettled.

use crate::hooks::use_mutation_state;
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
    use_mutation_state(filter.status(MutationStatus::Pending), |m| m.id).len()
}
