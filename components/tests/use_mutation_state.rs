//! Browser tests of `use_mutation_state`: lists of pending and failed mutations anywhere
//! in the app, updated as they settle, and no render for unrelated mutations.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, texts};
use common::fake_server::{server_error, Gate};
use common::todos::add_todo;
use common::world::{flush, Shared, World};
use std::cell::Cell;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_mutation_state, use_optimistic_mutation, MutationFilter, MutationOptions,
    MutationStatus, QueryClient, QueryClientProvider,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    writes: Gate<()>,
    likes: Gate<()>,
    pending_renders: Shared<Cell<u32>>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <PendingTitles renders={props.pending_renders.clone()} />
            <FailedTitles />
            <Buttons writes={props.writes.clone()} likes={props.likes.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct PendingProps {
    renders: Shared<Cell<u32>>,
}

/// Titles being added, for a "saving…" list.
#[component]
fn PendingTitles(props: &PendingProps) -> Html {
    let titles = use_mutation_state(
        MutationFilter::key(keys!["todos", "add"]).status(MutationStatus::Pending),
        |m| m.variables::<String>().cloned().unwrap_or_default(),
    );
    props.renders.set(props.renders.get() + 1);
    html! {
        <ul class="pending">{ for titles.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
    }
}

/// Titles that could not be added, with why.
#[component]
fn FailedTitles() -> Html {
    let failed = use_mutation_state(
        MutationFilter::key(keys!["todos", "add"]).status(MutationStatus::Error),
        |m| {
            format!(
                "{}: {}",
                m.variables::<String>().cloned().unwrap_or_default(),
                m.error
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_default()
            )
        },
    );
    html! {
        <ul class="failed">{ for failed.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
    }
}

#[derive(Properties, PartialEq)]
struct ButtonsProps {
    writes: Gate<()>,
    likes: Gate<()>,
}

#[component]
fn Buttons(props: &ButtonsProps) -> Html {
    let add = use_optimistic_mutation(add_todo(&props.writes));
    let likes = props.likes.clone();
    let like = use_optimistic_mutation(
        MutationOptions::new(move |on: bool, _ctx| likes.request(format!("PUT like={on}"), None))
            .key(keys!["likes"]),
    );
    html! {
        <>
            <button onclick={add.mutate_callback().reform(|_: MouseEvent| "b".to_string())}>{ "Add b" }</button>
            <button onclick={add.mutate_callback().reform(|_: MouseEvent| "c".to_string())}>{ "Add c" }</button>
            <button onclick={like.mutate_callback().reform(|_: MouseEvent| true)}>{ "Like" }</button>
        </>
    }
}

#[wasm_bindgen_test]
async fn lists_pending_then_failed_mutations_and_ignores_unrelated_ones() {
    let w = World::new();
    let (writes, likes) = (Gate::default(), Gate::default());
    let renders: Shared<Cell<u32>> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        writes: writes.clone(),
        likes: likes.clone(),
        pending_renders: renders.clone(),
    })
    .await;
    let pending = || texts(&app.root, ".pending li");
    let failed = || texts(&app.root, ".failed li");
    assert!(pending().is_empty() && failed().is_empty());
    assert_eq!(renders.get(), 1);

    click(&app.root, "Add b");
    flush().await;
    assert_eq!(pending(), vec!["b"]);
    click(&app.root, "Add c");
    flush().await;
    assert_eq!(pending(), vec!["b", "c"], "oldest first");
    assert_eq!(renders.get(), 3);

    // Sending, and an unrelated mutation coming and going, change nothing it selects.
    w.run().await;
    click(&app.root, "Like");
    flush().await;
    w.run().await;
    likes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(renders.get(), 3, "no render for what it does not select");

    writes.answer_label("POST b", Ok(()));
    w.run().await;
    assert_eq!(pending(), vec!["c"]);
    writes.answer_label("POST c", Err(server_error("boom")));
    w.run().await;
    assert!(pending().is_empty());
    assert_eq!(failed(), vec!["c: the server answered 422: boom"]);
    assert_eq!(renders.get(), 5);
    app.unmount();
}
