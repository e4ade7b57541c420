//! Browser tests of `QueryClientProvider` with the offline queue: going offline (through
//! the client, or through a real `offline` event on `window`) pauses mutations that stay
//! shown and are persisted; a reload rebuilds them in the first render; going online sends
//! each once, in order; a corrupt saved queue is reported through `on_restore` and the app
//! still works.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, dispatch_window_event, text, texts};
use common::fake_server::Gate;
use common::todos::{add_todo, list, List};
use common::world::{entries, flush, record, RenderLog, World, QUEUE_KEY};
use common::Mounted;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::optimistic_query::persist::PersistedQueue;
use yew_optimistic::optimistic_query::storage::{MemoryStorage, Storage};
use yew_optimistic::optimistic_query::{PersistError, RestoreReport};
use yew_optimistic::{
    keys, use_online, use_optimistic_mutation, use_query, FetchError, QueryClient,
    QueryClientProvider, QueryOptions,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    writes: Gate<()>,
    log: RenderLog<List>,
}

#[component]
fn App(props: &AppProps) -> Html {
    let restore = use_state(|| None::<String>);
    let on_restore = {
        let restore = restore.setter();
        Callback::from(move |r: Result<RestoreReport, PersistError>| {
            restore.set(Some(match r {
                Ok(report) => format!(
                    "restored {}, skipped {}",
                    report.restored.len(),
                    report.skipped.len()
                ),
                Err(e) => e.to_string(),
            }))
        })
    };
    html! {
        <QueryClientProvider client={Some(props.client.clone())} {on_restore}>
            if let Some(message) = &*restore { <p class="restore">{ message }</p> }
            <OnlineBadge />
            <Editor writes={props.writes.clone()} log={props.log.clone()} />
        </QueryClientProvider>
    }
}

#[component]
fn OnlineBadge() -> Html {
    let online = use_online();
    html! { <p class="online">{ if online { "online" } else { "offline" } }</p> }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    writes: Gate<()>,
    log: RenderLog<List>,
}

#[component]
fn Editor(props: &EditorProps) -> Html {
    // The list is already in the cache (hydrated); it never needs a fetch here.
    let todos = use_query(
        QueryOptions::new(keys!["todos"], |_| async {
            Err::<List, FetchError>(FetchError::Network("not used".into()))
        })
        .stale_time(u64::MAX),
    );
    let add = use_optimistic_mutation(add_todo(&props.writes));
    record(
        &props.log,
        todos.data.as_deref().cloned().unwrap_or_default(),
    );
    let add_title = |title: &'static str| {
        add.mutate_callback()
            .reform(move |_: MouseEvent| title.to_string())
    };
    html! {
        <section>
            <ul>
                { for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }
            </ul>
            <p class="status">{ format!("{:?}", add.status) }</p>
            <button onclick={add_title("b")}>{ "Add b" }</button>
            <button onclick={add_title("c")}>{ "Add c" }</button>
        </section>
    }
}

/// A page over `storage`: the definition is registered and the list hydrated before the
/// provider mounts.
async fn open(
    storage: &MemoryStorage,
    writes: &Gate<()>,
) -> (World, RenderLog<List>, Mounted<App>) {
    let w = World::with_storage(storage.clone());
    w.client
        .register_mutation(keys!["todos", "add"], add_todo(writes));
    w.client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .expect("a fresh cache takes a list");
    let log = RenderLog::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        writes: writes.clone(),
        log: log.clone(),
    })
    .await;
    (w, log, app)
}

fn items(app: &Mounted<App>) -> Vec<String> {
    texts(&app.root, "li")
}

fn status(app: &Mounted<App>) -> Option<String> {
    text(&app.root, ".status")
}

