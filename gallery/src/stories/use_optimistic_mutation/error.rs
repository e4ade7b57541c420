//! use_optimistic_mutation · Error: every write fails with a 503: the change shows, the failure is reported, and exactly that change is rolled back.

use yew::prelude::*;

use super::todos::{register, TodoList};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "error",
    title: "Error",
    summary: "every write fails with a 503: the change shows, the failure is reported, and exactly that change is rolled back.",
    steps: &["Add an item: it appears, then disappears with an error message.", "Submit an empty title: the server refuses it with a 422 (validation), no retry.", "Set the failure rate to 0 % and press Retry the last change."],
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
            name: "todos.rs",
            text: include_str!("todos.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(600).failure_rate(100)
}

fn render() -> Html {
    html! { <TodoList /> }
}
