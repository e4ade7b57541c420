//! EditableList · Error: every write fails with a 503: the row shows the failure with Retry and Dismiss, and the change is rolled back; an empty title gets a 422.

use yew::prelude::*;

use super::demo::{register, Groceries};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "error",
    title: "Error",
    summary: "every write fails with a 503: the row shows the failure with Retry and Dismiss, and the change is rolled back; an empty title gets a 422.",
    steps: &[
        "Add an item: it appears, then is rolled back with the server’s message.",
        "Set the failure rate to 0 % and press Retry.",
    ],
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
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(600).failure_rate(100)
}

fn render() -> Html {
    html! { <Groceries /> }
}
