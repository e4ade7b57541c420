//! LikeButton · Default: the button and its count move in the frame of the click; the server confirms a moment later.

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
    slug: "default",
    title: "Default",
    summary: "the button and its count move in the frame of the click; the server confirms a moment later.",
    steps: &[
        "Click a heart: it fills and the count moves at once.",
        "Click again to unlike.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "default.rs",
        text: include_str!("default.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default()
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
