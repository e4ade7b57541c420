//! Keyed collections in Yew: `use_collection` renders the list when its keys change,
//! `use_row` renders one row when that row changes, `use_live_query` renders a view when
//! its keys change. A toggle of one row of 1,000 renders that row component alone, its
//! rollback that row again, and an equal refetch nothing; `use_row_with` renders only
//! when the part of the row it selects changes.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, texts};
use common::fake_server::{decode, Gate};
use common::world::{flush, Shared, World};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_collection, use_live_query, use_optimistic_action, use_row, use_row_with, Collection,
    CollectionObserver, FetchError, MutationOptions, QueryClient, QueryClientProvider,
    QueryOptions, RetryPolicy, TypedKey,
};

wasm_bindgen_test_configure!(run_in_browser);

const ROWS: u32 = 1_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

type Todos = Collection<u32, Todo>;

fn todos_key() -> TypedKey<Todos> {
    TypedKey::new(keys!["todos"])
}

fn all_rows() -> Vec<Todo> {
    (0..ROWS)
        .map(|id| Todo {
            id,
            title: format!("todo {id}"),
            done: false,
        })
        .collect()
}

fn todos_options(server: &Gate<String>) -> QueryOptions<Todos> {
    let server = server.clone();
    QueryOptions::typed(&todos_key(), move |_ctx| {
        let reply = server.request("GET /todos", None);
        async move {
            let rows: Vec<Todo> = decode(reply.await)?;
            Ok(Collection::from_rows(rows, |t| t.id))
        }
    })
    .retry(RetryPolicy::never())
    .stale_time(60_000)
}

#[derive(Default)]
struct Counts {
    rows: RefCell<BTreeMap<u32, u32>>,
    list: Cell<u32>,
    done_view: Cell<u32>,
    title_of_500: Cell<u32>,
}

#[derive(Clone, Debug, PartialEq)]
enum Change {
    Toggle(u32),
    Add(u32),
    Rename(u32),
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    writes: Gate<()>,
    counts: Shared<Counts>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <List server={props.server.clone()} writes={props.writes.clone()} counts={props.counts.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    server: Gate<String>,
    writes: Gate<()>,
    counts: Shared<Counts>,
}

#[component]
fn List(props: &ListProps) -> Html {
    props.counts.list.set(props.counts.list.get() + 1);
    let todos = use_collection(todos_options(&props.server));
    let writes = props.writes.clone();
    let change = use_optimistic_action(
        MutationOptions::new(move |c: Change, _ctx| writes.request(format!("{c:?}"), None))
            .optimistic(|c: &Change, patches| {
                let rows = patches.collection(todos_key());
                match *c {
                    Change::Toggle(id) => {
                        rows.update(id, |t| t.done = !t.done);
                    }
                    Change::Rename(id) => {
                        rows.update(id, move |t| t.title = format!("renamed {id}"));
                    }
                    Change::Add(id) => {
                        rows.insert(
                            id,
                            Todo {
                                id,
                                title: format!("new {id}"),
                                done: false,
                            },
                        );
                    }
                }
            }),
    );
    let Some(rows) = todos.observer.clone() else {
        return html! { <p>{ "misuse" }</p> };
    };
    html! {
        <>
            <button onclick={change.mutate_callback().reform(|_: MouseEvent| Change::Toggle(500))}>{ "Toggle 500" }</button>
            <button onclick={change.mutate_callback().reform(|_: MouseEvent| Change::Add(5_000))}>{ "Add" }</button>
            <button onclick={change.mutate_callback().reform(|_: MouseEvent| Change::Rename(500))}>{ "Rename 500" }</button>
            <TitleOf500 rows={rows.clone()} counts={props.counts.clone()} />
            <DoneView rows={rows.clone()} counts={props.counts.clone()} />
            <ul class="all">
                { for todos.keys.iter().map(|id| html! {
                    <Row key={*id} rows={rows.clone()} id={*id} counts={props.counts.clone()} />
                }) }
            </ul>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    rows: CollectionObserver<u32, Todo>,
    id: u32,
    counts: Shared<Counts>,
}

#[component]
fn Row(props: &RowProps) -> Html {
    *props.counts.rows.borrow_mut().entry(props.id).or_default() += 1;
    let Some(todo) = use_row(&props.rows, props.id) else {
        return html! {};
    };
    html! { <li class={if todo.done { "done" } else { "open" }}>{ todo.title.clone() }</li> }
}

/// The title of row 500 alone, through a selector: ticking the row renders it not.
#[component]
fn TitleOf500(props: &ViewProps) -> Html {
    let c = &props.counts.title_of_500;
    c.set(c.get() + 1);
    let title = use_row_with(&props.rows, 500, |t| t.title.clone());
    html! { <p class="title-500">{ title.unwrap_or_default() }</p> }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    rows: CollectionObserver<u32, Todo>,
    counts: Shared<Counts>,
}

#[component]
fn DoneView(props: &ViewProps) -> Html {
    props.counts.done_view.set(props.counts.done_view.get() + 1);
    let done = use_live_query(&props.rows, (), |t: &Todo| t.done, |t| t.id);
    html! {
        <ol class="done-view">{ for done.iter().map(|id| html! { <li key={*id}>{ *id }</li> }) }</ol>
    }
}

/// Rows rendered other than `expected` times, with their counts.
fn rows_rendered_other_than(counts: &Counts, expected: impl Fn(u32) -> u32) -> Vec<(u32, u32)> {
    counts
        .rows
        .borrow()
        .iter()
        .filter(|(id, c)| **c != expected(**id))
        .map(|(id, c)| (*id, *c))
        .collect()
}

fn refused() -> FetchError {
    FetchError::Http {
        status: 422,
        body: "no".into(),
    }
}

#[wasm_bindgen_test]
async fn a_toggle_renders_one_row_and_no_list_and_its_rollback_that_row_again() {
    let w = World::new();
    let (server, writes) = (Gate::default(), Gate::default());
    let counts: Shared<Counts> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        writes: writes.clone(),
        counts: counts.clone(),
    })
    .await;
    w.run().await;
    let body = serde_json::to_string(&all_rows()).expect("rows serialise");
    server.answer_next(Ok(body.clone()));
    w.run().await;
    assert_eq!(texts(&app.root, "ul.all li").len(), ROWS as usize);
    let lists = counts.list.get();
    let views = counts.done_view.get();
    assert_eq!(rows_rendered_other_than(&counts, |_| 1), vec![]);

