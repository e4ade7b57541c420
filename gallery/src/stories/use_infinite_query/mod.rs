//! Stories of `use_infinite_query`: a feed loaded page by page, with optimistic posts.

pub mod demo;
pub mod feed_server;
pub mod optimistic;

use crate::args::THEME;
use crate::stories::{default_seed, PageDef, PageKind, SourceFile, Story};

/// The page's stories, in tab order.
pub const STORIES: &[Story] = &[optimistic::STORY];

/// The page, ready for the gallery's list of pages.
pub const PAGE: PageDef = PageDef {
    slug: "use-infinite-query",
    title: "use_infinite_query",
    kind: PageKind::Hook,
    blurb: "Pages of a list fetched one at a time; optimistic patches reach into the pages, a failure removes only its rows, and a refetch of every page keeps pending rows on top.",
    stories: STORIES,
    wide: false,
    files: &[
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("feed_server.rs", include_str!("feed_server.rs")),
    ],
    args: &[THEME],
    seed: default_seed,
    on_reference_server: true,
};
