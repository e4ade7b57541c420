//! Browser tests of the TanStack options through `use_query`: the previous page kept on
//! screen while the next loads (`placeholder_data_with(keep_previous_data)`),
//! `initial_data` in the first frame, `refetch_on_mount`, and a re-render when fresh data
//! goes stale.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::text;
use common::fake_server::Gate;
use common::world::World;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keep_previous_data, keys, use_query, QueryClient, QueryClientProvider, QueryOptions,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    page: u32,
    #[prop_or(true)]
    refetch_on_mount: bool,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Pages server={props.server.clone()} page={props.page} refetch_on_mount={props.refetch_on_mount} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct PagesProps {
    server: Gate<String>,
    page: u32,
    refetch_on_mount: bool,
}

#[component]
fn Pages(props: &PagesProps) -> Html {
    let (server, page) = (props.server.clone(), props.page);
    let rows = use_query(
        QueryOptions::new(keys!["rows", page], move |_| {
            server.request(format!("GET page {page}"), None)
        })
        .initial_data_with(move || {
            (page == 0).then(|| "page 0 (from the server's HTML)".to_string())
        })
        .initial_data_updated_at(0)
        .stale_time(1_000)
        .refetch_on_mount(props.refetch_on_mount)
        .placeholder_data_with(keep_previous_data),
    );
    html! {
        <section data-placeholder={rows.is_placeholder.to_string()} data-stale={rows.is_stale.to_string()}>
            <p class="rows">{ rows.data.as_deref().cloned().unwrap_or_else(|| "…".into()) }</p>
            if rows.is_refetching() { <p class="refreshing">{ "Refreshing…" }</p> }
        </section>
    }
}

fn props(w: &World, server: &Gate<String>, page: u32) -> AppProps {
    AppProps {
        client: w.client.clone(),
        server: server.clone(),
        page,
        refetch_on_mount: true,
    }
}

fn attr(root: &web_sys::Element, name: &str) -> Option<String> {
    root.query_selector("section")
        .ok()
        .flatten()
        .and_then(|s| s.get_attribute(name))
}

#[wasm_bindgen_test]
async fn the_previous_page_stays_while_the_next_one_loads() {
    let w = World::new();
    w.rt.advance(5_000);
    let server = Gate::default();
    let mut app = common::mount::<App>(props(&w, &server, 0)).await;
    assert_eq!(
        text(&app.root, ".rows").as_deref(),
        Some("page 0 (from the server's HTML)"),
        "initial data in the first frame"
    );
    assert_eq!(
        attr(&app.root, "data-stale").as_deref(),
        Some("true"),
        "saved at 0"
    );
    w.run().await;
    assert_eq!(
        server.labels(),
        vec!["GET page 0"],
        "stale initial data is refetched"
    );
    server.answer_next(Ok("page 0".into()));
    w.run().await;
    assert_eq!(text(&app.root, ".rows").as_deref(), Some("page 0"));

    app.update(props(&w, &server, 1)).await;
    assert_eq!(text(&app.root, ".rows").as_deref(), Some("page 0"), "kept");
    assert_eq!(attr(&app.root, "data-placeholder").as_deref(), Some("true"));
    w.run().await;
    server.answer_next(Ok("page 1".into()));
    w.run().await;
    assert_eq!(text(&app.root, ".rows").as_deref(), Some("page 1"));
    assert_eq!(
        attr(&app.root, "data-placeholder").as_deref(),
        Some("false")
    );
    assert_eq!(attr(&app.root, "data-stale").as_deref(), Some("false"));

    // Fresh for 1 s: then the component re-renders by itself to say it is stale.
    w.advance(1_000).await;
    assert_eq!(attr(&app.root, "data-stale").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn refetch_on_mount_false_shows_stale_data_without_fetching() {
    let w = World::new();
    let server = Gate::default();
    w.client
        .set_query_data(&keys!["rows", 3], "cached".to_string())
        .expect("a String encodes");
    w.rt.advance(10_000);
    let app = common::mount::<App>(AppProps {
        refetch_on_mount: false,
        ..props(&w, &server, 3)
    })
    .await;
    w.run().await;
    assert!(server.is_empty(), "stale, but not refetched on mount");
    assert_eq!(text(&app.root, ".rows").as_deref(), Some("cached"));
    assert_eq!(attr(&app.root, "data-stale").as_deref(), Some("true"));
}
