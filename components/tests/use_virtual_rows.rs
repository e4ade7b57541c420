//! Windowing a keyed collection: of 10,000 rows only those in the viewport (plus the
//! overscan) are in the page; a scroll brings others in and renders only the list (and
//! the rows that come into view), a scroll within a row renders nothing, and a toggle of
//! a row in view renders that row alone.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, texts};
use common::fake_server::{decode, Gate};
use common::world::{flush, Shared, World};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_collection, use_optimistic_action, use_row, use_virtual_rows, Collection,
    CollectionObserver, MutationOptions, QueryClient, QueryClientProvider, QueryOptions,
    QueryStatus, RetryPolicy, TypedKey,
};

wasm_bindgen_test_configure!(run_in_browser);

const ROWS: u32 = 10_000;
const ROW_PX: f64 = 20.0;
/// 10 rows high.
const VIEWPORT_PX: f64 = 200.0;
const OVERSCAN: usize = 5;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    done: bool,
}

type Todos = Collection<u32, Todo>;

fn todos_key() -> TypedKey<Todos> {
    TypedKey::new(keys!["todos"])
}

#[derive(Default)]
struct Counts {
    rows: RefCell<BTreeMap<u32, u32>>,
    list: Cell<u32>,
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    writes: Gate<()>,
    counts: Shared<Counts>,
    /// The viewport is rendered only once the rows are there (a loading line before).
    #[prop_or_default]
    late_viewport: bool,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <List server={props.server.clone()} writes={props.writes.clone()} counts={props.counts.clone()}
                late_viewport={props.late_viewport} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    server: Gate<String>,
    writes: Gate<()>,
    counts: Shared<Counts>,
    late_viewport: bool,
}

