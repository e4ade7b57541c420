//! Browser tests of `KanbanBoard`: loading, keyboard and drag-and-drop moves (between
//! columns and within one), serialised moves of one card, a refetch landing mid-move or
//! mid-drag, a refused move rolled back and explained (inline and in a toast) with Retry
//! and Dismiss, no request for a move onto the card's own place, adding and renaming
//! cards, and untrusted titles.
//!
//! Time and tasks are driven by a `TestRuntime`; the fake source's requests wait until the
//! test answers them. Run with
//! `cargo test --target wasm32-unknown-unknown -p yew-optimistic --test kanban`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{all, texts};
use common::fake_server::{server_error, Gate};
use common::world::{flush, World};
use common::Mounted;
use futures::future::LocalBoxFuture;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;
use yew_optimistic::feedback::ToastRegion;
use yew_optimistic::kanban::{
    all_cards_query_key, BoardCards, BoardChange, BoardSource, Card, CardId, Column, ColumnId,
    KanbanBoard,
};
use yew_optimistic::{
    FetchError, MutationContext, QueryClient, QueryClientProvider, QueryFilter, SourceRef,
};

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- fixtures

const BOARD: &str = "b1";

fn col(id: &str) -> ColumnId {
    ColumnId(id.into())
}

fn card(id: &str, title: &str) -> Card {
    Card {
        id: CardId(id.into()),
        title: title.into(),
    }
}

/// A board server answered by hand. An accepted change is applied to `server` with the
/// same pure `BoardChange::apply` the UI paints with, so refetches return what a real
/// server would.
struct FakeBoard {
    columns: Vec<Column>,
    server: RefCell<BTreeMap<ColumnId, Vec<Card>>>,
    column_fetches: Gate<Vec<Column>>,
    card_fetches: Gate<Vec<Card>>,
    applies: Gate<()>,
    sent: RefCell<Vec<BoardChange>>,
}

impl FakeBoard {
    fn new() -> Rc<Self> {
        Self::with(vec![card("c1", "Write docs"), card("c2", "Fix bug")])
    }

    fn with(todo: Vec<Card>) -> Rc<Self> {
        let columns = vec![
            Column {
                id: col("todo"),
                title: "To do".into(),
            },
            Column {
                id: col("doing"),
                title: "Doing".into(),
            },
            Column {
                id: col("done"),
                title: "Done".into(),
            },
        ];
        let mut server = BTreeMap::new();
        server.insert(col("todo"), todo);
        server.insert(col("doing"), vec![card("c3", "Review")]);
        server.insert(col("done"), vec![]);
        Rc::new(FakeBoard {
            columns,
            server: RefCell::new(server),
            column_fetches: Gate::default(),
            card_fetches: Gate::default(),
            applies: Gate::default(),
            sent: RefCell::default(),
        })
    }

    fn server_cards(&self, column: &str) -> Vec<Card> {
        self.server
            .borrow()
            .get(&col(column))
            .cloned()
            .unwrap_or_default()
    }

    /// Answers the oldest waiting change, applying it to the server first.
    fn accept_next(&self) {
        let change = self.pending_change(0);
        let mut server = self.server.borrow_mut();
        for c in change.columns() {
            let cards = server.get(&c).cloned().unwrap_or_default();
            server.insert(c.clone(), change.apply(&c, &cards));
        }
        drop(server);
        self.applies.answer_next(Ok(()));
    }

    /// The `i`-th change still waiting for an answer.
    fn pending_change(&self, i: usize) -> BoardChange {
        let waiting = self.applies.labels();
        let sent = self.sent.borrow();
        let label = waiting
            .get(i)
            .unwrap_or_else(|| panic!("no waiting change #{i}"));
        sent.iter()
            .rev()
            .find(|c| &change_label(c) == label)
            .cloned()
            .unwrap_or_else(|| panic!("no change labelled {label}"))
    }

    /// Answers every waiting card fetch with what the server holds now.
    fn answer_card_fetches(&self) {
        while !self.card_fetches.is_empty() {
            let label = self.card_fetches.labels()[0].clone();
            let column = label.trim_start_matches("cards ").to_string();
            self.card_fetches
                .answer_next(Ok(self.server_cards(&column)));
        }
    }

    /// Answers the waiting fetch of `column` with `cards` (not the server's data).
    fn answer_cards_with(&self, column: &str, cards: Vec<Card>) {
        let label = format!("cards {column}");
        let i = self
            .card_fetches
            .labels()
            .iter()
            .position(|l| *l == label)
            .unwrap_or_else(|| {
                panic!(
                    "no waiting fetch of {column}: {:?}",
                    self.card_fetches.labels()
                )
            });
        self.card_fetches.answer(i, Ok(cards));
    }
}

/// A short, readable label for a change.
fn change_label(change: &BoardChange) -> String {
    match change {
        BoardChange::AddCard { column, card } => format!("add {} to {}", card.title, column.0),
        BoardChange::EditCard { id, title, .. } => format!("edit {} {}", id.0, title),
        BoardChange::MoveCard {
            card,
            from,
            to,
            index,
        } => format!("move {} {}->{}@{}", card.id.0, from.0, to.0, index),
    }
}

impl BoardSource for FakeBoard {
    fn columns(
        &self,
        board: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        Box::pin(
            self.column_fetches
                .request(format!("columns {board}"), None),
        )
    }

    fn cards(
        &self,
        _board: &str,
        column: &ColumnId,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
        Box::pin(
            self.card_fetches
                .request(format!("cards {}", column.0), None),
        )
    }

    fn apply(
        &self,
        _board: &str,
        change: BoardChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        self.sent.borrow_mut().push(change.clone());
        Box::pin(
            self.applies
                .request(change_label(&change), Some(ctx.idempotency_key)),
        )
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    source: SourceRef<dyn BoardSource>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <ToastRegion>
                <KanbanBoard source={props.source.clone()} board={BOARD} title="Sprint" retry={None} />
            </ToastRegion>
        </QueryClientProvider>
    }
}

struct Harness {
    world: World,
    fake: Rc<FakeBoard>,
    app: Mounted<App>,
}

impl Harness {
    fn root(&self) -> &Element {
        &self.app.root
    }

    /// Ids of the cards a column shows, in order.
    fn ids(&self, column: &str) -> Vec<String> {
        all(
            self.root(),
            &format!("[data-testid=column][data-id=\"{column}\"] [data-testid=card]"),
        )
        .iter()
        .filter_map(|e| e.get_attribute("data-id"))
        .collect()
    }

