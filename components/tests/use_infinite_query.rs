//! Browser tests of `use_infinite_query`: the first page, "load more" until the server
//! says there is no more, and an optimistic post on the first page that a refusal rolls
//! back alone.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{button, click, text, texts};
use common::fake_server::Gate;
use common::world::{flush, World};
use common::Mounted;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_infinite_query, use_optimistic_mutation, FetchError, InfiniteData,
    InfiniteQueryOptions, MutationOptions, PageItems, QueryClient, QueryClientProvider,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Clone, Debug, PartialEq)]
struct Page {
    posts: Vec<String>,
    next: Option<u32>,
}

impl PageItems for Page {
    type Item = String;
    fn items(&self) -> &[String] {
        &self.posts
    }
    fn items_mut(&mut self) -> &mut Vec<String> {
        &mut self.posts
    }
}

fn page(posts: &[&str], next: Option<u32>) -> Page {
    Page {
        posts: posts.iter().map(|p| p.to_string()).collect(),
        next,
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    pages: Gate<Page>,
    posts: Gate<()>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Feed pages={props.pages.clone()} posts={props.posts.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct FeedProps {
    pages: Gate<Page>,
    posts: Gate<()>,
}

#[component]
fn Feed(props: &FeedProps) -> Html {
    let pages = props.pages.clone();
    let feed = use_infinite_query(
        InfiniteQueryOptions::new(keys!["feed"], 0_u32, move |_ctx, p: u32| {
            pages.request(format!("GET page {p}"), None)
        })
        .get_next_page_param(|last: &Page, _, _, _| last.next),
    );
    let posts = props.posts.clone();
    let post = use_optimistic_mutation(
        MutationOptions::new(move |text: String, _ctx| posts.request(format!("POST {text}"), None))
            .optimistic(|text: &String, patches| {
                let text = text.clone();
                patches.modify(keys!["feed"], move |feed: &mut InfiniteData<Page, u32>| {
                    if !feed.contains(|p| *p == text) {
                        feed.insert_first(text.clone());
                    }
                });
            })
            // Shown once however often it is applied: pages that arrive while it is in
            // flight are used, with the post on top.
            .idempotent(),
    );
    let post_hello = {
        let post = post.clone();
        Callback::from(move |_: MouseEvent| {
            post.mutate("hello".to_string());
        })
    };
    let post_spam = {
        let post = post.clone();
        Callback::from(move |_: MouseEvent| {
            post.mutate("spam".to_string());
        })
    };
    html! {
        <section>
            if feed.is_loading() { <p class="loading">{ "Loading…" }</p> }
            <ol>
                { for feed.data.iter().flat_map(|d| d.items()).map(|p| html! { <li>{ p }</li> }) }
            </ol>
            if feed.has_next_page {
                <button onclick={feed.fetch_next_page_callback().reform(|_: MouseEvent| ())}
                        disabled={feed.is_fetching_next_page()}>
                    { if feed.is_fetching_next_page() { "Loading more…" } else { "Load more" } }
                </button>
            }
            <button onclick={post_hello}>{ "Post hello" }</button>
            <button onclick={post_spam}>{ "Post spam" }</button>
            if let Some(e) = &post.error { <p role="alert">{ e.to_string() }</p> }
        </section>
    }
}

async fn mount(w: &World) -> (Mounted<App>, Gate<Page>, Gate<()>) {
    let (pages, posts) = (Gate::default(), Gate::default());
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        pages: pages.clone(),
        posts: posts.clone(),
    })
    .await;
    (app, pages, posts)
}

#[wasm_bindgen_test]
async fn load_more_until_the_server_says_there_is_no_more() {
    let w = World::new();
    let (app, pages, _posts) = mount(&w).await;
    assert!(text(&app.root, ".loading").is_some());
    w.run().await;
    pages.answer_label("GET page 0", Ok(page(&["c", "b"], Some(1))));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["c", "b"]);

    click(&app.root, "Load more");
    flush().await;
    let more = button(&app.root, "Loading more…");
    assert!(more.has_attribute("disabled"), "one page at a time");
    w.run().await;
    pages.answer_label("GET page 1", Ok(page(&["a"], None)));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["c", "b", "a"]);
    assert!(
        !texts(&app.root, "button")
            .iter()
            .any(|b| b.starts_with("Load")),
        "no next page: no button"
    );
    assert!(pages.is_empty());
}

#[wasm_bindgen_test]
async fn a_refused_post_leaves_the_page_and_the_other_post() {
    let w = World::new();
    let (app, pages, posts) = mount(&w).await;
    w.run().await;
    pages.answer_next(Ok(page(&["b", "a"], Some(1))));
    w.run().await;

    click(&app.root, "Post hello");
    click(&app.root, "Post spam");
    flush().await;
    assert_eq!(
        texts(&app.root, "li"),
        vec!["spam", "hello", "b", "a"],
        "both on top of the first page at once"
    );
    w.run().await;
    posts.answer_label(
        "POST spam",
        Err(FetchError::Http {
            status: 422,
            body: "looks like spam".into(),
        }),
    );
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["hello", "b", "a"]);
    assert_eq!(
        text(&app.root, "[role=alert]").as_deref(),
        Some("the server answered 422: looks like spam")
    );

    // A second page loads under the pending post.
    click(&app.root, "Load more");
    w.run().await;
    pages.answer_next(Ok(page(&["z"], None)));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["hello", "b", "a", "z"]);
}
