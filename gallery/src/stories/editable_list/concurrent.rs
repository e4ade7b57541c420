//! EditableList · Concurrent: overlapping edits: changes to one row are serialised in its scope, changes to different rows run side by side, and no refetch lands between them.

use yew::prelude::*;
use yew_optimistic::editable_list::{list_mutation_key, list_mutation_options, EditableList};
use yew_optimistic::QueryClient;

use crate::frame::use_server;
use crate::server::{Settings, SimServer};
use crate::stories::{SourceFile, Story};

/// The list this story edits.
const LIST: &str = "groceries";

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "concurrent",
    title: "Concurrent",
    summary: "overlapping edits: changes to one row are serialised in its scope, changes to different rows run side by side, and no refetch lands between them.",
    steps: &[
        "Tick the same row several times quickly: every click paints, the requests go one at a time.",
        "Tick different rows: their requests overlap.",
        "The list ends in the state of your last clicks; the server agrees.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "concurrent.rs",
        text: include_str!("concurrent.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

/// Runs on every new client before it mounts: the component's own mutation definition,
/// so changes can be persisted and restored.
fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        list_mutation_key(),
        list_mutation_options(server.list_source(), LIST),
    );
}

/// The list, fed by the simulated server.
#[function_component]
fn Groceries() -> Html {
    let server = use_server();
    html! {
        <EditableList source={server.list_source()} list={LIST} label="Groceries" />
    }
}

fn render() -> Html {
    html! { <Groceries /> }
}
