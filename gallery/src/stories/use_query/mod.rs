//! The use_query page: its stories, as a table over one demo (and the select story,
//! which has components of its own).

mod demo;
mod select;

use yew::prelude::*;

use crate::args::{ArgDef, ROWS, THEME};
use crate::backend::Settings;
use crate::stories::{rows_seed, Demo, PageDef, SourceFile, Story};

/// The page.
pub const PAGE: PageDef = PageDef::hook("use-query", "use_query")
    .stories(STORIES, include_str!("prose.md"))
    .files(&[SourceFile::new("demo.rs", include_str!("demo.rs"))])
    .args(ARGS)
    .seed(rows_seed);

const ARGS: &[ArgDef] = &[ROWS, THEME];

fn groceries() -> Html {
    html! { <demo::Groceries /> }
}

const STORIES: &[Story] = &[
    Story::new(Demo::rendering(groceries), "default", "Default", || {
        Settings::default().latency(800)
    }),
    Story::new(Demo::rendering(groceries), "error", "Error", || {
        Settings::default()
            .latency(300)
            .failure_rate(100)
            .fail_reads(true)
    }),
    Story::new(Demo::rendering(select::render), "select", "Select", || {
        Settings::default().latency(300)
    })
    .own_file(SourceFile::new("select.rs", include_str!("select.rs"))),
];
