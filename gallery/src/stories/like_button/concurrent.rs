//! LikeButton · Concurrent: rapid clicks: every click paints, the scope is LatestWins with a send window, so five clicks send one or two requests and end in the state of the last click.

use yew::prelude::*;

use super::feed::{register, Feed};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

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
    files: &[
        SourceFile {
            name: "concurrent.rs",
            text: include_str!("concurrent.rs"),
        },
        SourceFile {
            name: "feed.rs",
            text: include_str!("feed.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

fn render() -> Html {
    html! { <Feed /> }
}
