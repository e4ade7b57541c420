//! Server rendering (issue 20, first step): under `yew::ServerRenderer` a
//! `use_suspense_query` awaits its fetch, so the HTML already holds the rows, and the
//! client's cache can be dehydrated for the page. The runtime is the server's own: tasks
//! on Yew's platform (`yew::platform::spawn_local`), real time.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use yew::prelude::*;
use yew_optimistic::optimistic_query::hydration::{dehydrate, DehydratedState, HydrationTypes};
use yew_optimistic::optimistic_query::{Clock, Executor, Millis, Runtime};
use yew_optimistic::{
    keys, use_query_client, use_suspense_query, FetchError, QueryClient, QueryClientProvider,
    QueryFilter, QueryOptions,
};

struct ServerClock;

impl Clock for ServerClock {
    fn now(&self) -> Millis {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as Millis)
            .unwrap_or(0)
    }
}

struct ServerExecutor;

impl Executor for ServerExecutor {
    fn spawn(&self, task: futures::future::LocalBoxFuture<'static, ()>) {
        yew::platform::spawn_local(task);
    }
    fn sleep(&self, ms: Millis) -> futures::future::LocalBoxFuture<'static, ()> {
        Box::pin(yew::platform::time::sleep(Duration::from_millis(ms)))
    }
}

fn server_runtime() -> Runtime {
    Runtime {
        clock: Rc::new(ServerClock),
        executor: Rc::new(ServerExecutor),
        storage: None,
    }
}

fn types() -> HydrationTypes {
    HydrationTypes::new().query::<Vec<String>>(keys!["todos"])
}

#[component]
fn Todos() -> HtmlResult {
    let todos = use_suspense_query(QueryOptions::new(keys!["todos"], |_ctx| async {
        // A database read that takes a moment.
        yew::platform::time::sleep(Duration::from_millis(5)).await;
        Ok::<_, FetchError>(vec!["milk".to_string(), "eggs & <ham>".to_string()])
    }))?;
    let Ok(todos) = todos else {
        return Ok(html! { <p role="alert">{ "failed" }</p> });
    };
    // The state is written once the data is here (a sibling rendered beside the
    // suspended list would run before it resumed, with an empty cache).
    Ok(html! {
        <>
            <ul>{ for todos.data.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
            <StateScript />
        </>
    })
}

/// The cache as the page will carry it, for the browser's `HydrationBoundary`.
#[component]
fn StateScript() -> Html {
    let client = use_query_client();
    let state: DehydratedState = dehydrate(&client, &types(), &QueryFilter::all());
    html! {
        <script type="application/json" id="yew-optimistic-state">{ state.to_json() }</script>
    }
}

#[component]
fn Page() -> Html {
    let client = use_memo((), |_| QueryClient::new(server_runtime()));
    html! {
        <QueryClientProvider client={Some((*client).clone())} restore={false}>
            <Suspense fallback={html! { <p>{ "Loading…" }</p> }}>
                <Todos />
            </Suspense>
        </QueryClientProvider>
    }
}

#[test]
fn a_suspense_query_is_awaited_and_the_html_holds_the_rows_and_the_state() {
    let html = futures::executor::block_on(yew::ServerRenderer::<Page>::new().render());
    assert!(
        html.contains("<li>milk</li><li>eggs &amp; &lt;ham&gt;</li>"),
        "{html}"
    );
    assert!(!html.contains("Loading"), "{html}");
    let start = html
        .find("id=\"yew-optimistic-state\">")
        .map(|i| i + "id=\"yew-optimistic-state\">".len())
        .expect("the state script");
    let end = start + html[start..].find("</script>").expect("closed");
    // Read as a browser reads a script element's text: raw, nothing unescaped.
    let state = DehydratedState::from_json(&html[start..end]).expect("a readable state");
    assert_eq!(state.queries.len(), 1);
    assert_eq!(state.queries[0].key, keys!["todos"]);
    assert_eq!(
        state.queries[0].data,
        serde_json::json!(["milk", "eggs & <ham>"])
    );
}
