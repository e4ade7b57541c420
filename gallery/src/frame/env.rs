//! What a story reads from the gallery: the simulated server (its data sources).

use yew::prelude::*;

use crate::server::SimServer;

/// The simulated server of the story being shown, as stories reach it with
/// [`use_server`].
#[derive(Clone, PartialEq)]
pub struct StoryEnv {
    /// The server: `server.list_source()` and friends are what an app would pass as
    /// its API clients.
    pub server: SimServer,
}

/// The simulated server of the current story.
///
/// # Panics
///
/// Outside a story frame: a wiring mistake in the gallery.
#[hook]
pub fn use_server() -> SimServer {
    use_context::<StoryEnv>()
        .map(|env| env.server)
        .expect("use_server: a story must be rendered inside a StoryFrame")
}
