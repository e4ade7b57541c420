//! LikeButton · Offline: the demo feed with a banner while offline and the likes waiting
//! for the network. Every post's likes are persisted (`persist_query` over the `likes`
//! keys), so a reload while offline shows them at once with the restored likes on top.

use yew::prelude::*;
use yew_optimistic::like_button::{like_mutation_key, Likes};
use yew_optimistic::{keys, QueryClient, QueryFilter};

use super::demo::{self, Feed};
use crate::args::Args;
use crate::backend::Backend;
use crate::support::offline_queue::OfflineQueue;

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the posts' likes persisted (so there is something to paint it on).
pub fn register(client: &QueryClient, backend: &Backend, args: &Args) {
    demo::register(client, backend, args);
    // `["likes", post]`, every post; not the mutation key `["likes", "set"]`, which
    // names no query.
    client.persist_query::<Likes>(QueryFilter::key(keys!["likes"]));
}

/// The story: the feed, with a banner while offline and the likes waiting for the
/// network.
pub fn render() -> Html {
    html! {
        <OfflineQueue mutation={like_mutation_key()}>
            <Feed />
        </OfflineQueue>
    }
}
