//! KanbanBoard · Optimistic: a slow server (2 s): a move patches two columns at once (two query keys, one mutation) and stays pending until the server answers.

use yew::prelude::*;

use super::demo::{register, Roadmap};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "optimistic",
    title: "Optimistic",
    summary: "a slow server (2 s): a move patches two columns at once (two query keys, one mutation) and stays pending until the server answers.",
    steps: &[
        "Move a card right: both columns update in the same frame, the card is pending.",
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
