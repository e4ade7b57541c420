//! `use_tab_sync`: the other tabs of the origin, when the app opted into both
//! persistence and tab coordination.

use super::client_effect::use_client_effect;
use crate::browser::tabs_sync;
use optimistic_query::{PersistError, QueryClient, RestoreReport};
use yew::prelude::*;

/// Watches the tabs that own stored calls (the calls of one that closes are taken over,
/// each report told to `on_restore`) and hears of the other tabs' changes to the shared
/// queue, for as long as the provider keeps `client`. Nothing when the client has no
/// tab id, no persistence, or the app did not link the tab code.
#[hook]
pub(super) fn use_tab_sync(
    client: &QueryClient,
    on_restore: Callback<Result<RestoreReport, PersistError>>,
) {
    use_client_effect(
        client,
        Box::new(move |client| {
            let watching = client
                .config()
                .tab_id
                .as_ref()
                .and_then(|_| tabs_sync::hooks().zip(client.persistence()))
                .map(|(tabs, persistence)| (tabs.watch)(persistence, on_restore));
            // Dropping it withdraws the lock requests and the listener.
            Box::new(move || drop(watching))
        }),
    );
}
