//! The use_optimistic_mutation page: a to-do list built with the hooks alone, its stories
//! as a table over that demo (and two stories with components of their own).

mod concurrent;
mod demo;
mod mutation;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, ROWS, THEME};
use crate::stories::{rows_seed, standard, Demo, PageDef, SourceFile, Story};
use demo::TodoList;
use mutation::register;

/// The page.
pub const PAGE: PageDef = PageDef::hook("use-optimistic-mutation", "use_optimistic_mutation")
    .stories(STORIES, include_str!("prose.md"))
    .files(&standard::files(
        include_str!("demo.rs"),
        include_str!("mutation.rs"),
    ))
    .args(ARGS)
    .seed(rows_seed);

const ARGS: &[ArgDef] = &[
    ArgDef::new(
        "policy",
        "Scope policy",
        "MutationOptions::scope",
        ArgKind::Choice(&[
            ("serial", "Serial"),
            ("latest", "LatestWins"),
            ("debounce", "Debounce 600 ms"),
            ("throttle", "Throttle 600 ms"),
        ]),
        "serial",
    ),
    ROWS,
    THEME,
];

fn todos() -> Html {
    html! { <TodoList /> }
}

/// What most of the page's stories run.
const DEMO: Demo = Demo::new(register, todos);

/// The standard stories, "Concurrent" over a demo of its own (the list with a button
/// that refetches it while changes are in flight).
const STORIES: &[Story] = &{
    let mut stories = standard::stories(
        DEMO,
        Demo::new(offline::register, offline::render),
        SourceFile::new("offline.rs", include_str!("offline.rs")),
    );
    stories[4] = stories[4]
        .running(Demo::new(register, concurrent::render))
        .own_file(SourceFile::new(
            "concurrent.rs",
            include_str!("concurrent.rs"),
        ));
    stories
};
