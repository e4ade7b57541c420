//! The demo every LikeButton story shares: a feed of three posts, each with its like
//! button, and the component's mutation definition registered on every new client.

use yew::prelude::*;
use yew_optimistic::like_button::{like_mutation_key, like_mutation_options, LikeButton};
use yew_optimistic::QueryClient;

use crate::frame::use_server;
use crate::server::SimServer;

/// The posts on show: (id, text).
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
];

/// Runs on every new client before it mounts: the component's own mutation definition,
/// so changes can be persisted and restored.
pub fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        like_mutation_key(),
        like_mutation_options(&server.like_source()),
    );
}

/// A feed of posts, each with its like button.
#[component]
pub fn Feed() -> Html {
    let server = use_server();
    html! {
        <div class="feed">
            { for POSTS.iter().map(|(post, text)| html! {
                <article class="post" key={*post}>
                    <p>{ *text }</p>
                    <LikeButton source={server.like_source()} post={*post} />
                </article>
            }) }
        </div>
    }
}
