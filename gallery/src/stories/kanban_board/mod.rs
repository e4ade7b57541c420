//! The KanbanBoard page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args, LANG, SHORTCUTS, THEME};
use crate::server::Seed;
use crate::stories::{standard, Demo, PageDef, SourceFile, Story};
use demo::{register, Roadmap};

/// The page.
pub const PAGE: PageDef = PageDef::component("kanban-board", "KanbanBoard")
    .stories(STORIES, include_str!("prose.md"))
    .files(&standard::files(
        include_str!("demo.rs"),
        include_str!("../../../../components/src/kanban/mutation.rs"),
    ))
    .args(ARGS)
    .seed(seed)
    .wide();

const ARGS: &[ArgDef] = &[
    ArgDef::new("title", "Title", "title", ArgKind::Text, "Roadmap"),
    ArgDef::new(
        "cards",
        "Cards",
        "the simulated server's seed cards",
        ArgKind::number(0, 12, 1),
        "5",
    )
    .seeding(),
    LANG,
    SHORTCUTS,
    THEME,
];

fn seed(args: &Args) -> Seed {
    Seed {
        cards: args.number("cards") as usize,
        ..Seed::default()
    }
}

fn roadmap() -> Html {
    html! { <Roadmap /> }
}

/// What most of the page's stories run.
const DEMO: Demo = Demo::new(register, roadmap);

const STORIES: &[Story] = &standard::stories(
    DEMO,
    Demo::new(offline::register, offline::render),
    SourceFile::new("offline.rs", include_str!("offline.rs")),
);
