//! The frame around a story: its simulated server (kept outside the provider, so it
//! survives "Reload"), its query client, the controls, devtools and source panels.

mod client;
mod controls;
mod devtools;
mod env;
mod online_sync;
mod source_panel;
mod use_net;

use yew::prelude::*;
use yew_optimistic::feedback::ToastRegion;
use yew_optimistic::{QueryClient, QueryClientProvider};

pub use client::clear_persisted;
pub use env::{use_server, StoryEnv};

use crate::server::SimServer;
use crate::stories::Story;
use controls::Controls;
use devtools::Devtools;
use online_sync::OnlineSync;
use source_panel::SourcePanel;
use use_net::use_net;

/// Props of [`StoryFrame`].
#[derive(Properties, PartialEq)]
pub struct StoryFrameProps {
    /// The story. Give the frame a `key` per story: a new story gets a new server.
    pub story: Story,
    /// Full width for the story, controls and devtools below.
    #[prop_or_default]
    pub wide: bool,
}

/// One story with everything around it.
#[component]
pub fn StoryFrame(props: &StoryFrameProps) -> Html {
    let story = props.story;
    // The server outlives every client of this story: "Reload" must find it as it was.
    let server = use_memo((), move |_| {
        // A fresh story starts with no queue left over from another one.
        clear_persisted();
        SimServer::new((story.settings)())
    });
    let generation = use_state(|| 0_u32);
    let client = {
        let server = (*server).clone();
        use_memo(*generation, move |g| {
            client::make_client(&story, &server, *g)
        })
    };
    let view = use_net(&server.net);

    let on_reload = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(*generation + 1))
    };
    let on_reset = {
        let generation = generation.clone();
        let server = (*server).clone();
        Callback::from(move |()| {
            clear_persisted();
            server.reset_data();
            server.net.update(|s| s.fail_next = false);
            generation.set(*generation + 1);
        })
    };
    let env = StoryEnv {
        server: (*server).clone(),
    };

    html! {
        <div class={classes!("story-frame", props.wide.then_some("wide"))} data-story={story.slug} data-generation={generation.to_string()}>
            <section class="panel preview" aria-label="Story">
                <QueryClientProvider key={*generation} client={Some((*client).clone())}>
                    <OnlineSync online={!view.settings.offline} />
                    <ContextProvider<StoryEnv> context={env}>
                        // Components report failures to the nearest toast region.
                        <ToastRegion>
                            <div class="canvas" data-testid="canvas">{ (story.render)() }</div>
                        </ToastRegion>
                    </ContextProvider<StoryEnv>>
                </QueryClientProvider>
            </section>
            <Controls server={(*server).clone()} client={(*client).clone()} reload={story.reload}
                {on_reload} {on_reset} />
            // The client as plain context: a second provider would set it online from
            // `navigator.onLine` and wake a queue the story keeps offline.
            <ContextProvider<QueryClient> key={*generation} context={(*client).clone()}>
                <Devtools />
            </ContextProvider<QueryClient>>
            <SourcePanel files={story.files} />
        </div>
    }
}