/// The saved queue: (variables, idempotency key) of each entry.
fn saved(storage: &MemoryStorage) -> Vec<(String, String)> {
    let Some(json) = storage.get(QUEUE_KEY) else {
        return Vec::new();
    };
    let queue = PersistedQueue::parse(&json).expect("the saved queue is readable");
    queue
        .mutations
        .iter()
        .map(|m| {
            assert_eq!(m.mutation_key, keys!["todos", "add"]);
            (
                m.variables.as_str().unwrap_or_default().to_string(),
                m.idempotency_key.clone(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn offline_changes_pause_persist_survive_a_reload_and_replay_once_in_order() {
    let storage = MemoryStorage::default();
    let writes = Gate::default();
    let (w, _log, app) = open(&storage, &writes).await;
    assert_eq!(text(&app.root, ".online").as_deref(), Some("online"));

    w.client.set_online(false);
    flush().await;
    assert_eq!(text(&app.root, ".online").as_deref(), Some("offline"));
    click(&app.root, "Add b");
    click(&app.root, "Add c");
    flush().await;
    w.run().await;
    assert_eq!(
        items(&app),
        vec!["a", "b", "c"],
        "paused changes stay shown"
    );
    assert_eq!(status(&app).as_deref(), Some("Paused"));
    assert!(writes.sent().is_empty(), "nothing sent while offline");
    let queue = saved(&storage);
    assert_eq!(
        queue.iter().map(|q| q.0.as_str()).collect::<Vec<_>>(),
        vec!["b", "c"],
        "persisted in order"
    );

    // A reload: the page goes away; a new client over a new runtime reads the same storage.
    app.unmount();
    drop(w);
    let (w, log, app) = open(&storage, &writes).await;
    assert_eq!(
        entries(&log).first(),
        Some(&list(&["a", "b", "c"])),
        "the first render already shows the restored changes"
    );
    assert_eq!(
        text(&app.root, ".restore").as_deref(),
        Some("restored 2, skipped 0")
    );
    // This page starts offline too.
    w.client.set_online(false);
    flush().await;
    w.run().await;
    assert!(writes.sent().is_empty());
    assert_eq!(items(&app), vec!["a", "b", "c"]);

    dispatch_window_event("online");
    w.run().await;
    assert_eq!(text(&app.root, ".online").as_deref(), Some("online"));
    assert_eq!(
        writes.labels(),
        vec!["POST b"],
        "one at a time, oldest first"
    );
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(writes.labels(), vec!["POST c"]);
    writes.answer_next(Ok(()));
    w.run().await;

    assert_eq!(writes.sent(), vec!["POST b", "POST c"], "each sent once");
    assert_eq!(
        writes.sent_keys(),
        queue.iter().map(|q| Some(q.1.clone())).collect::<Vec<_>>(),
        "with the idempotency keys they were made with"
    );
    assert_eq!(items(&app), vec!["a", "b", "c"]);
    assert!(
        storage.get(QUEUE_KEY).is_none(),
        "the queue is empty once all settled"
    );
    assert!(
        entries(&log).iter().all(|r| *r == list(&["a", "b", "c"])),
        "no render of the reloaded page lost a change: {:?}",
        entries(&log)
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_browsers_offline_and_online_events_pause_and_resume() {
    let storage = MemoryStorage::default();
    let writes = Gate::default();
    let (w, _log, app) = open(&storage, &writes).await;

    dispatch_window_event("offline");
    flush().await;
    assert!(!w.client.is_online(), "the provider heard the event");
    assert_eq!(text(&app.root, ".online").as_deref(), Some("offline"));

    click(&app.root, "Add b");
    flush().await;
    w.run().await;
    assert_eq!(items(&app), vec!["a", "b"]);
    assert_eq!(status(&app).as_deref(), Some("Paused"));
    assert!(writes.sent().is_empty());
    assert_eq!(saved(&storage).len(), 1, "persisted while paused");

    dispatch_window_event("online");
    w.run().await;
    assert!(w.client.is_online());
    assert_eq!(text(&app.root, ".online").as_deref(), Some("online"));
    assert_eq!(writes.labels(), vec!["POST b"]);
    assert_eq!(status(&app).as_deref(), Some("Pending"));
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(status(&app).as_deref(), Some("Success"));
    assert_eq!(items(&app), vec!["a", "b"]);
    assert!(storage.get(QUEUE_KEY).is_none());
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_corrupt_saved_queue_is_reported_and_the_app_still_works() {
    let storage = MemoryStorage::default();
    let garbage = "{\"format\": definitely not json";
    storage
        .set(QUEUE_KEY, garbage)
        .expect("memory storage takes writes");
    let writes = Gate::default();
    let (w, log, app) = open(&storage, &writes).await;

    let reported = text(&app.root, ".restore").expect("on_restore was told");
    assert!(
        reported.starts_with("the saved mutation queue is corrupt"),
        "shown: {reported}"
    );
    assert!(reported.contains("not replayed"), "shown: {reported}");
    assert_eq!(
        storage.get(&format!("{QUEUE_KEY}.corrupt")).as_deref(),
        Some(garbage),
        "the unreadable text is kept aside"
    );
    assert_eq!(
        entries(&log).first(),
        Some(&list(&["a"])),
        "the app started"
    );

    click(&app.root, "Add b");
    flush().await;
    assert_eq!(items(&app), vec!["a", "b"]);
    assert_eq!(
        saved(&storage).len(),
        1,
        "new work is saved cleanly over the corrupt queue"
    );
    w.run().await;
    assert_eq!(writes.labels(), vec!["POST b"]);
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(status(&app).as_deref(), Some("Success"));
    assert_eq!(items(&app), vec!["a", "b"]);
    app.unmount();
}

/// Persistence is the app's opt-in (issue 16): a client that registered nothing and
/// persists no query is not restored, and the provider leaves storage as it found it
/// (here an unreadable queue, which a restore would have reported and kept aside).
#[wasm_bindgen_test]
async fn a_client_that_did_not_opt_into_persistence_is_not_restored() {
    let storage = MemoryStorage::default();
    let garbage = "{\"format\": definitely not json";
    storage
        .set(QUEUE_KEY, garbage)
        .expect("memory storage takes writes");
    let writes = Gate::default();
    let w = World::with_storage(storage.clone());
    w.client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .expect("a fresh cache takes a list");
    let log = RenderLog::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        writes: writes.clone(),
        log: log.clone(),
    })
    .await;

    assert_eq!(
        text(&app.root, ".restore"),
        None,
        "on_restore was not called"
    );
    assert!(w.client.persistence().is_none());
    assert_eq!(storage.get(QUEUE_KEY).as_deref(), Some(garbage));
    assert_eq!(storage.get(&format!("{QUEUE_KEY}.corrupt")), None);
    assert_eq!(items(&app), vec!["a"], "the app works");
    click(&app.root, "Add b");
    flush().await;
    assert_eq!(items(&app), vec!["a", "b"]);
    assert_eq!(
        storage.get(QUEUE_KEY).as_deref(),
        Some(garbage),
        "an unregistered call is not written"
    );
}
