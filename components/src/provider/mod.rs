//! `QueryClientProvider` and `use_query_client`: one client for a tree of components,
//! kept in step with the browser: its network and focus state; and, when the app opted
//! in, persisted queries and queue restored before the first render and written when
//! the page is hidden, and the queue shared with the other tabs of the origin.
//!
//! Persistence and tabs are reached only through values the app's opt-in creates (the
//! client's [`Persistence`](optimistic_query::Persistence), the tab hooks of
//! [`browser::tabs_sync`](crate::browser::tabs_sync)), so an app without them links
//! none of their code.

mod browser_signals;
mod client_effect;
mod hydration_boundary;
mod release_owned_client;
mod restore;
mod tab_sync;

use browser_signals::use_browser_signals;
pub use hydration_boundary::{HydrationBoundary, HydrationBoundaryProps, HYDRATION_SCRIPT_ID};
use optimistic_query::{PersistError, QueryClient, QueryRestoreReport, RestoreReport};
use release_owned_client::use_release_owned_client;
use restore::use_restore;
use tab_sync::use_tab_sync;
use yew::prelude::*;

/// Props of [`QueryClientProvider`].
#[derive(Properties, PartialEq)]
pub struct QueryClientProviderProps {
    /// The client to provide. Create it once (outside the component, or in a
    /// `use_state`), register mutation definitions (and persisted queries) on it, then
    /// pass it here. When absent, the provider makes a client with default settings over
    /// the browser runtime, with this page's [`tab_id`](crate::browser::tabs::tab_id).
    #[prop_or_default]
    pub client: Option<QueryClient>,
    /// Restore the persisted queries and the persisted offline queue when the provider
    /// first renders, before its children do, so their first frame already shows the
    /// last data and the restored changes on top (default `true`).
    #[prop_or(true)]
    pub restore: bool,
    /// The children hydrate HTML the server rendered (`yew::Renderer::hydrate`, see
    /// `yew_optimistic::ssr` with the `ssr` feature). Their first render must then be the
    /// server's markup, so the persisted queries and queue are restored just after it,
    /// and the restored changes show on top of the server's data in the next frame
    /// (default `false`: restored before the first render).
    #[prop_or_default]
    pub hydrating: bool,
    /// Told what each restore of the queue did (at start, and when calls of a closed tab
    /// are taken over), or why the saved queue could not be read (the app runs normally
    /// either way).
    #[prop_or_default]
    pub on_restore: Callback<Result<RestoreReport, PersistError>>,
    /// Told what the restore of the persisted queries did (restored, skipped, or why the
    /// stored cache was not used).
    #[prop_or_default]
    pub on_restore_queries: Callback<QueryRestoreReport>,
    /// Overrides the browser's network state, as TanStack's `onlineManager.setOnline`:
    /// `Some(false)` keeps the client offline whatever the browser says (a server known
    /// to be down, a simulated outage), `Some(true)` keeps it online; `None` (the
    /// default) follows `navigator.onLine` and the `online` / `offline` events.
    #[prop_or_default]
    pub online: Option<bool>,
    /// The app.
    #[prop_or_default]
    pub children: Html,
}

/// A client alone (no tab id: the default client persists nothing, so it has nothing
/// to share with other tabs).
fn default_client() -> QueryClient {
    QueryClient::new(default_runtime())
}

#[cfg(target_arch = "wasm32")]
fn default_runtime() -> optimistic_query::Runtime {
    crate::browser::browser_runtime()
}

/// Outside a browser nothing drives tasks; a hand-driven runtime keeps server-side code
/// and native doc tests working.
#[cfg(not(target_arch = "wasm32"))]
fn default_runtime() -> optimistic_query::Runtime {
    optimistic_query::testing::TestRuntime::new().runtime()
}

