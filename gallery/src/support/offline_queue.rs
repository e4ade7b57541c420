//! What every component's Offline story wraps its demo in: a banner (offline, changes
//! not kept on this device, an unreadable saved queue), and below the demo the number of
//! changes waiting in the persisted queue.

use yew::prelude::*;
use yew_optimistic::feedback::OfflineBanner;
use yew_optimistic::{use_mutation_state, MutationFilter, MutationStatus, QueryKey};

/// Props of [`OfflineQueue`].
#[derive(Properties, PartialEq)]
pub struct OfflineQueueProps {
    /// The mutation key whose paused (queued) calls are counted.
    pub mutation: QueryKey,
    /// The demo.
    pub children: Html,
}

/// The demo between an offline banner and the count of queued changes.
#[component]
pub fn OfflineQueue(props: &OfflineQueueProps) -> Html {
    let queued = use_mutation_state(
        MutationFilter::key(props.mutation.clone()).status(MutationStatus::Paused),
        |m| m.id,
    );
    html! {
        <>
            // Offline, changes not kept on this device, a saved queue set aside unread.
            <OfflineBanner />
            { props.children.clone() }
            <p class="queue" data-testid="queue" data-count={queued.len().to_string()}>
                { format!("Waiting for the network: {}", queued.len()) }
            </p>
        </>
    }
}
