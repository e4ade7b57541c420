//! EditableList · Optimistic: a slow server (2 s): the new item is in the list in the frame of the click, marked pending (data-state=pending), and confirmed when the server answers.

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
    slug: "optimistic",
    title: "Optimistic",
    summary: "a slow server (2 s): the new item is in the list in the frame of the click, marked pending (data-state=pending), and confirmed when the server answers.",
    steps: &[
        "Add an item: it appears at once with data-state=pending.",
        "Two seconds later it is confirmed.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "optimistic.rs",
        text: include_str!("optimistic.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(2_000)
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
