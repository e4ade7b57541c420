//! Stories of `use_infinite_query`: a feed loaded page by page, with optimistic posts.

pub mod demo;
pub mod feed_server;
pub mod optimistic;

use crate::args::THEME;
use crate::stories::{PageDef, SourceFile, Story};

/// The page's stories, in tab order.
pub const STORIES: &[Story] = &[optimistic::STORY];

/// The page, ready for the gallery's list of pages.
pub const PAGE: PageDef = PageDef::hook("use-infinite-query", "use_infinite_query")
    .stories(STORIES, include_str!("prose.md"))
    .files(&[
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("feed_server.rs", include_str!("feed_server.rs")),
    ])
    .args(&[THEME]);
