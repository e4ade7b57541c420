//! The demo of every LikeButton story: a feed of posts, each with its like button, its
//! props from the page's args, and the component's own mutation definition registered on
//! each new client (so likes made offline survive a reload).

use yew::prelude::*;
use yew_optimistic::like_button::{
    like_mutation_key, like_mutation_options_with_window, LikeButton,
};
use yew_optimistic::QueryClient;

use crate::args::{use_args, Args};
use crate::backend::Backend;
use crate::frame::use_backend;
use crate::stories::words;

/// The posts on show: (id, text); the `posts` arg shows the first few.
pub const POSTS: &[(&str, &str)] = &[
    (
        "post-1",
        "Shipped the offline queue today. Reloads keep your changes now.",
    ),
    (
        "post-2",
        "Hot take: optimistic UI is a cache problem, not a UI problem.",
    ),
    (
        "post-3",
        "Our kanban board moves cards across two query keys at once.",
    ),
    (
        "post-4",
        "Idempotency keys: the retry button's best friend.",
    ),
    (
        "post-5",
        "Layers, not snapshots. Rollback drops only its own.",
    ),
    (
        "post-6",
        "Throttled likes: five clicks, at most two requests.",
    ),
];

/// The send window (ms) the args ask for.
fn window(args: &Args) -> u64 {
    u64::from(args.number("window"))
}

/// Runs on every new client before it mounts, with the same send window as the buttons.
pub fn register(client: &QueryClient, backend: &Backend, args: &Args) {
    client.register_mutation(
        like_mutation_key(),
        like_mutation_options_with_window(&backend.like_source(), window(args)),
    );
}

/// The feed, its props from the args: `label` (else the language's), `window`, `lang`,
/// `posts`.
#[component]
pub fn Feed() -> Html {
    let backend = use_backend();
    let args = use_args();
    let lang = args.get("lang");
    let strings = use_memo(lang.clone(), |lang| words::like(lang));
    let label = Some(args.get("label"))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| words::like_label(&lang).to_string());
    let posts = (args.number("posts") as usize).min(POSTS.len());
    html! {
        <div class="feed">
            { for POSTS.iter().take(posts).map(|(post, text)| html! {
                <article class="post" key={*post}>
                    <p>{ *text }</p>
                    <LikeButton source={backend.like_source()} post={*post} label={label.clone()}
                        strings={(*strings).clone()} send_window_ms={window(&args)} retry={None} />
                </article>
            }) }
        </div>
    }
}
