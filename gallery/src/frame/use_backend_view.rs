//! `use_backend_view`: the backend's settings, counters and log, re-read whenever they
//! change (and, for the reference server, polled: other tabs and scripts change it too).

use yew::prelude::*;

use crate::backend::{Backend, Settings, Stat};

/// What the controls panel shows.
#[derive(Clone, PartialEq)]
pub struct BackendView {
    /// Current settings.
    pub settings: Settings,
    /// Counters.
    pub stats: Vec<Stat>,
    /// The server's log, newest last, where the page keeps it (the simulated server's).
    pub log: Option<Vec<String>>,
    /// Why the backend cannot be reached, if it cannot.
    pub error: Option<String>,
}

/// The backend's current state; the component re-renders when it changes.
#[hook]
pub fn use_backend_view(backend: &Backend) -> BackendView {
    let update = yew_hooks::use_update();
    {
        use_effect_with(backend.clone(), move |backend| {
            let registration = backend.subscribe({
                let update = update.clone();
                move || update()
            });
            // Requests sent between the first render and this subscription (a story's
            // first fetch) would otherwise be missing until the next change.
            update();
            backend.refresh();
            move || drop(registration)
        });
    }
    let polled = backend.clone();
    let every = backend.poll_ms();
    yew_hooks::use_interval(move || polled.refresh(), every);
    BackendView {
        settings: backend.settings(),
        stats: backend.stats(),
        log: backend.log(),
        error: backend.error(),
    }
}
