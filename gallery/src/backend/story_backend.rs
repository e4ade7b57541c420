//! `StoryBackend`: what a story and the controls need of a backend, implemented by the
//! simulated server (`sim.rs`) and the reference server (`http.rs`).

use futures::future::LocalBoxFuture;
use yew_optimistic::editable_list::ListSource;
use yew_optimistic::kanban::BoardSource;
use yew_optimistic::like_button::LikeSource;
use yew_optimistic::SourceRef;

use super::listeners::Registration;
use super::{BackendKind, Settings, Stat};
use crate::server::SimNetwork;

/// One backend a story runs against, driven the same way whichever it is.
pub trait StoryBackend {
    /// Which one it is.
    fn kind(&self) -> BackendKind;
    /// The list API, as an editable list takes it: `backend.list_source()` is what an
    /// app passes as its API client.
    fn list_source(&self) -> SourceRef<dyn ListSource>;
    /// The likes API, as a like button takes it.
    fn like_source(&self) -> SourceRef<dyn LikeSource>;
    /// The board API, as a kanban board takes it.
    fn board_source(&self) -> SourceRef<dyn BoardSource>;
    /// The current settings.
    fn settings(&self) -> Settings;
    /// Changes the settings.
    fn update_with(&self, change: &mut dyn FnMut(&mut Settings));
    /// The counters.
    fn stats(&self) -> Vec<Stat>;
    /// The server's log, newest last (empty where the server logs elsewhere).
    fn log(&self) -> Vec<String> {
        Vec::new()
    }
    /// Why the backend cannot be reached, if it cannot.
    fn error(&self) -> Option<String> {
        None
    }
    /// Calls `listener` whenever settings, counters or log change.
    fn subscribe_boxed(&self, listener: Box<dyn Fn()>) -> Registration;
    /// Reads settings and counters again where they live elsewhere.
    fn refresh(&self) {}
    /// How often to [`refresh`](Self::refresh) (0: never, it says when it changes).
    fn poll_ms(&self) -> u32 {
        0
    }
    /// The seed data back, counters at zero, nothing set to fail next; the other
    /// settings stay.
    fn reset_data(&self);
    /// Whether the client should be kept offline whatever the browser says (the
    /// provider's `online` override).
    fn online_override(&self) -> Option<bool>;
    /// Gets ready for a story with these settings, before the story mounts.
    fn prepare(&self, settings: Settings) -> LocalBoxFuture<'static, ()> {
        let _ = settings;
        Box::pin(async {})
    }
    /// The simulated network, if this backend is one (a resource the reference server
    /// lacks runs on it).
    fn sim_network(&self) -> Option<SimNetwork> {
        None
    }
}
