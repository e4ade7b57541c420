//! The use_optimistic_mutation page: a to-do list built with the hooks alone, its stories
//! as a table over that demo (and two stories with components of their own).

mod concurrent;
mod demo;
mod mutation;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args, THEME};
use crate::backend::Settings;
use crate::server::Seed;
use crate::stories::{PageDef, PageKind, SourceFile, Story};
use demo::TodoList;
use mutation::register;

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "use-optimistic-mutation",
    title: "use_optimistic_mutation",
    kind: PageKind::Hook,
    blurb: "Changes server state: the optimistic patch paints at once as a layer; a failure drops only that layer; success swaps it for the server's answer.",
    stories: STORIES,
    wide: false,
    files: &[
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
        SourceFile {
            name: "mutation.rs",
            text: include_str!("mutation.rs"),
        },
    ],
    args: ARGS,
    seed,
};

const ARGS: &[ArgDef] = &[
    ArgDef {
        name: "policy",
        label: "Scope policy",
        prop: "MutationOptions::scope",
        kind: ArgKind::Choice(&[
            ("serial", "Serial"),
            ("latest", "LatestWins"),
            ("debounce", "Debounce 600 ms"),
            ("throttle", "Throttle 600 ms"),
        ]),
        default: "serial",
        seeds_data: false,
    },
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

fn todos() -> Html {
    html! { <TodoList /> }
}

/// A story over the demo, differing in text and server settings only.
const fn story(
    slug: &'static str,
    title: &'static str,
    summary: &'static str,
    steps: &'static [&'static str],
    settings: fn() -> Settings,
) -> Story {
    Story {
        slug,
        title,
        summary,
        steps,
        settings,
        register,
        reload: false,
        render: todos,
        own_file: None,
    }
}

const STORIES: &[Story] = &[
    story(
        "default",
        "Default",
        "the list as it loads, then every change painted at once and confirmed by the server a moment later.",
        &[
            "Add an item: it appears at once, marked Saving…, then Saved.",
            "Tick or delete items; each row shows its own state.",
        ],
        Settings::default,
    ),
    story(
        "optimistic",
        "Optimistic",
        "a slow server (2 s): each change shows in the frame of the click and stays marked pending until the server confirms it.",
        &[
            "Add an item: it is in the list at once, with data-state=pending.",
            "Two seconds later the server confirms it and the mark goes.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "error",
        "Error",
        "the server refuses every write (422): the change shows, the refusal is reported, and exactly that change is rolled back.",
        &[
            "Add an item: it appears, then disappears with an error message.",
            "Submit an empty title: the server refuses it with a 422 (validation), no retry.",
            "Set the failure rate to 0 % and press Retry the last change.",
        ],
        || Settings::default().latency(600).failure_rate(100),
    ),
    story(
        "rollback",
        "Rollback",
        "each pending change is a layer over the confirmed list; when one fails, only its layer is dropped, so edits made after it (still pending) stay where they are.",
        &[
            "Press “Fail the next request”, then add an item: that request is doomed.",
            "Within two seconds, tick two other items: they are pending too.",
            "The add fails and disappears alone; the ticks stay and are confirmed.",
        ],
        // Slow enough to make edits while the doomed one is on the wire.
        || Settings::default().latency(2_000),
    ),
    Story {
        slug: "concurrent",
        title: "Concurrent",
        summary: "many overlapping changes: changes to one item share the scope todo/<id> and are sent in order, one at a time; changes to different items run side by side; a refetch while they are pending does not flicker.",
        steps: &[
            "Tick the first item five times quickly: each click paints at once.",
            "Watch the server log: the five requests arrive one after another, in order.",
            "Press “Refetch now” while changes are pending: the fresh list is rebased under them.",
            "Switch the scope policy to LatestWins or Throttle and tick again: fewer requests, same end state.",
        ],
        settings: || Settings::default().latency(800),
        register,
        reload: false,
        render: concurrent::render,
        own_file: Some(SourceFile {
            name: "concurrent.rs",
            text: include_str!("concurrent.rs"),
        }),
    },
    Story {
        slug: "offline",
        title: "Offline",
        summary: "offline changes pause (their layers stay visible), are saved to local storage with their idempotency keys, are rebuilt after a reload from the registered definition, and replay in order when the network returns; the server applies each once.",
        steps: &[
            "Switch the controls to Offline, then add an item: it stays pending, waiting for the network.",
            "Press Reload (a new QueryClient), or refresh the page: the persisted list and the queue come back from local storage; the item is still there, pending.",
            "Switch back Online: the queue is sent, the item is confirmed, and the server applied it once.",
        ],
        settings: Settings::default,
        register: offline::register,
        reload: true,
        render: offline::render,
        own_file: Some(SourceFile {
            name: "offline.rs",
            text: include_str!("offline.rs"),
        }),
    },
];