    click(&app.root, "Toggle 500");
    flush().await;
    assert_eq!(texts(&app.root, "ul.all li.done"), vec!["todo 500"]);
    assert_eq!(texts(&app.root, ".done-view li"), vec!["500"]);
    assert_eq!(rows_rendered_other_than(&counts, |_| 1), vec![(500, 2)]);
    assert_eq!(counts.list.get(), lists, "the list did not render");
    assert_eq!(
        counts.done_view.get(),
        views + 1,
        "the view of done rows did"
    );

    w.run().await;
    writes.answer_next(Err(refused()));
    w.run().await;
    assert!(texts(&app.root, "ul.all li.done").is_empty(), "rolled back");
    assert!(texts(&app.root, ".done-view li").is_empty());
    assert_eq!(rows_rendered_other_than(&counts, |_| 1), vec![(500, 3)]);
    assert_eq!(counts.list.get(), lists);

    // An equal refetch renders nothing.
    w.client
        .refetch_queries(&yew_optimistic::QueryFilter::key(keys!["todos"]));
    w.run().await;
    server.answer_next(Ok(body));
    w.run().await;
    assert_eq!(rows_rendered_other_than(&counts, |_| 1), vec![(500, 3)]);
    assert_eq!(counts.list.get(), lists);
    assert_eq!(counts.done_view.get(), views + 2);
    app.unmount();
}

#[wasm_bindgen_test]
async fn an_add_renders_the_list_and_the_new_row_only() {
    let w = World::new();
    let (server, writes) = (Gate::default(), Gate::default());
    let counts: Shared<Counts> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        writes: writes.clone(),
        counts: counts.clone(),
    })
    .await;
    w.run().await;
    server.answer_next(Ok(
        serde_json::to_string(&all_rows()).expect("rows serialise")
    ));
    w.run().await;
    let lists = counts.list.get();

    click(&app.root, "Add");
    flush().await;
    let titles = texts(&app.root, "ul.all li");
    assert_eq!(titles.len(), ROWS as usize + 1);
    assert_eq!(titles.last().map(String::as_str), Some("new 5000"));
    assert_eq!(
        counts.list.get(),
        lists + 1,
        "the keys changed: the list rendered once"
    );
    assert_eq!(
        rows_rendered_other_than(&counts, |_| 1),
        vec![],
        "no existing row rendered again; the new one rendered once"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_change_the_selector_ignores_renders_nothing_and_one_it_selects_renders_once() {
    let w = World::new();
    let (server, writes) = (Gate::default(), Gate::default());
    let counts: Shared<Counts> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        writes: writes.clone(),
        counts: counts.clone(),
    })
    .await;
    w.run().await;
    server.answer_next(Ok(
        serde_json::to_string(&all_rows()).expect("rows serialise")
    ));
    w.run().await;
    assert_eq!(texts(&app.root, ".title-500"), vec!["todo 500"]);
    let titles = counts.title_of_500.get();

    click(&app.root, "Toggle 500");
    flush().await;
    assert_eq!(texts(&app.root, "ul.all li.done"), vec!["todo 500"]);
    assert_eq!(
        counts.title_of_500.get(),
        titles,
        "the tick changed row 500 but not its title: the selector's component did not render"
    );

    click(&app.root, "Rename 500");
    flush().await;
    assert_eq!(texts(&app.root, ".title-500"), vec!["renamed 500"]);
    assert_eq!(
        counts.title_of_500.get(),
        titles + 1,
        "the title changed: one render"
    );
    app.unmount();
}
