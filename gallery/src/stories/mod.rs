//! Every page of stories: the components and the hooks, one folder each, one file a
//! story.

pub mod editable_list;
pub mod kanban_board;
pub mod like_button;
pub mod offline_queue;
pub mod snapshot;
mod story;
pub mod use_infinite_query;
pub mod use_optimistic_mutation;
pub mod use_query;

pub use story::{register_nothing, SourceFile, Story};

/// What a page documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A ready component.
    Component,
    /// A hook.
    Hook,
}

/// A page of the gallery: a component or hook and its stories.
#[derive(Clone, Copy, PartialEq)]
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
    /// Wide components (a board of columns) get the full width, with the controls and
    /// devtools below instead of beside.
    pub wide: bool,
}

/// Every page, in sidebar order.
pub const PAGES: &[PageDef] = &[
    PageDef {
        slug: "editable-list",
        title: "EditableList",
        kind: PageKind::Component,
        blurb: "Add, rename, tick, delete and reorder items; every change shows at once and is rolled back alone if the server refuses it.",
        stories: editable_list::STORIES,
        wide: false,
    },
    PageDef {
        slug: "like-button",
        title: "LikeButton",
        kind: PageKind::Component,
        blurb: "Toggles and moves the count in the frame of the click; rapid clicks end in the state of the last one (LatestWins).",
        stories: like_button::STORIES,
        wide: false,
    },
    PageDef {
        slug: "kanban-board",
        title: "KanbanBoard",
        kind: PageKind::Component,
        blurb: "Columns of cards under their own query keys; a move patches two columns, and both layers live and die together.",
        stories: kanban_board::STORIES,
        wide: true,
    },
    PageDef {
        slug: "use-query",
        title: "use_query",
        kind: PageKind::Hook,
        blurb: "Reads server state: fetched when missing or stale, shared by every observer of the key, with select to re-render only what changed.",
        stories: use_query::STORIES,
        wide: false,
    },
    PageDef {
        slug: "use-optimistic-mutation",
        title: "use_optimistic_mutation",
        kind: PageKind::Hook,
        blurb: "Changes server state: the optimistic patch paints at once as a layer; a failure drops only that layer; success swaps it for the server's answer.",
        stories: use_optimistic_mutation::STORIES,
        wide: false,
    },
    use_infinite_query::PAGE,
];

/// The page with this slug.
pub fn page(slug: &str) -> Option<&'static PageDef> {
    PAGES.iter().find(|p| p.slug == slug)
}
