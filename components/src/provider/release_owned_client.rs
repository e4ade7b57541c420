//! `use_release_owned_client`: a client the provider made itself dies with it.

use super::client_effect::use_client_effect;
use optimistic_query::QueryClient;
use yew::prelude::*;

/// Empties `client` when the provider unmounts (or moves to another client), if the
/// provider made it (`owned`): closures that captured it (fetchers, listeners) then no
/// longer keep its cache alive, and its in-flight reads are aborted. A client the app
/// passed in is the app's to keep.
#[hook]
pub(super) fn use_release_owned_client(client: &QueryClient, owned: bool) {
    use_client_effect(
        client,
        Box::new(move |c| {
            let c = c.clone();
            Box::new(move || {
                if owned {
                    c.clear();
                }
            })
        }),
    );
}
