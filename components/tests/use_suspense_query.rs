//! Browser tests of `use_suspense_query` inside Yew's `<Suspense>`: the fallback while
//! the first load runs, the data after it, no suspension for background refetches, and
//! errors handed to the component with a retry that suspends again.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text, texts};
use common::fake_server::{server_error, Gate};
use common::todos::todos_query;
use common::world::{flush, World};
use common::Mounted;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_suspense_query, QueryClient, QueryClientProvider, QueryOptions, RetryPolicy,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    /// A second reader of the same query, outside the first one's `<Suspense>`.
    #[prop_or(false)]
    second: bool,
}

#[component]
fn App(props: &AppProps) -> Html {
    let fallback = html! { <p class="fallback">{ "Loading…" }</p> };
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <section class="first">
                <Suspense fallback={fallback.clone()}>
                    <Todos server={props.server.clone()} />
                </Suspense>
            </section>
            if props.second {
                <section class="second">
                    <Suspense {fallback}>
                        <Todos server={props.server.clone()} />
                    </Suspense>
                </section>
            }
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct TodosProps {
    server: Gate<String>,
}

#[component]
fn Todos(props: &TodosProps) -> HtmlResult {
    let options = todos_query(&props.server).retry(RetryPolicy::never());
    let todos = match use_suspense_query(options)? {
        Ok(todos) => todos,
        Err(e) => {
            return Ok(html! {
                <p role="alert">
                    { e.to_string() }
                    <button onclick={e.retry_callback().reform(|_: MouseEvent| ())}>{ "Retry" }</button>
                </p>
            })
        }
    };
    let refetch = {
        let todos = todos.clone();
        Callback::from(move |_: MouseEvent| todos.refetch())
    };
    Ok(html! {
        <div>
            <ul>{ for todos.data.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
            if todos.is_refetching() { <p class="refreshing">{ "Refreshing…" }</p> }
            if let Some(e) = &todos.error { <p class="stale-error">{ e.to_string() }</p> }
            <button onclick={refetch}>{ "Refetch" }</button>
        </div>
    })
}

async fn mount(w: &World, server: &Gate<String>, second: bool) -> Mounted<App> {
    common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        second,
    })
    .await
}

#[wasm_bindgen_test]
async fn suspends_until_the_data_is_there_then_refetches_without_suspending() {
    let w = World::new();
    let server = Gate::default();
    let app = mount(&w, &server, false).await;
    assert_eq!(text(&app.root, ".fallback").as_deref(), Some("Loading…"));
    assert!(texts(&app.root, "li").is_empty());
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /todos"]);
    assert!(text(&app.root, ".fallback").is_some(), "still loading");

    server.answer_next(Ok(r#"["a","b"]"#.into()));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none(), "resumed");
    assert_eq!(texts(&app.root, "li"), vec!["a", "b"]);

    click(&app.root, "Refetch");
    flush().await;
    assert!(
        text(&app.root, ".fallback").is_none(),
        "a refetch does not suspend"
    );
    assert_eq!(
        text(&app.root, ".refreshing").as_deref(),
        Some("Refreshing…")
    );
    assert_eq!(texts(&app.root, "li"), vec!["a", "b"]);
    w.run().await;
    server.answer_next(Err(server_error("down")));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["a", "b"], "the data stays");
    assert_eq!(
        text(&app.root, ".stale-error").as_deref(),
        Some("the server answered 422: down"),
        "a failed refetch with data is in the result, not thrown"
    );
}

#[wasm_bindgen_test]
async fn a_failure_without_data_reaches_the_component_and_retry_suspends_again() {
    let w = World::new();
    let server = Gate::default();
    let app = mount(&w, &server, false).await;
    w.run().await;
    server.answer_next(Err(server_error("down")));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none());
    assert_eq!(
        text(&app.root, "[role=alert]").as_deref(),
        Some("the server answered 422: downRetry")
    );

    click(&app.root, "Retry");
    flush().await;
    assert_eq!(
        text(&app.root, ".fallback").as_deref(),
        Some("Loading…"),
        "suspended while retrying"
    );
    assert!(text(&app.root, "[role=alert]").is_none());
    w.run().await;
    server.answer_next(Ok(r#"["back"]"#.into()));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none());
    assert_eq!(texts(&app.root, "li"), vec!["back"]);
}

#[wasm_bindgen_test]
async fn cached_data_renders_at_once_without_a_fallback() {
    let w = World::new();
    let server = Gate::default();
    w.client
        .set_query_data(&keys!["todos"], vec!["cached".to_string()])
        .expect("the list encodes");
    let mut app = mount(&w, &server, false).await;
    assert!(text(&app.root, ".fallback").is_none());
    assert_eq!(texts(&app.root, "li"), vec!["cached"]);
    app.update(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        second: true,
    })
    .await;
    assert!(text(&app.root, ".fallback").is_none());
    assert_eq!(texts(&app.root, ".second li"), vec!["cached"]);
}

#[derive(Properties, PartialEq)]
struct UserProps {
    client: QueryClient,
    server: Gate<String>,
    id: u32,
}

#[component]
fn UserApp(props: &UserProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Suspense fallback={html! { <p class="fallback">{ "Loading…" }</p> }}>
                <User server={props.server.clone()} id={props.id} />
            </Suspense>
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct UserOnlyProps {
    server: Gate<String>,
    id: u32,
}

#[component]
fn User(props: &UserOnlyProps) -> HtmlResult {
    let id = props.id;
    let server = props.server.clone();
    let options = QueryOptions::new(keys!["user", id], move |_| {
        server.request(format!("GET /users/{id}"), None)
    })
    .enabled(false); // ignored: a suspense query always fetches
    Ok(match use_suspense_query::<String, String>(options)? {
        Ok(user) => html! { <p class="name">{ user.data.to_string() }</p> },
        Err(e) => html! { <p role="alert">{ e.to_string() }</p> },
    })
}

#[wasm_bindgen_test]
async fn a_new_key_suspends_again_until_its_data_is_there() {
    let w = World::new();
    let server = Gate::default();
    let props = |id| UserProps {
        client: w.client.clone(),
        server: server.clone(),
        id,
    };
    let mut app = common::mount::<UserApp>(props(1)).await;
    w.run().await;
    server.answer_next(Ok("Ada".into()));
    w.run().await;
    assert_eq!(text(&app.root, ".name").as_deref(), Some("Ada"));
    app.update(props(2)).await;
    assert!(
        text(&app.root, ".fallback").is_some(),
        "user 2 is not cached"
    );
    w.run().await;
    server.answer_next(Ok("Bea".into()));
    w.run().await;
    assert_eq!(text(&app.root, ".name").as_deref(), Some("Bea"));
    app.update(props(1)).await;
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none());
    assert_eq!(
        text(&app.root, ".name").as_deref(),
        Some("Ada"),
        "cached: no fallback"
    );
}
