//! `QueryClientProvider` and `use_query_client`: one client for a tree of components,
//! kept in step with the browser: its network and focus state; and, when the app opted
//! in, persisted queries and queue restored before the first render and written when
//! the page is hidden, and the queue shared with the other tabs of the origin.
//!
//! Persistence and tabs are reached only through values the app's opt-in creates (the
//! client's [`Persistence`](optimistic_query::Persistence), the tab hooks of
//! [`browser::tabs_sync`](crate::browser::tabs_sync)), so an app without them links
//! none of their code.

use crate::browser::tabs_sync::{self, Report};
use optimistic_query::{PersistError, QueryClient, QueryRestoreReport, RestoreReport};
use std::cell::Cell;
use std::rc::Rc;
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

/// A client as the provider started it.
struct Started {
    client: QueryClient,
    /// What restoring the queries did (`None`: not asked to restore).
    queries: Option<QueryRestoreReport>,
    /// What restoring the queue did at start.
    queue: Option<Result<RestoreReport, PersistError>>,
    /// Whether the children may render: false while the provider asks the browser
    /// which of the tabs owning stored calls are still open.
    ready: Rc<Cell<bool>>,
}

/// Sets the client's network state, then, if the app enabled persistence, restores the
/// persisted queries and the queue (the calls of no tab, of this tab, and, once the
/// browser has said which tabs are open, of closed tabs), before the children first
/// render.
fn start(given: Option<QueryClient>, restore: bool, online: Option<bool>) -> Started {
    let client = given.unwrap_or_else(default_client);
    // Before anything is restored: a queue restored offline must stay paused.
    client.set_online(online.unwrap_or_else(browser_online));
    let ready = Rc::new(Cell::new(true));
    let persistence = restore.then(|| client.persistence()).flatten();
    let Some(persistence) = persistence else {
        return Started {
            client,
            queries: None,
            queue: None,
            ready,
        };
    };
    // Data first, so the queue's layers go on top of it.
    let queries = Some(persistence.restore_queries());
    let queue = match (client.config().tab_id.is_some(), tabs_sync::hooks()) {
        (false, _) => persistence.restore_mutations(),
        (true, Some(tabs)) => {
            let (report, others) = (tabs.start)(&persistence);
            ready.set(!others);
            report
        }
        // A tab id without coordination: only calls of no tab and this tab's own, so
        // that no call of an open tab is sent twice.
        (true, None) => persistence.adopt_mutations(&|_| false),
    };
    Started {
        client,
        queries,
        queue: Some(queue),
        ready,
    }
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
///         <QueryClientProvider client={(*client).clone()}>
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
    let (restore, online) = (props.restore, props.online);
    let started = use_memo(props.client.clone(), move |given| {
        start(given.clone(), restore, online)
    });
    let client = started.client.clone();
    let rerender = yew_hooks::use_update();
    {
        // A client this provider made dies with it: empty it, so that closures that
        // captured it (fetchers, listeners) do not keep its cache alive.
        let owned = props.client.is_none();
        use_effect_with(client.clone(), move |c| {
            let c = c.clone();
            move || {
                if owned {
                    c.clear();
                }
            }
        });
    }
    {
        let started = started.clone();
        let on_restore = props.on_restore.clone();
        let on_restore_queries = props.on_restore_queries.clone();
        use_effect_with(client.clone(), move |_| {
            if let Some(report) = &started.queries {
                on_restore_queries.emit(report.clone());
            }
            if let Some(report) = &started.queue {
                on_restore.emit(report.clone());
            }
            let waiting = (!started.ready.get())
                .then(|| tabs_sync::hooks().zip(started.client.persistence()))
                .flatten();
            if let Some((tabs, persistence)) = waiting {
                // Which of the tabs owning stored calls are open? Calls of the others
                // are replayed here, before the children first render.
                let started = started.clone();
                (tabs.finish_start)(
                    persistence,
                    Box::new(move |report: Report| {
                        on_restore.emit(report);
                        started.ready.set(true);
                        rerender();
                    }),
                );
            }
        });
    }
    {
        // Other tabs: watch those that own stored calls, and hear of their changes
        // (only when the app opted into both persistence and tab coordination).
        let on_restore = props.on_restore.clone();
        use_effect_with(client.clone(), move |client| {
            let watching = client
                .config()
                .tab_id
                .as_ref()
                .and_then(|_| tabs_sync::hooks().zip(client.persistence()))
                .map(|(tabs, persistence)| (tabs.watch)(persistence, on_restore));
            // Dropping it withdraws the lock requests and the listener.
            move || drop(watching)
        });
    }
    {
        // The override, as the event handlers below read it.
        let forced = use_mut_ref(|| online);
        *forced.borrow_mut() = props.online;
        use_effect_with((client.clone(), props.online), |(c, online)| {
            c.set_online(online.unwrap_or_else(browser_online));
        });
        let (c, f) = (client.clone(), forced.clone());
        yew_hooks::use_event_with_window("online", move |_: Event| {
            if f.borrow().is_none() {
                c.set_online(true);
            }
        });
        let (c, f) = (client.clone(), forced);
        yew_hooks::use_event_with_window("offline", move |_: Event| {
            if f.borrow().is_none() {
                c.set_online(false);
            }
        });
        let c = client.clone();
        yew_hooks::use_event_with_window("focus", move |_: Event| c.set_focused(true));
        let c = client.clone();
        yew_hooks::use_event_with_window("blur", move |_: Event| c.set_focused(false));
        let c = client.clone();
        yew_hooks::use_event_with_window("visibilitychange", move |_: Event| {
            let visible = browser_visible();
            c.set_focused(visible);
            if !visible {
                // The page may be closed from here without another event.
                c.persist_queries_now();
            }
        });
        let c = client.clone();
        yew_hooks::use_event_with_window("pagehide", move |_: Event| {
            c.persist_queries_now();
            // From here the browser aborts this page's requests: those outcomes say
            // nothing about the server, so nothing settles and the persisted queue
            // keeps every call on the wire for the next page to resend.
            c.suspend_for_unload();
        });
        let c = client.clone();
        yew_hooks::use_event_with_window("pageshow", move |e: Event| {
            // Back from the back/forward cache: the same page lives on.
            let persisted = js_sys::Reflect::get(&e, &wasm_bindgen::JsValue::from_str("persisted"))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if persisted {
                c.resume_after_unload();
            }
        });
    }
    html! {
        <ContextProvider<QueryClient> context={client}>
            if started.ready.get() { { props.children.clone() } }
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
