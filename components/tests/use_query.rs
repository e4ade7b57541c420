//! Browser tests of `use_query` / `use_query_select`: loading, success, background
//! refetch, errors with retries, `enabled`, `select`, undecodable answers and untrusted
//! text. Time and tasks are driven by a `TestRuntime`; the fake server is answered by hand.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text, texts};
use common::fake_server::{decode, Gate};
use common::todos::{todos_query, List};
use common::world::{entries, flush, record, RenderLog, World};
use common::Mounted;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::optimistic_query::storage::MemoryStorage;
use yew_optimistic::{
    keys, use_query, use_query_select, ClientConfig, FetchError, QueryClient, QueryClientProvider,
    QueryOptions, RetryPolicy,
};

wasm_bindgen_test_configure!(run_in_browser);

fn todos_options(server: &Gate<String>) -> QueryOptions<List> {
    todos_query(server)
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    log: RenderLog<String>,
    #[prop_or(true)]
    enabled: bool,
    /// `None` keeps the options' own retry policy.
    #[prop_or(Some(RetryPolicy::never()))]
    retry: Option<RetryPolicy>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Todos
                server={props.server.clone()}
                log={props.log.clone()}
                enabled={props.enabled}
                retry={props.retry}
            />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct TodosProps {
    server: Gate<String>,
    log: RenderLog<String>,
    enabled: bool,
    retry: Option<RetryPolicy>,
}

#[component]
fn Todos(props: &TodosProps) -> Html {
    let mut options = todos_options(&props.server).enabled(props.enabled);
    if let Some(retry) = props.retry {
        options = options.retry(retry);
    }
    let todos = use_query(options);
    record(
        &props.log,
        format!(
            "{:?}/{:?}/{:?}",
            todos.status,
            todos.fetch_status,
            todos.data.as_deref()
        ),
    );
    html! {
        <section>
            if todos.is_loading() { <p class="loading">{ "Loading…" }</p> }
            if todos.is_paused() { <p class="paused">{ "Waiting for the network…" }</p> }
            if todos.is_fetching() && todos.data.is_some() {
                <p class="refreshing">{ "Refreshing…" }</p>
            }
            <ul>
                { for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }
            </ul>
            if todos.failure_count > 0 {
                <p class="failures">{ format!("failed {} time(s)", todos.failure_count) }</p>
            }
            if let Some(e) = &todos.error { <p role="alert">{ e.to_string() }</p> }
            <button onclick={todos.refetch_callback().reform(|_: MouseEvent| ())}>{ "Refetch" }</button>
        </section>
    }
}

fn props(w: &World, server: &Gate<String>, log: &RenderLog<String>) -> AppProps {
    AppProps {
        client: w.client.clone(),
        server: server.clone(),
        log: log.clone(),
        enabled: true,
        retry: Some(RetryPolicy::never()),
    }
}

async fn mount(props: AppProps) -> Mounted<App> {
    common::mount::<App>(props).await
}

fn items(app: &Mounted<App>) -> Vec<String> {
    texts(&app.root, "li")
}

#[wasm_bindgen_test]
async fn loading_then_success_then_a_background_refetch_keeps_the_data() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let app = mount(props(&w, &server, &log)).await;

    assert_eq!(text(&app.root, ".loading").as_deref(), Some("Loading…"));
    assert!(server.is_empty(), "nothing sent before the runtime runs");
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /todos"]);
    assert_eq!(text(&app.root, ".loading").as_deref(), Some("Loading…"));

    server.answer_next(Ok(r#"["a"]"#.into()));
    w.run().await;
    assert_eq!(items(&app), vec!["a"]);
    assert!(text(&app.root, ".loading").is_none());
    assert!(text(&app.root, ".refreshing").is_none());

    click(&app.root, "Refetch");
    flush().await;
    assert_eq!(
        text(&app.root, ".refreshing").as_deref(),
        Some("Refreshing…"),
        "a background refetch is shown"
    );
    assert_eq!(items(&app), vec!["a"], "the data stays while it refetches");
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /todos"]);

    server.answer_next(Ok(r#"["a","b"]"#.into()));
    w.run().await;
    assert_eq!(items(&app), vec!["a", "b"]);
    assert!(text(&app.root, ".refreshing").is_none());
    assert_eq!(server.sent().len(), 2);

    assert_eq!(
        entries(&log),
        vec![
            r#"Pending/Fetching/None"#,
            r#"Success/Idle/Some(["a"])"#,
            r#"Success/Fetching/Some(["a"])"#,
            r#"Success/Idle/Some(["a", "b"])"#,
        ],
        "one render per change, and never back to loading"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn an_error_is_retried_with_the_failure_count_shown_then_the_message() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let retry = RetryPolicy::times(2).delays(100, 100).with_jitter(0.0);
    let app = mount(AppProps {
        retry: Some(retry),
        ..props(&w, &server, &log)
    })
    .await;
    w.run().await;
    let busy = || {
        Err(FetchError::Http {
            status: 503,
            body: "busy".into(),
        })
    };

    server.answer_next(busy());
    w.run().await;
    assert_eq!(
        text(&app.root, ".failures").as_deref(),
        Some("failed 1 time(s)")
    );
    assert!(
        text(&app.root, "[role=alert]").is_none(),
        "no error while retries remain"
    );
    assert!(server.is_empty(), "the retry waits for its backoff");
    w.advance(99).await;
    assert!(server.is_empty());
    w.advance(1).await;
    assert_eq!(server.labels(), vec!["GET /todos"], "retried after 100 ms");

    server.answer_next(busy());
    w.run().await;
    assert_eq!(
        text(&app.root, ".failures").as_deref(),
        Some("failed 2 time(s)")
    );
    w.advance(100).await;
    server.answer_next(busy());
    w.run().await;

    assert_eq!(
        text(&app.root, "[role=alert]").as_deref(),
        Some("the server answered 503: busy")
    );
    assert_eq!(
        text(&app.root, ".failures").as_deref(),
        Some("failed 3 time(s)")
    );
    assert!(text(&app.root, ".loading").is_none());
    assert_eq!(server.sent().len(), 3, "one request and two retries");
    assert_eq!(
        entries(&log).last().map(String::as_str),
        Some("Error/Idle/None")
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_disabled_query_does_not_fetch_until_enabled() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let mut app = mount(AppProps {
        enabled: false,
        ..props(&w, &server, &log)
    })
    .await;
    w.run().await;
    w.advance(60_000).await;
    assert!(server.sent().is_empty(), "a disabled query sends nothing");
    assert_eq!(w.client.fetch_count(), 0);
    assert!(text(&app.root, ".loading").is_none(), "and is not loading");
    assert!(entries(&log).iter().all(|r| r == "Pending/Idle/None"));

    app.update(props(&w, &server, &log)).await;
    assert_eq!(text(&app.root, ".loading").as_deref(), Some("Loading…"));
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /todos"], "enabling it fetches");
    server.answer_next(Ok(r#"["a"]"#.into()));
    w.run().await;
    assert_eq!(items(&app), vec!["a"]);
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_query_that_goes_offline_before_sending_waits_for_the_network() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let app = mount(props(&w, &server, &log)).await;
    // The browser goes offline before the first request left.
    common::dom::dispatch_window_event("offline");
    w.run().await;
    w.advance(60_000).await;
    assert!(server.sent().is_empty(), "nothing is sent offline");
    assert_eq!(
        text(&app.root, ".paused").as_deref(),
        Some("Waiting for the network…")
    );
    assert!(text(&app.root, ".loading").is_none(), "paused, not loading");

    common::dom::dispatch_window_event("online");
    w.run().await;
    assert!(text(&app.root, ".paused").is_none());
    assert_eq!(server.labels(), vec!["GET /todos"], "sent once back online");
    server.answer_next(Ok(r#"["a"]"#.into()));
    w.run().await;
    assert_eq!(items(&app), vec!["a"]);
    assert_eq!(server.sent().len(), 1);
    app.unmount();
}

#[derive(Properties, PartialEq)]
struct CountProps {
    client: QueryClient,
    server: Gate<String>,
    log: RenderLog<Option<(usize, String)>>,
}

#[component]
fn CountApp(props: &CountProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <TodoCount server={props.server.clone()} log={props.log.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct TodoCountProps {
    server: Gate<String>,
    log: RenderLog<Option<(usize, String)>>,
}

/// Reads only the number of todos and the first title, upper-cased.
#[component]
fn TodoCount(props: &TodoCountProps) -> Html {
    let summary = use_query_select(
        todos_options(&props.server).retry(RetryPolicy::never()),
        |l: &Rc<List>| {
            (
                l.len(),
                l.first().map(|t| t.to_uppercase()).unwrap_or_default(),
            )
        },
    );
    record(&props.log, summary.data.clone());
    html! {
        if let Some((n, first)) = &summary.data {
            <p class="count">{ format!("{n} todos, first {first}") }</p>
        }
    }
}

#[wasm_bindgen_test]
async fn select_shows_only_the_selected_part() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let app = common::mount::<CountApp>(CountProps {
        client: w.client.clone(),
        server: server.clone(),
        log: log.clone(),
    })
    .await;
    w.run().await;
    server.answer_next(Ok(r#"["milk","eggs","bread"]"#.into()));
    w.run().await;
    assert_eq!(
        text(&app.root, ".count").as_deref(),
        Some("3 todos, first MILK")
    );

    w.client
        .set_query_data(&keys!["todos"], vec!["tea".to_string(), "jam".into()])
        .expect("the cache holds a list of strings");
    flush().await;
    assert_eq!(
        text(&app.root, ".count").as_deref(),
        Some("2 todos, first TEA")
    );
    assert_eq!(
        entries(&log),
        vec![None, Some((3, "MILK".into())), Some((2, "TEA".into()))],
        "the component sees the selection, not the list"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn malformed_json_shows_a_decode_error_and_leaves_the_cache_as_it_was() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let app = mount(props(&w, &server, &log)).await;
    w.run().await;
    server.answer_next(Ok(r#"["a"]"#.into()));
    w.run().await;
    let before = w
        .client
        .get_query_data::<List>(&keys!["todos"])
        .expect("a list is cached")
        .expect("the list arrived");

    click(&app.root, "Refetch");
    w.run().await;
    let malformed = r#"["a", "b""#;
    server.answer_next(Ok(malformed.into()));
    w.run().await;

    let serde_message = serde_json::from_str::<List>(malformed)
        .expect_err("the body is malformed")
        .to_string();
    let shown = text(&app.root, "[role=alert]").expect("the error is shown");
    assert_eq!(
        shown,
        FetchError::<String>::Decode(serde_message.clone()).to_string()
    );
    assert!(
        shown.contains(&serde_message),
        "the parser's own words reach the UI: {shown}"
    );
    assert_eq!(items(&app), vec!["a"], "the last good data stays on screen");
    let after = w
        .client
        .get_query_data::<List>(&keys!["todos"])
        .expect("a list is cached")
        .expect("the list is still there");
    assert!(Rc::ptr_eq(&before, &after), "the cache was not touched");
    assert_eq!(
        w.client
            .get_confirmed_data::<List>(&keys!["todos"])
            .expect("a list is cached")
            .as_deref(),
        Some(&vec!["a".to_string()])
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn markup_in_a_title_renders_as_text() {
    let w = World::new();
    let server = Gate::default();
    let log = RenderLog::default();
    let app = mount(props(&w, &server, &log)).await;
    w.run().await;
    let titles = vec![
        "<script>document.title = 'pwned'</script>".to_string(),
        "<img src=x onerror=\"document.title = 'pwned'\">".to_string(),
    ];
    let body = serde_json::to_string(&titles).expect("strings serialise");
    server.answer_next(Ok(body));
    w.run().await;

    assert_eq!(items(&app), titles, "shown exactly as typed");
    assert!(
        app.query("script").is_none(),
        "no <script> element was created"
    );
    assert!(app.query("img").is_none(), "no <img> element was created");
    for li in common::dom::all(&app.root, "li") {
        assert_eq!(li.child_element_count(), 0, "a title is a text node only");
    }
    assert_ne!(gloo::utils::document().title(), "pwned");
    app.unmount();
}

#[derive(Properties, PartialEq)]
struct PagedProps {
    client: QueryClient,
    server: Gate<String>,
    page: u32,
}

#[component]
fn PagedApp(props: &PagedProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <PageView server={props.server.clone()} page={props.page} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct PageViewProps {
    server: Gate<String>,
    page: u32,
}

/// One page of results; the key follows the `page` prop.
#[component]
fn PageView(props: &PageViewProps) -> Html {
    let (page, server) = (props.page, props.server.clone());
    let items = use_query(
        QueryOptions::new(keys!["items", page], move |_| {
            let reply = server.request(format!("GET /items?page={page}"), None);
            async move { decode::<List>(reply.await) }
        })
        .retry(RetryPolicy::never()),
    );
    html! {
        <section>
            if items.is_loading() { <p class="loading">{ "Loading…" }</p> }
            if items.is_fetching() && items.data.is_some() { <p class="refreshing">{ "Refreshing…" }</p> }
            <ul>{ for items.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }</ul>
            <button onclick={items.refetch_callback().reform(|_: MouseEvent| ())}>{ "Refetch" }</button>
        </section>
    }
}

#[wasm_bindgen_test]
async fn a_new_key_observes_a_new_query_and_the_old_one_comes_back_from_the_cache() {
    let w = World::new();
    let server = Gate::default();
    let paged = |page| PagedProps {
        client: w.client.clone(),
        server: server.clone(),
        page,
    };
    let mut app = common::mount::<PagedApp>(paged(1)).await;
    w.run().await;
    server.answer_next(Ok(r#"["one"]"#.into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["one"]);

    app.update(paged(2)).await;
    assert_eq!(text(&app.root, ".loading").as_deref(), Some("Loading…"));
    assert!(
        texts(&app.root, "li").is_empty(),
        "page 1 is not shown as page 2"
    );
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /items?page=2"]);
    server.answer_next(Ok(r#"["two"]"#.into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["two"]);
    let page1 = w
        .client
        .inspect(&keys!["items", 1])
        .expect("page 1 is still cached");
    assert_eq!(page1.observers, 0, "the old observer was dropped");

    app.update(paged(1)).await;
    assert_eq!(texts(&app.root, "li"), vec!["one"], "cached data at once");
    assert_eq!(
        text(&app.root, ".refreshing").as_deref(),
        Some("Refreshing…")
    );
    w.run().await;
    server.answer_next(Ok(r#"["one", "one more"]"#.into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["one", "one more"]);

    // The refetch button follows the new key.
    click(&app.root, "Refetch");
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /items?page=1"]);
    server.answer_next(Ok(r#"["one"]"#.into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["one"]);
    app.unmount();
}

#[derive(Properties, PartialEq)]
struct PickProps {
    client: QueryClient,
    server: Gate<String>,
    index: usize,
}

#[component]
fn PickApp(props: &PickProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Pick server={props.server.clone()} index={props.index} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct PickViewProps {
    server: Gate<String>,
    index: usize,
}

/// Shows the todo at `index`: the selection depends on a prop, the key does not.
#[component]
fn Pick(props: &PickViewProps) -> Html {
    let index = props.index;
    let picked = use_query_select(
        todos_options(&props.server)
            .retry(RetryPolicy::never())
            .stale_time(60_000),
        move |l: &Rc<List>| l.get(index).cloned(),
    );
    html! { <p class="picked">{ picked.data.clone().flatten().unwrap_or_default() }</p> }
}

#[wasm_bindgen_test]
async fn a_select_that_depends_on_a_prop_follows_the_prop() {
    let w = World::new();
    let server = Gate::default();
    let pick = |index| PickProps {
        client: w.client.clone(),
        server: server.clone(),
        index,
    };
    let mut app = common::mount::<PickApp>(pick(0)).await;
    w.run().await;
    server.answer_next(Ok(r#"["x","y","z"]"#.into()));
    w.run().await;
    assert_eq!(text(&app.root, ".picked").as_deref(), Some("x"));

    app.update(pick(2)).await;
    assert_eq!(
        text(&app.root, ".picked").as_deref(),
        Some("z"),
        "the new selection is shown at once"
    );
    app.unmount();
}

/// `ClientConfig::query_retry` is documented as the retry of queries, so a client set to
/// never retry should show a query's first failure at once.
#[wasm_bindgen_test]
async fn the_clients_query_retry_default_applies_to_queries() {
    let config = ClientConfig {
        query_retry: RetryPolicy::never(),
        ..common::world::config()
    };
    let w = World::with_config(MemoryStorage::default(), config);
    let server = Gate::default();
    let log = RenderLog::default();
    let app = mount(AppProps {
        retry: None,
        ..props(&w, &server, &log)
    })
    .await;
    w.run().await;
    server.answer_next(Err(FetchError::Network("offline".into())));
    w.run().await;
    assert_eq!(
        text(&app.root, "[role=alert]").as_deref(),
        Some("network error: offline"),
        "the client's never-retry default was ignored"
    );
    app.unmount();
}
