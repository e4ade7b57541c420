//! LikeButton · Error: the server refuses every like (503): the button goes back to what the server holds and says why, with a way to retry.

use yew::prelude::*;

use super::feed::{register, Feed};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "error",
    title: "Error",
    summary: "the server refuses every like (503): the button goes back to what the server holds and says why, with a way to retry.",
    steps: &[
        "Like a post: it fills, then unfills with an error.",
        "Set the failure rate to 0 % and retry.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[
        SourceFile {
            name: "error.rs",
            text: include_str!("error.rs"),
        },
        SourceFile {
            name: "feed.rs",
            text: include_str!("feed.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(600).failure_rate(100)
}

fn render() -> Html {
    html! { <Feed /> }
}