#[component]
fn List(props: &ListProps) -> Html {
    props.counts.list.set(props.counts.list.get() + 1);
    let server = props.server.clone();
    let todos = use_collection(
        QueryOptions::typed(&todos_key(), move |_ctx| {
            let reply = server.request("GET /todos", None);
            async move {
                let rows: Vec<Todo> = decode(reply.await)?;
                Ok(Collection::from_rows(rows, |t| t.id))
            }
        })
        .retry(RetryPolicy::never())
        .stale_time(60_000),
    );
    let writes = props.writes.clone();
    let toggle = use_optimistic_action(
        MutationOptions::new(move |id: u32, _ctx| writes.request(format!("toggle {id}"), None))
            .optimistic(|id: &u32, patches| {
                patches
                    .collection(todos_key())
                    .update(*id, |t| t.done = !t.done);
            }),
    );
    let window = use_virtual_rows(todos.keys.len(), ROW_PX, OVERSCAN);
    let rows = todos.observer.clone();
    if props.late_viewport && todos.status == QueryStatus::Pending {
        return html! { <p>{ "Loading…" }</p> };
    }
    html! {
        <>
            <button onclick={toggle.mutate_callback().reform(|_: MouseEvent| 5_003)}>{ "Toggle 5003" }</button>
            <div class="viewport" ref={window.viewport.clone()}
                style={format!("height: {VIEWPORT_PX}px; overflow-y: auto")}>
                <ul class="rows" style={format!("margin: 0; {}", window.padding_style())}>
                    if let Some(rows) = rows {
                        { for todos.keys[window.range.clone()].iter().map(|id| html! {
                            <Row key={*id} rows={rows.clone()} id={*id} counts={props.counts.clone()} />
                        }) }
                    }
                </ul>
            </div>
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
    html! {
        <li style={format!("height: {ROW_PX}px; margin: 0")} class={if todo.done { "done" } else { "open" }}>
            { todo.id }
        </li>
    }
}

fn viewport(root: &Element) -> Element {
    root.query_selector(".viewport")
        .ok()
        .flatten()
        .expect("the viewport is in the page")
}

/// Scrolls the viewport to `top` and tells the page, as the browser does (its own scroll
/// event comes at the next frame, which a test does not wait for).
async fn scroll_to(root: &Element, top: f64) {
    let viewport = viewport(root);
    viewport.set_scroll_top(top as i32);
    let scrolled = Event::new("scroll").expect("an event");
    viewport
        .dispatch_event(&scrolled)
        .expect("the event is dispatched");
    flush().await;
}

fn shown(root: &Element) -> Vec<u32> {
    texts(root, "ul.rows li")
        .iter()
        .map(|t| t.parse().expect("a row shows its id"))
        .collect()
}

#[wasm_bindgen_test]
async fn only_the_rows_in_view_are_in_the_page_and_a_toggle_renders_one_of_them() {
    let w = World::new();
    let (server, writes) = (Gate::default(), Gate::default());
    let counts: Shared<Counts> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        writes: writes.clone(),
        counts: counts.clone(),
        late_viewport: false,
    })
    .await;
    w.run().await;
    let rows: Vec<Todo> = (0..ROWS).map(|id| Todo { id, done: false }).collect();
    server.answer_next(Ok(serde_json::to_string(&rows).expect("rows serialise")));
    w.run().await;
    flush().await;

    // 10 rows fit, one more is cut at the bottom, and 5 below: 16 of 10,000.
    assert_eq!(shown(&app.root), (0..16).collect::<Vec<_>>());
    let list = viewport(&app.root).first_element_child().expect("the list");
    let full = f64::from(list.scroll_height());
    assert_eq!(
        full,
        f64::from(ROWS) * ROW_PX,
        "the list is as high as all its rows"
    );

    // Row 5,000 at the top: 4,995..5,016 render, the list once more.
    let lists = counts.list.get();
    scroll_to(&app.root, 5_000.0 * ROW_PX).await;
    assert_eq!(shown(&app.root), (4_995..5_016).collect::<Vec<_>>());
    assert_eq!(counts.list.get(), lists + 1);
    assert_eq!(
        counts.rows.borrow().get(&5_003),
        Some(&1),
        "a row that comes into view renders once"
    );

    // A scroll within the same row changes nothing that shows.
    scroll_to(&app.root, 5_000.0 * ROW_PX + ROW_PX / 2.0).await;
    assert_eq!(
        counts.list.get(),
        lists + 1,
        "no render for a scroll within a row"
    );

    // A toggle of a row in view renders that row and nothing else.
    let before = counts.rows.borrow().clone();
    click(&app.root, "Toggle 5003");
    flush().await;
    assert_eq!(texts(&app.root, "ul.rows li.done"), vec!["5003"]);
    assert_eq!(counts.list.get(), lists + 1, "the list did not render");
    let rendered: Vec<u32> = counts
        .rows
        .borrow()
        .iter()
        .filter(|(id, c)| before.get(id) != Some(*c))
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(rendered, vec![5_003]);

    // The end of the list: the last rows render, nothing past them.
    scroll_to(&app.root, full).await;
    let at_end = shown(&app.root);
    assert_eq!(at_end.last(), Some(&(ROWS - 1)));
    assert_eq!(at_end.first(), Some(&(ROWS - 10 - OVERSCAN as u32)));
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_viewport_that_appears_after_loading_is_listened_to() {
    let w = World::new();
    let (server, writes) = (Gate::default(), Gate::default());
    let counts: Shared<Counts> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        writes,
        counts,
        late_viewport: true,
    })
    .await;
    w.run().await;
    assert!(app.query(".viewport").is_none(), "loading, no viewport yet");
    let rows: Vec<Todo> = (0..ROWS).map(|id| Todo { id, done: false }).collect();
    server.answer_next(Ok(serde_json::to_string(&rows).expect("rows serialise")));
    w.run().await;
    flush().await;
    assert_eq!(shown(&app.root), (0..16).collect::<Vec<_>>());
    scroll_to(&app.root, 2_000.0 * ROW_PX).await;
    assert_eq!(shown(&app.root), (1_995..2_016).collect::<Vec<_>>());
    app.unmount();
}
