//! KanbanBoard · Rollback: a failure while other moves are pending: only the failed move is undone; the others stay and are confirmed.

use yew::prelude::*;

use super::demo::{register, Roadmap};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "rollback",
    title: "Rollback",
    summary: "a failure while other moves are pending: only the failed move is undone; the others stay and are confirmed.",
    steps: &[
        "Press “Fail the next request”, then move a card: that move is doomed.",
        "Within two seconds, move another card.",
        "The first card returns alone; the second stays and is confirmed.",
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
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(2_000)
}

fn render() -> Html {
    html! { <Roadmap /> }
}
