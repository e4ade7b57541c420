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
    settings,
)
.own_file(SourceFile::new(
    "optimistic.rs",
    include_str!("optimistic.rs"),
));

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
