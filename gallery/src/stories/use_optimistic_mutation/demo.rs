//! A to-do list written with the hooks alone (`use_query`, `use_optimistic_mutation`,
//! `use_mutation_state`): the pattern the ready `EditableList` packages. Every story on
//! this page renders it against a differently behaving server; its one mutation is in
//! `mutation.rs`.

use std::collections::HashMap;

use yew::prelude::*;
use yew_optimistic::editable_list::{Item, ItemId, ListChange};
use yew_optimistic::feedback::{ItemState, StateMark};
use yew_optimistic::{
    use_mutation_state, use_optimistic_mutation, use_query, MutationFilter, MutationStatus,
    QueryOptions, UseMutationHandle,
};

use super::mutation::{change_key, change_options, list_key, policy, LIST};
use crate::args::use_args;
use crate::frame::use_backend;
use crate::support::text_form::TextForm;

/// A new id, made in the browser so the row keeps it from the first frame on.
fn new_id() -> ItemId {
    ItemId(format!("t{}", js_sys::Date::now() as u64 % 100_000_000))
}

/// What the list shows about each item with unsettled changes.
fn item_states(changes: &[(ItemId, MutationStatus)]) -> HashMap<ItemId, MutationStatus> {
    changes
        .iter()
        .filter(|(_, status)| status.is_unsettled())
        .cloned()
        .collect()
}

/// The mutation the list sends its changes through.
type Change = UseMutationHandle<ListChange, ()>;

/// One row: its box ticks it and its button deletes it, through `change`; `status` is
/// that of its unsettled change, if it has one.
fn todo_row(item: &Item, status: Option<MutationStatus>, change: &Change) -> Html {
    let state = if status.is_some() {
        ItemState::Pending
    } else {
        ItemState::Confirmed
    };
    let paused = status == Some(MutationStatus::Paused);
    let toggle = {
        let change = change.clone();
        let (id, done) = (item.id.clone(), !item.done);
        Callback::from(move |_: Event| {
            change.mutate(ListChange::Toggle {
                id: id.clone(),
                done,
            });
        })
    };
    let delete = {
        let change = change.clone();
        let id = item.id.clone();
        Callback::from(move |_: MouseEvent| {
            change.mutate(ListChange::Delete { id: id.clone() });
        })
    };
    html! {
        <li key={item.id.0.clone()} class="todo" data-testid="item" data-id={item.id.0.clone()}
            data-state={state.as_str()} data-paused={paused.to_string()}>
            <input type="checkbox" checked={item.done} onchange={toggle} data-testid="toggle"
                aria-label={format!("Done: {}", item.title)} />
            <span class={classes!("title", item.done.then_some("done"))} data-testid="title">{ &item.title }</span>
            if paused { <span class="paused-note">{ "waiting for network" }</span> }
            <StateMark {state} />
            <button type="button" class="icon" onclick={delete} data-testid="delete"
                aria-label={format!("Delete {}", item.title)}>{ "✕" }</button>
        </li>
    }
}

/// The refused changes, newest first, with a retry of the last one while it is the
/// mutation's state.
fn failures_view(failures: &[String], change: &Change) -> Html {
    if failures.is_empty() {
        return html! {};
    }
    let retry = {
        let change = change.clone();
        Callback::from(move |_: MouseEvent| {
            change.retry();
        })
    };
    html! {
        <div class="failures">
            { for failures.iter().rev().take(3).map(|f| html! {
                <p role="alert" class="error" data-testid="error">{ f }</p>
            }) }
            if change.is_error() {
                <button type="button" onclick={retry} data-testid="retry">{ "Retry the last change" }</button>
            }
        </div>
    }
}

/// Every refused change, oldest first, in words.
#[hook]
fn use_failures() -> Vec<String> {
    use_mutation_state(
        MutationFilter::key(change_key()).status(MutationStatus::Error),
        |m| {
            let what = m
                .variables::<ListChange>()
                .map(ListChange::describe)
                .unwrap_or_default();
            let why = m
                .error
                .as_ref()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            format!("Could not {what}: {why}")
        },
    )
}

/// Props of [`TodoList`].
#[derive(Properties, PartialEq)]
pub struct TodoListProps {
    /// The list's heading.
    #[prop_or(AttrValue::Static("Groceries"))]
    pub title: AttrValue,
}

/// The list, its input, per-row state and the failures.
#[component]
pub fn TodoList(props: &TodoListProps) -> Html {
    let backend = use_backend();
    let source = backend.list_source();
    let todos = use_query(QueryOptions::new(list_key(), {
        let source = source.clone();
        move |ctx| source.fetch(LIST, &ctx)
    }));
    let args = use_args();
    let change = use_optimistic_mutation(change_options(source, policy(&args)));
    // Every unsettled or failed change, oldest first, as (item, status).
    let changes = use_mutation_state(MutationFilter::key(change_key()), |m| {
        m.variables::<ListChange>()
            .map(|c| (c.item().clone(), m.status))
            .unwrap_or((ItemId(String::new()), m.status))
    });
    let failures = use_failures();
    let states = item_states(&changes);
    let rows = todos
        .data
        .iter()
        .flat_map(|items| items.iter())
        .map(|item| todo_row(item, states.get(&item.id).copied(), &change));
    html! {
        <div class="todo-list" aria-busy={todos.is_fetching().to_string()}>
            <header class="todo-head">
                <h3>{ props.title.clone() }</h3>
                <span class="muted" data-testid="query-status">
                    { if todos.is_loading() { "Loading…" } else if todos.is_paused() { "Waiting for network" }
                      else if todos.is_fetching() { "Refreshing…" } else { "Up to date" } }
                </span>
            </header>
            // An empty title goes to the server on purpose: its 422 shows a validation
            // failure rolling back.
            <TextForm on_send={change.mutate_callback().reform(|title| ListChange::Add { id: new_id(), title })}
                placeholder="Add an item…" label="New item" button="Add" field_id="new-title" button_id="add" />
            if let Some(error) = &todos.error {
                if todos.data.is_none() {
                    <p role="alert" class="error" data-testid="load-error">{ format!("Could not load the list: {error}") }</p>
                }
            }
            <ul class="todos" data-testid="items">{ for rows }</ul>
            { failures_view(&failures, &change) }
        </div>
    }
}
