//! EditableList · Rollback: a failure while other edits are pending: only the failed change is rolled back; the edits still in flight stay on screen and are confirmed.

use yew::prelude::*;

use super::demo::{register, Groceries};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "rollback",
    title: "Rollback",
    summary: "a failure while other edits are pending: only the failed change is rolled back; the edits still in flight stay on screen and are confirmed.",
    steps: &[
        "Press “Fail the next request”, then add an item: that request is doomed.",
        "Within two seconds, tick two other rows.",
        "The add is rolled back alone; the ticks stay and are confirmed.",
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
    html! { <Groceries /> }
}
