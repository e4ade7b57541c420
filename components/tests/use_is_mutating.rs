//! Browser tests of `use_is_mutating`: the count of unsettled mutations (paused ones
//! included), by filter, updated as they settle.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text};
use common::fake_server::{server_error, Gate};
use common::todos::add_todo;
use common::world::{flush, World};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_is_mutating, use_optimistic_mutation, MutationFilter, QueryClient,
    QueryClientProvider,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    writes: Gate<()>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Saving />
            <Buttons writes={props.writes.clone()} />
        </QueryClientProvider>
    }
}

#[component]
fn Saving() -> Html {
    let all = use_is_mutating(MutationFilter::default());
    let todos = use_is_mutating(MutationFilter::key(keys!["todos"]));
    let likes = use_is_mutating(MutationFilter::key(keys!["likes"]));
    html! { <p class="saving">{ format!("{all} all, {todos} todos, {likes} likes") }</p> }
}

#[derive(Properties, PartialEq)]
struct ButtonsProps {
    writes: Gate<()>,
}

#[component]
fn Buttons(props: &ButtonsProps) -> Html {
    let add = use_optimistic_mutation(add_todo(&props.writes));
    html! {
        <>
            <button onclick={add.mutate_callback().reform(|_: MouseEvent| "b".to_string())}>{ "Add b" }</button>
            <button onclick={add.mutate_callback().reform(|_: MouseEvent| "c".to_string())}>{ "Add c" }</button>
        </>
    }
}

async fn open() -> (World, Gate<()>, common::Mounted<App>) {
    let w = World::new();
    let writes = Gate::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        writes: writes.clone(),
    })
    .await;
    (w, writes, app)
}

#[wasm_bindgen_test]
async fn counts_unsettled_mutations_by_filter() {
    let (w, writes, app) = open().await;
    let saving = || text(&app.root, ".saving");
    assert_eq!(saving().as_deref(), Some("0 all, 0 todos, 0 likes"));

    click(&app.root, "Add b");
    click(&app.root, "Add c");
    flush().await;
    assert_eq!(saving().as_deref(), Some("2 all, 2 todos, 0 likes"));
    w.run().await;
    assert_eq!(
        saving().as_deref(),
        Some("2 all, 2 todos, 0 likes"),
        "in flight"
    );

    writes.answer_label("POST b", Ok(()));
    w.run().await;
    assert_eq!(saving().as_deref(), Some("1 all, 1 todos, 0 likes"));
    writes.answer_label("POST c", Err(server_error("boom")));
    w.run().await;
    assert_eq!(
        saving().as_deref(),
        Some("0 all, 0 todos, 0 likes"),
        "a failed mutation is settled"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_paused_mutation_counts_until_it_is_sent_and_answered() {
    let (w, writes, app) = open().await;
    let saving = || text(&app.root, ".saving");
    w.client.set_online(false);
    click(&app.root, "Add b");
    flush().await;
    w.run().await;
    assert!(writes.sent().is_empty());
    assert_eq!(
        saving().as_deref(),
        Some("1 all, 1 todos, 0 likes"),
        "paused counts"
    );

    w.client.set_online(true);
    w.run().await;
    assert_eq!(writes.labels(), vec!["POST b"]);
    assert_eq!(saving().as_deref(), Some("1 all, 1 todos, 0 likes"));
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(saving().as_deref(), Some("0 all, 0 todos, 0 likes"));
    app.unmount();
}
