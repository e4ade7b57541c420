//! The frame around a story: its simulated server (kept outside the provider, so it
//! survives "Reload"), its query client, the args panel (the component's props), the
//! controls (the server), devtools and source panels.

mod args_panel;
mod client;
mod controls;
mod devtools;
mod env;
mod online_sync;
mod source_panel;
mod use_net;

use yew::prelude::*;
use yew_optimistic::feedback::ToastRegion;
use yew_optimistic::theme::{Theme, ThemeRoot};
use yew_optimistic::{QueryClient, QueryClientProvider};

pub use client::clear_persisted;
pub use env::{use_server, StoryEnv};

use crate::args::Args;
use crate::route::ArgValues;
use crate::server::SimServer;
use crate::stories::{PageDef, SourceFile, Story};
use args_panel::ArgsPanel;
use controls::Controls;
use devtools::Devtools;
use online_sync::OnlineSync;
use source_panel::SourcePanel;
use use_net::use_net;

/// Props of [`StoryFrame`].
#[derive(Properties, PartialEq)]
pub struct StoryFrameProps {
    /// The page the story is on (its args, files and seed).
    pub page: &'static PageDef,
    /// The story. Give the frame a `key` per story: a new story gets a new server.
    pub story: Story,
    /// The values of the page's args.
    pub args: Args,
    /// New arg values from the args panel.
    pub on_args: Callback<ArgValues>,
}

/// The canvas's own theme, when the `theme` arg asks for one (`None`: the gallery's).
fn canvas_theme(args: &Args) -> Option<Option<Theme>> {
    match args.get("theme").as_str() {
        "light" => Some(Some(Theme::Light)),
        "dark" => Some(Some(Theme::Dark)),
        "system" => Some(None),
        _ => None,
    }
}

/// One story with everything around it.
#[component]
pub fn StoryFrame(props: &StoryFrameProps) -> Html {
    let (story, page, args) = (props.story, props.page, props.args.clone());
    // The server outlives every client of this story ("Reload" must find it as it was);
    // only args that seed its data (rows, cards) give the story a new one.
    let server = use_memo(args.data_key(), move |_| {
        // A fresh server starts with no queue left over from another one.
        clear_persisted();
        SimServer::seeded((story.settings)(), (page.seed)(&args))
    });
    let generation = use_state(|| 0_u32);
    // A new client per reload and per change of args (its definitions are registered
    // with them), over the same storage: what a page reload with new props does.
    let client_key = format!(
        "{}/{}/{}",
        *generation,
        props.args.key(),
        props.args.data_key()
    );
    let client = {
        let (server, args) = ((*server).clone(), props.args.clone());
        use_memo((*generation, props.args.key()), move |(g, _)| {
            client::make_client(&story, &server, *g, &args)
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
            generation.set(*generation + 1)
        })
    };
    let env = StoryEnv {
        server: (*server).clone(),
    };
    let canvas = html! { <div class="canvas" data-testid="canvas">{ (story.render)() }</div> };
    let canvas = match canvas_theme(&props.args) {
        Some(theme) => html! { <ThemeRoot {theme}>{ canvas }</ThemeRoot> },
        None => canvas,
    };
    let files: Vec<SourceFile> = story
        .own_file
        .into_iter()
        .chain(page.files.iter().copied())
        .collect();

    html! {
        <div class={classes!("story-frame", page.wide.then_some("wide"))} data-story={story.slug} data-generation={generation.to_string()}>
            <section class="panel preview" aria-label="Story">
                <QueryClientProvider key={client_key.clone()} client={Some((*client).clone())}>
                    <OnlineSync online={!view.settings.offline} />
                    <ContextProvider<StoryEnv> context={env}>
                        <ContextProvider<Args> context={props.args.clone()}>
                            // Components report failures to the nearest toast region.
                            <ToastRegion>{ canvas }</ToastRegion>
                        </ContextProvider<Args>>
                    </ContextProvider<StoryEnv>>
                </QueryClientProvider>
            </section>
            <div class="side">
                <ArgsPanel args={props.args.clone()} on_change={props.on_args.clone()} />
                <Controls server={(*server).clone()} client={(*client).clone()} reload={story.reload}
                    {on_reload} {on_reset} />
            </div>
            // The client as plain context: a second provider would set it online from
            // `navigator.onLine` and wake a queue the story keeps offline.
            <ContextProvider<QueryClient> key={client_key} context={(*client).clone()}>
                <Devtools />
            </ContextProvider<QueryClient>>
            <SourcePanel {files} />
        </div>
    }
}
