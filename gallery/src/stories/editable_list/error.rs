//! EditableList · Error: every write fails with a 503: the row shows the failure with Retry and Dismiss, and the change is rolled back; an empty title gets a 422.

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
    slug: "error",
    title: "Error",
    summary: "every write fails with a 503: the row shows the failure with Retry and Dismiss, and the change is rolled back; an empty title gets a 422.",
    steps: &[
        "Add an item: it appears, then is rolled back with the server’s message.",
        "Set the failure rate to 0 % and press Retry.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "error.rs",
        text: include_str!("error.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(600).failure_rate(100)
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
