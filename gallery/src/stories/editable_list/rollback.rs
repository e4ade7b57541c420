//! EditableList · Rollback: a failure while other edits are pending: only the failed change is rolled back; the edits still in flight stay on screen and are confirmed.

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
    slug: "rollback",
    title: "Rollback",
    summary: "a failure while other edits are pending: only the failed change is rolled back; the edits still in flight stay on screen and are confirmed.",
    steps: &[
        "Press “Fail the next request”, then add an item: that request is doomed.",
        "Within two seconds, tick two other rows.",
        "The add is rolled back alone; the ticks stay and are confirmed.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "rollback.rs",
        text: include_str!("rollback.rs"),
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
