//! What a story reads from the gallery: its backend (the data sources an app would pass
//! as its API clients).

use yew::prelude::*;

use crate::backend::Backend;

/// The backend of the story being shown, as stories reach it with [`use_backend`].
#[derive(Clone, PartialEq)]
pub struct StoryEnv {
    /// `backend.list_source()` and friends are what an app would pass as its API
    /// clients.
    pub backend: Backend,
}

/// The backend of the current story: the simulated server, or the reference server.
///
/// # Panics
///
/// Outside a story frame: a wiring mistake in the gallery.
#[hook]
pub fn use_backend() -> Backend {
    use_context::<StoryEnv>()
        .map(|env| env.backend)
        .expect("use_backend: a story must be rendered inside a StoryFrame")
}
