//! LikeButton · Rollback: a failure while other likes are pending: only the failed post goes back; the other likes stay and are confirmed.

use yew::prelude::*;

use super::feed::{register, Feed};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "rollback",
    title: "Rollback",
    summary: "a failure while other likes are pending: only the failed post goes back; the other likes stay and are confirmed.",
    steps: &[
        "Press “Fail the next request”, then like the first post: that request is doomed.",
        "Within two seconds, like the other two posts.",
        "The first post goes back alone; the others are confirmed.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[
        SourceFile {
            name: "rollback.rs",
            text: include_str!("rollback.rs"),
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
