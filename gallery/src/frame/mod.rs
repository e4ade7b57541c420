//! The frame around a story: its backend (the simulated server, kept outside the provider
//! so it survives "Reload", or the reference server), its query client, the args panel
//! (the component's props), the controls (the backend), devtools and source panels.

mod args_panel;
mod client;
mod controls;
mod devtools;
mod env;
mod source_panel;
mod use_backend_view;

use yew::prelude::*;
use yew_optimistic::feedback::ToastRegion;
use yew_optimistic::theme::{Theme, ThemeRoot};
use yew_optimistic::{QueryClient, QueryClientProvider};

pub use env::{use_backend, StoryEnv};

use crate::args::Args;
use crate::backend::{Backend, BackendChoice, BackendKind};
use crate::route::ArgValues;
use crate::server::SimServer;
use crate::stories::{PageDef, SourceFile, Story};
use args_panel::ArgsPanel;
use controls::Controls;
use devtools::Devtools;
use source_panel::SourcePanel;
use use_backend_view::use_backend_view;

/// Props of [`StoryFrame`].
#[derive(Properties, PartialEq)]
pub struct StoryFrameProps {
    /// The page the story is on (its args, files and seed).
    pub page: &'static PageDef,
    /// The story. Give the frame a `key` per story: a new story gets a new backend.
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

/// One story with everything around it, once the gallery knows its backend.
#[component]
pub fn StoryFrame(props: &StoryFrameProps) -> Html {
    let choice =
        use_context::<BackendChoice>().expect("StoryFrame: the app provides the backend choice");
    match choice.kind {
        None => html! {
            <p class="muted" data-testid="connecting">{ "Looking for the reference server…" }</p>
        },
        Some(kind) => html! {
            // A new backend, a new frame: nothing of one backend's story leaks into the
            // other's.
            <StoryRun key={kind.slug()} {kind} {choice} page={props.page} story={props.story}
                args={props.args.clone()} on_args={props.on_args.clone()} />
        },
    }
}

#[derive(Properties, PartialEq)]
struct StoryRunProps {
    kind: BackendKind,
    choice: BackendChoice,
    page: &'static PageDef,
    story: Story,
    args: Args,
    on_args: Callback<ArgValues>,
}

/// The story on one backend.
#[component]
fn StoryRun(props: &StoryRunProps) -> Html {
    let (story, page, args, kind) = (props.story, props.page, props.args.clone(), props.kind);
    // The simulated server outlives every client of this story ("Reload" must find it as
    // it was); only args that seed its data (rows, cards) give the story a new one. The
    // reference server is the same for every story.
    let backend = {
        let http = props.choice.http.clone();
        use_memo((kind, args.data_key()), move |(kind, _)| match kind {
            BackendKind::Sim => {
                // A fresh server starts with no queue left over from another one.
                client::clear_persisted(BackendKind::Sim);
                Backend::Sim(SimServer::seeded((story.settings)(), (page.seed)(&args)))
            }
            BackendKind::Http => Backend::Http(http),
        })
    };
    // The reference server is told the story's settings before the story mounts.
    let ready = use_state(|| kind == BackendKind::Sim);
    {
        let ready = ready.clone();
        use_effect_with((*backend).clone(), move |backend| {
            if let Backend::Http(server) = backend {
                let server = server.clone();
                yew::platform::spawn_local(async move {
                    server.apply_story(&(story.settings)()).await;
                    ready.set(true);
                });
            }
        });
    }
    let view = use_backend_view(&backend);
    let generation = use_state(|| 0_u32);
    let retries = use_state(|| 0_u32);
    // A new client per reload, per retry count and per change of args (its definitions
    // are registered with them), over the same storage: what a page reload with new
    // props does.
    let client_key = format!(
        "{}/{}/{}/{}",
        *generation,
        *retries,
        props.args.key(),
        props.args.data_key()
    );
    let client = {
        let (backend, args) = ((*backend).clone(), props.args.clone());
        use_memo(
            (*generation, *retries, props.args.key(), kind),
            move |(g, r, _, _)| client::make_client(&story, &backend, *g, &args, *r),
        )
    };

    let on_reload = {
        let (generation, client) = (generation.clone(), client.clone());
        Callback::from(move |()| {
            // As the page does when it is hidden: nothing waits for the write throttle.
            client.persist_queries_now();
            generation.set(*generation + 1)
        })
    };
    let on_reset = {
        let generation = generation.clone();
        let backend = (*backend).clone();
        Callback::from(move |()| {
            client::clear_persisted(backend.kind());
            backend.reset_data();
            generation.set(*generation + 1)
        })
    };
    let on_retries = {
        let retries = retries.clone();
        Callback::from(move |n: u32| retries.set(n))
    };
    let env = StoryEnv {
        backend: (*backend).clone(),
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
    let online = backend.online_override();

    html! {
        <div class={classes!("story-frame", page.wide.then_some("wide"))} data-story={story.slug}
            data-backend={kind.slug()} data-generation={generation.to_string()}>
            <section class="panel preview" aria-label="Story">
                if *ready {
                    <QueryClientProvider key={client_key.clone()} client={Some((*client).clone())} {online}>
                        <ContextProvider<StoryEnv> context={env}>
                            <ContextProvider<Args> context={props.args.clone()}>
                                // Components report failures to the nearest toast region.
                                <ToastRegion>{ canvas }</ToastRegion>
                            </ContextProvider<Args>>
                        </ContextProvider<StoryEnv>>
                    </QueryClientProvider>
                } else {
                    <p class="muted" data-testid="connecting">{ "Setting up the server for this story…" }</p>
                }
            </section>
            <div class="side">
                <ArgsPanel args={props.args.clone()} on_change={props.on_args.clone()} />
                <Controls backend={(*backend).clone()} view={view.clone()} choice={props.choice.clone()}
                    reload={story.reload} {on_reload} {on_reset} retries={*retries} {on_retries} />
            </div>
            // The client as plain context: a second provider would restore the queue
            // again and follow the browser's network state instead of the backend's.
            <ContextProvider<QueryClient> key={client_key} context={(*client).clone()}>
                <Devtools />
            </ContextProvider<QueryClient>>
            <SourcePanel {files} />
        </div>
    }
}