    fn card(&self, id: &str) -> HtmlElement {
        self.app
            .query(&format!("[data-testid=card][data-id=\"{id}\"]"))
            .unwrap_or_else(|| panic!("no card {id}; board: {}", self.app.text()))
            .dyn_into::<HtmlElement>()
            .expect("a card is an HtmlElement")
    }

    fn state(&self, id: &str) -> String {
        self.card(id)
            .get_attribute("data-state")
            .unwrap_or_default()
    }

    fn column(&self, id: &str) -> Element {
        self.app
            .query(&format!("[data-testid=column][data-id=\"{id}\"]"))
            .unwrap_or_else(|| panic!("no column {id}"))
    }

    fn in_card(&self, id: &str, testid: &str) -> Option<HtmlElement> {
        self.card(id)
            .query_selector(&format!("[data-testid={testid}]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    }

    fn in_column(&self, id: &str, testid: &str) -> HtmlElement {
        self.column(id)
            .query_selector(&format!("[data-testid={testid}]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .unwrap_or_else(|| panic!("no {testid} in column {id}"))
    }

    fn announcement(&self) -> String {
        common::dom::text(self.root(), "[data-testid=board-announcer]").unwrap_or_default()
    }

    fn toasts(&self) -> Vec<String> {
        texts(
            &gloo::utils::body().into(),
            "[data-testid=toasts] [data-testid=toast]",
        )
    }

    fn sent(&self) -> Vec<String> {
        self.fake.applies.sent()
    }

    /// Presses `key` on the element (as a real keydown, which bubbles).
    async fn press(&self, el: &Element, key: &str) {
        let f = js_sys::Function::new_with_args(
            "el, k",
            "el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));",
        );
        f.call2(&JsValue::NULL, el, &JsValue::from_str(key))
            .expect("the test browser can dispatch a keydown");
        flush().await;
    }

    /// Focuses card `id` and presses `keys` on it, one after another.
    async fn keys_on(&self, id: &str, keys: &[&str]) {
        for k in keys {
            let el = self.card(id);
            el.focus().expect("a card can take the focus");
            self.press(&el, k).await;
        }
    }

    fn focused_card(&self) -> Option<String> {
        gloo::utils::document()
            .active_element()
            .and_then(|e| e.get_attribute("data-id"))
    }
}

/// Dispatches a real `DragEvent` of `kind` on `el` at height `y`, carrying `dt`.
async fn drag_event(el: &Element, kind: &str, y: f64, dt: &JsValue) {
    let f = js_sys::Function::new_with_args(
        "el, t, y, dt",
        "el.dispatchEvent(new DragEvent(t, { bubbles: true, cancelable: true, clientY: y, dataTransfer: dt }));",
    );
    let args = js_sys::Array::of4(el, &JsValue::from_str(kind), &JsValue::from_f64(y), dt);
    f.apply(&JsValue::NULL, &args)
        .expect("the test browser can dispatch a DragEvent");
    flush().await;
}

fn data_transfer() -> JsValue {
    js_sys::Function::new_no_args("return new DataTransfer();")
        .call0(&JsValue::NULL)
        .expect("the test browser can make a DataTransfer")
}

/// The vertical middle and bottom of an element on screen.
fn middle_and_bottom(el: &Element) -> (f64, f64) {
    let f = js_sys::Function::new_with_args(
        "el",
        "const r = el.getBoundingClientRect(); return [r.top + r.height / 2, r.bottom];",
    );
    let v = f
        .call1(&JsValue::NULL, el)
        .expect("the test browser can measure an element");
    let arr = js_sys::Array::from(&v);
    (
        arr.get(0).as_f64().unwrap_or_default(),
        arr.get(1).as_f64().unwrap_or_default(),
    )
}

/// Mounts the board and answers its first fetches: To do [c1, c2], Doing [c3], Done [].
async fn loaded_with(fake: Rc<FakeBoard>) -> Harness {
    loaded_in(World::new(), fake).await
}

/// [`loaded_with`] in world `world` (its own configuration or storage).
async fn loaded_in(world: World, fake: Rc<FakeBoard>) -> Harness {
    let source: SourceRef<dyn BoardSource> = SourceRef::new(fake.clone());
    let app = common::mount::<App>(AppProps {
        client: world.client.clone(),
        source,
    })
    .await;
    world.run().await;
    let h = Harness { world, fake, app };
    assert!(h.app.query("[data-testid=board-loading]").is_some());
    let columns = h.fake.columns.clone();
    h.fake.column_fetches.answer_next(Ok(columns));
    h.world.run().await;
    h.fake.answer_card_fetches();
    h.world.run().await;
    h
}

async fn loaded() -> Harness {
    loaded_with(FakeBoard::new()).await
}

/// Answers the refetches that follow settled changes with the server's data.
async fn settle_refetches(h: &Harness) {
    h.world.run().await;
    h.fake.answer_card_fetches();
    h.world.run().await;
}

// ---------------------------------------------------------------- tests

#[wasm_bindgen_test]
async fn shows_loading_then_the_board() {
    let fake = FakeBoard::new();
    let world = World::new();
    let source: SourceRef<dyn BoardSource> = SourceRef::new(fake.clone());
    let app = common::mount::<App>(AppProps {
        client: world.client.clone(),
        source,
    })
    .await;
    world.run().await;
    let h = Harness { world, fake, app };
    assert!(h.app.query("[data-testid=kanban-board]").is_some());
    assert!(h.app.query("[data-testid=board-loading]").is_some());
    assert_eq!(h.fake.column_fetches.labels(), vec!["columns b1"]);

    h.fake
        .column_fetches
        .answer_next(Ok(h.fake.columns.clone()));
    h.world.run().await;
    assert!(h.app.query("[data-testid=board-loading]").is_none());
    assert_eq!(
        texts(h.root(), "[data-testid=column-title]"),
        vec!["To do", "Doing", "Done"]
    );
    // Each column loads its own cards.
    assert_eq!(all(h.root(), "[data-testid=column-loading]").len(), 3);
    let mut fetches = h.fake.card_fetches.labels();
    fetches.sort();
    assert_eq!(fetches, vec!["cards doing", "cards done", "cards todo"]);

    h.fake.answer_card_fetches();
    h.world.run().await;
    assert!(h.app.query("[data-testid=column-loading]").is_none());
    assert_eq!(h.ids("todo"), vec!["c1", "c2"]);
    assert_eq!(h.ids("doing"), vec!["c3"]);
    assert!(h.ids("done").is_empty());
    assert_eq!(
        texts(h.root(), "[data-testid=column-count]"),
        vec!["2", "1", "0"]
    );
    assert_eq!(
        texts(h.root(), "[data-testid=card-title]"),
        vec!["Write docs", "Fix bug", "Review"]
    );
    assert!(["c1", "c2", "c3"]
        .iter()
        .all(|id| h.state(id) == "confirmed"));
}

#[wasm_bindgen_test]
async fn board_error_is_shown_with_a_retry() {
    let fake = FakeBoard::new();
    let world = World::new();
    let source: SourceRef<dyn BoardSource> = SourceRef::new(fake.clone());
    let app = common::mount::<App>(AppProps {
        client: world.client.clone(),
        source,
    })
    .await;
    world.run().await;
    // The board query keeps TanStack's default of retrying: fail every attempt, moving
    // the hand-driven clock past each backoff.
    for _ in 0..10 {
        while !fake.column_fetches.is_empty() {
            fake.column_fetches
                .answer_next(Err(server_error("board gone")));
        }
        world.advance(60_000).await;
    }
    assert!(app.query("[data-testid=board-loading]").is_none());
    let error = common::dom::text(&app.root, "[data-testid=board-error]").unwrap_or_default();
    assert!(error.contains("board gone"), "{error}");
    common::dom::click(&app.root, "Try again");
    world.run().await;
    assert_eq!(
        fake.column_fetches.len(),
        1,
        "Try again fetches the board again"
    );
}

#[wasm_bindgen_test]
async fn keyboard_move_shows_at_once_in_both_columns_then_confirms() {
    let h = loaded().await;

    h.keys_on("c1", &[" "]).await;
    assert!(
        h.announcement().contains("Picked up card “Write docs”"),
        "{}",
        h.announcement()
    );
    assert!(h.announcement().contains("Escape to cancel"));
    assert_eq!(
        h.card("c1").get_attribute("data-grabbed").as_deref(),
        Some("true")
    );

    h.keys_on("c1", &["ArrowRight", "ArrowDown"]).await;
    // Nothing is sent while the card is in the air; the indicator shows where it goes.
    assert!(h.sent().is_empty());
    assert!(h
        .column("doing")
        .query_selector("[data-testid=drop-indicator]")
        .ok()
        .flatten()
        .is_some());
    assert!(
        h.announcement().contains("“Doing”, position 2 of 2"),
        "{}",
        h.announcement()
    );

    h.keys_on("c1", &[" "]).await;
    // Both columns show the move in the same frame, before the server answers.
    assert_eq!(h.ids("todo"), vec!["c2"]);
    assert_eq!(h.ids("doing"), vec!["c3", "c1"]);
    assert_eq!(h.state("c1"), "pending");
    assert!(h.in_card("c1", "state-mark").is_some());
    h.world.run().await;
    assert_eq!(h.sent(), vec!["move c1 todo->doing@1"]);
    assert_eq!(
        h.focused_card().as_deref(),
        Some("c1"),
        "the focus follows the card"
    );
    assert!(h.app.query("[data-testid=drop-indicator]").is_none());
    assert_eq!(
        texts(h.root(), "[data-testid=column-count]"),
        vec!["1", "2", "0"]
    );

    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("todo"), vec!["c2"]);
    assert_eq!(h.ids("doing"), vec!["c3", "c1"]);
    assert_eq!(h.state("c1"), "confirmed");
    let status = common::dom::text(h.root(), "[data-testid=board-status]").unwrap_or_default();
    assert_eq!(status, "All changes saved");
}

#[wasm_bindgen_test]
async fn the_pick_up_keys_are_shown_and_the_card_buttons_are_24_px_at_least() {
    let h = loaded().await;
    let keys = common::dom::text(h.root(), "[data-testid=board-shortcuts]").unwrap_or_default();
    assert!(keys.contains("Space") && keys.contains("Esc"), "{keys}");
    for testid in ["card-edit", "card-move-left", "card-move-right"] {
        let el = h.in_card("c1", testid).expect("a card button");
        let (w, hgt) = common::dom::size(&el);
        assert!(w >= 24.0 && hgt >= 24.0, "{testid} is {w}x{hgt}");
    }
}

#[wasm_bindgen_test]
async fn escape_cancels_a_keyboard_move() {
    let h = loaded().await;
    h.keys_on("c1", &[" ", "ArrowRight", "Escape"]).await;
    assert!(h.sent().is_empty());
    assert!(
        h.announcement().contains("Move cancelled"),
        "{}",
        h.announcement()
    );
    assert_eq!(h.ids("todo"), vec!["c1", "c2"]);
    assert!(h.app.query("[data-testid=drop-indicator]").is_none());
    assert_eq!(
        h.card("c1").get_attribute("data-grabbed").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn drag_and_drop_moves_a_card_to_another_column() {
    let h = loaded().await;
    let dt = data_transfer();

    drag_event(&h.card("c2"), "dragstart", 0.0, &dt).await;
    assert_eq!(
        h.card("c2").get_attribute("data-dragging").as_deref(),
        Some("true")
    );
    let done_list = h.column("done");
    let (_, bottom) = middle_and_bottom(&done_list);
    drag_event(&done_list, "dragover", bottom, &dt).await;
    assert!(done_list
        .query_selector("[data-testid=drop-indicator]")
        .ok()
        .flatten()
        .is_some());
    assert_eq!(
        done_list.get_attribute("data-drop-target").as_deref(),
        Some("true")
    );
    drag_event(&done_list, "drop", bottom, &dt).await;
    drag_event(&h.card("c2"), "dragend", 0.0, &dt).await;

    assert_eq!(h.ids("todo"), vec!["c1"]);
    assert_eq!(h.ids("done"), vec!["c2"]);
    assert_eq!(h.state("c2"), "pending");
    h.world.run().await;
    assert_eq!(h.sent(), vec!["move c2 todo->done@0"]);
    assert!(h.app.query("[data-testid=drop-indicator]").is_none());

    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("done"), vec!["c2"]);
    assert_eq!(h.state("c2"), "confirmed");
}

#[wasm_bindgen_test]
async fn reorders_within_a_column_by_drag_and_by_keyboard() {
    let h = loaded_with(FakeBoard::with(vec![
        card("c1", "One"),
        card("c2", "Two"),
        card("c4", "Four"),
    ]))
    .await;
    let dt = data_transfer();

    // Drag c1 below c2 (pointer past c2's middle): it lands at index 1.
    drag_event(&h.card("c1"), "dragstart", 0.0, &dt).await;
    let (c2_mid, c2_bottom) = middle_and_bottom(&h.card("c2"));
    let y = (c2_mid + c2_bottom) / 2.0;
    drag_event(&h.card("c2"), "dragover", y, &dt).await;
    drag_event(&h.card("c2"), "drop", y, &dt).await;
    drag_event(&h.card("c1"), "dragend", 0.0, &dt).await;
    assert_eq!(h.ids("todo"), vec!["c2", "c1", "c4"]);
    h.world.run().await;
    assert_eq!(h.sent(), vec!["move c1 todo->todo@1"]);
    assert_eq!(h.state("c1"), "pending");
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("todo"), vec!["c2", "c1", "c4"]);

    // Keyboard: c4 up twice, to the top.
    h.keys_on("c4", &[" ", "ArrowUp", "ArrowUp", " "]).await;
    assert_eq!(h.ids("todo"), vec!["c4", "c2", "c1"]);
    h.world.run().await;
    assert_eq!(h.sent()[1], "move c4 todo->todo@0");
    assert_eq!(h.focused_card().as_deref(), Some("c4"));
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("todo"), vec!["c4", "c2", "c1"]);
    assert_eq!(h.fake.server_cards("todo").len(), 3);
}

#[wasm_bindgen_test]
async fn moves_of_one_card_are_serialised() {
    let h = loaded().await;
    h.keys_on("c1", &[" ", "ArrowRight", " "]).await;
    // The focus stayed on the card, so the user can move it on at once.
    h.keys_on("c1", &[" ", "ArrowRight", " "]).await;
    assert_eq!(h.ids("done"), vec!["c1"], "both moves show at once");
    assert!(h.ids("doing") == vec!["c3"]);
    assert_eq!(h.state("c1"), "pending");
    h.world.run().await;
    assert_eq!(
        h.sent(),
        vec!["move c1 todo->doing@0"],
        "the second move waits for the first answer"
    );

    h.fake.accept_next();
    h.world.run().await;
    assert_eq!(h.fake.applies.labels(), vec!["move c1 doing->done@0"]);
    assert_eq!(h.ids("done"), vec!["c1"]);

    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("done"), vec!["c1"]);
    assert!(h.ids("todo") == vec!["c2"]);
    assert_eq!(h.state("c1"), "confirmed");
    assert_eq!(h.sent().len(), 2);
}

#[wasm_bindgen_test]
async fn a_refetch_landing_mid_move_does_not_throw_the_card_back() {
    let h = loaded().await;
    h.keys_on("c1", &[" ", "ArrowRight", " "]).await;
    assert_eq!(h.ids("doing"), vec!["c1", "c3"]);

    // Check every cache notification while the stale refetch lands: the card is never
    // shown back in To do, nor missing from Doing.
    let client = h.world.client.clone();
    let violations = Rc::new(RefCell::new(Vec::<String>::new()));
    let _watch = {
        let client = client.clone();
        let violations = violations.clone();
        client.clone().subscribe_queries(move || {
            let ids = |c: &str| -> Vec<String> {
                let cards = client
                    .get_query_data::<BoardCards>(&all_cards_query_key(BOARD))
                    .ok()
                    .flatten();
                let mut shown: Vec<(i64, String)> = cards
                    .iter()
                    .flat_map(|cards| cards.values())
                    .filter(|p| p.column == col(c))
                    .map(|p| (p.position, p.card.id.0.clone()))
                    .collect();
                shown.sort();
                shown.into_iter().map(|(_, id)| id).collect()
            };
            let (todo, doing) = (ids("todo"), ids("doing"));
            if todo.contains(&"c1".to_string()) || !doing.contains(&"c1".to_string()) {
                violations
                    .borrow_mut()
                    .push(format!("todo {todo:?} doing {doing:?}"));
            }
        })
    };

    client.refetch_queries(&QueryFilter::key(all_cards_query_key(BOARD)));
    h.world.run().await;
    // The server does not have the move yet.
    h.fake.answer_cards_with(
        "todo",
        vec![card("c1", "Write docs"), card("c2", "Fix bug")],
    );
    h.world.run().await;
    assert_eq!(h.ids("todo"), vec!["c2"]);
    h.fake
        .answer_cards_with("doing", vec![card("c3", "Review")]);
    h.world.run().await;
    h.fake.answer_card_fetches();
    h.world.run().await;
    assert_eq!(h.ids("todo"), vec!["c2"]);
    assert_eq!(h.ids("doing"), vec!["c1", "c3"]);
    assert_eq!(h.state("c1"), "pending");
    assert!(violations.borrow().is_empty(), "{:?}", violations.borrow());

    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("doing"), vec!["c1", "c3"]);
    assert_eq!(h.state("c1"), "confirmed");
    assert!(violations.borrow().is_empty(), "{:?}", violations.borrow());
}

#[wasm_bindgen_test]
async fn a_refetch_landing_mid_drag_keeps_the_drag() {
    let h = loaded().await;
    let dt = data_transfer();
    drag_event(&h.card("c1"), "dragstart", 0.0, &dt).await;

    // The server reordered the column meanwhile; the refetch lands mid-drag.
    h.world
        .client
        .refetch_queries(&QueryFilter::key(all_cards_query_key(BOARD)));
    h.world.run().await;
    h.fake.answer_cards_with(
        "todo",
        vec![card("c2", "Fix bug"), card("c1", "Write docs")],
    );
    h.world.run().await;
    h.fake.answer_card_fetches();
    h.world.run().await;
    assert_eq!(h.ids("todo"), vec!["c2", "c1"]);
    assert_eq!(
        h.card("c1").get_attribute("data-dragging").as_deref(),
        Some("true")
    );

    let done = h.column("done");
    let (_, bottom) = middle_and_bottom(&done);
    drag_event(&done, "dragover", bottom, &dt).await;
    drag_event(&done, "drop", bottom, &dt).await;
    drag_event(&h.card("c1"), "dragend", 0.0, &dt).await;
    assert_eq!(h.ids("todo"), vec!["c2"]);
    assert_eq!(h.ids("done"), vec!["c1"]);
    h.world.run().await;
    assert_eq!(h.sent(), vec!["move c1 todo->done@0"]);
}

#[wasm_bindgen_test]
async fn a_refused_move_returns_the_card_and_says_why() {
    let h = loaded().await;
    h.keys_on("c1", &[" ", "ArrowRight", "ArrowRight", " "])
        .await;
    assert_eq!(h.ids("done"), vec!["c1"]);

    h.world.run().await;
    h.fake
        .applies
        .answer_next(Err(server_error("column is locked")));
    h.world.run().await;
    // Back where it was, marked failed, with the reason inline and in a toast.
    assert_eq!(h.ids("todo"), vec!["c1", "c2"]);
    assert!(h.ids("done").is_empty());
    assert_eq!(h.state("c1"), "failed");
    let inline = h
        .in_card("c1", "card-error")
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(inline.contains("column is locked"), "{inline}");
    assert!(inline.contains("Done"), "{inline}");
    let toasts = h.toasts();
    assert!(
        toasts
            .iter()
            .any(|t| t.contains("Could not move “Write docs” to “Done”")
                && t.contains("column is locked")),
        "{toasts:?}"
    );
    // One announcement: the toast is the alert, the card's message is not.
    let toast_role = gloo::utils::document()
        .query_selector("[data-testid=toasts] [data-testid=toast]")
        .ok()
        .flatten()
        .and_then(|r| r.get_attribute("role"));
    assert_eq!(toast_role.as_deref(), Some("alert"));
    assert_eq!(
        h.in_card("c1", "card-error")
            .and_then(|e| e.get_attribute("role")),
        None
    );
    let status = common::dom::text(h.root(), "[data-testid=board-status]").unwrap_or_default();
    assert_eq!(status, "1 change not saved");

    // Retry sends the same move again, shown at once.
    h.in_card("c1", "card-retry")
        .expect("a Retry button")
        .click();
    flush().await;
    h.world.run().await;
    assert_eq!(
        h.sent(),
        vec!["move c1 todo->done@0", "move c1 todo->done@0"]
    );
    assert_eq!(h.ids("done"), vec!["c1"]);
    assert_eq!(h.state("c1"), "pending");
    assert!(h.in_card("c1", "card-error").is_none());
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.ids("done"), vec!["c1"]);
    assert_eq!(h.state("c1"), "confirmed");
}

