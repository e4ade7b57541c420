//! `use_story_client`: a story's query client, made again on "Reload", on a new retry
//! count and on new args, and what the controls do to it.

use std::rc::Rc;
use yew::prelude::*;
use yew_optimistic::{QueryClient, QueryFilter};

use super::client;
use crate::args::Args;
use crate::backend::Backend;
use crate::stories::Story;

/// A story's client and the controls' actions on it.
pub struct StoryClient {
    /// The client.
    pub client: Rc<QueryClient>,
    /// Changes whenever the client does: the provider is keyed by it.
    pub key: String,
    /// How many times the story was reloaded or reset.
    pub generation: u32,
    /// The retry count the client was made with.
    pub retries: u32,
    /// "Reload": a new client over the same storage and server.
    pub on_reload: Callback<()>,
    /// "Reset": the server's seed data back and nothing persisted, then a new client.
    pub on_reset: Callback<()>,
    /// A new retry count.
    pub on_retries: Callback<u32>,
}

/// A new client per reload, per retry count and per change of args (its definitions
/// are registered with them), over the same storage: what a page reload with new props
/// does.
#[hook]
pub fn use_story_client(story: Story, backend: &Backend, args: &Args) -> StoryClient {
    let generation = use_state(|| 0_u32);
    let retries = use_state(|| 0_u32);
    let key = format!(
        "{}/{}/{}/{}",
        *generation,
        *retries,
        args.key(),
        args.data_key()
    );
    let client = {
        let (backend, args) = (backend.clone(), args.clone());
        let deps = (*generation, *retries, args.key(), backend.kind());
        use_memo(deps, move |(g, r, _, _)| {
            client::make_client(&story, &backend, *g, &args, *r)
        })
    };
    // A story that unmounts, or a client replaced (reload, retries, args), leaves no
    // read of its own running: its requests are aborted on the network, as a page's are
    // when it goes.
    use_effect_with(client.clone(), |client| {
        let client = client.clone();
        move || client.cancel_queries(&QueryFilter::all())
    });
    let on_reload = {
        let (generation, client) = (generation.clone(), client.clone());
        Callback::from(move |()| {
            // As the page does when it is hidden: nothing waits for the write throttle.
            client.persist_queries_now();
            generation.set(*generation + 1)
        })
    };
    let on_reset = {
        let (generation, backend) = (generation.clone(), backend.clone());
        Callback::from(move |()| {
            client::clear_persisted(&backend);
            backend.reset_data();
            generation.set(*generation + 1)
        })
    };
    let on_retries = {
        let retries = retries.clone();
        Callback::from(move |n: u32| retries.set(n))
    };
    StoryClient {
        client,
        key,
        generation: *generation,
        retries: *retries,
        on_reload,
        on_reset,
        on_retries,
    }
}
