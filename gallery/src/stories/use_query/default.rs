//! use_query · Default: a list read from the server, with its status and a refetch.

use yew::prelude::*;
use yew_optimistic::{keys, use_query, QueryOptions};

use crate::frame::use_server;
use crate::server::Settings;
use crate::stories::{register_nothing, SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "default",
    title: "Default",
    summary: "use_query fetches on mount, shows Loading… until data arrives, and refetches on demand while the old data stays on screen.",
    steps: &[
        "Watch the status go from pending to success as the list loads.",
        "Press Refetch: the fetch status is fetching while the list stays visible.",
    ],
    settings,
    register: register_nothing,
    reload: false,
    render,
    files: &[SourceFile {
        name: "default.rs",
        text: include_str!("default.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

/// Reads the list and shows every field a component usually needs.
#[component]
fn Groceries() -> Html {
    let source = use_server().list_source();
    let list = use_query(QueryOptions::new(keys!["groceries"], move |_ctx| {
        source.fetch("groceries")
    }));
    let refetch = {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| list.refetch())
    };
    html! {
        <div class="query-demo">
            <p class="muted" data-testid="status" data-status={format!("{:?}", list.status).to_lowercase()}
                data-fetching={list.is_fetching().to_string()}>
                { format!("status: {:?} · fetch: {:?}", list.status, list.fetch_status) }
            </p>
            if list.is_loading() {
                <p data-testid="loading">{ "Loading…" }</p>
            }
            <ul data-testid="items">
                { for list.data.iter().flat_map(|items| items.iter()).map(|item| html! {
                    <li key={item.id.0.clone()} data-testid="item">{ &item.title }</li>
                }) }
            </ul>
            <button type="button" onclick={refetch} data-testid="refetch">{ "Refetch" }</button>
        </div>
    }
}

fn render() -> Html {
    html! { <Groceries /> }
}
