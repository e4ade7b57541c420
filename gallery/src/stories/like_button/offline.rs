//! LikeButton · Offline: a like made offline stays pending, survives a reload, and is sent when the network is back.

use yew::prelude::*;
use yew_optimistic::like_button::{
    like_mutation_key, like_mutation_options, likes_query_key, LikeButton, Likes,
};
use yew_optimistic::{use_mutation_state, use_online, MutationFilter, MutationStatus, QueryClient};

use crate::frame::use_server;
use crate::server::{Settings, SimServer};
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

/// The posts on show: (id, text).
const POSTS: &[(&str, &str)] = &[
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

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "offline",
    title: "Offline",
    summary: "a like made offline stays pending, survives a reload, and is sent when the network is back.",
    steps: &[
        "Switch the controls to Offline, then like a post: it stays pending.",
        "Press Reload: the like is restored from local storage.",
        "Switch back Online: it is confirmed; the server applied it once.",
    ],
    settings,
    register,
    reload: true,
    render,
    files: &[SourceFile {
        name: "offline.rs",
        text: include_str!("offline.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        like_mutation_key(),
        like_mutation_options(&server.like_source()),
    );
    for (post, _) in POSTS {
        hydrate::<Likes>(client, &likes_query_key(post));
    }
}

/// A feed of posts, each with its like button. With a banner while offline and the queue waiting for the network.
#[function_component]
fn Feed() -> Html {
    use_save_snapshot::<Likes>(likes_query_key(POSTS[0].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[1].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[2].0));
    let server = use_server();
    let online = use_online();
    let queued = use_mutation_state(
        MutationFilter::key(like_mutation_key()).status(MutationStatus::Paused),
        |m| m.id,
    );
    html! {
        <>
            if !online {
                <p role="status" class="banner" data-testid="offline-banner">
                    { "Offline: changes are kept and sent when you reconnect." }
                </p>
            }
            <div class="feed">
                { for POSTS.iter().map(|(post, text)| html! {
                    <article class="post" key={*post}>
                        <p>{ *text }</p>
                        <LikeButton source={server.like_source()} post={*post} />
                    </article>
                }) }
            </div>
            <p class="queue" data-testid="queue" data-count={queued.len().to_string()}>
                { format!("Waiting for the network: {}", queued.len()) }
            </p>
        </>
    }
}

fn render() -> Html {
    html! { <Feed /> }
}
