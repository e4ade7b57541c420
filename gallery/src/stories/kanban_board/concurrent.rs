//! KanbanBoard · Concurrent: overlapping moves: moves of one card are serialised in its scope, moves of different cards overlap, and no column flickers.

use yew::prelude::*;

use super::demo::{register, Roadmap};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "concurrent",
    title: "Concurrent",
    summary: "overlapping moves: moves of one card are serialised in its scope, moves of different cards overlap, and no column flickers.",
    steps: &[
        "Move one card right twice quickly: it goes two columns, the requests go one at a time.",
        "Move other cards meanwhile.",
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
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

fn render() -> Html {
    html! { <Roadmap /> }
}
