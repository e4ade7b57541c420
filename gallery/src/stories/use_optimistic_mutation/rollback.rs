//! use_optimistic_mutation · Rollback: a failure while other edits are pending removes
//! only the failed change; the others stay on screen and are confirmed.

use yew::prelude::*;

use super::todos::{register, TodoList};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "rollback",
    title: "Rollback",
    summary: "each pending change is a layer over the confirmed list; when one fails, only its layer is dropped, so edits made after it (still pending) stay where they are.",
    steps: &[
        "Press “Fail the next request”, then add an item: that request is doomed.",
        "Within two seconds, tick two other items: they are pending too.",
        "The add fails and disappears alone; the ticks stay and are confirmed.",
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
            name: "todos.rs",
            text: include_str!("todos.rs"),
        },
    ],
};

fn settings() -> Settings {
    // Slow enough to make edits while the doomed one is on the wire.
    Settings::default().latency(2_000)
}

fn render() -> Html {
    html! { <TodoList /> }
}
