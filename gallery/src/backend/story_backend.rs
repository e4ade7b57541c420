//! `StoryBackend`: what a story and the controls need of a backend, implemented by the
//! simulated server (`sim.rs`) and the reference server (`http.rs`).

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::editable_list::ListSource;
use yew_optimistic::kanban::BoardSource;
use yew_optimistic::like_button::LikeSource;
use yew_optimistic::SourceRef;

use super::listeners::Registration;
use super::{BackendKind, Settings, Stat};
use crate::server::SimNetwork;
use crate::stories::use_infinite_query::feed_server::FeedSource;

/// The local-storage keys of a client's persisted queue and queries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageKeys {
    /// The queue of mutations.
    pub queue: String,
    /// The persisted queries.
    pub queries: String,
}

/// One backend a story runs against, driven the same way whichever it is.
pub trait StoryBackend {
    /// Which one it is (its name in the URL and on the frame; what differs between
    /// the two is asked of the trait, not of this).
    fn kind(&self) -> BackendKind;
    /// What the controls call it, above its counters.
    fn heading(&self) -> &'static str;
    /// Where a client of it persists its queue and its chosen queries.
    fn storage_keys(&self) -> StorageKeys;
    /// The seed of the idempotency keys of a client made for the `generation`th time
    /// (`None`: the browser's randomness).
    fn client_seed(&self, generation: u32) -> Option<u64>;
    /// The tab id a client shares its queue under with the origin's other tabs (`None`:
    /// this page alone).
    fn tab_id(&self) -> Option<String>;
    /// Whether its data is seeded from the page's args (the rows of a list): only then
    /// do the knobs of those args do anything.
    fn seeded_by_args(&self) -> bool;
    /// The list API, as an editable list takes it: `backend.list_source()` is what an
    /// app passes as its API client.
    fn list_source(&self) -> SourceRef<dyn ListSource>;
    /// The likes API, as a like button takes it.
    fn like_source(&self) -> SourceRef<dyn LikeSource>;
    /// The board API, as a kanban board takes it.
    fn board_source(&self) -> SourceRef<dyn BoardSource>;
    /// A new feed API, as the infinite feed takes it (a simulated feed keeps its posts
    /// as long as what holds it).
    fn feed_source(&self) -> Rc<dyn FeedSource>;
    /// The current settings.
    fn settings(&self) -> Settings;
    /// Changes the settings.
    fn update_with(&self, change: &mut dyn FnMut(&mut Settings));
    /// The counters.
    fn stats(&self) -> Vec<Stat>;
    /// The server's log, newest last (`None` where the server logs elsewhere).
    fn log(&self) -> Option<Vec<String>> {
        None
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
    /// Gets ready for a story with these settings, before the story mounts (`None`:
    /// ready at once).
    fn prepare(&self, settings: Settings) -> Option<LocalBoxFuture<'static, ()>> {
        let _ = settings;
        None
    }
    /// The simulated network, if this backend is one (a resource the reference server
    /// lacks runs on it).
    fn sim_network(&self) -> Option<SimNetwork> {
        None
    }
}
