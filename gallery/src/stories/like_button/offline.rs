//! LikeButton · Offline: a like made offline stays pending, survives a reload, and is sent when the network is back.

use yew::prelude::*;
use yew_optimistic::like_button::{like_mutation_key, likes_query_key, Likes};
use yew_optimistic::QueryClient;

use super::feed::{self, Feed, POSTS};
use crate::server::{Settings, SimServer};
use crate::stories::offline_queue::OfflineQueue;
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

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
    files: &[
        SourceFile {
            name: "offline.rs",
            text: include_str!("offline.rs"),
        },
        SourceFile {
            name: "feed.rs",
            text: include_str!("feed.rs"),
        },
        SourceFile {
            name: "offline_queue.rs",
            text: include_str!("../offline_queue.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
fn register(client: &QueryClient, server: &SimServer) {
    feed::register(client, server);
    for (post, _) in POSTS {
        hydrate::<Likes>(client, &likes_query_key(post));
    }
}

/// The feed, saving each post's likes for the next reload. With a banner while offline
/// and the queue waiting for the network.
#[component]
fn OfflineFeed() -> Html {
    use_save_snapshot::<Likes>(likes_query_key(POSTS[0].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[1].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[2].0));
    html! {
        <OfflineQueue mutation={like_mutation_key()}>
            <Feed />
        </OfflineQueue>
    }
}

fn render() -> Html {
    html! { <OfflineFeed /> }
}
