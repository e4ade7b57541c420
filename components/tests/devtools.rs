//! Browser tests of the devtools: the event log lists cache and mutation events with
//! times, filters and clears; the cache inspector shows confirmed data, a pending layer
//! and the visible data, then no layer once the mutation settled. Time and tasks are
//! driven by a `TestRuntime`; the fake server answers only when the test says.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{all, click, texts};
use common::fake_server::Gate;
use common::world::{flush, World};
use common::Mounted;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;
use yew_optimistic::devtools::{CacheInspector, EventLog, Formatters};
use yew_optimistic::optimistic_query::MutationObserver;
use yew_optimistic::{keys, MutationOptions, QueryClient, QueryClientProvider};

wasm_bindgen_test_configure!(run_in_browser);

type Todos = Vec<String>;

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    formatters: Formatters,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <EventLog />
            <CacheInspector formatters={props.formatters.clone()} />
        </QueryClientProvider>
    }
}

/// "Add a todo": painted at once as a layer; the server's list replaces it on success.
fn add_todo(client: &QueryClient, server: &Gate<Todos>) -> MutationObserver<String, Todos> {
    let server = server.clone();
    MutationObserver::new(
        client,
        MutationOptions::new(move |title: String, ctx| {
            server.request(format!("POST {title}"), Some(ctx.idempotency_key))
        })
        .key(keys!["todos", "add"])
        .optimistic(|title: &String, patches| {
            let title = title.clone();
            patches.update(keys!["todos"], move |list: &Todos| {
                let mut list = list.clone();
                list.push(title.clone());
                list
            });
        })
        .on_success(|list: &Todos, _title, _ctx: Option<&()>, client| {
            let _ = client.set_query_data(&keys!["todos"], list.clone());
        }),
    )
}

async fn mount(w: &World) -> Mounted<App> {
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        formatters: Formatters::new().json::<Todos>(keys!["todos"]),
    })
    .await;
    w.run().await;
    app
}

fn kinds(root: &Element) -> Vec<String> {
    all(root, "[data-testid=event]")
        .iter()
        .map(|e| e.get_attribute("data-kind").unwrap_or_default())
        .collect()
}

/// Types into an input as a person would: the value changes and an `input` event
/// bubbles up to Yew's listener.
fn type_into(root: &Element, selector: &str, text: &str) {
    let input = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .unwrap_or_else(|| panic!("no input {selector}"));
    input.set_value(text);
    let event = gloo::utils::document()
        .create_event("Event")
        .expect("the test browser can create an Event");
    event.init_event_with_bubbles("input", true);
    input
        .dispatch_event(&event)
        .expect("the test browser can dispatch an input event");
}

fn entry(root: &Element, key: &str) -> Element {
    root.query_selector(&format!("[data-testid=inspector-entry][data-key='{key}']"))
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            panic!(
                "no inspector entry for {key}; entries: {:?}",
                all(root, "[data-testid=inspector-entry]")
                    .iter()
                    .map(|e| e.get_attribute("data-key"))
                    .collect::<Vec<_>>()
            )
        })
}

