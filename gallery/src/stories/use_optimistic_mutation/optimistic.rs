//! use_optimistic_mutation · Optimistic: a slow server (2 s): each change shows in the frame of the click and stays marked pending until the server confirms it.

use yew::prelude::*;

use super::todos::{register, TodoList};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "optimistic",
    title: "Optimistic",
    summary: "a slow server (2 s): each change shows in the frame of the click and stays marked pending until the server confirms it.",
    steps: &["Add an item: it is in the list at once, with data-state=pending.", "Two seconds later the server confirms it and the mark goes."],
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
            name: "todos.rs",
            text: include_str!("todos.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(2_000)
}

fn render() -> Html {
    html! { <TodoList /> }
}
