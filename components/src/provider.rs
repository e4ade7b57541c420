//! `QueryClientProvider` and `use_query_client`: one client for a tree of components,
//! kept in step with the browser's network and focus state.

use optimistic_query::{PersistError, QueryClient, RestoreReport};
use yew::prelude::*;

/// Props of [`QueryClientProvider`].
#[derive(Properties, PartialEq)]
pub struct QueryClientProviderProps {
    /// The client to provide. Create it once (outside the component, or in a
    /// `use_state`), register mutation definitions on it, then pass it here. When absent,
    /// the provider makes a client with default settings over the browser runtime.
    #[prop_or_default]
    pub client: Option<QueryClient>,
    /// Restore the persisted offline queue when the provider first renders, before its
    /// children do, so their first frame already shows the restored changes (default
    /// `true`).
    #[prop_or(true)]
    pub restore: bool,
    /// Told what the restore did, or why the saved queue could not be read (the app runs
    /// normally either way).
    #[prop_or_default]
    pub on_restore: Callback<Result<RestoreReport, PersistError>>,
    /// The app.
    #[prop_or_default]
    pub children: Html,
}

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

fn browser_online() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().navigator().on_line()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

fn browser_visible() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::document().visibility_state() == web_sys::VisibilityState::Visible
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

/// Provides a [`QueryClient`] to every hook below it, as TanStack's
/// `QueryClientProvider`. It also tells the client when the browser goes online or
/// offline (paused work resumes, in order) and when the page becomes visible again (stale
/// queries refetch).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{QueryClientProvider, optimistic_query::{QueryClient, testing::TestRuntime}};
///
/// #[component]
/// fn App() -> Html {
///     let client = use_state(|| QueryClient::new(TestRuntime::new().runtime()));
///     html! {
///         <QueryClientProvider client={(*client).clone()}>
///             <p>{ "the app" }</p>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App /> };
/// ```
#[component]
pub fn QueryClientProvider(props: &QueryClientProviderProps) -> Html {
    let restore = props.restore;
    let client = use_memo(props.client.clone(), move |given| {
        let client = given.clone().unwrap_or_else(default_client);
        client.set_online(browser_online());
        let report = restore.then(|| client.restore_mutations());
        (client, report)
    });
    {
        // A client this provider made dies with it: empty it, so that closures that
        // captured it (fetchers, listeners) do not keep its cache alive.
        let owned = props.client.is_none();
        use_effect_with(client.0.clone(), move |c| {
            let c = c.clone();
            move || {
                if owned {
                    c.clear();
                }
            }
        });
    }
    {
        let client_and_report = client.clone();
        let on_restore = props.on_restore.clone();
        use_effect_with(client.0.clone(), move |_| {
            if let Some(report) = &client_and_report.1 {
                on_restore.emit(report.clone());
            }
        });
    }
    {
        let c = client.0.clone();
        yew_hooks::use_event_with_window("online", move |_: Event| c.set_online(true));
        let c = client.0.clone();
        yew_hooks::use_event_with_window("offline", move |_: Event| c.set_online(false));
        let c = client.0.clone();
        yew_hooks::use_event_with_window("focus", move |_: Event| c.set_focused(true));
        let c = client.0.clone();
        yew_hooks::use_event_with_window("blur", move |_: Event| c.set_focused(false));
        let c = client.0.clone();
        yew_hooks::use_event_with_window("visibilitychange", move |_: Event| {
            c.set_focused(browser_visible())
        });
    }
    html! {
        <ContextProvider<QueryClient> context={client.0.clone()}>
            { props.children.clone() }
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
