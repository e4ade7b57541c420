//! What a story is: a row of its page's table (title, summary, steps, the server
//! settings it starts from, what it registers and renders), and the source files shown
//! beside it.

use yew::Html;
use yew_optimistic::QueryClient;

use crate::args::Args;
use crate::backend::{Backend, Settings};

/// One source file shown beside a story: the file that is compiled, read with
/// `include_str!`, not a copy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceFile {
    /// File name, as shown on its tab.
    pub name: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// A story: one state of a component or hook, against the backend (the simulated
/// server, or the reference server).
#[derive(Clone, Copy)]
pub struct Story {
    /// In the URL: `#/<page>/<slug>`.
    pub slug: &'static str,
    /// On the story's tab.
    pub title: &'static str,
    /// What the story shows, in one or two sentences.
    pub summary: &'static str,
    /// What to try, step by step.
    pub steps: &'static [&'static str],
    /// The backend settings the story starts from.
    pub settings: fn() -> Settings,
    /// Registers the story's mutation definitions on a new client, before it is
    /// mounted, so a persisted offline queue can be restored.
    pub register: fn(&QueryClient, &Backend, &Args),
    /// Whether the controls offer "Reload" (a new client over the same storage).
    pub reload: bool,
    /// The story itself (its demo reads the page's args with `use_args`).
    pub render: fn() -> Html,
    /// The file of a story that defines its own components, shown before the page's.
    pub own_file: Option<SourceFile>,
}

impl PartialEq for Story {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug && self.title == other.title
    }
}

/// For stories that register nothing.
pub fn register_nothing(_client: &QueryClient, _backend: &Backend, _args: &Args) {}
