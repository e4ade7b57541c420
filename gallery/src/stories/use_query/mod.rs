//! The use_query page: its stories, as a table over one demo (and the select story,
//! which has components of its own).

mod demo;
mod select;

use yew::prelude::*;

use crate::args::{ArgDef, ROWS, THEME};
use crate::backend::Settings;
use crate::stories::{rows_seed, Demo, PageDef, PageKind, SourceFile, Story};

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "use-query",
    title: "use_query",
    kind: PageKind::Hook,
    blurb: "Reads server state: fetched when missing or stale, shared by every observer of the key, with select to re-render only what changed.",
    stories: STORIES,
    wide: false,
    files: &[SourceFile::new("demo.rs", include_str!("demo.rs"))],
    args: ARGS,
    seed: rows_seed,
    on_reference_server: true,
};

const ARGS: &[ArgDef] = &[ROWS, THEME];

fn groceries() -> Html {
    html! { <demo::Groceries /> }
}

const STORIES: &[Story] = &[
    Story::new(
        Demo::rendering(groceries),
        "default",
        "Default",
        "use_query fetches on mount, shows Loading… until data arrives, and refetches on demand while the old data stays on screen.",
        &[
            "Watch the status go from pending to success as the list loads.",
            "Press Refetch: the fetch status is fetching while the list stays visible.",
        ],
        || Settings::default().latency(800),
    ),
    Story::new(
        Demo::rendering(groceries),
        "error",
        "Error",
        "a read that fails (503, retryable) is retried once with backoff, then the error is shown; once the server recovers, Try again loads the data.",
        &[
            "The list fails to load: the error names the 503.",
            "Set the failure rate to 0 % and press Try again.",
        ],
        || Settings::default().latency(300).failure_rate(100).fail_reads(true),
    ),
    Story::new(
        Demo::rendering(select::render),
        "select",
        "Select",
        "select plus PartialEq limits re-renders: every row counts its renders, and ticking one row renders that row only.",
        &[
            "Tick a row: its render count goes up; the others stay where they were.",
            "Refetch: equal data notifies nobody, so no count moves.",
        ],
        || Settings::default().latency(300),
    )
    .own_file(SourceFile::new("select.rs", include_str!("select.rs"))),
];