#[wasm_bindgen_test]
async fn dismiss_hides_the_failure() {
    let h = loaded().await;
    h.in_card("c2", "card-move-right")
        .expect("a move-right button")
        .click();
    flush().await;
    assert_eq!(h.ids("doing"), vec!["c3", "c2"]);
    h.world.run().await;
    assert_eq!(h.sent(), vec!["move c2 todo->doing@1"]);
    h.fake.applies.answer_next(Err(server_error("nope")));
    h.world.run().await;
    assert_eq!(h.ids("todo"), vec!["c1", "c2"]);
    assert_eq!(h.state("c2"), "failed");
    h.in_card("c2", "card-dismiss")
        .expect("a Dismiss button")
        .click();
    flush().await;
    assert_eq!(h.state("c2"), "confirmed");
    assert!(h.in_card("c2", "card-error").is_none());
    assert_eq!(h.sent().len(), 1);
}

#[wasm_bindgen_test]
async fn a_move_onto_its_own_place_sends_nothing() {
    let h = loaded().await;
    // Keyboard: pick up and drop in place; and a step down and back up.
    h.keys_on("c1", &[" ", " "]).await;
    h.keys_on("c1", &[" ", "ArrowDown", "ArrowUp", " "]).await;
    assert!(
        h.announcement().contains("stays where it was"),
        "{}",
        h.announcement()
    );

    // Pointer: drop c1 on its own upper and lower half.
    let dt = data_transfer();
    for pick in [0.25, 0.75] {
        drag_event(&h.card("c1"), "dragstart", 0.0, &dt).await;
        let c1 = h.card("c1");
        let (mid, bottom) = middle_and_bottom(&c1);
        let top = mid - (bottom - mid);
        let y = top + (bottom - top) * pick;
        drag_event(&c1, "dragover", y, &dt).await;
        drag_event(&c1, "drop", y, &dt).await;
        drag_event(&h.card("c1"), "dragend", 0.0, &dt).await;
    }
    h.world.run().await;
    assert!(h.sent().is_empty(), "{:?}", h.sent());
    assert_eq!(h.ids("todo"), vec!["c1", "c2"]);
    assert_eq!(h.state("c1"), "confirmed");
}

