//! `use_story_backend`: the backend a story runs against, and whether it is ready for
//! the story.

use yew::prelude::*;

use super::client;
use crate::args::Args;
use crate::backend::{Backend, BackendKind, HttpServer};
use crate::server::SimServer;
use crate::stories::{PageDef, Story};

/// The story's backend of `kind`, and whether the story may mount on it yet (the
/// reference server is told the story's settings first).
///
/// The simulated server outlives every client of this story ("Reload" must find it as
/// it was); only args that seed its data (rows, cards) give the story a new one. The
/// reference server is the same for every story.
#[hook]
pub fn use_story_backend(
    kind: BackendKind,
    http: &HttpServer,
    story: Story,
    page: &'static PageDef,
    args: &Args,
) -> (Backend, bool) {
    // The one place the kind is turned into a backend; from here on the backend says
    // what differs.
    let server = match kind {
        BackendKind::Sim => None,
        BackendKind::Http => Some(http.clone()),
    };
    let seeded_by = server.is_none().then(|| args.data_key());
    let backend = {
        let args = args.clone();
        use_memo((seeded_by, server), move |(_, server)| match server {
            None => {
                let sim = Backend::new(SimServer::seeded((story.settings)(), (page.seed)(&args)));
                // A fresh server starts with no queue left over from another one.
                client::clear_persisted(&sim);
                sim
            }
            Some(http) => Backend::new(http.clone()),
        })
    };
    // A backend with nothing to prepare mounts the story on the first render. (The
    // future `prepare` returns does nothing until polled: asking is free.)
    let ready = use_state_eq(|| backend.prepare((story.settings)()).is_none());
    {
        let ready = ready.clone();
        use_effect_with((*backend).clone(), move |backend| {
            match backend.prepare((story.settings)()) {
                None => ready.set(true),
                Some(prepared) => yew::platform::spawn_local(async move {
                    prepared.await;
                    ready.set(true);
                }),
            }
        });
    }
    ((*backend).clone(), *ready)
}
