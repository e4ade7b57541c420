//! `use_online`: whether the client believes the browser is online.

use crate::provider::use_query_client;
use optimistic_query::{CacheEvent, Subscription};
use yew::prelude::*;

/// Whether the browser is online, as the query client sees it (the provider follows the
/// browser's `online` / `offline` events); re-renders when it changes. Paused mutations
/// wait for this to become `true`.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::use_online;
///
/// #[function_component]
/// fn OfflineBanner() -> Html {
///     let online = use_online();
///     html! { if !online { <p role="status">{ "Offline: changes will be sent when you reconnect." }</p> } }
/// }
/// # let _ = html! { <OfflineBanner /> };
/// ```
#[hook]
pub fn use_online() -> bool {
    let client = use_query_client();
    let rerender = yew_hooks::use_update();
    let online = client.is_online();
    let subscription = use_mut_ref(|| None::<Subscription>);
    if subscription.borrow().is_none() {
        *subscription.borrow_mut() = Some(client.subscribe_events(move |e| {
            if matches!(e.event, CacheEvent::OnlineChanged { .. }) {
                rerender();
            }
        }));
    }
    online
}
