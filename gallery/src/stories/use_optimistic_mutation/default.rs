//! use_optimistic_mutation · Default: the list as it loads, then every change painted at once and confirmed by the server a moment later.

use yew::prelude::*;

use super::todos::{register, TodoList};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "default",
    title: "Default",
    summary: "the list as it loads, then every change painted at once and confirmed by the server a moment later.",
    steps: &["Add an item: it appears at once, marked Saving…, then Saved.", "Tick or delete items; each row shows its own state."],
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
            name: "todos.rs",
            text: include_str!("todos.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

fn render() -> Html {
    html! { <TodoList /> }
}
