//! The "Keyed collections" page (issue 19): a 10,000-row list and a 2,000-card board on
//! keyed collections, with a render counter on every row, card, column and list, and
//! the click → paint time of the last action on screen.

pub mod board;
pub mod collection_server;
pub mod demo;
pub mod feedback;
pub mod meter;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, THEME};
use crate::backend::Settings;
use crate::frame::use_backend;
use crate::server::SimNetwork;
use crate::stories::{default_seed, Demo, PageDef, PageKind, SourceFile, Story};
use board::KeyedBoard;
use collection_server::{SimCollections, MAX_CARDS, MAX_ROWS};
use demo::KeyedList;
use meter::Meter;

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "keyed-collections",
    title: "Keyed collections",
    kind: PageKind::Hook,
    blurb: "use_collection, use_row, use_live_query and use_optimistic_action: a change to one row of 10,000 renders that row alone, a card move on a 2,000-card board the card and its two columns; each row counts its renders and the last click's time to paint shows on top. The reference server has no collection endpoints: on it, this page runs on a simulated network of its own.",
    stories: STORIES,
    wide: true,
    files: &[
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("board.rs", include_str!("board.rs")),
        SourceFile::new("feedback.rs", include_str!("feedback.rs")),
        SourceFile::new("meter.rs", include_str!("meter.rs")),
        SourceFile::new("collection_server.rs", include_str!("collection_server.rs")),
    ],
    args: ARGS,
    seed: default_seed,
    on_reference_server: false,
};

/// Rows and cards apply on both backends: on the reference server the page runs on a
/// simulated network of its own, seeded from them too.
const ARGS: &[ArgDef] = &[
    ArgDef::new(
        "rows",
        "Rows",
        "the simulated list endpoint's rows",
        ArgKind::number(100, MAX_ROWS, 100),
        "10000",
    ),
    ArgDef::new(
        "cards",
        "Cards",
        "the simulated board endpoint's cards",
        ArgKind::number(100, MAX_CARDS, 100),
        "2000",
    ),
    ArgDef::new(
        "windowed",
        "Only rows in view",
        "windowed (use_virtual_rows)",
        ArgKind::Toggle,
        "false",
    ),
    THEME,
];

const STORIES: &[Story] = &[
    Story::new(
        Demo::rendering(render_list),
        "list",
        "10,000 rows",
        "a list of 10,000 rows on a keyed collection: a tick or a rename renders that row alone (its counter goes up, the list's does not), and the time from the click to the painted change shows on top.",
        &[
            "Tick any row: it is ticked at once; its render counter goes from 1 to 2, no other row's changes, and the list's stays.",
            "Read the click → paint time above the list, and what rendered for it: 1 row, 0 lists.",
            "Set the failure rate to 100 % and tick a row: it is ticked, then unticked when the server refuses, and the refusal shows.",
            "Switch on \"Only rows in view\" and tick a row: the page now holds only the rows you can see (use_virtual_rows), and the click → paint time drops from the browser's layout and paint of 10,000 rows to a few milliseconds.",
        ],
        Settings::default,
    ),
    Story::new(
        Demo::rendering(render_board),
        "board",
        "2,000-card board",
        "five columns of 400 cards, each column a live query (cards of that column, by position) of one collection: a move renders the moved card and its two columns, no other card or column.",
        &[
            "Press → on a card: it moves to the top of the next column at once; the figure above says 1 card, 2 columns, 0 boards.",
            "Set the failure rate to 100 % and move a card: it moves, then goes back, and the refusal shows.",
        ],
        Settings::default,
    ),
    Story::new(
        Demo::rendering(render_error),
        "error",
        "Error",
        "the server refuses every change (422): a tick shows at once, then the row alone is rolled back (it renders once more) and the refusal says why.",
        &[
            "Tick a row: it is ticked, and unticked 0.6 s later; the refusal shows with Retry.",
            "Set the failure rate to 0 % and press Retry: the tick is saved.",
        ],
        error_settings,
    ),
];

/// The collections' API on the story's simulated network (so the controls drive it), or
/// on a network of its own on the reference server, which has no such endpoints (then
/// `true`).
#[hook]
fn use_collections_api(settings: fn() -> Settings) -> (SimCollections, bool) {
    let backend = use_backend();
    let args = crate::args::use_args();
    let deps = (backend.clone(), args.number("rows"), args.number("cards"));
    let api = use_memo(deps, |(backend, rows, cards)| {
        let net = backend.sim_network();
        let own = net.is_none();
        let net = net.unwrap_or_else(|| SimNetwork::new(settings()));
        (SimCollections::new(net, *rows, *cards), own)
    });
    (*api).clone()
}

/// What the page says on the reference server.
fn own_network_note(own_network: bool) -> Html {
    if !own_network {
        return html! {};
    }
    html! {
        <p class="banner" data-testid="own-network">
            { "The reference server has no collection endpoints: this page runs on a simulated network of its own, which the controls do not reach (switch to the in-page simulation for them)." }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct StoryProps {
    /// The Error story (its settings for the network of its own on the reference
    /// server).
    failing: bool,
}

#[component]
fn ListStory(props: &StoryProps) -> Html {
    let settings: fn() -> Settings = if props.failing {
        error_settings
    } else {
        Settings::default
    };
    let (api, own_network) = use_collections_api(settings);
    let meter = use_memo((), |_| Meter::default());
    let windowed = crate::args::use_args().flag("windowed");
    html! {
        <>
            { own_network_note(own_network) }
            <KeyedList {api} meter={(*meter).clone()} {windowed} />
        </>
    }
}

#[component]
fn BoardStory() -> Html {
    let (api, own_network) = use_collections_api(Settings::default);
    let meter = use_memo((), |_| Meter::default());
    html! {
        <>
            { own_network_note(own_network) }
            <KeyedBoard {api} meter={(*meter).clone()} />
        </>
    }
}

fn render_list() -> Html {
    html! { <ListStory failing={false} /> }
}

fn error_settings() -> Settings {
    Settings::default().latency(600).failure_rate(100)
}

fn render_error() -> Html {
    html! { <ListStory failing={true} /> }
}

fn render_board() -> Html {
    html! { <BoardStory /> }
}