fn section(entry: &Element, testid: &str) -> String {
    entry
        .query_selector(&format!("[data-testid={testid}] pre"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("no [data-testid={testid}] <pre>"))
}

fn layer_states(entry: &Element) -> Vec<String> {
    all(entry, "[data-testid=inspector-layer]")
        .iter()
        .map(|e| e.get_attribute("data-state").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_event_log_lists_cache_and_mutation_events_with_times() {
    let w = World::new();
    let server = Gate::<Todos>::default();
    let app = mount(&w).await;
    assert!(kinds(&app.root).is_empty());
    assert!(app.text().contains("No events yet."));

    w.rt.advance(250);
    w.client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .expect("a fresh cache takes a list");
    flush().await;
    assert_eq!(kinds(&app.root), vec!["data-set"]);
    let row = texts(&app.root, "[data-testid=event]").join(" | ");
    assert!(row.contains(r#"data set ["todos"]"#), "{row}");
    assert!(row.contains("+250 ms"), "time since the log started: {row}");

    let add = add_todo(&w.client, &server);
    add.mutate("b".into());
    flush().await;
    assert_eq!(
        kinds(&app.root),
        vec!["data-set", "mutation-submitted", "layer-added"]
    );
    w.run().await;
    assert_eq!(
        kinds(&app.root).last().map(String::as_str),
        Some("mutation-sent")
    );
    server.answer_next(Ok(vec!["a".into(), "b".into()]));
    w.run().await;
    let all_kinds = kinds(&app.root);
    assert!(
        all_kinds.ends_with(&["mutation-succeeded".into(), "data-set".into()]),
        "{all_kinds:?}"
    );

    type_into(&app.root, "[data-testid=event-filter]", "mutation-");
    flush().await;
    assert_eq!(
        kinds(&app.root),
        vec!["mutation-submitted", "mutation-sent", "mutation-succeeded"],
        "the filter keeps the rows whose kind or text matches"
    );
    assert!(app.text().contains("3 of 6 events"), "{}", app.text());

    type_into(&app.root, "[data-testid=event-filter]", "");
    click(&app.root, "Clear");
    flush().await;
    assert!(kinds(&app.root).is_empty());
    w.client
        .set_query_data(&keys!["todos"], Todos::new())
        .expect("same type");
    flush().await;
    assert_eq!(
        kinds(&app.root),
        vec!["data-set"],
        "the log goes on after a clear"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_event_log_starts_with_what_happened_before_it_was_mounted() {
    let w = World::new();
    w.client
        .set_query_data(&keys!["early"], 1_u8)
        .expect("a fresh cache takes a number");
    let app = mount(&w).await;
    assert_eq!(kinds(&app.root), vec!["data-set"]);
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_inspector_shows_confirmed_layers_and_visible_data() {
    let w = World::new();
    let server = Gate::<Todos>::default();
    w.client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .expect("a fresh cache takes a list");
    w.client
        .set_query_data(&keys!["count"], 5_u32)
        .expect("a fresh cache takes a number");
    let app = mount(&w).await;

    let todos = entry(&app.root, r#"["todos"]"#);
    assert_eq!(section(&todos, "inspector-confirmed"), "[\n  \"a\"\n]");
    assert_eq!(section(&todos, "inspector-visible"), "[\n  \"a\"\n]");
    assert!(layer_states(&todos).is_empty());
    let count = entry(&app.root, r#"["count"]"#);
    assert!(
        section(&count, "inspector-visible").contains("u32"),
        "no formatter: the type name"
    );

    let add = add_todo(&w.client, &server);
    add.mutate("<b>bold</b>".into());
    flush().await;
    let todos = entry(&app.root, r#"["todos"]"#);
    assert_eq!(
        section(&todos, "inspector-confirmed"),
        "[\n  \"a\"\n]",
        "the server has not answered"
    );
    assert_eq!(layer_states(&todos), vec!["pending"]);
    let layer = texts(&todos, "[data-testid=inspector-layer]").join("");
    assert!(
        layer.contains(r#"["todos", "add"]"#),
        "the owner is named: {layer}"
    );
    let visible = section(&todos, "inspector-visible");
    assert!(visible.contains("<b>bold</b>"), "data is text: {visible}");
    assert!(
        todos.query_selector("b").ok().flatten().is_none(),
        "and never HTML"
    );
    let statuses: Vec<String> = all(&app.root, "[data-testid=inspector-mutation]")
        .iter()
        .map(|e| e.get_attribute("data-status").unwrap_or_default())
        .collect();
    assert_eq!(statuses, vec!["pending"]);

    w.run().await;
    server.answer_next(Ok(vec!["a".into(), "<b>bold</b>".into()]));
    w.run().await;
    let todos = entry(&app.root, r#"["todos"]"#);
    assert!(
        layer_states(&todos).is_empty(),
        "the server's list replaced the layer"
    );
    assert!(section(&todos, "inspector-confirmed").contains("<b>bold</b>"));
    assert_eq!(
        section(&todos, "inspector-confirmed"),
        section(&todos, "inspector-visible")
    );
    let statuses: Vec<String> = all(&app.root, "[data-testid=inspector-mutation]")
        .iter()
        .map(|e| e.get_attribute("data-status").unwrap_or_default())
        .collect();
    assert_eq!(statuses, vec!["success"]);
    app.unmount();
}

/// Clicks the inspector button `testid` inside `within`, then lets Yew render.
async fn press(within: &Element, testid: &str) {
    within
        .query_selector(&format!("[data-testid={testid}]"))
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| panic!("no [data-testid={testid}] button"))
        .click();
    flush().await;
}

fn mutation_statuses(root: &Element) -> Vec<String> {
    all(root, "[data-testid=inspector-mutation]")
        .iter()
        .map(|e| e.get_attribute("data-status").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_inspector_refetches_invalidates_resets_and_removes_a_query() {
    let w = World::new();
    let server = Gate::<Todos>::default();
    let g = server.clone();
    let todos = yew_optimistic::optimistic_query::QueryObserver::new(
        &w.client,
        yew_optimistic::QueryOptions::new(keys!["todos"], move |_| g.request("GET /todos", None))
            .stale_time(60_000),
    )
    .expect("a fresh key");
    w.client
        .set_query_data(&keys!["todos", "other"], vec!["x".to_string()])
        .expect("a fresh key");
    let app = mount(&w).await;
    server.answer_next(Ok(vec!["a".into()]));
    w.run().await;
    assert!(server.is_empty());

    press(&entry(&app.root, r#"["todos"]"#), "inspector-refetch").await;
    w.run().await;
    assert_eq!(
        server.labels(),
        vec!["GET /todos"],
        "refetched though fresh"
    );
    server.answer_next(Ok(vec!["a".into(), "b".into()]));
    w.run().await;
    assert_eq!(
        section(&entry(&app.root, r#"["todos"]"#), "inspector-confirmed"),
        "[\n  \"a\",\n  \"b\"\n]"
    );

    press(&entry(&app.root, r#"["todos"]"#), "inspector-invalidate").await;
    w.run().await;
    assert_eq!(
        server.labels(),
        vec!["GET /todos"],
        "invalidated and observed: refetched"
    );
    server.answer_next(Ok(vec!["c".into()]));
    w.run().await;

    press(&entry(&app.root, r#"["todos"]"#), "inspector-reset").await;
    assert_eq!(
        section(&entry(&app.root, r#"["todos"]"#), "inspector-confirmed"),
        "(no data)",
        "reset drops the data"
    );
    w.run().await;
    server.answer_next(Ok(vec!["d".into()]));
    w.run().await;
    assert_eq!(
        todos.result().data.as_deref(),
        Some(&vec!["d".to_string()]),
        "and the observed query loads again"
    );

    drop(todos);
    press(&entry(&app.root, r#"["todos"]"#), "inspector-remove").await;
    let keys: Vec<String> = all(&app.root, "[data-testid=inspector-entry]")
        .iter()
        .filter_map(|e| e.get_attribute("data-key"))
        .collect();
    assert_eq!(
        keys,
        vec![r#"["todos", "other"]"#],
        "only that key is removed, not the keys under it"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_inspector_retries_cancels_and_dismisses_a_mutation() {
    let w = World::new();
    let server = Gate::<Todos>::default();
    w.client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .expect("a fresh cache takes a list");
    let app = mount(&w).await;
    let add = add_todo(&w.client, &server);
    add.mutate("b".into());
    w.run().await;
    assert!(
        all(&app.root, "[data-testid=inspector-retry]").is_empty(),
        "a call in flight has nothing to retry"
    );
    // A timeout: the outcome is unknown, the call waits for the server.
    server.answer_next(Err(yew_optimistic::FetchError::Timeout(5_000)));
    w.run().await;
    assert!(add.state().is_waiting_for_server());
    let row = all(&app.root, "[data-testid=inspector-mutation]")
        .pop()
        .expect("one mutation row");
    press(&row, "inspector-retry").await;
    w.run().await;
    assert_eq!(server.labels(), vec!["POST b"], "sent again now");
    server.answer_next(Err(yew_optimistic::FetchError::Timeout(5_000)));
    w.run().await;

    let row = all(&app.root, "[data-testid=inspector-mutation]")
        .pop()
        .expect("one mutation row");
    press(&row, "inspector-cancel").await;
    w.run().await;
    assert!(add.state().is_error(), "given up");
    assert_eq!(
        section(&entry(&app.root, r#"["todos"]"#), "inspector-visible"),
        "[\n  \"a\"\n]",
        "its change rolled back"
    );
    assert_eq!(mutation_statuses(&app.root), vec!["error"]);

    let row = all(&app.root, "[data-testid=inspector-mutation]")
        .pop()
        .expect("one mutation row");
    press(&row, "inspector-dismiss").await;
    assert!(mutation_statuses(&app.root).is_empty(), "dismissed");
    app.unmount();
}
