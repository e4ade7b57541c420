//! The use_optimistic_mutation page: a to-do list built with the hooks alone, its stories
//! as a table over that demo (and two stories with components of their own).

mod concurrent;
mod demo;
mod mutation;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, ROWS, THEME};
use crate::stories::{rows_seed, standard, Demo, PageDef, PageKind, SourceFile, Story};
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
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("mutation.rs", include_str!("mutation.rs")),
    ],
    args: ARGS,
    seed: rows_seed,
    on_reference_server: true,
};

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

const STORIES: &[Story] = &[
    standard::default(
        DEMO,
        "the list as it loads, then every change painted at once and confirmed by the server a moment later.",
        &[
            "Add an item: it appears at once, marked Saving…, then Saved.",
            "Tick or delete items; each row shows its own state.",
        ],
    ),
    standard::optimistic(
        DEMO,
        "a slow server (2 s): each change shows in the frame of the click and stays marked pending until the server confirms it.",
        &[
            "Add an item: it is in the list at once, with data-state=pending.",
            "Two seconds later the server confirms it and the mark goes.",
        ],
    ),
    standard::error(
        DEMO,
        "the server refuses every write (422): the change shows, the refusal is reported, and exactly that change is rolled back.",
        &[
            "Add an item: it appears, then disappears with an error message.",
            "Submit an empty title: the server refuses it with a 422 (validation), no retry.",
            "Set the failure rate to 0 % and press Retry the last change.",
        ],
    ),
    standard::rollback(
        DEMO,
        "each pending change is a layer over the confirmed list; when one fails, only its layer is dropped, so edits made after it (still pending) stay where they are.",
        &[
            "Press “Fail the next request”, then add an item: that request is doomed.",
            "Within two seconds, tick two other items: they are pending too.",
            "The add fails and disappears alone; the ticks stay and are confirmed.",
        ],
    ),
    standard::concurrent(
        Demo::new(register, concurrent::render),
        "many overlapping changes: changes to one item share the scope todo/<id> and are sent in order, one at a time; changes to different items run side by side; a refetch while they are pending does not flicker.",
        &[
            "Tick the first item five times quickly: each click paints at once.",
            "Watch the server log: the five requests arrive one after another, in order.",
            "Press “Refetch now” while changes are pending: the fresh list is rebased under them.",
            "Switch the scope policy to LatestWins or Throttle and tick again: fewer requests, same end state.",
        ],
    )
    .own_file(SourceFile::new("concurrent.rs", include_str!("concurrent.rs"))),
    standard::offline(
        Demo::new(offline::register, offline::render),
        "offline changes pause (their layers stay visible), are saved to local storage with their idempotency keys, are rebuilt after a reload from the registered definition, and replay in order when the network returns; the server applies each once.",
        &[
            "Switch the controls to Offline, then add an item: it stays pending, waiting for the network.",
            "Press Reload (a new QueryClient), or refresh the page: the persisted list and the queue come back from local storage; the item is still there, pending.",
            "Switch back Online: the queue is sent, the item is confirmed, and the server applied it once.",
        ],
        SourceFile::new("offline.rs", include_str!("offline.rs")),
    ),
];
