//! EditableList · Optimistic: a slow server (2 s): the new item is in the list in the frame of the click, marked pending (data-state=pending), and confirmed when the server answers.

use yew::prelude::*;

use super::demo::{register, Groceries};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "optimistic",
    title: "Optimistic",
    summary: "a slow server (2 s): the new item is in the list in the frame of the click, marked pending (data-state=pending), and confirmed when the server answers.",
    steps: &[
        "Add an item: it appears at once with data-state=pending.",
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
    html! { <Groceries /> }
}
