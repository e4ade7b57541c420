//! KanbanBoard · Error: every change fails with a 503: a moved card goes back to its column (both layers die together) and says why.

use yew::prelude::*;

use super::demo::{register, Roadmap};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "error",
    title: "Error",
    summary: "every change fails with a 503: a moved card goes back to its column (both layers die together) and says why.",
    steps: &[
        "Move a card: it moves, then returns with an error.",
        "Set the failure rate to 0 % and retry.",
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
    html! { <Roadmap /> }
}