/// Provides a [`QueryClient`] to every hook below it, as TanStack's
/// `QueryClientProvider`. It also keeps the client in step with the browser:
///
/// - **network and focus**: the `online` / `offline` events (paused work resumes, in
///   order; or the [`online`](QueryClientProviderProps::online) prop) and the page
///   becoming visible again (stale queries refetch);
/// - **persistence**, when the app asked for it on its client
///   ([`QueryClient::register_mutation`], [`QueryClient::persist_query`] or
///   [`QueryClient::enable_persistence`]): before its children first render, the
///   persisted queries are restored, then the persisted queue with its layers on top, so
///   after a reload (even offline) the first frame shows the last data and every pending
///   change; the queries are written again when the page is hidden (`pagehide`,
///   `visibilitychange`), so nothing waits for the write throttle;
/// - **tabs**, when the client has a [`tab_id`](optimistic_query::ClientConfig::tab_id)
///   from [`browser::tabs::tab_id`](crate::browser::tabs::tab_id) (or the app called
///   [`coordinate_tabs`](crate::browser::tabs::coordinate_tabs)): each tab replays its
///   own calls; calls of a tab that is closed (at start, or later, even mid-replay) are
///   taken over ([`QueryClient::adopt_mutations`]); and when another tab changes the
///   shared queue (the `storage` event), the queries its settled calls patched are
///   refetched, judged by the event's own old and new values
///   ([`QueryClient::queue_changed_elsewhere_with`]).
///
/// An app that asks for neither (a client without registered mutations or persisted
/// queries, as the provider's own default client) pays for neither: their code is not
/// in its bundle.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{QueryClientProvider, optimistic_query::{QueryClient, testing::TestRuntime}};
///
/// #[component]
/// fn App() -> Html {
///     let client = use_state(|| QueryClient::new(TestRuntime::new().runtime()));
///     html! {
///         <QueryClientProvider client={Some((*client).clone())}>
///             <p>{ "the app" }</p>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App /> };
/// ```
///
/// An app that persists its data and shares its queue with other tabs:
///
/// ```no_run
/// use yew::prelude::*;
/// use yew_optimistic::browser::{browser_runtime, tabs::tab_id};
/// use yew_optimistic::{keys, ClientConfig, QueryClient, QueryClientProvider};
///
/// #[component]
/// fn App() -> Html {
///     let client = use_memo((), |_| {
///         let config = ClientConfig { tab_id: tab_id(), ..ClientConfig::default() };
///         let client = QueryClient::with_config(browser_runtime(), config);
///         client.persist_query::<Vec<String>>(keys!["todos"]);
///         // client.register_mutation(...) for each mutation that must survive a reload
///         client
///     });
///     html! {
///         <QueryClientProvider client={Some((*client).clone())}>
///             <p>{ "the app" }</p>
///         </QueryClientProvider>
///     }
/// }
/// ```
#[component]
pub fn QueryClientProvider(props: &QueryClientProviderProps) -> Html {
    let client = (*use_memo(props.client.clone(), |given| {
        given.clone().unwrap_or_else(default_client)
    }))
    .clone();
    use_release_owned_client(&client, props.client.is_none());
    let ready = use_restore(
        &client,
        props.restore,
        props.hydrating,
        props.online,
        props.on_restore.clone(),
        props.on_restore_queries.clone(),
    );
    use_tab_sync(&client, props.on_restore.clone());
    use_browser_signals(&client, props.online);
    html! {
        <ContextProvider<QueryClient> context={client}>
            if ready { { props.children.clone() } }
        </ContextProvider<QueryClient>>
    }
}

/// The client of the nearest [`QueryClientProvider`], for imperative use
/// (`set_query_data`, `invalidate_queries`, `cancel_queries`, ...).
///
/// # Panics
///
/// When no `QueryClientProvider` is above the component: that is a wiring mistake, and
/// the message says so.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_query_client, optimistic_query::{keys, QueryFilter}};
///
/// #[component]
/// fn RefreshButton() -> Html {
///     let client = use_query_client();
///     let onclick = Callback::from(move |_| client.invalidate_queries(&QueryFilter::key(keys!["todos"])));
///     html! { <button {onclick}>{ "Refresh" }</button> }
/// }
/// # let _ = html! { <RefreshButton /> };
/// ```
#[hook]
pub fn use_query_client() -> QueryClient {
    use_context::<QueryClient>().expect(
        "use_query_client: no <QueryClientProvider> above this component; wrap the app in one",
    )
}