#[wasm_bindgen_test]
async fn adds_and_renames_cards() {
    let h = loaded().await;

    // Add with Enter.
    let input = h
        .in_column("doing", "add-card-input")
        .dyn_into::<HtmlInputElement>()
        .expect("an input");
    input.set_value("  Ship it  ");
    h.press(&input, "Enter").await;
    let doing = h.ids("doing");
    assert_eq!(doing.len(), 2);
    let new_id = doing[1].clone();
    assert!(!new_id.is_empty() && new_id != "c3");
    assert_eq!(h.state(&new_id), "pending");
    assert_eq!(
        h.in_card(&new_id, "card-title")
            .and_then(|t| t.text_content())
            .as_deref(),
        Some("Ship it")
    );
    assert_eq!(input.value(), "", "the field is cleared");
    h.world.run().await;
    assert_eq!(h.sent(), vec!["add Ship it to doing"]);

    // Add with the button: another browser-made id.
    input.set_value("Second");
    h.in_column("doing", "add-card-button").click();
    flush().await;
    let doing = h.ids("doing");
    assert_eq!(doing.len(), 3);
    assert_ne!(doing[2], new_id);
    h.world.run().await;
    h.fake.accept_next();
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.state(&new_id), "confirmed");
    assert_eq!(h.ids("doing").len(), 3);

    // Rename: Escape cancels, Enter saves.
    h.in_card("c3", "card-edit")
        .expect("an edit button")
        .click();
    flush().await;
    let edit = h
        .in_card("c3", "card-edit-input")
        .expect("the title field")
        .dyn_into::<HtmlInputElement>()
        .expect("an input");
    assert_eq!(edit.value(), "Review");
    edit.set_value("Nope");
    h.press(&edit, "Escape").await;
    assert!(h.in_card("c3", "card-edit-input").is_none());
    assert_eq!(h.sent().len(), 2);

    h.in_card("c3", "card-edit")
        .expect("an edit button")
        .click();
    flush().await;
    let edit = h
        .in_card("c3", "card-edit-input")
        .expect("the title field")
        .dyn_into::<HtmlInputElement>()
        .expect("an input");
    edit.set_value("Reviewed");
    h.press(&edit, "Enter").await;
    assert_eq!(
        h.in_card("c3", "card-title")
            .and_then(|t| t.text_content())
            .as_deref(),
        Some("Reviewed")
    );
    assert_eq!(h.state("c3"), "pending");
    h.world.run().await;
    assert_eq!(h.sent()[2], "edit c3 Reviewed");
    assert_eq!(h.focused_card().as_deref(), Some("c3"));
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.state("c3"), "confirmed");
    assert_eq!(
        h.in_card("c3", "card-title")
            .and_then(|t| t.text_content())
            .as_deref(),
        Some("Reviewed")
    );
}

