//! `QueryClientProvider` and `use_query_client`: one client for a tree of components,
//! kept in step with the browser: its network and focus state, persisted queries and
//! queue restored before the first render and written when the page is hidden, and the
//! queue shared with the other tabs of the origin.

use crate::browser::tabs::{self, ClosedWatch};
use optimistic_query::persist::PersistedQueue;
use optimistic_query::{
    ClientConfig, PersistError, QueryClient, QueryRestoreReport, RestoreReport,
};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
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

fn default_client() -> QueryClient {
    QueryClient::with_config(
        default_runtime(),
        ClientConfig {
            tab_id: tabs::tab_id(),
            ..ClientConfig::default()
        },
    )
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

/// The tabs that own calls in the stored queue, other than this one.
fn other_owners(client: &QueryClient) -> Vec<String> {
    let Some(storage) = client.runtime().storage.clone() else {
        return Vec::new();
    };
    let mine = client.config().tab_id.as_deref();
    let mut owners: Vec<String> = storage
        .get(&client.config().storage_key)
        .and_then(|text| PersistedQueue::parse(&text).ok())
        .map(|queue| queue.mutations)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.owner)
        .filter(|owner| Some(owner.as_str()) != mine)
        .collect();
    owners.sort();
    owners.dedup();
    owners
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

/// Sets the client's network state, restores the persisted queries, then the queue (the
/// calls of no tab, of this tab, and, once the browser has said which tabs are open, of
/// closed tabs), before the children first render.
fn start(given: Option<QueryClient>, restore: bool, online: Option<bool>) -> Started {
    let client = given.unwrap_or_else(default_client);
    // Before anything is restored: a queue restored offline must stay paused.
    client.set_online(online.unwrap_or_else(browser_online));
    let ready = Rc::new(Cell::new(true));
    if !restore {
        return Started {
            client,
            queries: None,
            queue: None,
            ready,
        };
    }
    // Data first, so the queue's layers go on top of it.
    let queries = Some(client.restore_queries());
    let queue = if client.config().tab_id.is_none() {
        client.restore_mutations()
    } else {
        // Calls of no tab, and this tab's own; other tabs' calls wait for the browser
        // to say whether their tab is still open.
        let report = client.adopt_mutations(|_| false);
        ready.set(other_owners(&client).is_empty());
        report
    };
    Started {
        client,
        queries,
        queue: Some(queue),
        ready,
    }
}

/// What the provider does for a client that shares its queue with other tabs: watch
/// every tab that owns stored calls, and take those calls over when the tab closes.
struct TabSync {
    client: QueryClient,
    on_restore: Callback<Result<RestoreReport, PersistError>>,
    watches: RefCell<HashMap<String, Option<ClosedWatch>>>,
}

impl TabSync {
    /// Watches the owners of stored calls not watched yet.
    fn watch_owners(self: &Rc<Self>) {
        for owner in other_owners(&self.client) {
            if self.watches.borrow().contains_key(&owner) {
                continue;
            }
            let weak: Weak<TabSync> = Rc::downgrade(self);
            let closed = owner.clone();
            let watch = tabs::when_closed(&owner, move || {
                if let Some(sync) = weak.upgrade() {
                    sync.take_over(&closed);
                }
            });
            self.watches.borrow_mut().insert(owner, watch);
        }
    }

    /// Tab `closed` is gone: replay its calls here (the same idempotency keys, so a call
    /// it had already sent is applied once).
    fn take_over(self: &Rc<Self>, closed: &str) {
        let report = self.client.adopt_mutations(|owner| owner == closed);
        let adopted = report.as_ref().map_or(true, |r| !r.restored.is_empty());
        if adopted {
            self.on_restore.emit(report);
        }
        self.watch_owners();
    }
}

/// Provides a [`QueryClient`] to every hook below it, as TanStack's
/// `QueryClientProvider`. It also keeps the client in step with the browser:
///
/// - **network and focus**: the `online` / `offline` events (paused work resumes, in
///   order; or the [`online`](QueryClientProviderProps::online) prop) and the page
///   becoming visible again (stale queries refetch);
/// - **persistence**: before its children first render, the persisted queries
///   ([`QueryClient::persist_query`]) are restored, then the persisted queue with its
///   layers on top, so after a reload (even offline) the first frame shows the last data
///   and every pending change; the queries are written again when the page is hidden
///   (`pagehide`, `visibilitychange`), so nothing waits for the write throttle;
/// - **tabs**: with a [`tab_id`](optimistic_query::ClientConfig::tab_id), each tab
///   replays its own calls; calls of a tab that is closed (at start, or later, even
///   mid-replay) are taken over ([`QueryClient::adopt_mutations`]); and when another tab
///   changes the shared queue (the `storage` event), the queries its settled calls
///   patched are refetched, judged by the event's own old and new values
///   ([`QueryClient::queue_changed_elsewhere_with`]).
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
            if !started.ready.get() {
                // Which of the tabs owning stored calls are open? Calls of the others
                // are replayed here, before the children first render.
                let started = started.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let open = tabs::open_tabs().await;
                    let report = started.client.adopt_mutations(|owner| {
                        open.as_ref().is_none_or(|open| !open.contains(owner))
                    });
                    on_restore.emit(report);
                    started.ready.set(true);
                    rerender();
                });
            }
        });
    }
    {
        // Other tabs: watch those that own stored calls, and hear of their changes.
        let on_restore = props.on_restore.clone();
        let sync = use_memo(client.clone(), move |client| {
            client.config().tab_id.as_ref().map(|_| {
                Rc::new(TabSync {
                    client: client.clone(),
                    on_restore,
                    watches: RefCell::default(),
                })
            })
        });
        {
            let sync = sync.clone();
            use_effect_with(client.clone(), move |_| {
                if let Some(sync) = sync.as_ref() {
                    sync.watch_owners();
                }
                // Dropping the watches withdraws their lock requests.
                move || {
                    if let Some(sync) = sync.as_ref() {
                        sync.watches.borrow_mut().clear();
                    }
                }
            });
        }
        yew_hooks::use_event_with_window("storage", move |event: Event| {
            let Some(sync) = sync.as_ref() else { return };
            // `key` is null when another tab cleared the whole storage.
            let key = js_sys::Reflect::get(&event, &"key".into())
                .ok()
                .and_then(|k| {
                    if k.is_null() {
                        Some(None)
                    } else {
                        k.as_string().map(Some)
                    }
                });
            let ours = match key {
                Some(Some(key)) => key == sync.client.config().storage_key,
                Some(None) => true,
                None => false,
            };
            if ours {
                // The event's own values: by the time a busy page handles it, storage
                // may hold a later state (or this tab's stale write) that no longer
                // shows the call that left.
                let value = |name: &str| {
                    js_sys::Reflect::get(&event, &name.into())
                        .ok()
                        .and_then(|v| v.as_string())
                };
                let (old, new) = (value("oldValue"), value("newValue"));
                sync.client
                    .queue_changed_elsewhere_with(old.as_deref(), new.as_deref());
                sync.watch_owners();
            }
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
