//! The LikeButton page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, LANG, THEME};
use crate::stories::{standard, Demo, PageDef, SourceFile, Story};
use demo::{register, Feed};

/// The page.
pub const PAGE: PageDef = PageDef::component("like-button", "LikeButton")
    .stories(STORIES, include_str!("prose.md"))
    .files(&standard::files(
        include_str!("demo.rs"),
        include_str!("../../../../components/src/like_button/mutation.rs"),
    ))
    .args(ARGS);

const ARGS: &[ArgDef] = &[
    ArgDef::new(
        "label",
        "Label",
        "label (empty: the language's word)",
        ArgKind::Text,
        "",
    ),
    ArgDef::new(
        "window",
        "Throttle window (ms)",
        "send_window_ms",
        ArgKind::number(0, 3_000, 100),
        "1000",
    ),
    ArgDef::new(
        "posts",
        "Posts",
        "buttons in the feed",
        ArgKind::number(1, 6, 1),
        "3",
    ),
    LANG,
    THEME,
];

fn feed() -> Html {
    html! { <Feed /> }
}

/// What most of the page's stories run.
const DEMO: Demo = Demo::new(register, feed);

const STORIES: &[Story] = &standard::stories(
    DEMO,
    Demo::new(offline::register, offline::render),
    SourceFile::new("offline.rs", include_str!("offline.rs")),
);
