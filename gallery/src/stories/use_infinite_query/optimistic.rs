//! use_infinite_query · Optimistic feed: pages loaded one at a time, posts shown on top
//! of the first page at once, a refused post rolled back alone, and every page
//! refetched (under the pending posts) once the server accepted one.

use yew::prelude::*;

use super::demo::{Feed, FeedApi};
use crate::backend::Settings;
use crate::frame::use_backend;
use crate::stories::{Demo, SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story::new(
    Demo::rendering(render),
    "optimistic-feed",
    "Optimistic feed",
    "an infinite query's pages hold optimistic layers like any data: a post sits on top of the first page while it is on its way, a refused post disappears alone, and the refetch of every page after a success keeps pending posts on top.",
    &[
        "Press “Load more” twice: pages are fetched one at a time, by cursor.",
        "Post something: it is on top at once, marked pending, then confirmed; every page is refetched in order.",
        "Post “spam, please”, then at once a normal post: the server refuses the first (422); only it disappears.",
        "Press “Fail the next request” and post: the server refuses it (422) and only that post goes; pages and other posts stay.",
    ],
    settings,
)
.own_file(SourceFile::new("optimistic.rs", include_str!("optimistic.rs")));

fn settings() -> Settings {
    // Slow enough to post twice while the first is on the wire.
    Settings::default().latency(1_200)
}

/// The feed over the story's backend: the simulated network (its posts live as long as
/// the story) or the reference server's `/api/feeds/main`.
#[component]
fn OptimisticFeed() -> Html {
    let backend = use_backend();
    // Made once per backend.
    let feed = use_memo(backend.clone(), |backend| -> FeedApi {
        backend.feed_source().into()
    });
    html! { <Feed feed={(*feed).clone()} /> }
}

fn render() -> Html {
    html! { <OptimisticFeed /> }
}