#[wasm_bindgen_test]
async fn a_refused_add_is_explained_below_the_column() {
    let h = loaded().await;
    let input = h
        .in_column("done", "add-card-input")
        .dyn_into::<HtmlInputElement>()
        .expect("an input");
    input.set_value("Celebrate");
    h.press(&input, "Enter").await;
    assert_eq!(h.ids("done").len(), 1);
    h.world.run().await;
    h.fake.applies.answer_next(Err(server_error("quota")));
    h.world.run().await;
    assert!(h.ids("done").is_empty());
    let failed = h.in_column("done", "failed-add");
    let text = failed.text_content().unwrap_or_default();
    assert!(
        text.contains("Could not add “Celebrate”") && text.contains("quota"),
        "{text}"
    );
    assert!(h.toasts().iter().any(|t| t.contains("Celebrate")));
    h.in_column("done", "card-retry").click();
    flush().await;
    assert_eq!(h.ids("done").len(), 1);
    h.world.run().await;
    assert_eq!(
        h.sent(),
        vec!["add Celebrate to done", "add Celebrate to done"]
    );
}

#[wasm_bindgen_test]
async fn titles_render_as_text() {
    let evil = "<script>window.__pwned = 1</script><b>bold</b>";
    let h = loaded_with(FakeBoard::with(vec![card("x", evil)])).await;
    let title = h.in_card("x", "card-title").expect("a title");
    assert_eq!(title.text_content().as_deref(), Some(evil));
    assert!(h
        .card("x")
        .query_selector("script, b")
        .ok()
        .flatten()
        .is_none());
    let pwned =
        js_sys::Reflect::get(&js_sys::global(), &"__pwned".into()).unwrap_or(JsValue::UNDEFINED);
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn a_move_restored_after_a_reload_and_refused_is_explained() {
    use yew_optimistic::kanban::{board_mutation_key, board_mutation_options};
    let h = loaded().await;
    let fake = h.fake.clone();
    let source: SourceRef<dyn BoardSource> = SourceRef::new(fake.clone());
    // Registered, so a move made offline is persisted and rebuilt after a reload.
    let register = |client: &QueryClient| {
        client.register_mutation(
            board_mutation_key(),
            board_mutation_options(source.clone(), BOARD),
        )
    };
    register(&h.world.client);
    h.world.client.set_online(false);
    flush().await;
    h.in_card("c1", "card-move-right")
        .expect("a move-right button")
        .click();
    flush().await;
    h.world.run().await;
    assert_eq!(h.ids("doing"), vec!["c1", "c3"]);
    assert!(h.sent().is_empty(), "nothing is sent offline");
    let storage = h.world.storage();
    h.app.unmount();

    // The reload: a new client over the same storage, the definition registered first.
    let world = World::with_storage(storage);
    register(&world.client);
    let app = common::mount::<App>(AppProps {
        client: world.client.clone(),
        source: source.clone(),
    })
    .await;
    let h = Harness { world, fake, app };
    h.world.run().await;
    let columns = h.fake.columns.clone();
    h.fake.column_fetches.answer_next(Ok(columns));
    h.world.run().await;
    h.fake.answer_card_fetches();
    h.world.run().await;
    assert_eq!(
        h.ids("doing"),
        vec!["c1", "c3"],
        "the restored move is shown"
    );
    assert_eq!(h.fake.applies.labels(), vec!["move c1 todo->doing@0"]);
    h.fake
        .applies
        .answer_next(Err(server_error("column is locked")));
    h.world.run().await;
    assert_eq!(h.ids("todo"), vec!["c1", "c2"], "rolled back");
    assert_eq!(h.state("c1"), "failed");
    let inline = h
        .in_card("c1", "card-error")
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(inline.contains("column is locked"), "{inline}");
    let toasts = h.toasts();
    assert_eq!(toasts.len(), 1, "{toasts:?}");
    assert!(
        toasts[0].contains("Could not move “Write docs” to “Doing”"),
        "{toasts:?}"
    );
    // Dismiss drops it from the mutation cache, and the toast with it.
    h.in_card("c1", "card-dismiss")
        .expect("a Dismiss button")
        .click();
    flush().await;
    assert_eq!(h.state("c1"), "confirmed");
    assert!(h.toasts().is_empty(), "{:?}", h.toasts());
}

// ---------------------------------------------------------------- the app's own cards

/// An app's own card: its own field names and an extra field.
#[derive(Clone, Debug, PartialEq)]
struct Ticket {
    key: String,
    summary: String,
    points: u8,
}

impl yew_optimistic::kanban::KanbanCard for Ticket {
    fn id(&self) -> CardId {
        CardId(self.key.clone())
    }
    fn title(&self) -> &str {
        &self.summary
    }
    fn set_title(&mut self, title: String) {
        self.summary = title;
    }
    fn new_card(id: &CardId, title: String) -> Self {
        Ticket {
            key: id.0.clone(),
            summary: title,
            points: 0,
        }
    }
}

#[derive(Default)]
struct FakeTickets {
    cards: Gate<Vec<Ticket>>,
    columns: Gate<Vec<Column>>,
    applies: Gate<()>,
}

impl BoardSource<Ticket> for FakeTickets {
    fn columns(
        &self,
        _board: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        Box::pin(self.columns.request("columns", None))
    }
    fn cards(
        &self,
        _board: &str,
        column: &ColumnId,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Ticket>, FetchError>> {
        Box::pin(self.cards.request(format!("cards {}", column.0), None))
    }
    fn apply(
        &self,
        _board: &str,
        change: BoardChange<Ticket>,
        _ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let label = match &change {
            BoardChange::MoveCard { card, to, .. } => format!("move {} to {}", card.key, to.0),
            _ => "other".into(),
        };
        Box::pin(self.applies.request(label, None))
    }
}

#[derive(Properties, PartialEq)]
struct TicketsProps {
    client: QueryClient,
    source: SourceRef<dyn BoardSource<Ticket>>,
}

#[component]
fn Tickets(props: &TicketsProps) -> Html {
    let render = use_callback((), |t: Ticket, _| {
        html! { <>{ t.summary.clone() }<span class="points">{ format!(" {} pts", t.points) }</span></> }
    });
    let strings = use_memo((), |_| yew_optimistic::kanban::BoardStrings {
        add_button: "Añadir".into(),
        move_right: "Mover “{title}” a la derecha".into(),
        ..Default::default()
    });
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <yew_optimistic::kanban::KanbanBoardOf<Ticket> source={props.source.clone()} board="t"
                render_card={render} strings={strings} />
        </QueryClientProvider>
    }
}

#[wasm_bindgen_test]
async fn an_apps_own_card_type_renders_and_moves_with_its_own_fields() {
    let w = World::new();
    let fake = Rc::new(FakeTickets::default());
    let app = common::mount::<Tickets>(TicketsProps {
        client: w.client.clone(),
        source: SourceRef::new(fake.clone()),
    })
    .await;
    w.run().await;
    fake.columns.answer_next(Ok(vec![
        Column {
            id: col("todo"),
            title: "Por hacer".into(),
        },
        Column {
            id: col("done"),
            title: "Hecho".into(),
        },
    ]));
    w.run().await;
    fake.cards.answer_label(
        "cards todo",
        Ok(vec![Ticket {
            key: "T-1".into(),
            summary: "ship".into(),
            points: 5,
        }]),
    );
    fake.cards.answer_label("cards done", Ok(vec![]));
    w.run().await;
    let root = app.root.clone();
    assert_eq!(texts(&root, "[data-testid=card] .points"), vec![" 5 pts"]);
    assert_eq!(
        texts(&root, "[data-testid=add-card-button]"),
        vec!["Añadir", "Añadir"]
    );
    let right = root
        .query_selector("[data-testid=card][data-id=T-1] [data-testid=card-move-right]")
        .ok()
        .flatten()
        .expect("a move-right button");
    assert_eq!(
        right.get_attribute("aria-label").as_deref(),
        Some("Mover “ship” a la derecha")
    );
    right.dyn_into::<HtmlElement>().expect("a button").click();
    flush().await;
    w.run().await;
    assert_eq!(fake.applies.labels(), vec!["move T-1 to done"]);
    assert_eq!(
        texts(
            &root,
            "[data-testid=column][data-id=done] [data-testid=card] .points"
        ),
        vec![" 5 pts"],
        "the moved card kept its own field"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn an_unknown_outcome_makes_the_card_wait_then_held_with_retry_now_and_discard() {
    // One resend allowed, then the change is held.
    let config = yew_optimistic::ClientConfig {
        unknown_resend: yew_optimistic::RetryPolicy::times(1).delays(100, 100),
        ..common::world::config()
    };
    let h = loaded_in(
        World::with_config(Default::default(), config),
        FakeBoard::new(),
    )
    .await;
    let text = |id: &str, testid: &str| {
        h.in_card(id, testid)
            .map(|e| e.text_content().unwrap_or_default())
            .unwrap_or_default()
    };
    h.in_card("c2", "card-move-right")
        .expect("a move-right button")
        .click();
    flush().await;
    h.world.run().await;
    assert_eq!(h.ids("doing"), vec!["c3", "c2"]);
    let key = h.fake.applies.waiting_keys();
    assert_eq!(key.len(), 1);
    // A dropped connection is not a refusal: the card stays, and waits.
    h.fake
        .applies
        .answer_next(Err(FetchError::Network("connection reset".into())));
    h.world.run().await;
    assert_eq!(h.ids("doing"), vec!["c3", "c2"], "kept");
    assert_eq!(h.state("c2"), "waiting");
    assert!(text("c2", "state-mark").contains("Waiting for the server…"));
    assert!(text("c2", "card-note").contains("Waiting for the server…"));
    assert_eq!(
        h.in_card("c2", "card-note")
            .and_then(|e| e.get_attribute("role")),
        Some("status".into()),
        "announced politely"
    );
    assert!(h.in_card("c2", "card-error").is_none());
    assert!(h.toasts().is_empty(), "nothing was refused");

    // Sent again under the same key; a 503, and the change is held.
    h.world.advance(150).await;
    assert_eq!(h.fake.applies.waiting_keys(), key);
    h.fake.applies.answer_next(Err(FetchError::Http {
        status: 503,
        body: "unavailable".into(),
    }));
    h.world.advance(1_000).await;
    assert!(h.fake.applies.is_empty(), "held: not sent by itself");
    assert_eq!(h.state("c2"), "held");
    assert_eq!(h.ids("doing"), vec!["c3", "c2"], "still kept");
    assert!(text("c2", "state-mark").contains("Not saved yet"));
    assert!(text("c2", "card-held").contains("Not saved yet"));
    assert!(h.toasts().is_empty());

    // Retry now: the same key again; the server accepts.
    let retry = h.in_card("c2", "card-retry-now").expect("Retry now");
    assert_eq!(retry.text_content().as_deref(), Some("Retry now"));
    retry.click();
    flush().await;
    h.world.run().await;
    assert_eq!(h.fake.applies.waiting_keys(), key);
    assert!(h.in_card("c2", "card-retry-now").is_none());
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.state("c2"), "confirmed");
    assert_eq!(h.ids("doing"), vec!["c3", "c2"]);

    // Held again (another card); Discard moves it back and reads the board again.
    h.in_card("c1", "card-move-right")
        .expect("a move-right button")
        .click();
    flush().await;
    h.world.run().await;
    for _ in 0..2 {
        h.fake
            .applies
            .answer_next(Err(FetchError::Network("connection reset".into())));
        h.world.advance(150).await;
    }
    assert_eq!(h.state("c1"), "held");
    let discard = h.in_card("c1", "card-discard").expect("Discard");
    assert_eq!(discard.text_content().as_deref(), Some("Discard"));
    discard.click();
    flush().await;
    settle_refetches(&h).await;
    assert_eq!(h.ids("todo"), vec!["c1"], "rolled back: never applied");
    assert_eq!(h.state("c1"), "confirmed");
    assert!(h.toasts().is_empty(), "a discard is not a refusal");
    assert!(h.in_card("c1", "card-error").is_none());
}

#[wasm_bindgen_test]
async fn a_move_storage_refuses_says_not_kept_on_this_device_until_a_write_holds_it() {
    use yew_optimistic::kanban::{board_mutation_key, board_mutation_options};
    let h = loaded().await;
    let source: SourceRef<dyn BoardSource> = SourceRef::new(h.fake.clone());
    // Registered, so the move is persisted (or tried).
    h.world
        .client
        .register_mutation(board_mutation_key(), board_mutation_options(source, BOARD));
    let storage = h.world.storage();
    h.world.client.set_online(false);
    storage.refuse_writes(true);
    flush().await;
    h.in_card("c1", "card-move-right")
        .expect("a move-right button")
        .click();
    flush().await;
    h.world.run().await;
    assert_eq!(h.ids("doing"), vec!["c1", "c3"]);
    assert_eq!(h.state("c1"), "pending");
    let note = h
        .in_card("c1", "card-not-kept")
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(note.contains("Not kept on this device"), "{note}");
    assert!(
        h.in_card("c2", "card-not-kept").is_none(),
        "only the moved card"
    );

    // Storage takes writes again; the queue write when the move is sent holds it.
    storage.refuse_writes(false);
    h.world.client.set_online(true);
    h.world.run().await;
    assert_eq!(h.sent().len(), 1);
    assert_eq!(h.state("c1"), "pending");
    assert!(h.in_card("c1", "card-not-kept").is_none());
    h.fake.accept_next();
    settle_refetches(&h).await;
    assert_eq!(h.state("c1"), "confirmed");
}

#[derive(Properties, PartialEq)]
struct CountedProps {
    client: QueryClient,
    source: SourceRef<dyn BoardSource>,
    on_board_render: Callback<()>,
    on_column_render: Callback<ColumnId>,
    on_card_render: Callback<CardId>,
}

#[component]
fn Counted(props: &CountedProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <KanbanBoard source={props.source.clone()} board={BOARD} retry={None}
                on_board_render={props.on_board_render.clone()}
                on_column_render={props.on_column_render.clone()}
                on_card_render={props.on_card_render.clone()} />
        </QueryClientProvider>
    }
}

#[wasm_bindgen_test]
async fn a_move_between_columns_renders_the_moved_card_and_its_two_columns_alone() {
    let todo: Vec<Card> = (0..200)
        .map(|i| card(&format!("t{i}"), &format!("task {i}")))
        .collect();
    let fake = FakeBoard::with(todo);
    let world = World::new();
    let boards = Rc::new(std::cell::Cell::new(0_u32));
    let columns: Rc<RefCell<Vec<String>>> = Rc::default();
    let cards: Rc<RefCell<Vec<String>>> = Rc::default();
    let app = {
        let (b, c, k) = (boards.clone(), columns.clone(), cards.clone());
        common::mount::<Counted>(CountedProps {
            client: world.client.clone(),
            source: SourceRef::new(fake.clone()),
            on_board_render: Callback::from(move |()| b.set(b.get() + 1)),
            on_column_render: Callback::from(move |id: ColumnId| c.borrow_mut().push(id.0)),
            on_card_render: Callback::from(move |id: CardId| k.borrow_mut().push(id.0)),
        })
        .await
    };
    world.run().await;
    fake.column_fetches.answer_next(Ok(fake.columns.clone()));
    world.run().await;
    fake.answer_card_fetches();
    world.run().await;
    let root = app.root.clone();
    let ids = |column: &str| -> Vec<String> {
        all(
            &root,
            &format!("[data-testid=column][data-id=\"{column}\"] [data-testid=card]"),
        )
        .iter()
        .filter_map(|e| e.get_attribute("data-id"))
        .collect()
    };
    assert_eq!(ids("todo").len(), 200);
    assert!(
        boards.get() > 0 && cards.borrow().len() >= 201,
        "the hooks see renders"
    );
    let before = boards.get();
    columns.borrow_mut().clear();
    cards.borrow_mut().clear();

    // The → button of t50: one change (a MoveCard), painted, sent, confirmed, and the
    // board's cards refetched (the server's numbering: the same order).
    let button = root
        .query_selector("[data-testid=card][data-id=\"t50\"] [data-testid=card-move-right]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .expect("t50 has a → button");
    button.click();
    flush().await;
    assert_eq!(ids("doing"), vec!["c3", "t50"]);
    assert_eq!(ids("todo").len(), 199);
    world.run().await;
    assert_eq!(fake.applies.sent(), vec!["move t50 todo->doing@1"]);
    fake.accept_next();
    world.run().await;
    // The refetch asks again for the two columns the move touched, not for the third.
    let mut refetched = fake.card_fetches.labels();
    refetched.sort();
    assert_eq!(refetched, vec!["cards doing", "cards todo"]);
    fake.answer_card_fetches();
    world.run().await;
    assert_eq!(ids("doing"), vec!["c3", "t50"]);
    let state = root
        .query_selector("[data-testid=card][data-id=\"t50\"]")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-state"));
    assert_eq!(state.as_deref(), Some("confirmed"));

    let rendered = cards.borrow().clone();
    assert!(
        rendered.contains(&"t50".to_string()),
        "the moved card rendered"
    );
    let others: Vec<&String> = rendered.iter().filter(|id| *id != "t50").collect();
    assert!(others.is_empty(), "no other card rendered: {others:?}");
    let mut cols = columns.borrow().clone();
    cols.sort();
    cols.dedup();
    assert_eq!(cols, vec!["doing", "todo"], "only the two columns rendered");
    assert_eq!(boards.get(), before, "the board did not render");
}

#[wasm_bindgen_test]
async fn a_refetch_read_before_a_move_landed_never_stands_in_for_its_columns() {
    let h = loaded().await;
    // X: c3 Doing → Done, on its way.
    h.in_card("c3", "card-move-right")
        .expect("c3 has a → button")
        .click();
    flush().await;
    h.world.run().await;
    assert_eq!(h.sent(), vec!["move c3 doing->done@0"]);
    // A refetch reads the board before the server applied X.
    h.world
        .client
        .refetch_queries(&QueryFilter::key(all_cards_query_key(BOARD)));
    h.world.run().await;
    h.fake.answer_card_fetches();
    h.world.run().await;
    assert_eq!(h.ids("done"), vec!["c3"], "X still shows");
    // Y: c1 To do → Doing, while X is on its way.
    h.in_card("c1", "card-move-right")
        .expect("c1 has a → button")
        .click();
    flush().await;
    h.world.run().await;
    assert_eq!(h.sent().len(), 2);
    // X lands, then Y: the refetch after them reads every column either touched (the
    // answer of Done read before X landed must not stand in for it).
    h.fake.accept_next();
    h.world.run().await;
    h.fake.accept_next();
    h.world.run().await;
    let mut refetched = h.fake.card_fetches.labels();
    refetched.sort();
    assert_eq!(refetched, vec!["cards doing", "cards done", "cards todo"]);
    h.fake.answer_card_fetches();
    h.world.run().await;
    assert_eq!(h.ids("done"), vec!["c3"]);
    assert_eq!(h.ids("doing"), vec!["c1"]);
    assert_eq!(h.ids("todo"), vec!["c2"]);
    assert_eq!(h.state("c3"), "confirmed");
}
