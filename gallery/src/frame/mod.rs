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
mod use_story_backend;
mod use_story_client;

use yew::prelude::*;
use yew_optimistic::feedback::ToastRegion;
use yew_optimistic::theme::{Theme, ThemeRoot};
use yew_optimistic::{QueryClient, QueryClientProvider};

pub use env::{use_backend, StoryEnv};

use crate::args::Args;
use crate::backend::{BackendChoice, BackendKind};
use crate::route::ArgValues;
use crate::stories::{PageDef, SourceFile, Story};
use args_panel::ArgsPanel;
use controls::Controls;
use devtools::Devtools;
use source_panel::SourcePanel;
use use_backend_view::use_backend_view;
use use_story_backend::use_story_backend;
use use_story_client::{use_story_client, StoryClient};

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

/// The story itself, in the theme its args ask for, if any.
fn canvas(story: Story, args: &Args) -> Html {
    let canvas = html! { <div class="canvas" data-testid="canvas">{ (story.render)() }</div> };
    match canvas_theme(args) {
        Some(theme) => html! { <ThemeRoot {theme}>{ canvas }</ThemeRoot> },
        None => canvas,
    }
}

/// The files shown below the story: its own first, then the page's.
fn shown_files(story: Story, page: &PageDef) -> Vec<SourceFile> {
    story
        .own_file
        .into_iter()
        .chain(page.files.iter().copied())
        .collect()
}

/// The story on one backend.
#[component]
fn StoryRun(props: &StoryRunProps) -> Html {
    let (story, page, kind) = (props.story, props.page, props.kind);
    let (backend, ready) = use_story_backend(kind, &props.choice.http, story, page, &props.args);
    let view = use_backend_view(&backend);
    let StoryClient {
        client,
        key: client_key,
        generation,
        retries,
        on_reload,
        on_reset,
        on_retries,
    } = use_story_client(story, &backend, &props.args);
    let env = StoryEnv {
        backend: backend.clone(),
    };
    let canvas = canvas(story, &props.args);
    let files = shown_files(story, page);
    let online = backend.online_override();
    let seeded_by_args = backend.seeded_by_args();
    let reaches = page.on_reference_server || backend.sim_network().is_some();

    html! {
        <div class={classes!("story-frame", page.wide.then_some("wide"))} data-story={story.slug}
            data-backend={kind.slug()} data-generation={generation.to_string()}>
            <section class="panel preview" aria-label="Story">
                if ready {
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
                <ArgsPanel args={props.args.clone()} on_change={props.on_args.clone()}
                    {seeded_by_args} />
                <Controls {backend} view={view.clone()} {reaches} choice={props.choice.clone()}
                    reload={story.reload} {on_reload} {on_reset} {retries} {on_retries} />
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
