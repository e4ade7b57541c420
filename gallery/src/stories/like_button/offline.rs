//! LikeButton · Offline: the demo feed with a banner while offline and the likes waiting
//! for the network; each post's last confirmed likes are saved for the next reload.

use yew::prelude::*;
use yew_optimistic::like_button::{like_mutation_key, likes_query_key, Likes};
use yew_optimistic::QueryClient;

use super::demo::{self, Feed, POSTS};
use crate::args::Args;
use crate::server::SimServer;
use crate::support::offline_queue::OfflineQueue;
use crate::support::snapshot::{hydrate, use_save_snapshot};

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
pub fn register(client: &QueryClient, server: &SimServer, args: &Args) {
    demo::register(client, server, args);
    for (post, _) in POSTS {
        hydrate::<Likes>(client, &likes_query_key(post));
    }
}

/// The feed, saving each post's likes for the next reload. With a banner while offline
/// and the queue waiting for the network.
#[component]
fn OfflineFeed() -> Html {
    // One hook call per post, always all of them: hooks cannot depend on the args.
    use_save_snapshot::<Likes>(likes_query_key(POSTS[0].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[1].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[2].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[3].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[4].0));
    use_save_snapshot::<Likes>(likes_query_key(POSTS[5].0));
    html! {
        <OfflineQueue mutation={like_mutation_key()}>
            <Feed />
        </OfflineQueue>
    }
}

/// The story.
pub fn render() -> Html {
    html! { <OfflineFeed /> }
}
