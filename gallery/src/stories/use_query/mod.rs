//! The use_query page: its stories, as a table over one demo (and the select story,
//! which has components of its own).

mod demo;
mod select;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args, THEME};
use crate::backend::Settings;
use crate::server::Seed;
use crate::stories::{register_nothing, PageDef, PageKind, SourceFile, Story};

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "use-query",
    title: "use_query",
    kind: PageKind::Hook,
    blurb: "Reads server state: fetched when missing or stale, shared by every observer of the key, with select to re-render only what changed.",
    stories: STORIES,
    wide: false,
    files: &[SourceFile {
        name: "demo.rs",
        text: include_str!("demo.rs"),
    }],
    args: ARGS,
    seed,
};

const ARGS: &[ArgDef] = &[
    ArgDef {
        name: "rows",
        label: "Rows",
        prop: "the simulated server's seed items",
        kind: ArgKind::Number {
            min: 0,
            max: 12,
            step: 1,
        },
        default: "4",
        seeds_data: true,
    },
    THEME,
];

fn seed(args: &Args) -> Seed {
    Seed {
        rows: args.number("rows") as usize,
        ..Seed::default()
    }
}

fn groceries() -> Html {
    html! { <demo::Groceries /> }
}

const STORIES: &[Story] = &[
    Story {
        slug: "default",
        title: "Default",
        summary: "use_query fetches on mount, shows Loading… until data arrives, and refetches on demand while the old data stays on screen.",
        steps: &[
            "Watch the status go from pending to success as the list loads.",
            "Press Refetch: the fetch status is fetching while the list stays visible.",
        ],
        settings: || Settings::default().latency(800),
        register: register_nothing,
        reload: false,
        render: groceries,
        own_file: None,
    },
    Story {
        slug: "error",
        title: "Error",
        summary: "a read that fails (503, retryable) is retried once with backoff, then the error is shown; once the server recovers, Try again loads the data.",
        steps: &[
            "The list fails to load: the error names the 503.",
            "Set the failure rate to 0 % and press Try again.",
        ],
        settings: || Settings::default().latency(300).failure_rate(100).fail_reads(true),
        register: register_nothing,
        reload: false,
        render: groceries,
        own_file: None,
    },
    Story {
        slug: "select",
        title: "Select",
        summary: "select plus PartialEq limits re-renders: every row counts its renders, and ticking one row renders that row only.",
        steps: &[
            "Tick a row: its render count goes up; the others stay where they were.",
            "Refetch: equal data notifies nobody, so no count moves.",
        ],
        settings: || Settings::default().latency(300),
        register: register_nothing,
        reload: false,
        render: select::render,
        own_file: Some(SourceFile {
            name: "select.rs",
            text: include_str!("select.rs"),
        }),
    },
];
