//! EditableList · Default: the list loads, then every add, rename, tick, delete and move shows at once and is confirmed a moment later.

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
    slug: "default",
    title: "Default",
    summary: "the list loads, then every add, rename, tick, delete and move shows at once and is confirmed a moment later.",
    steps: &[
        "Add an item, double-click a title to rename it, tick, move and delete rows.",
        "Each row shows Saving… until the server confirms it.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "default.rs",
        text: include_str!("default.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default()
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
