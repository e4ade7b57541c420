//! Browser tests of what `QueryClientProvider` does for persistence and tabs, in one
//! page: two clients with different tab ids over the real local storage stand for two
//! tabs; a tab is "open" while the test holds its Web Lock, and "closes" when the test
//! lets it go; the `storage` event another tab would cause is dispatched by hand (the
//! browser sends it only to other pages). Also: persisted queries and the queue restored
//! before the first render, and the queries written on `pagehide`.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::dom::{dispatch_window_event, texts};
use common::fake_server::Gate;
use common::todos::{add_todo, list, List};
use common::world::{config, entries, flush, record, RenderLog, World, QUEUE_KEY};
use common::Mounted;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::browser::tabs::{self, TAB_LOCK_PREFIX};
use yew_optimistic::browser::LocalStorage;
use yew_optimistic::optimistic_query::persist::PersistedQueue;
use yew_optimistic::optimistic_query::storage::MemoryStorage;
use yew_optimistic::optimistic_query::{PersistError, RestoreReport, Storage};
use yew_optimistic::{
    keys, use_optimistic_mutation, use_query, ClientConfig, FetchError, QueryClient,
    QueryClientProvider, QueryOptions,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Waits for the browser: lock grants and promise callbacks are real tasks.
async fn settle() {
    for _ in 0..3 {
        gloo::timers::future::TimeoutFuture::new(30).await;
        flush().await;
    }
}

/// A tab id no other test uses.
fn fresh_tab(name: &str) -> String {
    format!("{name}-{}", js_sys::Math::random().to_bits())
}

/// A client standing for a tab: hand-driven runtime, but the real local storage.
fn tab_world(tab: &str) -> World {
    // The opt-in an app makes with `tabs::tab_id()`; these tabs choose their own ids.
    tabs::coordinate_tabs();
    let world = World::with_config(
        MemoryStorage::default(),
        ClientConfig {
            tab_id: Some(tab.to_string()),
            // Tabs never share a seed (their idempotency keys would).
            seed: Some(js_sys::Math::random().to_bits()),
            ..config()
        },
    );
    let mut runtime = world.client.runtime().clone();
    runtime.storage = Some(Rc::new(LocalStorage));
    let client = QueryClient::with_config(runtime, world.client.config().clone());
    World {
        rt: world.rt,
        client,
    }
}

/// Holds tab `id`'s Web Lock (the tab is open) until the returned closure is called
/// (the tab closes).
fn hold_tab_lock(id: &str) -> impl FnOnce() {
    let release: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let keep = release.clone();
    let granted = Closure::once_into_js(move |_lock: JsValue| {
        js_sys::Promise::new(&mut |resolve, _reject| {
            *keep.borrow_mut() = Some(resolve);
        })
    });
    let locks = js_sys::Reflect::get(&gloo::utils::window().navigator(), &"locks".into())
        .expect("the test browser has Web Locks");
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into())
        .expect("locks.request")
        .unchecked_into();
    request
        .call2(&locks, &format!("{TAB_LOCK_PREFIX}{id}").into(), &granted)
        .expect("the lock is requested");
    move || {
        if let Some(resolve) = release.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }
}

/// The `storage` event another tab's write of `key` causes.
fn storage_event(key: &str) {
    js_sys::Function::new_with_args(
        "key",
        "window.dispatchEvent(new StorageEvent('storage', { key }));",
    )
    .call1(&JsValue::NULL, &key.into())
    .expect("dispatched on window");
}

/// The `storage` event another tab's write of `key` from `old` to `new` causes (the
/// browser carries both values in the event).
fn storage_event_with(key: &str, old: Option<&str>, new: Option<&str>) {
    let value = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from);
    js_sys::Function::new_with_args(
        "key, oldValue, newValue",
        "window.dispatchEvent(new StorageEvent('storage', { key, oldValue, newValue }));",
    )
    .call3(&JsValue::NULL, &key.into(), &value(old), &value(new))
    .expect("dispatched on window");
}

