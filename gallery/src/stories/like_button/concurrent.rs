//! LikeButton · Concurrent: rapid clicks: every click paints, the scope is LatestWins with a send window, so five clicks send one or two requests and end in the state of the last click.

use yew::prelude::*;
use yew_optimistic::like_button::{like_mutation_key, like_mutation_options, LikeButton};
use yew_optimistic::QueryClient;

use crate::frame::use_server;
use crate::server::{Settings, SimServer};
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
    slug: "concurrent",
    title: "Concurrent",
    summary: "rapid clicks: every click paints, the scope is LatestWins with a send window, so five clicks send one or two requests and end in the state of the last click.",
    steps: &[
        "Click one heart five times quickly: it toggles on every click.",
        "The server log shows one or two requests; the final state is your last click.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "concurrent.rs",
        text: include_str!("concurrent.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

/// Runs on every new client before it mounts: the component's own mutation definition,
/// so changes can be persisted and restored.
fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        like_mutation_key(),
        like_mutation_options(&server.like_source()),
    );
}

/// A feed of posts, each with its like button.
#[function_component]
fn Feed() -> Html {
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

fn render() -> Html {
    html! { <Feed /> }
}
