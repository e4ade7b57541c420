//! The LikeButton page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, LANG, THEME};
use crate::backend::Settings;
use crate::stories::{default_seed, PageDef, PageKind, SourceFile, Story};
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
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
        SourceFile {
            name: "mutation.rs",
            text: include_str!("../../../../components/src/like_button/mutation.rs"),
        },
    ],
    args: ARGS,
    seed: default_seed,
};

const ARGS: &[ArgDef] = &[
    ArgDef {
        name: "label",
        label: "Label",
        prop: "label (empty: the language's word)",
        kind: ArgKind::Text,
        default: "",
        seeds_data: false,
    },
    ArgDef {
        name: "window",
        label: "Throttle window (ms)",
        prop: "send_window_ms",
        kind: ArgKind::Number {
            min: 0,
            max: 3_000,
            step: 100,
        },
        default: "1000",
        seeds_data: false,
    },
    ArgDef {
        name: "posts",
        label: "Posts",
        prop: "buttons in the feed",
        kind: ArgKind::Number {
            min: 1,
            max: 6,
            step: 1,
        },
        default: "3",
        seeds_data: false,
    },
    LANG,
    THEME,
];

fn feed() -> Html {
    html! { <Feed /> }
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
        render: feed,
        own_file: None,
    }
}

const STORIES: &[Story] = &[
    story(
        "default",
        "Default",
        "the button and its count move in the frame of the click; the server confirms a moment later.",
        &[
            "Click a heart: it fills and the count moves at once.",
            "Click again to unlike.",
        ],
        Settings::default,
    ),
    story(
        "optimistic",
        "Optimistic",
        "a slow server (2 s): the like shows at once and stays pending (data-state=pending) until the server answers with its count.",
        &[
            "Like a post: the count moves at once, the button is pending.",
            "Two seconds later it is confirmed.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "error",
        "Error",
        "the server refuses every like (422): the button goes back to what the server holds and says why, with a way to retry.",
        &[
            "Like a post: it fills, then unfills with an error.",
            "Set the failure rate to 0 % and retry.",
        ],
        || Settings::default().latency(600).failure_rate(100),
    ),
    story(
        "rollback",
        "Rollback",
        "a failure while other likes are pending: only the failed post goes back; the other likes stay and are confirmed.",
        &[
            "Press “Fail the next request”, then like the first post: that request is doomed.",
            "Within two seconds, like the other two posts.",
            "The first post goes back alone; the others are confirmed.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "concurrent",
        "Concurrent",
        "rapid clicks: every click paints, the scope is LatestWins with a send window, so five clicks send one or two requests and end in the state of the last click.",
        &[
            "Click one heart five times quickly: it toggles on every click.",
            "The server log shows one or two requests; the final state is your last click.",
            "Set the throttle window to 0 and try again: every click is sent, each replacing the one still queued.",
        ],
        || Settings::default().latency(800),
    ),
    Story {
        slug: "offline",
        title: "Offline",
        summary: "a like made offline stays pending, survives a reload, and is sent when the network is back.",
        steps: &[
            "Switch the controls to Offline, then like a post: it stays pending.",
            "Press Reload, or refresh the page: the likes and the queued like come back from local storage.",
            "Switch back Online: it is confirmed; the server applied it once.",
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
