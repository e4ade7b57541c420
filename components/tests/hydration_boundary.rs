//! Browser tests of `HydrationBoundary`: the server's dehydrated data shows in the first
//! render, without a fetch while it is fresh; a state older than the cache does not
//! replace it; the state is read from the page's script element.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::texts;
use common::fake_server::Gate;
use common::todos::{list, todos_query, List};
use common::world::{entries, record, RenderLog, World};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::optimistic_query::hydration::{
    dehydrate, DehydratedState, HydrateReport, HydrationError, HydrationTypes,
};
use yew_optimistic::{
    keys, use_query, HydrationBoundary, QueryClient, QueryClientProvider, QueryFilter,
};

wasm_bindgen_test_configure!(run_in_browser);

type Reports = Rc<RefCell<Vec<Result<HydrateReport, HydrationError>>>>;

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    types: HydrationTypes,
    state: Option<Rc<DehydratedState>>,
    #[prop_or(AttrValue::Static("yew-optimistic-state"))]
    script_id: AttrValue,
    server: Gate<String>,
    log: RenderLog<String>,
    reports: Callback<Result<HydrateReport, HydrationError>>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <HydrationBoundary
                types={props.types.clone()}
                state={props.state.clone()}
                script_id={props.script_id.clone()}
                on_hydrate={props.reports.clone()}
            >
                <Todos server={props.server.clone()} log={props.log.clone()} />
            </HydrationBoundary>
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct TodosProps {
    server: Gate<String>,
    log: RenderLog<String>,
}

#[component]
fn Todos(props: &TodosProps) -> Html {
    let todos = use_query(todos_query(&props.server).stale_time(60_000));
    record(
        &props.log,
        format!("{:?}/{:?}", todos.status, todos.data.as_deref()),
    );
    html! {
        <ul>
            { for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }
        </ul>
    }
}

fn types() -> HydrationTypes {
    HydrationTypes::new().query::<List>(keys!["todos"])
}

/// What a server that fetched `items` now (on `w`'s clock) would put in the page.
fn server_state(w: &World, items: &[&str]) -> DehydratedState {
    let server = QueryClient::new(w.rt.runtime());
    server
        .set_query_data(&keys!["todos"], list(items))
        .expect("an empty client takes the list");
    dehydrate(&server, &types(), &QueryFilter::all())
}

fn collect(reports: &Reports) -> Callback<Result<HydrateReport, HydrationError>> {
    let reports = reports.clone();
    Callback::from(move |r| reports.borrow_mut().push(r))
}

#[wasm_bindgen_test]
async fn the_first_render_shows_the_hydrated_rows_and_nothing_is_fetched_while_fresh() {
    let w = World::new();
    w.rt.advance(1_000);
    let state = server_state(&w, &["milk", "eggs"]);
    let server = Gate::default();
    let log = RenderLog::default();
    let reports = Reports::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        types: types(),
        state: Some(Rc::new(state)),
        script_id: "yew-optimistic-state".into(),
        server: server.clone(),
        log: log.clone(),
        reports: collect(&reports),
    })
    .await;
    assert_eq!(
        entries(&log).first().map(String::as_str),
        Some(r#"Success/Some(["milk", "eggs"])"#),
        "the first render already holds the data"
    );
    assert_eq!(texts(&app.root, "li"), vec!["milk", "eggs"]);
    w.advance(30_000).await;
    assert!(
        server.sent().is_empty(),
        "fresh data is not fetched on mount: {:?}",
        server.sent()
    );
    assert_eq!(texts(&app.root, "li"), vec!["milk", "eggs"]);
    assert!(entries(&log).iter().all(|e| e.starts_with("Success/")));
    assert_eq!(reports.borrow().len(), 1, "hydrated once");
    assert_eq!(
        reports.borrow()[0].as_ref().map(|r| r.hydrated.clone()),
        Ok(vec![keys!["todos"]])
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_state_older_than_the_cache_does_not_overwrite_it() {
    let w = World::new();
    let old = server_state(&w, &["old"]);
    w.rt.advance(1_000);
    w.client
        .set_query_data(&keys!["todos"], list(&["newer"]))
        .expect("an empty client takes the list");
    let server = Gate::default();
    let log = RenderLog::default();
    let reports = Reports::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        types: types(),
        state: Some(Rc::new(old)),
        script_id: "yew-optimistic-state".into(),
        server: server.clone(),
        log: log.clone(),
        reports: collect(&reports),
    })
    .await;
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["newer"]);
    assert!(entries(&log).iter().all(|e| !e.contains("old")));
    assert!(server.sent().is_empty());
    let report = reports.borrow()[0]
        .clone()
        .expect("a valid state is hydrated");
    assert!(report.hydrated.is_empty());
    assert_eq!(report.skipped.len(), 1);
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_state_is_read_from_the_pages_script_element() {
    let w = World::new();
    let state = server_state(&w, &["from", "the page"]);
    let document = gloo::utils::document();
    let script = document.create_element("script").expect("a script element");
    script
        .set_attribute("type", "application/json")
        .expect("a type attribute");
    script.set_id("hydration-test-state");
    script.set_text_content(Some(&state.to_json()));
    document
        .body()
        .expect("a body")
        .append_child(&script)
        .expect("appended");

    let server = Gate::default();
    let log = RenderLog::default();
    let reports = Reports::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        types: types(),
        state: None,
        script_id: "hydration-test-state".into(),
        server: server.clone(),
        log: log.clone(),
        reports: collect(&reports),
    })
    .await;
    w.run().await;
    assert_eq!(
        entries(&log).first().map(String::as_str),
        Some(r#"Success/Some(["from", "the page"])"#)
    );
    assert_eq!(texts(&app.root, "li"), vec!["from", "the page"]);
    assert!(server.sent().is_empty());
    app.unmount();
    script.remove();
}

#[wasm_bindgen_test]
async fn a_corrupt_page_state_is_reported_and_the_query_fetches() {
    let w = World::new();
    let document = gloo::utils::document();
    let script = document.create_element("script").expect("a script element");
    script.set_id("hydration-test-corrupt");
    script.set_text_content(Some("{ not json"));
    document
        .body()
        .expect("a body")
        .append_child(&script)
        .expect("appended");

    let server = Gate::default();
    let log = RenderLog::default();
    let reports = Reports::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        types: types(),
        state: None,
        script_id: "hydration-test-corrupt".into(),
        server: server.clone(),
        log: log.clone(),
        reports: collect(&reports),
    })
    .await;
    w.run().await;
    assert!(matches!(
        reports.borrow().first(),
        Some(Err(HydrationError::Corrupt(_)))
    ));
    assert_eq!(server.labels(), vec!["GET /todos"]);
    server.answer_next(Ok(r#"["fetched"]"#.into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["fetched"]);
    app.unmount();
    script.remove();
}
