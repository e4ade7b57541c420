//! EditableList · Concurrent: overlapping edits: changes to one row are serialised in its scope, changes to different rows run side by side, and no refetch lands between them.

use yew::prelude::*;

use super::demo::{register, Groceries};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "concurrent",
    title: "Concurrent",
    summary: "overlapping edits: changes to one row are serialised in its scope, changes to different rows run side by side, and no refetch lands between them.",
    steps: &[
        "Tick the same row several times quickly: every click paints, the requests go one at a time.",
        "Tick different rows: their requests overlap.",
        "The list ends in the state of your last clicks; the server agrees.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[
        SourceFile {
            name: "concurrent.rs",
            text: include_str!("concurrent.rs"),
        },
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

fn render() -> Html {
    html! { <Groceries /> }
}
