//! Every page of stories. A page is a table of its stories (title, summary, steps,
//! settings, render) over one demo (`demo.rs`, and the mutation it uses, `mutation.rs`,
//! shown on every page under those names), with args for the component's own props.
//! Only stories that define their own components have a file of their own (`offline.rs`,
//! `concurrent.rs`, `select.rs`).

pub mod editable_list;
pub mod kanban_board;
pub mod keyed_collections;
pub mod like_button;
mod story;
pub mod use_infinite_query;
pub mod use_optimistic_mutation;
pub mod use_query;
pub mod words;

pub use story::{standard, Demo, SourceFile, Story};

use crate::args::{ArgDef, Args};
use crate::server::Seed;

/// What a page documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A ready component.
    Component,
    /// A hook.
    Hook,
}

/// A page of the gallery: a component or hook and its stories.
#[derive(Clone, Copy)]
pub struct PageDef {
    /// In the URL: `#/<slug>/<story>`.
    pub slug: &'static str,
    /// In the sidebar and as heading.
    pub title: &'static str,
    /// Component or hook.
    pub kind: PageKind,
    /// One paragraph on what it is.
    pub blurb: &'static str,
    /// Its stories, in tab order.
    pub stories: &'static [Story],
    /// Wide components (a board of columns) get the full width, with the panels below
    /// instead of beside.
    pub wide: bool,
    /// The code that matters, the same names on every page: `demo.rs` (the demo
    /// component), then `mutation.rs` (its mutation definition) where it has one.
    pub files: &'static [SourceFile],
    /// The component's own props, as knobs.
    pub args: &'static [ArgDef],
    /// How much data the simulated server starts with, from the args.
    pub seed: fn(&Args) -> Seed,
    /// Whether the reference server has the page's resources. A page it lacks them for
    /// runs on a simulated network of its own on the HTTP backend, which the controls
    /// do not reach (so there they show only the backend switch).
    pub on_reference_server: bool,
}

/// Pages are told apart by their slug.
impl PartialEq for PageDef {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug
    }
}

/// The default seed, for pages whose args do not change it.
pub fn default_seed(_args: &Args) -> Seed {
    Seed::default()
}

/// The seed of a page whose list starts with the `rows` arg's items ([`ROWS`](crate::args::ROWS)).
pub fn rows_seed(args: &Args) -> Seed {
    Seed {
        rows: args.number("rows") as usize,
        ..Seed::default()
    }
}

/// Every page, in sidebar order.
pub const PAGES: &[PageDef] = &[
    editable_list::PAGE,
    like_button::PAGE,
    kanban_board::PAGE,
    use_query::PAGE,
    use_optimistic_mutation::PAGE,
    use_infinite_query::PAGE,
    keyed_collections::PAGE,
];

/// The page with this slug.
pub fn page(slug: &str) -> Option<&'static PageDef> {
    PAGES.iter().find(|p| p.slug == slug)
}
