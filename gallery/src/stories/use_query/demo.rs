//! The demo of the use_query stories: a list read with `use_query`, showing every field
//! a component usually needs: status, loading, the error with a way out, and refetch.

use yew::prelude::*;
use yew_optimistic::{keys, use_query, QueryOptions};

use crate::frame::use_backend;

/// Reads the list from the simulated server (the client retries a failed read once).
#[component]
pub fn Groceries() -> Html {
    let source = use_backend().list_source();
    let list = use_query(QueryOptions::new(keys!["groceries"], move |ctx| {
        source.fetch("groceries", &ctx)
    }));
    let refetch = {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| list.refetch())
    };
    let status = format!("{:?}", list.status).to_lowercase();
    html! {
        <div class="query-demo">
            <p class="muted" data-testid="status" data-status={status}
                data-fetching={list.is_fetching().to_string()}>
                { format!("status: {:?} · fetch: {:?}", list.status, list.fetch_status) }
            </p>
            if list.is_loading() {
                <p data-testid="loading">
                    if list.failure_count > 0 {
                        { format!("Loading… (attempt {} failed, retrying)", list.failure_count) }
                    } else {
                        { "Loading…" }
                    }
                </p>
            }
            if let (Some(error), false) = (&list.error, list.is_fetching()) {
                <p role="alert" class="error" data-testid="load-error">{ format!("Could not load the list: {error}") }</p>
            }
            <ul data-testid="items">
                { for list.data.iter().flat_map(|items| items.iter()).map(|item| html! {
                    <li key={item.id.0.clone()} data-testid="item">{ &item.title }</li>
                }) }
            </ul>
            if list.error.is_some() && !list.is_fetching() {
                <button type="button" onclick={refetch} data-testid="try-again">{ "Try again" }</button>
            } else {
                <button type="button" onclick={refetch} data-testid="refetch">{ "Refetch" }</button>
            }
        </div>
    }
}
