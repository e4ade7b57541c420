//! use_optimistic_mutation · Concurrent: rapid clicks on one item run one at a time in
//! their scope, and a refetch that lands meanwhile is rebased under the pending layers.

use yew::prelude::*;
use yew_optimistic::{use_query_client, QueryFilter};

use super::todos::{list_key, register, TodoList};
use crate::server::Settings;
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "concurrent",
    title: "Concurrent",
    summary: "many overlapping changes: changes to one item share the scope todo/<id> and are sent in order, one at a time; changes to different items run side by side; a refetch while they are pending does not flicker.",
    steps: &[
        "Tick the first item five times quickly: each click paints at once.",
        "Watch the server log: the five requests arrive one after another, in order.",
        "Press “Refetch now” while changes are pending: the fresh list is rebased under them.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[
        SourceFile {
            name: "concurrent.rs",
            text: include_str!("concurrent.rs"),
        },
        SourceFile {
            name: "todos.rs",
            text: include_str!("todos.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default().latency(800)
}

/// The list, with a button that refetches it while changes are in flight.
#[component]
fn ConcurrentStory() -> Html {
    let client = use_query_client();
    let refetch = Callback::from(move |_: MouseEvent| {
        // No cancel_queries first: pending layers are re-applied on the new data.
        client.refetch_queries(&QueryFilter::key(list_key()));
    });
    html! {
        <>
            <TodoList />
            <p class="story-actions">
                <button type="button" onclick={refetch} data-testid="refetch">{ "Refetch now" }</button>
            </p>
        </>
    }
}

fn render() -> Html {
    html! { <ConcurrentStory /> }
}
