//! What a story talks to: the simulated server in the page (the default: `trunk serve`
//! alone needs nothing else) or the reference server that served the page (`cargo xtask
//! gallery`). The controls drive either one the same way.

mod choice;
pub mod http;
pub mod listeners;
mod settings;
mod sim;
mod story_backend;

pub use choice::{use_backend_choice, BackendChoice, BackendKind};
pub use http::HttpServer;
pub use settings::Settings;
pub use story_backend::StoryBackend;

use listeners::Registration;
use std::ops::Deref;
use std::rc::Rc;

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

/// The backend a story runs against: the simulated server (one per story) or the
/// reference server (shared by every story). Equal when it is the same one.
#[derive(Clone)]
pub struct Backend(Rc<dyn StoryBackend>);

impl PartialEq for Backend {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Backend {
    type Target = dyn StoryBackend;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl Backend {
    /// A backend over `server`.
    pub fn new(server: impl StoryBackend + 'static) -> Self {
        Backend(Rc::new(server))
    }

    /// Changes the settings.
    pub fn update(&self, change: impl FnOnce(&mut Settings)) {
        let mut change = Some(change);
        self.0.update_with(&mut |s| {
            if let Some(change) = change.take() {
                change(s);
            }
        });
    }

    /// Calls `listener` whenever settings, counters or log change.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Registration {
        self.0.subscribe_boxed(Box::new(listener))
    }
}
