//! KanbanBoard · Default: columns and cards load (each column under its own query key); add, rename and move cards, by drag and drop or with the arrow buttons and keyboard.

use yew::prelude::*;

use super::demo::{register, Roadmap};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "default",
    title: "Default",
    summary: "columns and cards load (each column under its own query key); add, rename and move cards, by drag and drop or with the arrow buttons and keyboard.",
    steps: &[
        "Move a card to the next column: it moves at once and is confirmed a moment later.",
        "Add a card to a column.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[
        SourceFile {
            name: "default.rs",
            text: include_str!("default.rs"),
        },
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

fn render() -> Html {
    html! { <Roadmap /> }
}
