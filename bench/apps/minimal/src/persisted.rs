//! Features `queue`, `queries`, `tabs`: the app's own client, with the opt-in lines an
//! app that persists writes.

use yew_optimistic::browser::browser_runtime;
use yew_optimistic::{ClientConfig, QueryClient};

/// The client, configured before the provider restores from it.
pub fn client() -> QueryClient {
    let config = ClientConfig {
        #[cfg(feature = "tabs")]
        tab_id: yew_optimistic::browser::tabs::tab_id(),
        ..ClientConfig::default()
    };
    let client = QueryClient::with_config(browser_runtime(), config);
    #[cfg(feature = "queue")]
    client.register_mutation(
        yew_optimistic::keys!["todos", "save"],
        super::save_todo(super::api()),
    );
    #[cfg(feature = "queries")]
    client.persist_query::<Vec<super::Todo>>(yew_optimistic::keys!["todos"]);
    client
}
