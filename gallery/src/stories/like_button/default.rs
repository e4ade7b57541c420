//! LikeButton · Default: the button and its count move in the frame of the click; the server confirms a moment later.

use yew::prelude::*;

use super::feed::{register, Feed};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "default",
    title: "Default",
    summary: "the button and its count move in the frame of the click; the server confirms a moment later.",
    steps: &[
        "Click a heart: it fills and the count moves at once.",
        "Click again to unlike.",
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
            name: "feed.rs",
            text: include_str!("feed.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

fn render() -> Html {
    html! { <Feed /> }
}
