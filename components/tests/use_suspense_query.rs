//! Browser tests of `use_suspense_query` inside Yew's `<Suspense>`: the fallback while
//! the first load runs, the data after it, no suspension for background refetches, and
//! errors handed to the component with a retry that suspends again.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text, texts};
use common::fake_server::{decode, server_error, Gate};
use common::todos::todos_query;
use common::world::{flush, World};
use common::Mounted;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_suspense_infinite_query, use_suspense_queries, use_suspense_query,
    InfiniteQueryOptions, Queries, QueryClient, QueryClientProvider, QueryOptions, RetryPolicy,
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

// ------------------------------------------------ use_suspense_queries

#[derive(Properties, PartialEq)]
struct ListAppProps {
    client: QueryClient,
    server: Gate<String>,
}

#[component]
fn ListApp(props: &ListAppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Suspense fallback={html! { <p class="fallback">{ "Loading…" }</p> }}>
                <ProfileCard server={props.server.clone()} />
            </Suspense>
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ServerProps {
    server: Gate<String>,
}

/// A name (`String`) and posts (`Vec<u32>`) behind one suspension.
#[component]
fn ProfileCard(props: &ServerProps) -> HtmlResult {
    let mut queries = Queries::new();
    let server = props.server.clone();
    let name = queries.add(
        QueryOptions::new(keys!["user", 1], move |_| {
            server.request("GET /users/1", None)
        })
        .retry(RetryPolicy::never()),
    );
    let server = props.server.clone();
    let posts = queries.add(
        QueryOptions::new(keys!["posts", 1], move |_| {
            let reply = server.request("GET /users/1/posts", None);
            async move { decode::<Vec<u32>>(reply.await) }
        })
        .retry(RetryPolicy::never()),
    );
    let line = use_suspense_queries(queries, move |r| {
        let (name, posts) = (r.get(name), r.get(posts));
        match (name.data, posts.data, name.error.or(posts.error)) {
            (Some(name), Some(posts), _) => format!("{name}: {} posts", posts.len()),
            (_, _, Some(e)) => format!("error: {e}"),
            _ => "neither data nor error".to_string(),
        }
    })?;
    Ok(html! { <p class="line">{ line }</p> })
}

#[wasm_bindgen_test]
async fn suspense_queries_wait_for_every_query_then_refetch_without_suspending() {
    let w = World::new();
    let server = Gate::default();
    let app = common::mount::<ListApp>(ListAppProps {
        client: w.client.clone(),
        server: server.clone(),
    })
    .await;
    assert!(text(&app.root, ".fallback").is_some());
    w.run().await;
    assert_eq!(
        server.labels(),
        vec!["GET /users/1", "GET /users/1/posts"],
        "both load at once"
    );
    server.answer_next(Ok("Ada".into()));
    w.run().await;
    assert!(
        text(&app.root, ".fallback").is_some(),
        "one query with data is not enough"
    );
    server.answer_next(Ok("[1,2,3]".into()));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none(), "resumed");
    assert_eq!(text(&app.root, ".line").as_deref(), Some("Ada: 3 posts"));

    w.client
        .refetch_queries(&yew_optimistic::QueryFilter::key(keys!["posts", 1]));
    w.run().await;
    assert!(
        text(&app.root, ".fallback").is_none(),
        "a refetch does not suspend"
    );
    server.answer_next(Ok("[1]".into()));
    w.run().await;
    assert_eq!(text(&app.root, ".line").as_deref(), Some("Ada: 1 posts"));
}

#[wasm_bindgen_test]
async fn a_failed_query_of_a_suspense_list_reaches_combine() {
    let w = World::new();
    let server = Gate::default();
    let app = common::mount::<ListApp>(ListAppProps {
        client: w.client.clone(),
        server: server.clone(),
    })
    .await;
    w.run().await;
    server.answer_label("GET /users/1/posts", Err(server_error("down")));
    w.run().await;
    assert!(
        text(&app.root, ".fallback").is_some(),
        "the name still loads"
    );
    server.answer_next(Ok("Ada".into()));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none());
    let line = text(&app.root, ".line").unwrap_or_default();
    assert!(line.starts_with("error: "), "{line}");
}

// ------------------------------------------------ use_suspense_infinite_query

#[derive(Properties, PartialEq)]
struct PagesAppProps {
    client: QueryClient,
    server: Gate<String>,
}

#[component]
fn PagesApp(props: &PagesAppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Suspense fallback={html! { <p class="fallback">{ "Loading…" }</p> }}>
                <Numbers server={props.server.clone()} />
            </Suspense>
        </QueryClientProvider>
    }
}

#[component]
fn Numbers(props: &ServerProps) -> HtmlResult {
    let server = props.server.clone();
    let options = InfiniteQueryOptions::new(keys!["numbers"], 0_u32, move |_, page: u32| {
        let reply = server.request(format!("GET /numbers?page={page}"), None);
        async move { decode::<Vec<u32>>(reply.await) }
    })
    .get_next_page_param(|_, _, page: &u32, _| (*page < 2).then_some(page + 1))
    .with_query(|q| q.retry(RetryPolicy::never()));
    let numbers = match use_suspense_infinite_query(options)? {
        Ok(numbers) => numbers,
        Err(e) => {
            return Ok(html! {
                <p role="alert">
                    { e.to_string() }
                    <button onclick={e.retry_callback().reform(|_: MouseEvent| ())}>{ "Retry" }</button>
                </p>
            })
        }
    };
    let more = numbers
        .fetch_next_page_callback()
        .reform(|_: MouseEvent| ());
    Ok(html! {
        <div>
            <ul>{ for numbers.data.iter().flat_map(|d| d.items()).map(|n| html! { <li>{ n }</li> }) }</ul>
            if numbers.is_fetching_next_page() { <p class="more">{ "Loading more…" }</p> }
            <button onclick={more}>{ "More" }</button>
        </div>
    })
}

#[wasm_bindgen_test]
async fn a_suspense_infinite_query_suspends_for_the_first_page_only() {
    let w = World::new();
    let server = Gate::default();
    let app = common::mount::<PagesApp>(PagesAppProps {
        client: w.client.clone(),
        server: server.clone(),
    })
    .await;
    assert!(text(&app.root, ".fallback").is_some());
    w.run().await;
    // The first load fails: the component shows it, Retry suspends again.
    server.answer_next(Err(server_error("down")));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none());
    assert!(text(&app.root, "[role=alert]").is_some());
    click(&app.root, "Retry");
    flush().await;
    assert!(text(&app.root, ".fallback").is_some(), "retry suspends");
    w.run().await;
    server.answer_next(Ok("[1,2]".into()));
    w.run().await;
    assert!(text(&app.root, ".fallback").is_none());
    assert_eq!(texts(&app.root, "li"), vec!["1", "2"]);

    click(&app.root, "More");
    flush().await;
    assert!(
        text(&app.root, ".fallback").is_none(),
        "the next page does not suspend"
    );
    assert_eq!(text(&app.root, ".more").as_deref(), Some("Loading more…"));
    w.run().await;
    server.answer_next(Ok("[3]".into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["1", "2", "3"]);
}