/// The owners of the stored queue's entries, in order.
fn owners() -> Vec<Option<String>> {
    LocalStorage
        .get(QUEUE_KEY)
        .and_then(|t| PersistedQueue::parse(&t).ok())
        .map(|q| q.mutations.into_iter().map(|m| m.owner).collect())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct TabProps {
    client: QueryClient,
    writes: Gate<()>,
    reads: Gate<String>,
    restores: RenderLog<String>,
}

#[component]
fn Tab(props: &TabProps) -> Html {
    let restores = props.restores.clone();
    let on_restore = Callback::from(move |r: Result<RestoreReport, PersistError>| {
        record(
            &restores,
            match r {
                Ok(r) => format!("restored {}", r.restored.len()),
                Err(e) => e.to_string(),
            },
        )
    });
    html! {
        <QueryClientProvider client={Some(props.client.clone())} {on_restore}>
            <Todos writes={props.writes.clone()} reads={props.reads.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct TodosProps {
    writes: Gate<()>,
    reads: Gate<String>,
}

#[component]
fn Todos(props: &TodosProps) -> Html {
    let reads = props.reads.clone();
    let todos = use_query(
        QueryOptions::new(keys!["todos"], move |_| {
            let reply = reads.request("GET /todos", None);
            async move { common::fake_server::decode::<List>(reply.await) }
        })
        .stale_time(u64::MAX),
    );
    let _add = use_optimistic_mutation(add_todo(&props.writes));
    html! {
        <ul>{ for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }</ul>
    }
}

/// Tab `a` makes a change offline: it is stored as tab a's.
async fn change_in_a(a: &World, writes: &Gate<()>, title: &str) {
    a.client
        .register_mutation(keys!["todos", "add"], add_todo(writes));
    a.client.set_online(false);
    let add = yew_optimistic::optimistic_query::MutationObserver::new(
        &a.client,
        add_todo(writes).key(keys!["todos", "add"]),
    );
    add.mutate(title.to_string());
    a.run().await;
}

#[wasm_bindgen_test]
async fn an_open_tabs_calls_are_left_to_it_and_taken_over_when_it_closes() {
    LocalStorage.remove(QUEUE_KEY);
    let (tab_a, tab_b) = (fresh_tab("a"), fresh_tab("b"));
    let close_a = hold_tab_lock(&tab_a);
    let writes = Gate::default();
    let a = tab_world(&tab_a);
    change_in_a(&a, &writes, "from a").await;
    assert_eq!(owners(), vec![Some(tab_a.clone())]);
    let key_of_a = PersistedQueue::parse(&LocalStorage.get(QUEUE_KEY).unwrap_or_default())
        .map(|q| q.mutations[0].idempotency_key.clone())
        .expect("a's call is stored");

    // Tab b opens while a is open: a's call is a's.
    let b = tab_world(&tab_b);
    b.client
        .register_mutation(keys!["todos", "add"], add_todo(&writes));
    b.client
        .set_query_data(&keys!["todos"], list(&["milk"]))
        .expect("a list");
    let restores = RenderLog::default();
    let app: Mounted<Tab> = common::mount(TabProps {
        client: b.client.clone(),
        writes: writes.clone(),
        reads: Gate::default(),
        restores: restores.clone(),
    })
    .await;
    settle().await;
    b.run().await;
    assert_eq!(
        texts(&app.root, "li"),
        vec!["milk"],
        "b does not show a's change"
    );
    assert!(writes.sent().is_empty(), "b does not send a's call");
    assert_eq!(owners(), vec![Some(tab_a.clone())], "a's call stays a's");

    // Tab a closes (mid-replay, as far as b can tell): b takes its call over.
    drop(a);
    close_a();
    settle().await;
    b.run().await;
    settle().await;
    assert_eq!(
        texts(&app.root, "li"),
        vec!["milk", "from a"],
        "b shows it now"
    );
    assert_eq!(writes.labels(), vec!["POST from a"], "b sends it");
    assert_eq!(
        writes.sent_keys(),
        vec![Some(key_of_a)],
        "under a's idempotency key, so the server applies it once"
    );
    assert_eq!(owners(), vec![Some(tab_b.clone())], "b owns it now");
    assert!(
        entries(&restores).contains(&"restored 1".to_string()),
        "on_restore heard of the takeover: {:?}",
        entries(&restores)
    );
    writes.answer_next(Ok(()));
    b.run().await;
    assert!(
        LocalStorage.get(QUEUE_KEY).is_none(),
        "settled, the queue is empty"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn calls_of_a_tab_closed_before_this_one_opened_are_replayed_before_the_first_render() {
    LocalStorage.remove(QUEUE_KEY);
    let (tab_a, tab_b) = (fresh_tab("a"), fresh_tab("b"));
    let writes = Gate::default();
    {
        // A tab that changed something offline and was closed (its lock is not held).
        let a = tab_world(&tab_a);
        change_in_a(&a, &writes, "left by a").await;
    }
    let b = tab_world(&tab_b);
    b.client
        .register_mutation(keys!["todos", "add"], add_todo(&writes));
    b.client
        .set_query_data(&keys!["todos"], list(&["milk"]))
        .expect("a list");
    let log: RenderLog<List> = RenderLog::default();
    let app: Mounted<FirstRender> = common::mount(FirstRenderProps {
        client: b.client.clone(),
        log: log.clone(),
        online: None,
    })
    .await;
    settle().await;
    assert_eq!(
        entries(&log).first(),
        Some(&list(&["milk", "left by a"])),
        "the first render of the children already shows the closed tab's change: {:?}",
        entries(&log)
    );
    b.run().await;
    assert_eq!(writes.labels(), vec!["POST left by a"]);
    writes.answer_next(Ok(()));
    b.run().await;
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_call_settled_in_another_tab_refetches_what_it_patched_here() {
    LocalStorage.remove(QUEUE_KEY);
    let (tab_a, tab_b) = (fresh_tab("a"), fresh_tab("b"));
    let close_a = hold_tab_lock(&tab_a);
    let (writes_a, writes_b, reads) = (Gate::default(), Gate::default(), Gate::<String>::default());
    let a = tab_world(&tab_a);
    let b = tab_world(&tab_b);
    b.client
        .register_mutation(keys!["todos", "add"], add_todo(&writes_b));
    let app: Mounted<Tab> = common::mount(TabProps {
        client: b.client.clone(),
        writes: writes_b.clone(),
        reads: reads.clone(),
        restores: RenderLog::default(),
    })
    .await;
    b.run().await;
    reads.answer_next(Ok(r#"["milk"]"#.to_string()));
    b.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["milk"]);

    // Tab a sends a change; b hears of a's write of the queue.
    change_in_a(&a, &writes_a, "eggs").await;
    a.client.set_online(true);
    a.run().await;
    assert_eq!(writes_a.labels(), vec!["POST eggs"]);
    storage_event(QUEUE_KEY);
    settle().await;
    b.run().await;
    assert!(reads.is_empty(), "nothing settled yet: no refetch");

    // a's call settles; b hears of the queue changing again, and refetches the list.
    writes_a.answer_next(Ok(()));
    a.run().await;
    storage_event(QUEUE_KEY);
    settle().await;
    b.run().await;
    assert_eq!(
        reads.labels(),
        vec!["GET /todos"],
        "b refetched the list a's call patched"
    );
    reads.answer_next(Ok(r#"["milk","eggs"]"#.to_string()));
    b.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["milk", "eggs"]);
    assert!(writes_b.sent().is_empty(), "b never sent a's call");
    close_a();
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_call_that_came_and_went_before_the_events_were_handled_still_refetches() {
    // A busy page handles the storage events of another tab's write and of its removal
    // only after both: storage no longer shows the call, the events' values do.
    LocalStorage.remove(QUEUE_KEY);
    let (tab_a, tab_b) = (fresh_tab("a"), fresh_tab("b"));
    let close_a = hold_tab_lock(&tab_a);
    let (writes_a, writes_b, reads) = (Gate::default(), Gate::default(), Gate::<String>::default());
    let a = tab_world(&tab_a);
    let b = tab_world(&tab_b);
    b.client
        .register_mutation(keys!["todos", "add"], add_todo(&writes_b));
    let app: Mounted<Tab> = common::mount(TabProps {
        client: b.client.clone(),
        writes: writes_b.clone(),
        reads: reads.clone(),
        restores: RenderLog::default(),
    })
    .await;
    b.run().await;
    reads.answer_next(Ok(r#"["milk"]"#.to_string()));
    b.run().await;

    change_in_a(&a, &writes_a, "eggs").await;
    let with_eggs = LocalStorage.get(QUEUE_KEY);
    assert!(with_eggs.is_some(), "a's call is stored");
    a.client.set_online(true);
    a.run().await;
    writes_a.answer_next(Ok(()));
    a.run().await;
    assert_eq!(LocalStorage.get(QUEUE_KEY), None, "a settled its call");

    storage_event_with(QUEUE_KEY, None, with_eggs.as_deref());
    storage_event_with(QUEUE_KEY, with_eggs.as_deref(), None);
    settle().await;
    b.run().await;
    assert_eq!(
        reads.labels(),
        vec!["GET /todos"],
        "b refetched the list a's call patched"
    );
    reads.answer_next(Ok(r#"["milk","eggs"]"#.to_string()));
    b.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["milk", "eggs"]);
    close_a();
    app.unmount();
}

#[derive(Properties, PartialEq)]
struct FirstRenderProps {
    client: QueryClient,
    log: RenderLog<List>,
    #[prop_or_default]
    online: Option<bool>,
}

#[component]
fn FirstRender(props: &FirstRenderProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())} online={props.online}>
            <Recorder log={props.log.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct RecorderProps {
    log: RenderLog<List>,
}

#[component]
fn Recorder(props: &RecorderProps) -> Html {
    let todos = use_query(
        QueryOptions::new(keys!["todos"], |_| async {
            Err::<List, FetchError>(FetchError::Network("offline".into()))
        })
        .stale_time(u64::MAX),
    );
    record(
        &props.log,
        todos.data.as_deref().cloned().unwrap_or_default(),
    );
    html! { <ul>{ for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }</ul> }
}

#[wasm_bindgen_test]
async fn persisted_queries_are_written_on_pagehide_and_restored_under_the_queue_before_the_first_render(
) {
    let storage = MemoryStorage::default();
    let writes = Gate::default();
    let first = World::with_storage(storage.clone());
    first.client.persist_query::<List>(keys!["todos"]);
    first
        .client
        .register_mutation(keys!["todos", "add"], add_todo(&writes));
    let log: RenderLog<List> = RenderLog::default();
    let app: Mounted<FirstRender> = common::mount(FirstRenderProps {
        client: first.client.clone(),
        log: log.clone(),
        online: None,
    })
    .await;
    first
        .client
        .set_query_data(&keys!["todos"], list(&["from the server"]))
        .expect("a list");
    first.client.set_online(false);
    let add = yew_optimistic::optimistic_query::MutationObserver::new(
        &first.client,
        add_todo(&writes).key(keys!["todos", "add"]),
    );
    add.mutate("made offline".to_string());
    first.run().await;
    assert!(
        storage.get("yew-optimistic/queries").is_none(),
        "not written yet: the write waits for its throttle"
    );
    // The page goes (a reload, a closed tab): the queries are written at once.
    dispatch_window_event("pagehide");
    let saved = storage
        .get("yew-optimistic/queries")
        .expect("written on pagehide");
    assert!(saved.contains("from the server"), "{saved}");
    assert!(
        !saved.contains("made offline"),
        "the queue's changes are not part of the persisted data: {saved}"
    );
    app.unmount();
    drop(add);
    drop(first);

    // The reload: a new client over the same storage, offline, nothing to fetch with.
    let second = World::with_storage(storage.clone());
    second.client.persist_query::<List>(keys!["todos"]);
    second
        .client
        .register_mutation(keys!["todos", "add"], add_todo(&writes));
    let log: RenderLog<List> = RenderLog::default();
    // Offline whatever the browser says (the provider's override).
    let app: Mounted<FirstRender> = common::mount(FirstRenderProps {
        client: second.client.clone(),
        log: log.clone(),
        online: Some(false),
    })
    .await;
    assert_eq!(
        entries(&log).first(),
        Some(&list(&["from the server", "made offline"])),
        "the first render shows the persisted data with the queue on top: {:?}",
        entries(&log)
    );
    second.run().await;
    assert!(!second.client.is_online(), "kept offline by the override");
    assert!(writes.sent().is_empty(), "still offline: nothing sent");
    app.unmount();
}

#[wasm_bindgen_test]
async fn this_pages_tab_id_is_random_stable_and_held_as_a_lock() {
    let id = tabs::tab_id().expect("Chromium has Web Locks");
    assert_eq!(
        tabs::tab_id().as_deref(),
        Some(id.as_str()),
        "one id per page load"
    );
    settle().await;
    let open = tabs::open_tabs().await.expect("Web Locks answer");
    assert!(open.contains(&id), "this tab's lock is held: {open:?}");
    let closed = Rc::new(RefCell::new(false));
    let seen = closed.clone();
    let watch = tabs::when_closed(&id, move || *seen.borrow_mut() = true);
    settle().await;
    assert!(!*closed.borrow(), "this tab is open");
    drop(watch);
}
