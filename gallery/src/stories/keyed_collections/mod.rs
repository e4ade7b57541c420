//! The "Keyed collections" page (issue 19): a 10,000-row list and a 2,000-card board on
//! keyed collections, with a render counter on every row, card, column and list, and
//! the click → paint time of the last action on screen.

pub mod board;
pub mod collection_server;
pub mod demo;
pub mod feedback;
pub mod meter;
pub mod one_row;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, THEME};
use crate::backend::Settings;
use crate::frame::use_backend;
use crate::server::SimNetwork;
use crate::stories::{Demo, PageDef, SourceFile, Story};
use board::KeyedBoard;
use collection_server::{SimCollections, MAX_CARDS, MAX_ROWS};
use demo::KeyedList;
use meter::Meter;

/// The page.
pub const PAGE: PageDef = PageDef::hook("keyed-collections", "Keyed collections")
    .stories(STORIES, include_str!("prose.md"))
    .files(&[
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("board.rs", include_str!("board.rs")),
        SourceFile::new("feedback.rs", include_str!("feedback.rs")),
        SourceFile::new("one_row.rs", include_str!("one_row.rs")),
        SourceFile::new("meter.rs", include_str!("meter.rs")),
        SourceFile::new("collection_server.rs", include_str!("collection_server.rs")),
    ])
    .args(ARGS)
    .wide()
    .off_reference_server();

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
        Settings::default,
    ),
    Story::new(
        Demo::rendering(render_board),
        "board",
        "2,000-card board",
        Settings::default,
    ),
    Story::new(
        Demo::rendering(render_error),
        "error",
        "Error",
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
            <ContextProvider<Meter> context={(*meter).clone()}>
                <KeyedList {api} {windowed} />
            </ContextProvider<Meter>>
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
            <ContextProvider<Meter> context={(*meter).clone()}>
                <KeyedBoard {api} />
            </ContextProvider<Meter>>
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
