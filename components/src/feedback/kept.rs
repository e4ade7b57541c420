//! Whether changes survive a reload on this device: the unsettled calls the persisted
//! queue failed to hold (storage full or refused), and a saved queue kept aside unread.

use crate::hooks::{subscription::use_subscribed, use_mutation_state};
use crate::provider::use_query_client;
use optimistic_query::{MutationFilter, MutationId, MutationStatus};
use yew::prelude::*;

/// The unsettled calls among those `filter` names whose last queue write failed
/// ([`MutationInfo::kept_on_device`](crate::MutationInfo) is `Some(false)`):
/// shown and sent as usual, but a reload now would lose them. Oldest first; empty again
/// once a later write holds them. The component re-renders only when the list changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::MutationFilter;
/// use yew_optimistic::feedback::use_not_kept_on_device;
///
/// #[component]
/// fn StorageWarning() -> Html {
///     let lost_on_reload = use_not_kept_on_device(MutationFilter::default());
///     html! {
///         if !lost_on_reload.is_empty() {
///             <p role="status">{ "Some changes are not kept on this device." }</p>
///         }
///     }
/// }
/// # let _ = html! { <StorageWarning /> };
/// ```
#[hook]
pub fn use_not_kept_on_device(filter: MutationFilter) -> Vec<MutationId> {
    use_mutation_state(filter.status(MutationStatus::Pending), |m| {
        (m.kept_on_device == Some(false)).then_some(m.id)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The storage key under which the client kept aside a saved queue it could not read
/// ([`QueryClient::queue_kept_aside`](crate::QueryClient::queue_kept_aside)):
/// the changes it held were not restored, and the user should be told. `None` when
/// every read was fine.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::feedback::use_queue_kept_aside;
///
/// #[component]
/// fn KeptAside() -> Html {
///     let aside = use_queue_kept_aside();
///     html! { if aside.is_some() { <p role="status">{ "Saved changes could not be read." }</p> } }
/// }
/// # let _ = html! { <KeptAside /> };
/// ```
#[hook]
pub fn use_queue_kept_aside() -> Option<String> {
    let client = use_query_client();
    use_subscribed(
        client,
        |client, changed| client.subscribe_events(move |_| changed()),
        |client, _| client.queue_kept_aside(),
    )
}
