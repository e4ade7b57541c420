//! Every page of stories. A page is a table of its stories (title, settings, render)
//! over one demo (`demo.rs`, and the mutation it uses, `mutation.rs`, shown on every
//! page under those names), with args for the component's own props, and its prose
//! (what the page is, what each story shows and what to try) in `prose.md`. A component
//! page tells the [`standard`] stories. Only stories that define their own components
//! have a file of their own (`offline.rs`, `concurrent.rs`, `select.rs`).

pub mod editable_list;
pub mod kanban_board;
pub mod keyed_collections;
pub mod like_button;
mod prose;
mod story;
pub mod use_infinite_query;
pub mod use_optimistic_mutation;
pub mod use_query;
pub mod words;

pub use prose::Prose;
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

/// A page of the gallery: a component or hook and its stories. Made with
/// [`PageDef::component`] or [`PageDef::hook`], then its stories and what sets it apart
/// from the usual page (narrow, on the reference server, no files or args, the default
/// seed).
#[derive(Clone, Copy)]
pub struct PageDef {
    /// In the URL: `#/<slug>/<story>`.
    pub slug: &'static str,
    /// In the sidebar and as heading.
    pub title: &'static str,
    /// Component or hook.
    pub kind: PageKind,
    /// What it is, and what each story shows and what to try there: its `prose.md`.
    pub prose: Prose,
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

impl PageDef {
    /// The page `slug` on a component, titled `title` (its stories still to come).
    pub const fn component(slug: &'static str, title: &'static str) -> PageDef {
        PageDef::new(PageKind::Component, slug, title)
    }

    /// The page `slug` on a hook, titled `title` (its stories still to come).
    pub const fn hook(slug: &'static str, title: &'static str) -> PageDef {
        PageDef::new(PageKind::Hook, slug, title)
    }

    const fn new(kind: PageKind, slug: &'static str, title: &'static str) -> PageDef {
        PageDef {
            slug,
            title,
            kind,
            prose: Prose::new(""),
            stories: &[],
            wide: false,
            files: &[],
            args: &[],
            seed: default_seed,
            on_reference_server: true,
        }
    }

    /// This page, with `stories` and their `prose` (`include_str!` of the page's
    /// `prose.md`: the page's blurb, then a section for each story).
    pub const fn stories(mut self, stories: &'static [Story], prose: &'static str) -> PageDef {
        self.stories = stories;
        self.prose = Prose::new(prose);
        self
    }

    /// This page, with `files` shown beside every story.
    pub const fn files(mut self, files: &'static [SourceFile]) -> PageDef {
        self.files = files;
        self
    }

    /// This page, with `args` as knobs.
    pub const fn args(mut self, args: &'static [ArgDef]) -> PageDef {
        self.args = args;
        self
    }

    /// This page, its simulated server seeded by `seed`.
    pub const fn seed(mut self, seed: fn(&Args) -> Seed) -> PageDef {
        self.seed = seed;
        self
    }

    /// This page, on the full width.
    pub const fn wide(mut self) -> PageDef {
        self.wide = true;
        self
    }

    /// This page, whose resources the reference server lacks.
    pub const fn off_reference_server(mut self) -> PageDef {
        self.on_reference_server = false;
        self
    }
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
