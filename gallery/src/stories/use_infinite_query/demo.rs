//! An infinite feed with optimistic posting, written with the hooks:
//! `use_infinite_query` for the pages, `use_optimistic_mutation` for posting (a layer
//! that puts the post on top of the first page), `use_mutation_state` for which posts
//! are on their way and which were refused.

use std::collections::HashSet;

use yew::prelude::*;
use yew_optimistic::feedback::{ItemState, StateMark};
use yew_optimistic::{
    keys, use_infinite_query, use_mutation_state, use_optimistic_mutation, InfiniteData,
    InfiniteQueryOptions, MutationFilter, MutationOptions, MutationStatus, QueryKey,
};

use yew_optimistic::SourceRef;

use super::feed_server::{FeedPage, FeedSource, Post};
use crate::support::text_form::TextForm;

/// The feed's pages: `InfiniteData<FeedPage, Option<String>>` under this key.
pub fn feed_key() -> QueryKey {
    keys!["feed"]
}

/// The post mutation's key (for `use_mutation_state`).
pub fn post_key() -> QueryKey {
    keys!["feed", "post"]
}

type Pages = InfiniteData<FeedPage, Option<String>>;

/// The feed's API as a prop: equal when it is the same one.
pub type FeedApi = SourceRef<dyn FeedSource>;

/// Pages by cursor: the first without one, each next one after the last post seen.
pub fn feed_options(feed: FeedApi) -> InfiniteQueryOptions<FeedPage, Option<String>> {
    InfiniteQueryOptions::new(feed_key(), None, move |ctx, after: Option<String>| {
        feed.page(after, ctx.signal.clone())
    })
    .get_next_page_param(|last: &FeedPage, _, _, _| last.next.clone().map(Some))
}

/// Posting: on top of the first page at once, and once only (the post carries its own
/// id), so pages fetched while it is on its way are shown with it on top. A refusal
/// removes this post alone; a success refetches every page once nothing else is
/// pending, and the layer gives way to the server's copy in the same frame.
pub fn post_options(feed: FeedApi) -> MutationOptions<Post, ()> {
    MutationOptions::new(move |post: Post, ctx| feed.post(post, ctx))
        .key(post_key())
        .optimistic(|post: &Post, patches| {
            let post = post.clone();
            patches.modify(feed_key(), move |pages: &mut Pages| {
                if !pages.contains(|p| p.id == post.id) {
                    pages.insert_first(post.clone());
                }
            });
        })
        .idempotent()
        .invalidates(feed_key())
}

/// A new post id, made in the browser.
fn new_id() -> String {
    format!("p{}", js_sys::Date::now() as u64 % 100_000_000)
}

/// The ids of the posts on their way.
#[hook]
fn use_pending_posts() -> HashSet<String> {
    use_mutation_state(
        MutationFilter::key(post_key()).status(MutationStatus::Pending),
        |m| {
            m.variables::<Post>()
                .map(|p| p.id.clone())
                .unwrap_or_default()
        },
    )
    .into_iter()
    .collect()
}

/// Every refused post, oldest first, in words.
#[hook]
fn use_refused_posts() -> Vec<String> {
    use_mutation_state(
        MutationFilter::key(post_key()).status(MutationStatus::Error),
        |m| {
            let text = m
                .variables::<Post>()
                .map(|p| p.text.clone())
                .unwrap_or_default();
            let why = m
                .error
                .as_ref()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            format!("Not posted ({why}): “{text}”")
        },
    )
}

/// One post, pending while it is on its way.
fn post_row(post: &Post, pending: bool) -> Html {
    let state = if pending {
        ItemState::Pending
    } else {
        ItemState::Confirmed
    };
    html! {
        <li key={post.id.clone()} class="todo" data-testid="post" data-id={post.id.clone()} data-state={state.as_str()}>
            <span class="title">{ &post.text }</span>
            <StateMark {state} />
        </li>
    }
}

/// The refused posts, newest first.
fn refusals(refused: &[String]) -> Html {
    if refused.is_empty() {
        return html! {};
    }
    html! {
        <div class="failures">
            { for refused.iter().rev().take(3).map(|r| html! {
                <p role="alert" class="error" data-testid="error">{ r }</p>
            }) }
        </div>
    }
}

/// Props of [`Feed`].
#[derive(Properties, PartialEq)]
pub struct FeedProps {
    /// The feed's API (simulated, or the reference server's).
    pub feed: FeedApi,
}

/// The feed, its composer, "load more", and the refusals.
#[component]
pub fn Feed(props: &FeedProps) -> Html {
    let pages = use_infinite_query(feed_options(props.feed.clone()));
    let post = use_optimistic_mutation(post_options(props.feed.clone()));
    let pending = use_pending_posts();
    let refused = use_refused_posts();
    let rows = pages
        .data
        .iter()
        .flat_map(|d| d.items())
        .map(|p| post_row(p, pending.contains(&p.id)));
    let page_count = pages.data.as_ref().map_or(0, |d| d.page_count());
    html! {
        <div class="todo-list" aria-busy={pages.is_fetching().to_string()}>
            <header class="todo-head">
                <h4>{ "Feed" }</h4>
                <span class="muted" data-testid="feed-status">
                    { if pages.is_loading() { "Loading…".to_string() }
                      else if pages.is_fetching_next_page() { "Loading the next page…".to_string() }
                      else if pages.is_refetching() { format!("Refreshing {page_count} pages…") }
                      else { format!("{page_count} pages") } }
                </span>
            </header>
            <TextForm on_send={post.mutate_callback().reform(|text| Post { id: new_id(), text })}
                placeholder="What's new?" label="New post" button="Post" field_id="new-post" button_id="post-button" />
            if let (Some(error), None) = (&pages.error, &pages.data) {
                <p role="alert" class="error">{ format!("Could not load the feed: {error}") }</p>
            }
            <ul class="todos" data-testid="posts">{ for rows }</ul>
            if pages.has_next_page {
                <button type="button" data-testid="load-more" disabled={pages.is_fetching_next_page()}
                    onclick={pages.fetch_next_page_callback().reform(|_: MouseEvent| ())}>
                    { if pages.is_fetching_next_page() { "Loading…" } else { "Load more" } }
                </button>
            } else if page_count > 0 {
                <p class="muted">{ "That's all." }</p>
            }
            { refusals(&refused) }
        </div>
    }
}
