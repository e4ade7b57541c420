//! LikeButton · Optimistic: a slow server (2 s): the like shows at once and stays pending (data-state=pending) until the server answers with its count.

use yew::prelude::*;

use super::feed::{register, Feed};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "optimistic",
    title: "Optimistic",
    summary: "a slow server (2 s): the like shows at once and stays pending (data-state=pending) until the server answers with its count.",
    steps: &[
        "Like a post: the count moves at once, the button is pending.",
        "Two seconds later it is confirmed.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[
        SourceFile {
            name: "optimistic.rs",
            text: include_str!("optimistic.rs"),
        },
        SourceFile {
            name: "feed.rs",
            text: include_str!("feed.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(2_000)
}

fn render() -> Html {
    html! { <Feed /> }
}
