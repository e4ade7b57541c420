//! Browser tests of `use_prefetch_query` (the request starts at the parent's render and
//! the child finds the data) and `use_is_restoring` (false under the provider, which
//! restores before its children render).
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text};
use common::fake_server::{decode, Gate};
use common::world::{flush, World};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_is_restoring, use_prefetch_query, use_query, QueryClient, QueryClientProvider,
    QueryOptions, RetryPolicy,
};

wasm_bindgen_test_configure!(run_in_browser);

fn comments(server: Gate<String>) -> QueryOptions<Vec<String>, String> {
    QueryOptions::new(keys!["comments"], move |_| {
        let reply = server.request("GET /comments", None);
        async move { decode::<Vec<String>>(reply.await) }
    })
    .retry(RetryPolicy::never())
    .stale_time(60_000)
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Post server={props.server.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ServerProps {
    server: Gate<String>,
}

#[component]
fn Post(props: &ServerProps) -> Html {
    use_prefetch_query(comments(props.server.clone()));
    let restoring = use_is_restoring();
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <article>
            <p class="restoring">{ restoring.to_string() }</p>
            <button onclick={toggle}>{ "Comments" }</button>
            if *open { <Comments server={props.server.clone()} /> }
        </article>
    }
}

#[component]
fn Comments(props: &ServerProps) -> Html {
    let q = use_query(comments(props.server.clone()));
    let first = use_mut_ref(|| q.data.as_ref().map(|d| d.len()));
    html! {
        <p class="comments">
            { format!("first render: {:?}; now: {}", *first.borrow(), q.data.as_ref().map_or(0, |d| d.len())) }
        </p>
    }
}

#[wasm_bindgen_test]
async fn the_parent_starts_the_request_and_the_child_finds_the_data() {
    let w = World::new();
    let server = Gate::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
    })
    .await;
    w.run().await;
    assert_eq!(text(&app.root, ".restoring").as_deref(), Some("false"));
    assert_eq!(
        server.labels(),
        vec!["GET /comments"],
        "requested at the parent's render, with no child reading it yet"
    );
    server.answer_next(Ok(r#"["first!", "nice"]"#.into()));
    w.run().await;

    click(&app.root, "Comments");
    w.run().await;
    assert_eq!(
        text(&app.root, ".comments").as_deref(),
        Some("first render: Some(2); now: 2"),
        "the child's first frame already has the data"
    );
    // Re-rendering the parent (closing and opening) asks nothing more: the key is cached.
    click(&app.root, "Comments");
    flush().await;
    click(&app.root, "Comments");
    w.run().await;
    assert!(
        server.is_empty(),
        "no second request: {:?}",
        server.labels()
    );
    assert_eq!(w.client.fetch_count(), 1);
    app.unmount();
}
