//! use_query · Error: the server fails every read; the query retries once, then shows
//! the error and offers to try again.

use yew::prelude::*;
use yew_optimistic::{keys, use_query, QueryOptions, RetryPolicy};

use crate::frame::use_server;
use crate::server::Settings;
use crate::stories::{register_nothing, SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "error",
    title: "Error",
    summary: "a read that fails (503, retryable) is retried once with backoff, then the error is shown; once the server recovers, Try again loads the data.",
    steps: &[
        "The list fails to load: the error names the 503.",
        "Set the failure rate to 0 % and press Try again.",
    ],
    settings,
    register: register_nothing,
    reload: false,
    render,
    files: &[SourceFile {
        name: "error.rs",
        text: include_str!("error.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default()
        .latency(300)
        .failure_rate(100)
        .fail_reads(true)
}

/// Reads the list; shows the error and a way out.
#[component]
fn Groceries() -> Html {
    let source = use_server().list_source();
    let list = use_query(
        QueryOptions::new(keys!["groceries"], move |_ctx| source.fetch("groceries"))
            .retry(RetryPolicy::times(1).delays(300, 1_000)),
    );
    let again = {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| list.refetch())
    };
    html! {
        <div class="query-demo">
            if list.is_loading() {
                <p data-testid="loading">
                    { if list.failure_count > 0 { format!("Loading… (attempt {} failed, retrying)", list.failure_count) } else { "Loading…".to_string() } }
                </p>
            }
            if let (Some(error), false) = (&list.error, list.is_fetching()) {
                <p role="alert" class="error" data-testid="load-error">{ format!("Could not load the list: {error}") }</p>
                <button type="button" onclick={again} data-testid="try-again">{ "Try again" }</button>
            }
            <ul data-testid="items">
                { for list.data.iter().flat_map(|items| items.iter()).map(|item| html! {
                    <li key={item.id.0.clone()} data-testid="item">{ &item.title }</li>
                }) }
            </ul>
        </div>
    }
}

fn render() -> Html {
    html! { <Groceries /> }
}
