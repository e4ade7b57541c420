//! EditableList · Default: the list loads, then every add, rename, tick, delete and move shows at once and is confirmed a moment later.

use yew::prelude::*;

use super::demo::{register, Groceries};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "default",
    title: "Default",
    summary: "the list loads, then every add, rename, tick, delete and move shows at once and is confirmed a moment later.",
    steps: &[
        "Add an item, double-click a title to rename it, tick, move and delete rows.",
        "Each row shows Saving… until the server confirms it.",
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
    html! { <Groceries /> }
}
