//! The EditableList page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, LANG, ROWS, SHORTCUTS, THEME};
use crate::stories::{rows_seed, standard, Demo, PageDef, SourceFile, Story};
use demo::{register, Groceries};

/// The page.
pub const PAGE: PageDef = PageDef::component("editable-list", "EditableList")
    .stories(STORIES, include_str!("prose.md"))
    .files(&standard::files(
        include_str!("demo.rs"),
        include_str!("../../../../components/src/editable_list/mutation.rs"),
    ))
    .args(ARGS)
    .seed(rows_seed);

const ARGS: &[ArgDef] = &[
    ArgDef::new("label", "Label", "label", ArgKind::Text, "Groceries"),
    ROWS,
    LANG,
    SHORTCUTS,
    THEME,
];

fn groceries() -> Html {
    html! { <Groceries /> }
}

/// What most of the page's stories run.
const DEMO: Demo = Demo::new(register, groceries);

const STORIES: &[Story] = &standard::stories(
    DEMO,
    Demo::new(offline::register, offline::render),
    SourceFile::new("offline.rs", include_str!("offline.rs")),
);
