//! Browser tests of `use_is_fetching`: how many queries fetch now, by filter, through
//! first loads, answers and refetches.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text};
use common::fake_server::{decode, Gate};
use common::world::{flush, Shared, World};
use std::cell::RefCell;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_is_fetching, use_query, QueryClient, QueryClientProvider, QueryFilter, QueryOptions,
    RetryPolicy,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    log: Shared<RefCell<Vec<(usize, usize)>>>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Spinner log={props.log.clone()} />
            <Counter name="a" server={props.server.clone()} />
            <Counter name="b" server={props.server.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct SpinnerProps {
    log: Shared<RefCell<Vec<(usize, usize)>>>,
}

#[component]
fn Spinner(props: &SpinnerProps) -> Html {
    let all = use_is_fetching(QueryFilter::all());
    let only_a = use_is_fetching(QueryFilter::key(keys!["a"]));
    props.log.borrow_mut().push((all, only_a));
    html! { <p class="fetching">{ format!("{all} fetching, {only_a} of a") }</p> }
}

#[derive(Properties, PartialEq)]
struct CounterProps {
    name: &'static str,
    server: Gate<String>,
}

#[component]
fn Counter(props: &CounterProps) -> Html {
    let (name, server) = (props.name, props.server.clone());
    let n = use_query(
        QueryOptions::new(keys![name], move |_| {
            let reply = server.request(format!("GET /{name}"), None);
            async move { decode::<u32>(reply.await) }
        })
        .retry(RetryPolicy::never()),
    );
    html! {
        <p>
            <span class={name}>{ n.data.as_deref().map(|n| n.to_string()).unwrap_or_default() }</span>
            <button onclick={n.refetch_callback().reform(|_: MouseEvent| ())}>{ format!("Refetch {name}") }</button>
        </p>
    }
}

#[wasm_bindgen_test]
async fn counts_fetching_queries_by_filter() {
    let w = World::new();
    let server = Gate::default();
    let log: Shared<RefCell<Vec<(usize, usize)>>> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        log: log.clone(),
    })
    .await;
    let shown = || text(&app.root, ".fetching");
    assert_eq!(
        shown().as_deref(),
        Some("2 fetching, 1 of a"),
        "both first loads"
    );
    w.run().await;
    let mut labels = server.labels();
    labels.sort();
    assert_eq!(labels, vec!["GET /a", "GET /b"]);

    server.answer_label("GET /a", Ok("1".into()));
    w.run().await;
    assert_eq!(text(&app.root, ".a").as_deref(), Some("1"));
    assert_eq!(shown().as_deref(), Some("1 fetching, 0 of a"));
    server.answer_label("GET /b", Ok("2".into()));
    w.run().await;
    assert_eq!(shown().as_deref(), Some("0 fetching, 0 of a"));

    click(&app.root, "Refetch a");
    flush().await;
    assert_eq!(
        shown().as_deref(),
        Some("1 fetching, 1 of a"),
        "a background refetch counts"
    );
    w.run().await;
    server.answer_next(Ok("3".into()));
    w.run().await;
    assert_eq!(shown().as_deref(), Some("0 fetching, 0 of a"));
    assert_eq!(text(&app.root, ".a").as_deref(), Some("3"));

    let log = log.borrow().clone();
    assert_eq!(log.last(), Some(&(0, 0)));
    assert!(
        log.windows(2).all(|p| p[0] != p[1]),
        "renders only when a count changes: {log:?}"
    );
    app.unmount();
}
