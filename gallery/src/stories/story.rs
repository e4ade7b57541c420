//! What a story is: a row of its page's table (title, the server settings it starts
//! from, what it registers and renders; its summary and steps are in the page's
//! `prose.md`), and the source files shown beside it.

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

impl SourceFile {
    /// The file `name` with its text (`include_str!` of the same name).
    pub const fn new(name: &'static str, text: &'static str) -> SourceFile {
        SourceFile { name, text }
    }
}

/// What a story runs: the mutation definitions it registers on each new client and the
/// component it renders. A page's stories mostly share one (its demo) and differ in
/// text and server settings.
#[derive(Clone, Copy)]
pub struct Demo {
    /// Registers the mutation definitions on a new client, before it is mounted.
    pub register: fn(&QueryClient, &Backend, &Args),
    /// Renders the story (its demo reads the page's args with `use_args`).
    pub render: fn() -> Html,
}

impl Demo {
    /// A demo that registers `register` and renders `render`.
    pub const fn new(register: fn(&QueryClient, &Backend, &Args), render: fn() -> Html) -> Demo {
        Demo { register, render }
    }

    /// A demo that registers nothing (it only reads, or makes its definitions itself).
    pub const fn rendering(render: fn() -> Html) -> Demo {
        Demo::new(register_nothing, render)
    }
}

/// A story: one state of a component or hook, against the backend (the simulated
/// server, or the reference server). Made with [`Story::new`], the one constructor of
/// every page's stories; what it shows and what to try are its section of the page's
/// prose ([`Prose::story`](super::Prose::story)).
#[derive(Clone, Copy)]
pub struct Story {
    /// In the URL: `#/<page>/<slug>`.
    pub slug: &'static str,
    /// On the story's tab.
    pub title: &'static str,
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

impl Story {
    /// The story `slug` over `demo`, starting from `settings`: no "Reload", no file of
    /// its own.
    pub const fn new(
        demo: Demo,
        slug: &'static str,
        title: &'static str,
        settings: fn() -> Settings,
    ) -> Story {
        Story {
            slug,
            title,
            settings,
            register: demo.register,
            reload: false,
            render: demo.render,
            own_file: None,
        }
    }

    /// This story, running `demo` instead of the one it was made with.
    pub const fn running(mut self, demo: Demo) -> Story {
        self.register = demo.register;
        self.render = demo.render;
        self
    }

    /// This story with "Reload" in the controls (a story about what survives one).
    pub const fn reloadable(mut self) -> Story {
        self.reload = true;
        self
    }

    /// This story, which defines components of its own in `file`, shown before the
    /// page's files.
    pub const fn own_file(mut self, file: SourceFile) -> Story {
        self.own_file = Some(file);
        self
    }
}

impl PartialEq for Story {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug && self.title == other.title
    }
}

/// For stories that register nothing.
pub fn register_nothing(_client: &QueryClient, _backend: &Backend, _args: &Args) {}

/// The stories every component page tells, each with its slug, title and server
/// settings, so a page writes only its demo (and its prose, in `prose.md`).
pub mod standard {
    use super::{Demo, SourceFile, Story};
    use crate::backend::Settings;

    /// A slow server (2 s): time to see a change pending, or to make others meanwhile.
    fn slow() -> Settings {
        Settings::default().latency(2_000)
    }

    /// Every write refused (422), a little late.
    fn refusing() -> Settings {
        Settings::default().latency(600).failure_rate(100)
    }

    /// Late enough for changes to overlap.
    fn overlapping() -> Settings {
        Settings::default().latency(800)
    }

    /// The files a page shows beside its stories, under the same names on every page:
    /// `demo.rs` (the demo component), then `mutation.rs` (its mutation definition).
    pub const fn files(demo: &'static str, mutation: &'static str) -> [SourceFile; 2] {
        [
            SourceFile::new("demo.rs", demo),
            SourceFile::new("mutation.rs", mutation),
        ]
    }

    /// The six stories over `demo`, in tab order: "Default" (the demo as it is),
    /// "Optimistic" (a slow server, so a change shows pending before it is confirmed),
    /// "Error" (every write refused), "Rollback" (a slow server, so other changes are
    /// pending when one is refused), "Concurrent" (changes overlapping on the wire), and
    /// "Offline" (changes queued offline survive "Reload"), which runs `offline`, whose
    /// own components are in `offline_file`.
    pub const fn stories(demo: Demo, offline: Demo, offline_file: SourceFile) -> [Story; 6] {
        [
            Story::new(demo, "default", "Default", Settings::default),
            Story::new(demo, "optimistic", "Optimistic", slow),
            Story::new(demo, "error", "Error", refusing),
            Story::new(demo, "rollback", "Rollback", slow),
            Story::new(demo, "concurrent", "Concurrent", overlapping),
            Story::new(offline, "offline", "Offline", Settings::default)
                .reloadable()
                .own_file(offline_file),
        ]
    }
}
