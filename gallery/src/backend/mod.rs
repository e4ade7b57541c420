//! What a story talks to: the simulated server in the page (the default: `trunk serve`
//! alone needs nothing else) or the reference server that served the page (`cargo xtask
//! gallery`). The controls drive either one the same way.

mod choice;
pub mod http;
pub mod listeners;
mod settings;

pub use choice::{use_backend_choice, BackendChoice, BackendKind};
pub use http::HttpServer;
pub use settings::Settings;

use yew_optimistic::editable_list::ListSource;
use yew_optimistic::kanban::BoardSource;
use yew_optimistic::like_button::LikeSource;
use yew_optimistic::SourceRef;

use crate::server::SimServer;
use listeners::Registration;

/// One counter of the backend, as the controls show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stat {
    /// Its name in `data-server-stat`.
    pub name: &'static str,
    /// What the panel calls it.
    pub label: &'static str,
    /// Its value.
    pub value: u64,
}

impl Stat {
    /// A counter.
    pub fn new(name: &'static str, label: &'static str, value: u64) -> Self {
        Stat { name, label, value }
    }
}

/// The backend a story runs against.
#[derive(Clone, PartialEq)]
pub enum Backend {
    /// The simulated server in the page, one per story.
    Sim(SimServer),
    /// The reference server at the page's origin, shared by every story.
    Http(HttpServer),
}

impl Backend {
    /// Which one it is.
    pub fn kind(&self) -> BackendKind {
        match self {
            Backend::Sim(_) => BackendKind::Sim,
            Backend::Http(_) => BackendKind::Http,
        }
    }

    /// The list API, as an editable list takes it: `backend.list_source()` is what an
    /// app passes as its API client.
    pub fn list_source(&self) -> SourceRef<dyn ListSource> {
        match self {
            Backend::Sim(s) => s.list_source(),
            Backend::Http(h) => h.list_source(),
        }
    }

    /// The likes API, as a like button takes it.
    pub fn like_source(&self) -> SourceRef<dyn LikeSource> {
        match self {
            Backend::Sim(s) => s.like_source(),
            Backend::Http(h) => h.like_source(),
        }
    }

    /// The board API, as a kanban board takes it.
    pub fn board_source(&self) -> SourceRef<dyn BoardSource> {
        match self {
            Backend::Sim(s) => s.board_source(),
            Backend::Http(h) => h.board_source(),
        }
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        match self {
            Backend::Sim(s) => s.net.settings(),
            Backend::Http(h) => h.settings(),
        }
    }

    /// Changes the settings.
    pub fn update(&self, change: impl FnOnce(&mut Settings)) {
        match self {
            Backend::Sim(s) => s.net.update(change),
            Backend::Http(h) => h.update(change),
        }
    }

    /// The counters.
    pub fn stats(&self) -> Vec<Stat> {
        match self {
            Backend::Sim(s) => {
                let st = s.net.stats();
                vec![
                    Stat::new("reads", "reads", u64::from(st.reads)),
                    Stat::new("writes", "writes", u64::from(st.writes)),
                    Stat::new("applied", "applied", u64::from(st.applied)),
                    Stat::new("replays", "replays", u64::from(st.replays)),
                    Stat::new("failures", "failed", u64::from(st.failures)),
                ]
            }
            Backend::Http(h) => h.stats(),
        }
    }

    /// The simulated server's log, newest last (the reference server logs on its own
    /// terminal).
    pub fn log(&self) -> Vec<String> {
        match self {
            Backend::Sim(s) => s.net.log(),
            Backend::Http(_) => Vec::new(),
        }
    }

    /// Why the backend cannot be reached, if it cannot (the HTTP server is down).
    pub fn error(&self) -> Option<String> {
        match self {
            Backend::Sim(_) => None,
            Backend::Http(h) => h.error(),
        }
    }

    /// Calls `listener` whenever settings, counters or log change.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Registration {
        match self {
            Backend::Sim(s) => s.net.subscribe(listener),
            Backend::Http(h) => h.subscribe(listener),
        }
    }

    /// Reads settings and counters again where they live elsewhere (the HTTP server:
    /// other tabs and the tests change them too).
    pub fn refresh(&self) {
        if let Backend::Http(h) = self {
            h.refresh();
        }
    }

    /// The seed data back, counters at zero, nothing set to fail next; the other
    /// settings stay.
    pub fn reset_data(&self) {
        match self {
            Backend::Sim(s) => {
                s.reset_data();
                s.net.update(|s| {
                    s.fail_next = false;
                    s.apply_then_fail = false;
                });
            }
            Backend::Http(h) => h.reset(),
        }
    }

    /// Whether the client should be kept offline whatever the browser says (the
    /// provider's `online` override): the simulated network decides alone; for the real
    /// server, its "offline" fault keeps the client offline, and otherwise the browser's
    /// own `online` / `offline` events decide.
    pub fn online_override(&self) -> Option<bool> {
        let offline = self.settings().offline;
        match self {
            Backend::Sim(_) => Some(!offline),
            Backend::Http(_) => offline.then_some(false),
        }
    }
}
