//! The LikeButton page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, LANG, THEME};
use crate::stories::{default_seed, standard, Demo, PageDef, PageKind, SourceFile, Story};
use demo::{register, Feed};

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "like-button",
    title: "LikeButton",
    kind: PageKind::Component,
    blurb: "Toggles and moves the count in the frame of the click; rapid clicks end in the state of the last one (LatestWins, throttled).",
    stories: STORIES,
    wide: false,
    files: &[
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("mutation.rs", include_str!("../../../../components/src/like_button/mutation.rs")),
    ],
    args: ARGS,
    seed: default_seed,
    on_reference_server: true,
};

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

const STORIES: &[Story] = &[
    standard::default(
        DEMO,
        "the button and its count move in the frame of the click; the server confirms a moment later.",
        &[
            "Click a heart: it fills and the count moves at once.",
            "Click again to unlike.",
        ],
    ),
    standard::optimistic(
        DEMO,
        "a slow server (2 s): the like shows at once and stays pending (data-state=pending) until the server answers with its count.",
        &[
            "Like a post: the count moves at once, the button is pending.",
            "Two seconds later it is confirmed.",
        ],
    ),
    standard::error(
        DEMO,
        "the server refuses every like (422): the button goes back to what the server holds and says why, with a way to retry.",
        &[
            "Like a post: it fills, then unfills with an error.",
            "Set the failure rate to 0 % and retry.",
        ],
    ),
    standard::rollback(
        DEMO,
        "a failure while other likes are pending: only the failed post goes back; the other likes stay and are confirmed.",
        &[
            "Press “Fail the next request”, then like the first post: that request is doomed.",
            "Within two seconds, like the other two posts.",
            "The first post goes back alone; the others are confirmed.",
        ],
    ),
    standard::concurrent(
        DEMO,
        "rapid clicks: every click paints, the scope is LatestWins with a send window, so five clicks send one or two requests and end in the state of the last click.",
        &[
            "Click one heart five times quickly: it toggles on every click.",
            "The server log shows one or two requests; the final state is your last click.",
            "Set the throttle window to 0 and try again: every click is sent, each replacing the one still queued.",
        ],
    ),
    standard::offline(
        Demo::new(offline::register, offline::render),
        "a like made offline stays pending, survives a reload, and is sent when the network is back.",
        &[
            "Switch the controls to Offline, then like a post: it stays pending.",
            "Press Reload, or refresh the page: the likes and the queued like come back from local storage.",
            "Switch back Online: it is confirmed; the server applied it once.",
        ],
        SourceFile::new("offline.rs", include_str!("offline.rs")),
    ),
];
