//! Keeps the client's idea of the network in step with the simulated one.

use yew::prelude::*;
use yew_optimistic::use_query_client;

/// Props of [`OnlineSync`].
#[derive(Properties, PartialEq)]
pub struct OnlineSyncProps {
    /// Whether the simulated network is up.
    pub online: bool,
}

/// Tells the client the simulated network state. The provider sets the client online
/// from `navigator.onLine` when it mounts (the real browser is online); this runs during
/// the same render, before any restored mutation's task starts, so a queue restored
/// while the simulated network is down stays paused instead of being sent.
#[component]
pub fn OnlineSync(props: &OnlineSyncProps) -> Html {
    let client = use_query_client();
    if client.is_online() != props.online {
        client.set_online(props.online);
    }
    html! {}
}
