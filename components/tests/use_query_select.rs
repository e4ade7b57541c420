//! Render counting with `use_query_select` and `NotifyOn::Data`: a row component that
//! selects one row of 1,000 renders only when that row changes, and a refetch that
//! returns equal data renders nothing at all.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, texts};
use common::fake_server::{decode, Gate};
use common::world::{flush, Shared, World};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_optimistic_mutation, use_query_client, use_query_select, MutationOptions, NotifyOn,
    QueryClient, QueryClientProvider, QueryFilter, QueryOptions, RetryPolicy,
};

wasm_bindgen_test_configure!(run_in_browser);

const ROWS: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Row {
    id: usize,
    title: String,
}

type Rows = Vec<Row>;

fn all_rows() -> Rows {
    (0..ROWS)
        .map(|id| Row {
            id,
            title: format!("row {id}"),
        })
        .collect()
}

fn rows_options(server: &Gate<String>) -> QueryOptions<Rows> {
    let server = server.clone();
    QueryOptions::new(keys!["rows"], move |_ctx| {
        let reply = server.request("GET /rows", None);
        async move { decode::<Rows>(reply.await) }
    })
    .retry(RetryPolicy::never())
    .stale_time(60_000)
    .notify_on(NotifyOn::Data)
}

/// Renders of each row, by index, and of the table.
#[derive(Default)]
struct Counts {
    rows: RefCell<Vec<u32>>,
    table: Cell<u32>,
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
            <Toolbar writes={props.writes.clone()} />
            <Table server={props.server.clone()} counts={props.counts.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ToolbarProps {
    writes: Gate<()>,
}

/// Renames row 500 optimistically, and refetches the rows.
#[component]
fn Toolbar(props: &ToolbarProps) -> Html {
    let client = use_query_client();
    let writes = props.writes.clone();
    let rename = use_optimistic_mutation(
        MutationOptions::new(move |(id, title): (usize, String), _ctx| {
            writes.request(format!("PATCH /rows/{id} {title}"), None)
        })
        .optimistic(|(id, title): &(usize, String), patches| {
            let (id, title) = (*id, title.clone());
            patches.update(keys!["rows"], move |rows: &Rows| {
                let mut rows = rows.clone();
                if let Some(r) = rows.get_mut(id) {
                    r.title = title.clone();
                }
                rows
            });
        }),
    );
    let refetch = Callback::from(move |_: MouseEvent| {
        client.refetch_queries(&QueryFilter::key(keys!["rows"]));
    });
    html! {
        <nav>
            <button onclick={rename.mutate_callback().reform(|_: MouseEvent| (500, "renamed".to_string()))}>
                { "Rename row 500" }
            </button>
            <button onclick={refetch}>{ "Refetch" }</button>
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    server: Gate<String>,
    counts: Shared<Counts>,
}

/// Reads only the number of rows; each row reads its own row.
#[component]
fn Table(props: &TableProps) -> Html {
    let len = use_query_select(rows_options(&props.server), |rows: &Rc<Rows>| rows.len());
    props.counts.table.set(props.counts.table.get() + 1);
    let n = len.data.unwrap_or(0);
    {
        let mut rows = props.counts.rows.borrow_mut();
        if rows.len() < n {
            rows.resize(n, 0);
        }
    }
    html! {
        <ul>
            { for (0..n).map(|i| html! {
                <RowView key={i} index={i} server={props.server.clone()} counts={props.counts.clone()} />
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    server: Gate<String>,
    counts: Shared<Counts>,
}

#[component]
fn RowView(props: &RowProps) -> Html {
    let i = props.index;
    let row = use_query_select(rows_options(&props.server), move |rows: &Rc<Rows>| {
        rows.get(i).cloned()
    });
    if let Some(c) = props.counts.rows.borrow_mut().get_mut(i) {
        *c += 1;
    }
    let title = row
        .data
        .clone()
        .flatten()
        .map(|r| r.title)
        .unwrap_or_default();
    html! { <li>{ title }</li> }
}

/// Indices of rows rendered other than `expected` times, with their counts.
fn rows_rendered_other_than(counts: &Counts, expected: impl Fn(usize) -> u32) -> Vec<(usize, u32)> {
    counts
        .rows
        .borrow()
        .iter()
        .enumerate()
        .filter(|(i, c)| **c != expected(*i))
        .map(|(i, c)| (i, *c))
        .collect()
}

#[wasm_bindgen_test]
async fn a_row_renders_only_when_its_own_row_changes_and_an_equal_refetch_renders_nothing() {
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
    assert_eq!(server.labels(), vec!["GET /rows"]);
    let body = serde_json::to_string(&all_rows()).expect("rows serialise");
    server.answer_next(Ok(body.clone()));
    w.run().await;

    let lis = texts(&app.root, "li");
    assert_eq!(lis.len(), ROWS);
    assert_eq!(lis[500], "row 500");
    assert!(
        server.is_empty(),
        "1,000 row observers share the fresh data"
    );
    assert_eq!(counts.table.get(), 2, "loading, then 1,000 rows");
    assert_eq!(rows_rendered_other_than(&counts, |_| 1), vec![]);

    // Another row changes (optimistically): only that row renders.
    click(&app.root, "Rename row 500");
    flush().await;
    assert_eq!(texts(&app.root, "li")[500], "renamed");
    assert_eq!(
        rows_rendered_other_than(&counts, |_| 1),
        vec![(500, 2)],
        "only row 500 rendered again"
    );
    assert_eq!(counts.table.get(), 2, "the table did not render");

    // The server accepts: the layer becomes confirmed data that looks the same.
    w.run().await;
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(texts(&app.root, "li")[500], "renamed");
    assert_eq!(
        rows_rendered_other_than(&counts, |i| 1 + u32::from(i == 500)),
        vec![]
    );
    assert_eq!(counts.table.get(), 2);

    // A server-side change of one row through the cache: again only that row.
    w.client
        .update_query_data(&keys!["rows"], |rows: &Rows| {
            let mut rows = rows.clone();
            rows[7].title = "seven".into();
            rows
        })
        .expect("the cache holds rows");
    flush().await;
    assert_eq!(texts(&app.root, "li")[7], "seven");
    let expected = |i: usize| 1 + u32::from(i == 500 || i == 7);
    assert_eq!(rows_rendered_other_than(&counts, expected), vec![]);
    assert_eq!(counts.table.get(), 2);

    // A refetch that returns equal data renders nothing at all.
    click(&app.root, "Refetch");
    flush().await;
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /rows"]);
    let mut same = all_rows();
    same[500].title = "renamed".into();
    same[7].title = "seven".into();
    server.answer_next(Ok(serde_json::to_string(&same).expect("rows serialise")));
    w.run().await;
    assert_eq!(
        rows_rendered_other_than(&counts, expected),
        vec![],
        "no row rendered for equal data"
    );
    assert_eq!(counts.table.get(), 2, "nor did the table");
    assert_eq!(server.sent().len(), 2);
    app.unmount();
}
