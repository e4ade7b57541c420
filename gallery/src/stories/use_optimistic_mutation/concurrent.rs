//! use_optimistic_mutation · Concurrent: rapid clicks on one item run one at a time in
//! their scope, and a refetch that lands meanwhile is rebased under the pending layers.

use yew::prelude::*;
use yew_optimistic::{use_query_client, QueryFilter};

use super::demo::TodoList;
use super::mutation::list_key;

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

/// The story.
pub fn render() -> Html {
    html! { <ConcurrentStory /> }
}
