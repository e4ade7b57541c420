//! `use_online`: whether the client believes the browser is online.

use crate::hooks::subscription::use_subscribed;
use crate::provider::use_query_client;
use yew::prelude::*;

/// Whether the browser is online, as the query client sees it (the provider follows the
/// browser's `online` / `offline` events); re-renders when it changes. Paused mutations
/// wait for this to become `true`.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::use_online;
///
/// #[component]
/// fn OfflineBanner() -> Html {
///     let online = use_online();
///     html! { if !online { <p role="status">{ "Offline: changes will be sent when you reconnect." }</p> } }
/// }
/// # let _ = html! { <OfflineBanner /> };
/// ```
#[hook]
pub fn use_online() -> bool {
    let client = use_query_client();
    use_subscribed(
        client,
        |client, changed| client.subscribe_events(move |_| changed()),
        |client, _| client.is_online(),
    )
}
