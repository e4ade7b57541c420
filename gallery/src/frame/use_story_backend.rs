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
    let seeded_by = (kind == BackendKind::Sim).then(|| args.data_key());
    let server = (kind == BackendKind::Http).then(|| http.clone());
    let backend = {
        let args = args.clone();
        use_memo(
            (kind, seeded_by, server),
            move |(_, _, server)| match server {
                None => {
                    // A fresh server starts with no queue left over from another one.
                    client::clear_persisted(BackendKind::Sim);
                    Backend::new(SimServer::seeded((story.settings)(), (page.seed)(&args)))
                }
                Some(http) => Backend::new(http.clone()),
            },
        )
    };
    let ready = use_state_eq(|| kind == BackendKind::Sim);
    {
        let ready = ready.clone();
        use_effect_with((*backend).clone(), move |backend| {
            let prepared = backend.prepare((story.settings)());
            yew::platform::spawn_local(async move {
                prepared.await;
                ready.set(true);
            });
        });
    }
    ((*backend).clone(), *ready)
}
