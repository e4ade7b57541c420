//! Browser tests of `EditableList`: loading, optimistic add / toggle / rename / delete /
//! reorder, per-change rollback with the reason inline and in a toast, Retry and Dismiss,
//! ghost rows for refused adds, keyboard use, focus kept across rollbacks, untrusted
//! titles, the empty and error states, and a 1,000-row list that re-renders one row.
//!
//! Time and tasks are driven by a `TestRuntime`; the fake source's requests wait until the
//! test answers them. Run with
//! `cargo test --target wasm32-unknown-unknown -p yew-optimistic --test editable_list`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::fake_server::{server_error, Gate};
use common::world::{flush, World};
use common::Mounted;
use futures::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;
use yew_optimistic::editable_list::{EditableList, Item, ItemId, ListChange, ListSource};
use yew_optimistic::feedback::{OfflineBanner, ToastRegion};
use yew_optimistic::optimistic_query::storage::Storage;
use yew_optimistic::{FetchError, MutationContext, QueryClient, QueryClientProvider, SourceRef};

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- fixtures

/// A list server answered by hand: `fetches` and `applies` wait for the test; an accepted
/// change is applied to `server` with the same pure `ListChange::apply` the UI paints with.
#[derive(Default)]
struct FakeList {
    server: Rc<RefCell<Vec<Item>>>,
    fetches: Gate<Vec<Item>>,
    applies: Gate<()>,
}

/// A short, readable label for a change: "toggle a true", "move c 0", ...
fn label(change: &ListChange) -> String {
    match change {
        ListChange::Add { id, title } => format!("add {id} {title}"),
        ListChange::Rename { id, title } => format!("rename {id} {title}"),
        ListChange::Toggle { id, done } => format!("toggle {id} {done}"),
        ListChange::Delete { id } => format!("delete {id}"),
        ListChange::Move { id, to } => format!("move {id} {to}"),
    }
}

impl ListSource for FakeList {
    fn fetch(
        &self,
        list: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
        Box::pin(self.fetches.request(format!("GET {list}"), None))
    }

    fn apply(
        &self,
        _list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let reply = self
            .applies
            .request(label(&change), Some(ctx.idempotency_key));
        let server = self.server.clone();
        Box::pin(async move {
            let result = reply.await;
            if result.is_ok() {
                let next = change.apply(&server.borrow());
                *server.borrow_mut() = next;
            }
            result
        })
    }
}

fn item(id: &str, title: &str) -> Item {
    Item {
        id: ItemId(id.into()),
        title: title.into(),
        done: false,
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    source: SourceRef<dyn ListSource>,
    #[prop_or(true)]
    toasts: bool,
    #[prop_or_default]
    on_render: Option<Callback<ItemId>>,
    #[prop_or_default]
    on_list_render: Option<Callback<()>>,
}

#[component]
fn App(props: &AppProps) -> Html {
    let list = html! {
        <EditableList source={props.source.clone()} list="groceries" on_render={props.on_render.clone()}
            on_list_render={props.on_list_render.clone()} retry={None} />
    };
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <OfflineBanner />
            if props.toasts { <ToastRegion>{ list }</ToastRegion> } else { { list } }
        </QueryClientProvider>
    }
}

struct Harness {
    w: World,
    fake: Rc<FakeList>,
    app: Mounted<App>,
    renders: Rc<RefCell<Vec<ItemId>>>,
    /// Renders of the list itself (not of its rows).
    list_renders: Rc<Cell<u32>>,
}

impl Harness {
    /// Mounts the list and leaves its first fetch waiting.
    async fn mount(toasts: bool) -> Harness {
        Harness::mount_in(World::new(), toasts).await
    }

    /// As [`mount`](Self::mount), over a given world (its client's configuration).
    async fn mount_in(w: World, toasts: bool) -> Harness {
        let fake = Rc::new(FakeList::default());
        let renders: Rc<RefCell<Vec<ItemId>>> = Rc::default();
        let log = renders.clone();
        let list_renders: Rc<Cell<u32>> = Rc::default();
        let count = list_renders.clone();
        let source: SourceRef<dyn ListSource> = SourceRef::new(fake.clone());
        let app = common::mount::<App>(AppProps {
            client: w.client.clone(),
            source,
            toasts,
            on_render: Some(Callback::from(move |id| log.borrow_mut().push(id))),
            on_list_render: Some(Callback::from(move |()| count.set(count.get() + 1))),
        })
        .await;
        w.run().await;
        Harness {
            w,
            fake,
            app,
            renders,
            list_renders,
        }
    }

    /// Mounts the list with `items` on the server, loaded.
    async fn with(items: Vec<Item>) -> Harness {
        let h = Harness::mount(true).await;
        *h.fake.server.borrow_mut() = items;
        h.serve().await;
        h
    }

    /// Answers every waiting fetch with what the server holds now.
    async fn serve(&self) {
        while !self.fake.fetches.is_empty() {
            let items = self.fake.server.borrow().clone();
            self.fake.fetches.answer_next(Ok(items));
            self.w.run().await;
        }
    }

    /// Answers the waiting change labelled `label`.
    async fn answer(&self, label: &str, result: Result<(), FetchError>) {
        let i = self
            .fake
            .applies
            .labels()
            .iter()
            .position(|l| l == label)
            .unwrap_or_else(|| {
                panic!(
                    "no waiting change {label:?}; waiting: {:?}",
                    self.fake.applies.labels()
                )
            });
        self.fake.applies.answer(i, result);
        self.w.run().await;
    }

    fn root(&self) -> &Element {
        &self.app.root
    }

    fn by_testid(&self, testid: &str) -> Option<Element> {
        self.app.query(&format!("[data-testid=\"{testid}\"]"))
    }

    fn row(&self, id: &str) -> Element {
        self.app
            .query(&format!("[data-testid=\"row\"][data-id=\"{id}\"]"))
            .unwrap_or_else(|| panic!("no row {id:?}; rows: {:?}", self.ids()))
    }

    fn has_row(&self, id: &str) -> bool {
        self.app
            .query(&format!("[data-testid=\"row\"][data-id=\"{id}\"]"))
            .is_some()
    }

    fn in_row(&self, id: &str, testid: &str) -> HtmlElement {
        self.row(id)
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("row {id:?} has no {testid:?}"))
            .dyn_into::<HtmlElement>()
            .expect("an HTML element")
    }

    fn state(&self, id: &str) -> String {
        self.row(id).get_attribute("data-state").unwrap_or_default()
    }

    fn ids(&self) -> Vec<String> {
        common::dom::all(self.root(), "[data-testid=\"row\"]")
            .iter()
            .filter_map(|r| r.get_attribute("data-id"))
            .collect()
    }

    fn titles(&self) -> Vec<String> {
        common::dom::texts(self.root(), "[data-testid=\"row-title\"]")
            .into_iter()
            .map(|t| t.trim().to_string())
            .collect()
    }

    fn checked(&self, id: &str) -> bool {
        self.in_row(id, "row-toggle")
            .dyn_into::<HtmlInputElement>()
            .expect("the toggle is an input")
            .checked()
    }

    fn toasts(&self) -> Vec<String> {
        common::dom::texts(self.root(), "[data-testid=\"toast\"]")
    }

    fn add_input(&self) -> HtmlInputElement {
        self.by_testid("list-add-input")
            .expect("the add field is shown")
            .dyn_into()
            .expect("an input")
    }

    async fn add(&self, title: &str) {
        type_into(&self.add_input(), title).await;
        self.by_testid("list-add-button")
            .expect("the add button is shown")
            .dyn_into::<HtmlElement>()
            .expect("a button")
            .click();
        flush().await;
    }

    async fn click(&self, id: &str, testid: &str) {
        self.in_row(id, testid).click();
        flush().await;
    }

    /// The `(row id, data-testid)` of the focused element.
    fn focused(&self) -> (Option<String>, Option<String>) {
        let active = gloo::utils::document().active_element();
        let row = active
            .as_ref()
            .and_then(|a| a.closest("[data-testid=\"row\"]").ok().flatten())
            .and_then(|r| r.get_attribute("data-id"));
        (row, active.and_then(|a| a.get_attribute("data-testid")))
    }

    fn unmount(self) {
        self.app.unmount();
    }
}

/// Builds a DOM event with a constructor the crate's web-sys features may not name.
fn event(constructor: &str, kind: &str, fields: &[(&str, JsValue)]) -> web_sys::Event {
    let init = js_sys::Object::new();
    for (k, v) in [("bubbles", true.into()), ("cancelable", true.into())]
        .into_iter()
        .chain(fields.iter().cloned())
    {
        js_sys::Reflect::set(&init, &k.into(), &v).expect("setting an event init field");
    }
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &constructor.into())
        .expect("the browser has this event constructor")
        .dyn_into()
        .expect("a constructor is a function");
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&kind.into(), &init))
        .expect("the event can be constructed")
        .dyn_into()
        .expect("an Event")
}

/// Presses `key` (with Alt when `alt`) on `target`, as a keyboard does, and renders.
async fn press(target: &Element, key: &str, alt: bool) {
    let e = event(
        "KeyboardEvent",
        "keydown",
        &[("key", key.into()), ("altKey", alt.into())],
    );
    target.dispatch_event(&e).expect("dispatching keydown");
    flush().await;
}

/// Types `text` into `input` (replacing its value), as a user does, and renders.
async fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let e = event("InputEvent", "input", &[("data", text.into())]);
    input.dispatch_event(&e).expect("dispatching input");
    flush().await;
}

fn has_class(e: &Element, class: &str) -> bool {
    e.get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == class)
}

fn abc() -> Vec<Item> {
    vec![item("a", "milk"), item("b", "bread"), item("c", "eggs")]
}

// ---------------------------------------------------------------- tests

#[wasm_bindgen_test]
async fn shows_loading_then_the_items_confirmed() {
    let h = Harness::mount(true).await;
    let loading = h.by_testid("list-loading").expect("a loading state");
    assert!(loading
        .text_content()
        .unwrap_or_default()
        .contains("Loading"));
    assert_eq!(h.fake.fetches.labels(), vec!["GET groceries"]);
    assert!(
        h.by_testid("list-add-input").is_none(),
        "no adding before the list is there"
    );
    let busy = || {
        h.by_testid("editable-list")
            .and_then(|l| l.get_attribute("aria-busy"))
    };
    assert_eq!(busy().as_deref(), Some("true"), "busy while it fetches");

    *h.fake.server.borrow_mut() = abc();
    h.serve().await;
    assert!(h.by_testid("list-loading").is_none());
    assert_eq!(busy(), None, "not busy once fetched");
    assert_eq!(h.titles(), vec!["milk", "bread", "eggs"]);
    for id in ["a", "b", "c"] {
        assert_eq!(h.state(id), "confirmed");
    }
    assert!(h.app.query("[data-testid=\"state-mark\"]").is_none());
    assert_eq!(
        common::dom::text(h.root(), "[data-testid=\"list-summary\"]").as_deref(),
        Some("0 of 3 done")
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn an_add_shows_at_once_as_pending_then_confirmed() {
    let h = Harness::with(vec![item("a", "milk")]).await;
    h.add("  butter ").await;

    assert_eq!(
        h.titles(),
        vec!["milk", "butter"],
        "shown before any request"
    );
    assert_eq!(
        h.add_input().value(),
        "",
        "the field is ready for the next item"
    );
    let ids = h.ids();
    let new_id = ids[1].clone();
    assert!(!new_id.is_empty() && new_id != "a");
    assert_eq!(h.state(&new_id), "pending");
    let mark = h
        .row(&new_id)
        .query_selector("[data-testid=\"state-mark\"]")
        .ok()
        .flatten();
    assert_eq!(
        mark.and_then(|m| m.text_content()).as_deref(),
        Some("⟳Saving…"),
        "pending is said in words, not colour alone"
    );
    assert_eq!(
        h.row(&new_id).get_attribute("aria-busy").as_deref(),
        Some("true")
    );

    h.w.run().await;
    assert_eq!(
        h.fake.applies.labels(),
        vec![format!("add {new_id} butter")]
    );
    h.answer(&format!("add {new_id} butter"), Ok(())).await;
    h.serve().await;
    assert_eq!(
        h.ids(),
        vec!["a".to_string(), new_id.clone()],
        "same id end to end"
    );
    assert_eq!(h.state(&new_id), "confirmed");
    assert_eq!(h.fake.server.borrow().len(), 2);

    // Two adds in a row get distinct ids.
    h.add("jam").await;
    h.add("tea").await;
    let ids = h.ids();
    assert_eq!(ids.len(), 4);
    assert_ne!(ids[2], ids[3]);
    h.unmount();
}

#[wasm_bindgen_test]
async fn toggle_rename_delete_and_reorder_show_at_once_then_confirm() {
    let h = Harness::with(abc()).await;

    h.click("a", "row-toggle").await;
    assert!(h.checked("a"));
    assert_eq!(h.state("a"), "pending");
    assert!(has_class(&h.row("a"), "yo-done"), "done is struck through");

    h.click("b", "row-delete").await;
    assert_eq!(h.ids(), vec!["a", "c"]);

    h.click("c", "row-move-up").await;
    assert_eq!(h.ids(), vec!["c", "a"]);

    h.click("a", "row-title").await;
    let input: HtmlInputElement = h.in_row("a", "row-edit-input").dyn_into().expect("input");
    type_into(&input, "oat milk").await;
    press(&input, "Enter", false).await;
    assert_eq!(h.titles(), vec!["eggs", "oat milk"]);
    assert_eq!(h.state("a"), "pending");

    h.w.run().await;
    // Changes to one item go one at a time (its scope); the rename waits for the toggle.
    assert_eq!(
        h.fake.applies.labels(),
        vec!["toggle a true", "delete b", "move c 0"]
    );
    h.answer("toggle a true", Ok(())).await;
    h.answer("delete b", Ok(())).await;
    h.answer("move c 0", Ok(())).await;
    assert_eq!(h.fake.applies.labels(), vec!["rename a oat milk"]);
    assert_eq!(h.state("a"), "pending", "still pending while the rename is");
    assert_eq!(h.state("c"), "confirmed");
    h.answer("rename a oat milk", Ok(())).await;
    h.serve().await;

    assert_eq!(h.titles(), vec!["eggs", "oat milk"]);
    assert_eq!(h.state("a"), "confirmed");
    assert!(h.checked("a"));
    assert_eq!(*h.fake.server.borrow(), {
        let mut a = item("a", "oat milk");
        a.done = true;
        vec![item("c", "eggs"), a]
    });
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_failure_rolls_back_that_change_only_and_says_why_inline_and_in_a_toast() {
    let h = Harness::with(abc()).await;
    h.click("a", "row-toggle").await;
    h.click("b", "row-toggle").await;
    h.w.run().await;
    assert_eq!(
        h.fake.applies.labels(),
        vec!["toggle a true", "toggle b true"]
    );

    h.answer("toggle a true", Err(server_error("list is locked")))
        .await;
    assert!(!h.checked("a"), "a is rolled back");
    assert_eq!(h.state("a"), "failed");
    assert!(h.checked("b"), "b's pending change stays");
    assert_eq!(h.state("b"), "pending");
    let reason = h
        .in_row("a", "row-error")
        .text_content()
        .unwrap_or_default();
    assert!(
        reason.contains("tick") && reason.contains("list is locked"),
        "{reason}"
    );
    let toasts = h.toasts();
    assert_eq!(toasts.len(), 1);
    assert!(toasts[0].contains("list is locked"), "{toasts:?}");
    // One announcement: the toast is the alert, the row's strip is not.
    assert!(h
        .app
        .query("[data-testid=\"toast\"][role=\"alert\"]")
        .is_some());
    assert!(h.app.query(".yo-row-error[role]").is_none());

    // Retry sends the same change again.
    h.click("a", "row-retry").await;
    assert!(h.checked("a"), "shown again at once");
    assert_eq!(h.state("a"), "pending");
    assert!(h
        .row("a")
        .query_selector("[data-testid=\"row-error\"]")
        .ok()
        .flatten()
        .is_none());
    h.w.run().await;
    assert_eq!(
        h.fake.applies.labels(),
        vec!["toggle b true", "toggle a true"]
    );
    h.answer("toggle a true", Ok(())).await;
    h.answer("toggle b true", Ok(())).await;
    h.serve().await;
    assert_eq!(h.state("a"), "confirmed");
    assert_eq!(h.state("b"), "confirmed");
    assert!(h.checked("a") && h.checked("b"));
    h.unmount();
}

#[wasm_bindgen_test]
async fn dismiss_clears_a_failure_and_keeps_the_server_state() {
    let h = Harness::with(abc()).await;
    h.click("c", "row-delete").await;
    assert_eq!(h.ids(), vec!["a", "b"]);
    h.w.run().await;
    h.answer("delete c", Err(server_error("no"))).await;
    assert_eq!(h.ids(), vec!["a", "b", "c"], "the deleted row comes back");
    assert_eq!(h.state("c"), "failed");
    assert!(h
        .in_row("c", "row-error")
        .text_content()
        .unwrap_or_default()
        .contains("delete"));

    h.click("c", "row-dismiss").await;
    assert_eq!(h.state("c"), "confirmed");
    assert!(h.app.query("[data-testid=\"row-error\"]").is_none());
    assert_eq!(h.focused(), (Some("c".into()), Some("row-title".into())));
    h.serve().await;
    assert!(h.fake.applies.is_empty(), "dismiss sends nothing");
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_new_change_of_the_same_kind_replaces_a_failed_one() {
    let h = Harness::with(abc()).await;
    h.click("a", "row-title").await;
    let edit: HtmlInputElement = h.in_row("a", "row-edit-input").dyn_into().expect("input");
    type_into(&edit, "oat milk").await;
    press(&edit, "Enter", false).await;
    h.click("b", "row-toggle").await;
    h.w.run().await;
    h.answer("rename a oat milk", Err(server_error("no"))).await;
    h.answer("toggle b true", Err(server_error("no"))).await;
    assert_eq!(h.state("a"), "failed");
    assert_eq!(h.state("b"), "failed");

    // Ticking a again does not make its failed rename moot: the user's text stays offered.
    h.click("a", "row-toggle").await;
    // Ticking b again does make its failed tick moot.
    h.click("b", "row-toggle").await;
    h.w.run().await;
    h.answer("toggle a true", Ok(())).await;
    h.answer("toggle b true", Ok(())).await;
    h.serve().await;
    assert_eq!(h.state("a"), "failed");
    assert!(h
        .in_row("a", "row-error")
        .text_content()
        .unwrap_or_default()
        .contains("oat milk"));
    assert_eq!(h.state("b"), "confirmed");
    assert!(h
        .row("b")
        .query_selector("[data-testid=\"row-error\"]")
        .ok()
        .flatten()
        .is_none());
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_refused_add_leaves_a_ghost_row_with_retry() {
    let h = Harness::with(vec![item("a", "milk")]).await;
    h.add("caviar").await;
    let id = h.ids()[1].clone();
    h.w.run().await;
    h.answer(
        &format!("add {id} caviar"),
        Err(server_error("too expensive")),
    )
    .await;

    assert_eq!(
        h.ids(),
        vec!["a".to_string(), id.clone()],
        "the user's text is kept"
    );
    assert_eq!(h.state(&id), "failed");
    assert!(has_class(&h.row(&id), "yo-ghost"));
    assert_eq!(h.titles(), vec!["milk", "caviar"]);
    assert!(h
        .in_row(&id, "row-error")
        .text_content()
        .unwrap_or_default()
        .contains("too expensive"));
    assert!(h.toasts().iter().any(|t| t.contains("add “caviar”")));

    h.click(&id, "row-retry").await;
    assert_eq!(h.state(&id), "pending");
    assert_eq!(h.focused(), (Some(id.clone()), Some("row-title".into())));
    h.w.run().await;
    assert_eq!(
        h.fake.applies.labels(),
        vec![format!("add {id} caviar")],
        "same id, same title"
    );
    h.answer(&format!("add {id} caviar"), Ok(())).await;
    h.serve().await;
    assert_eq!(h.state(&id), "confirmed");
    assert_eq!(h.fake.server.borrow().len(), 2);

    // Dismissing a ghost removes it.
    h.add("truffles").await;
    let id2 = h.ids()[2].clone();
    h.w.run().await;
    h.answer(&format!("add {id2} truffles"), Err(server_error("no")))
        .await;
    assert_eq!(h.state(&id2), "failed");
    h.click(&id2, "row-dismiss").await;
    assert!(!h.has_row(&id2));
    assert_eq!(h.focused(), (None, Some("list-add-input".into())));
    h.unmount();
}

#[wasm_bindgen_test]
async fn the_keyboard_adds_renames_cancels_toggles_and_moves() {
    let h = Harness::with(vec![item("a", "milk"), item("b", "bread")]).await;

    // Enter in the add field adds.
    let input = h.add_input();
    let _ = input.focus();
    type_into(&input, "jam").await;
    press(&input, "Enter", false).await;
    assert_eq!(h.titles(), vec!["milk", "bread", "jam"]);
    assert_eq!(h.focused(), (None, Some("list-add-input".into())));

    // Enter on a title opens the editor, Enter saves and focus goes back to the title.
    let title = h.in_row("a", "row-title");
    let _ = title.focus();
    press(&title, "Enter", false).await;
    assert_eq!(
        h.focused(),
        (Some("a".into()), Some("row-edit-input".into()))
    );
    let edit: HtmlInputElement = h.in_row("a", "row-edit-input").dyn_into().expect("input");
    assert_eq!(edit.value(), "milk");
    type_into(&edit, "soy milk").await;
    press(&edit, "Enter", false).await;
    assert_eq!(h.titles()[0], "soy milk");
    assert_eq!(h.focused(), (Some("a".into()), Some("row-title".into())));

    // F2 opens it too; Escape cancels without sending anything.
    let title = h.in_row("b", "row-title");
    let _ = title.focus();
    press(&title, "F2", false).await;
    let edit: HtmlInputElement = h.in_row("b", "row-edit-input").dyn_into().expect("input");
    type_into(&edit, "brioche").await;
    press(&edit, "Escape", false).await;
    assert_eq!(h.titles()[1], "bread");
    assert_eq!(h.focused(), (Some("b".into()), Some("row-title".into())));

    // Enter on the checkbox ticks.
    let toggle = h.in_row("b", "row-toggle");
    let _ = toggle.focus();
    press(&toggle, "Enter", false).await;
    assert!(h.checked("b"));

    // Alt+ArrowUp / Alt+ArrowDown move the focused row; focus moves with it.
    let title = h.in_row("b", "row-title");
    let _ = title.focus();
    press(&title, "ArrowUp", true).await;
    assert_eq!(h.titles(), vec!["bread", "soy milk", "jam"]);
    assert_eq!(h.focused(), (Some("b".into()), Some("row-title".into())));
    press(&h.in_row("b", "row-title"), "ArrowUp", true).await;
    assert_eq!(
        h.titles(),
        vec!["bread", "soy milk", "jam"],
        "already first"
    );
    press(&h.in_row("b", "row-title"), "ArrowDown", true).await;
    press(&h.in_row("b", "row-title"), "ArrowDown", true).await;
    assert_eq!(h.titles(), vec!["soy milk", "jam", "bread"]);
    assert_eq!(h.focused(), (Some("b".into()), Some("row-title".into())));

    h.w.run().await;
    let sent = h.fake.applies.sent();
    assert!(
        sent.iter()
            .any(|l| l.starts_with("add ") && l.ends_with(" jam")),
        "{sent:?}"
    );
    assert!(sent.contains(&"rename a soy milk".to_string()), "{sent:?}");
    assert!(!sent.iter().any(|l| l.contains("brioche")), "{sent:?}");
    h.unmount();
}

#[wasm_bindgen_test]
async fn focus_stays_on_the_row_when_its_change_is_rolled_back() {
    let h = Harness::with(abc()).await;

    // A refused rename: the title reverts under the focused title button.
    let title = h.in_row("b", "row-title");
    let _ = title.focus();
    press(&title, "Enter", false).await;
    let edit: HtmlInputElement = h.in_row("b", "row-edit-input").dyn_into().expect("input");
    type_into(&edit, "baguette").await;
    press(&edit, "Enter", false).await;
    assert_eq!(h.focused(), (Some("b".into()), Some("row-title".into())));
    let focused_before = gloo::utils::document().active_element();
    h.w.run().await;
    h.answer("rename b baguette", Err(server_error("name taken")))
        .await;
    assert_eq!(h.titles()[1], "bread");
    assert_eq!(h.state("b"), "failed");
    assert_eq!(h.focused(), (Some("b".into()), Some("row-title".into())));
    assert_eq!(
        gloo::utils::document().active_element(),
        focused_before,
        "the very same element keeps focus"
    );

    // A refused move: the row jumps back, and focus goes with it.
    let title = h.in_row("a", "row-title");
    let _ = title.focus();
    press(&title, "ArrowDown", true).await;
    press(&h.in_row("a", "row-title"), "ArrowDown", true).await;
    assert_eq!(h.ids(), vec!["b", "c", "a"]);
    h.w.run().await;
    h.answer("move a 1", Err(server_error("nope"))).await;
    assert_eq!(
        h.ids(),
        vec!["b", "c", "a"],
        "the second move stays while pending"
    );
    h.answer("move a 2", Err(server_error("nope"))).await;
    assert_eq!(h.ids(), vec!["a", "b", "c"]);
    assert_eq!(h.focused(), (Some("a".into()), Some("row-title".into())));

    // Delete moves focus to the next row instead of dropping it.
    h.click("b", "row-delete").await;
    assert_eq!(h.focused(), (Some("c".into()), Some("row-title".into())));
    h.unmount();
}

#[wasm_bindgen_test]
async fn titles_are_text_never_html() {
    let h = Harness::with(vec![item("x", "<script>alert(1)</script><b>bold</b>")]).await;
    assert_eq!(h.titles(), vec!["<script>alert(1)</script><b>bold</b>"]);
    assert!(h.app.query("script").is_none());
    assert!(h.app.query("b").is_none());
    h.unmount();
}

#[wasm_bindgen_test]
async fn an_empty_list_says_so_until_an_item_is_added() {
    let h = Harness::with(vec![]).await;
    let empty = h.by_testid("list-empty").expect("an empty state");
    assert!(empty
        .text_content()
        .unwrap_or_default()
        .contains("Nothing here yet"));
    h.add("first").await;
    assert!(h.by_testid("list-empty").is_none());
    assert_eq!(h.titles(), vec!["first"]);
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_fetch_shows_an_error_with_retry() {
    let h = Harness::mount(true).await;
    // However many retries the client's policy allows (the test world's: none), the
    // loading state stays up until they are spent, then the error shows.
    for _ in 0..4 {
        if h.by_testid("list-error").is_some() {
            break;
        }
        assert!(h.by_testid("list-loading").is_some());
        h.fake
            .fetches
            .answer_next(Err(server_error("database down")));
        h.w.run().await;
        h.w.advance(30_000).await;
    }
    let error = h.by_testid("list-error").expect("an error state");
    assert!(error
        .text_content()
        .unwrap_or_default()
        .contains("database down"));
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));

    h.by_testid("list-retry")
        .expect("a retry button")
        .dyn_into::<HtmlElement>()
        .expect("a button")
        .click();
    h.w.run().await;
    assert_eq!(h.fake.fetches.labels(), vec!["GET groceries"]);
    *h.fake.server.borrow_mut() = abc();
    h.serve().await;
    assert!(h.by_testid("list-error").is_none());
    assert_eq!(h.titles(), vec!["milk", "bread", "eggs"]);
    h.unmount();
}

#[wasm_bindgen_test]
async fn without_a_toast_region_the_inline_error_is_announced() {
    let h = Harness::mount(false).await;
    *h.fake.server.borrow_mut() = abc();
    h.serve().await;
    h.click("a", "row-toggle").await;
    h.w.run().await;
    h.answer("toggle a true", Err(server_error("no"))).await;
    let strip = h
        .row("a")
        .query_selector(".yo-row-error")
        .ok()
        .flatten()
        .expect("an error strip");
    assert_eq!(strip.get_attribute("role").as_deref(), Some("alert"));
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_thousand_rows_render_and_a_toggle_re_renders_one_row() {
    let items: Vec<Item> = (0..1_000)
        .map(|i| item(&format!("r{i}"), &format!("item {i}")))
        .collect();
    let h = Harness::with(items).await;
    assert_eq!(h.ids().len(), 1_000);
    assert!(
        h.renders.borrow().len() >= 1_000,
        "the hook sees every row render"
    );
    h.renders.borrow_mut().clear();

    h.click("r500", "row-toggle").await;
    assert!(h.checked("r500"));
    h.w.run().await;
    h.answer("toggle r500 true", Ok(())).await;
    h.serve().await;
    assert_eq!(h.state("r500"), "confirmed");

    let renders = h.renders.borrow().clone();
    assert!(!renders.is_empty());
    assert!(
        renders.iter().all(|id| id.0 == "r500"),
        "only the toggled row re-rendered: {:?}",
        renders
            .iter()
            .filter(|id| id.0 != "r500")
            .take(5)
            .collect::<Vec<_>>()
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_toggle_and_a_rename_render_their_row_alone_and_never_the_list() {
    let items: Vec<Item> = (0..1_000)
        .map(|i| item(&format!("r{i}"), &format!("item {i}")))
        .collect();
    let h = Harness::with(items).await;
    assert_eq!(h.ids().len(), 1_000);
    let lists = h.list_renders.get();
    assert!(lists > 0, "the hook sees the list render");
    h.renders.borrow_mut().clear();

    // A tick, painted, sent, confirmed, and the list refetched (equal to what is shown).
    h.click("r500", "row-toggle").await;
    assert!(h.checked("r500"));
    assert_eq!(h.state("r500"), "pending");
    h.w.run().await;
    h.answer("toggle r500 true", Ok(())).await;
    h.serve().await;
    assert_eq!(h.state("r500"), "confirmed");
    assert_eq!(
        common::dom::text(h.root(), "[data-testid=\"list-summary\"]").as_deref(),
        Some("1 of 1000 done")
    );
    let others = |renders: &[ItemId], id: &str| -> Vec<ItemId> {
        renders.iter().filter(|r| r.0 != id).cloned().collect()
    };
    let renders = h.renders.borrow().clone();
    assert!(!renders.is_empty(), "the toggled row rendered");
    assert_eq!(others(&renders, "r500"), vec![], "no other row rendered");
    assert_eq!(h.list_renders.get(), lists, "the list did not render");

    // A rename (through the row's inline editor) likewise.
    h.renders.borrow_mut().clear();
    h.click("r7", "row-title").await;
    let input: HtmlInputElement = h.in_row("r7", "row-edit-input").dyn_into().expect("input");
    type_into(&input, "seven").await;
    press(&input, "Enter", false).await;
    h.w.run().await;
    h.answer("rename r7 seven", Ok(())).await;
    h.serve().await;
    assert_eq!(h.titles()[7], "seven");
    assert_eq!(h.state("r7"), "confirmed");
    let renders = h.renders.borrow().clone();
    assert!(!renders.is_empty());
    assert_eq!(others(&renders, "r7"), vec![], "no other row rendered");
    assert_eq!(h.list_renders.get(), lists, "the list did not render");

    // A refused tick rolls back on its row; the list renders for the refusal it shows
    // (its refused changes changed), no other row does.
    h.renders.borrow_mut().clear();
    h.click("r9", "row-toggle").await;
    h.w.run().await;
    h.answer("toggle r9 true", Err(server_error("no"))).await;
    h.serve().await;
    assert_eq!(h.state("r9"), "failed");
    assert!(!h.checked("r9"), "rolled back");
    assert_eq!(others(&h.renders.borrow(), "r9"), vec![]);

    // An add renders the list (its keys changed), the new row, and the row that was last
    // (its ↓ button comes alive), no other.
    h.renders.borrow_mut().clear();
    let lists = h.list_renders.get();
    h.add("new").await;
    assert_eq!(h.ids().len(), 1_001);
    assert!(h.list_renders.get() > lists);
    let new_id = h.ids()[1_000].clone();
    let rendered: Vec<ItemId> = others(&h.renders.borrow(), &new_id);
    assert!(rendered.iter().all(|id| id.0 == "r999"), "{rendered:?}");
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_refused_change_made_outside_the_component_shows_on_its_row() {
    // What a change restored from the offline queue looks like: it runs under the
    // registered definition, not under the component's own mutation hook.
    let h = Harness::with(abc()).await;
    let source: SourceRef<dyn ListSource> = SourceRef::new(h.fake.clone());
    let restored = yew_optimistic::optimistic_query::MutationObserver::new(
        &h.w.client,
        yew_optimistic::editable_list::list_mutation_options(source, "groceries"),
    );
    restored.mutate(ListChange::Toggle {
        id: ItemId("a".into()),
        done: true,
    });
    h.w.run().await;
    assert_eq!(h.state("a"), "pending");
    h.answer("toggle a true", Err(server_error("no"))).await;
    assert_eq!(h.state("a"), "failed");
    assert!(!h.checked("a"), "rolled back");
    assert_eq!(h.toasts().len(), 1, "{:?}", h.toasts());
    h.click("a", "row-dismiss").await;
    assert_eq!(h.state("a"), "confirmed");
    let failed = h.w.client.mutation_infos(
        &yew_optimistic::MutationFilter::default().status(yew_optimistic::MutationStatus::Error),
    );
    assert!(failed.is_empty(), "dismissed from the mutation cache too");
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_list_whose_name_extends_this_lists_scope_is_another_list() {
    // `groceries/item/b` is a list name the server accepts; its item `c` and this list's
    // item `b/item/c` are different items of different lists.
    let h = Harness::with(vec![item("c", "milk"), item("b/item/c", "eggs")]).await;
    let source: SourceRef<dyn ListSource> = SourceRef::new(h.fake.clone());
    let other = yew_optimistic::optimistic_query::MutationObserver::new(
        &h.w.client,
        yew_optimistic::editable_list::list_mutation_options(source, "groceries/item/b"),
    );
    other.mutate(ListChange::Toggle {
        id: ItemId("c".into()),
        done: true,
    });
    h.w.run().await;
    assert_eq!(h.fake.applies.labels(), vec!["toggle c true".to_string()]);
    assert_eq!(h.state("c"), "confirmed", "counted with the other list");
    h.click("b/item/c", "row-toggle").await;
    h.w.run().await;
    assert_eq!(
        h.fake.applies.labels(),
        vec![
            "toggle c true".to_string(),
            "toggle b/item/c true".to_string()
        ],
        "locked behind the other list's change"
    );
    h.answer("toggle c true", Err(server_error("no"))).await;
    assert_eq!(h.state("c"), "confirmed", "held as this list's refusal");
    assert!(h.toasts().is_empty(), "{:?}", h.toasts());
    h.answer("toggle b/item/c true", Ok(())).await;
    h.serve().await;
    assert!(h.checked("b/item/c"));
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_change_restored_after_a_reload_and_refused_shows_on_its_row() {
    use yew_optimistic::editable_list::{list_mutation_key, list_mutation_options};
    let h = Harness::with(abc()).await;
    let fake = h.fake.clone();
    let source: SourceRef<dyn ListSource> = SourceRef::new(fake.clone());
    // Registered, so an offline change is persisted and can be rebuilt after a reload.
    let register = |client: &QueryClient| {
        client.register_mutation(
            list_mutation_key(),
            list_mutation_options(source.clone(), "groceries"),
        )
    };
    register(&h.w.client);
    h.w.client.set_online(false);
    flush().await;
    h.click("a", "row-toggle").await;
    h.w.run().await;
    assert_eq!(h.state("a"), "pending");
    assert!(fake.applies.sent().is_empty(), "nothing is sent offline");
    let storage = h.w.storage();
    h.unmount();

    // The reload: a new client over the same storage, the definition registered first.
    let w = World::with_storage(storage);
    register(&w.client);
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        source: source.clone(),
        toasts: true,
        on_render: None,
        on_list_render: None,
    })
    .await;
    let h = Harness {
        w,
        fake,
        app,
        renders: Rc::default(),
        list_renders: Rc::default(),
    };
    h.w.run().await;
    h.serve().await;
    assert_eq!(h.state("a"), "pending", "the restored change is shown");
    assert!(h.checked("a"));
    h.answer("toggle a true", Err(server_error("list is archived")))
        .await;
    assert_eq!(h.state("a"), "failed");
    assert!(!h.checked("a"), "rolled back");
    let reason = h
        .in_row("a", "row-error")
        .text_content()
        .unwrap_or_default();
    assert!(reason.contains("list is archived"), "{reason}");
    assert_eq!(h.toasts().len(), 1, "{:?}", h.toasts());

    // Retry from the reloaded page sends it again.
    h.click("a", "row-retry").await;
    h.w.run().await;
    assert_eq!(h.fake.applies.labels(), vec!["toggle a true"]);
    assert!(h.toasts().is_empty(), "the toast goes with the refusal");
    h.unmount();
}

// ---------------------------------------------------------------- the app's own items

/// An app's own item: its own id type, field names and an extra field.
#[derive(Clone, Debug, PartialEq)]
struct Task {
    key: u32,
    text: String,
    completed: bool,
    assignee: Option<String>,
}

impl yew_optimistic::editable_list::ListItem for Task {
    fn id(&self) -> ItemId {
        ItemId(format!("t{}", self.key))
    }
    fn title(&self) -> &str {
        &self.text
    }
    fn done(&self) -> bool {
        self.completed
    }
    fn set_title(&mut self, title: String) {
        self.text = title;
    }
    fn set_done(&mut self, done: bool) {
        self.completed = done;
    }
    fn new_item(_id: &ItemId, title: String) -> Self {
        Task {
            key: 0,
            text: title,
            completed: false,
            assignee: None,
        }
    }
}

#[derive(Default)]
struct FakeTasks {
    fetches: Gate<Vec<Task>>,
    applies: Gate<()>,
}

impl ListSource<Task> for FakeTasks {
    fn fetch(
        &self,
        list: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Task>, FetchError>> {
        Box::pin(self.fetches.request(format!("GET {list}"), None))
    }
    fn apply(
        &self,
        _list: &str,
        change: ListChange,
        _ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        Box::pin(self.applies.request(label(&change), None))
    }
}

#[derive(Properties, PartialEq)]
struct TasksProps {
    client: QueryClient,
    source: SourceRef<dyn ListSource<Task>>,
}

#[component]
fn Tasks(props: &TasksProps) -> Html {
    let render = use_callback((), |task: Task, _| {
        html! {
            <>
                <span class="text">{ task.text.clone() }</span>
                if let Some(who) = &task.assignee { <em class="who">{ format!(" @{who}") }</em> }
            </>
        }
    });
    let strings = use_memo((), |_| yew_optimistic::editable_list::ListStrings {
        add_button: "Ajouter".into(),
        add_placeholder: "Ajouter une tâche…".into(),
        summary: "{done} sur {total} faites".into(),
        toggle_label: "Faite : {title}".into(),
        ..Default::default()
    });
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <yew_optimistic::editable_list::EditableListOf<Task> source={props.source.clone()}
                list="sprint" render_item={render} strings={strings} />
        </QueryClientProvider>
    }
}

#[wasm_bindgen_test]
async fn an_apps_own_item_type_renders_its_own_fields_in_its_own_words() {
    let w = World::new();
    let fake = Rc::new(FakeTasks::default());
    let app = common::mount::<Tasks>(TasksProps {
        client: w.client.clone(),
        source: SourceRef::new(fake.clone()),
    })
    .await;
    w.run().await;
    fake.fetches.answer_next(Ok(vec![
        Task {
            key: 1,
            text: "ship".into(),
            completed: false,
            assignee: Some("ada".into()),
        },
        Task {
            key: 2,
            text: "test".into(),
            completed: true,
            assignee: None,
        },
    ]));
    w.run().await;
    let root = app.root.clone();
    assert_eq!(
        common::dom::texts(&root, "[data-testid=row] .who"),
        vec![" @ada"],
        "the app's own field is rendered"
    );
    assert_eq!(
        common::dom::text(&root, "[data-testid=list-summary]").as_deref(),
        Some("1 sur 2 faites")
    );
    assert_eq!(
        common::dom::text(&root, "[data-testid=list-add-button]").as_deref(),
        Some("Ajouter")
    );
    let toggle = root
        .query_selector("[data-testid=row][data-id=t1] [data-testid=row-toggle]")
        .ok()
        .flatten()
        .expect("a toggle on t1");
    assert_eq!(
        toggle.get_attribute("aria-label").as_deref(),
        Some("Faite : ship")
    );
    toggle.dyn_into::<HtmlElement>().expect("an input").click();
    flush().await;
    w.run().await;
    assert_eq!(fake.applies.labels(), vec!["toggle t1 true"]);
    let row = root
        .query_selector("[data-testid=row][data-id=t1]")
        .ok()
        .flatten()
        .expect("row t1");
    assert_eq!(row.get_attribute("data-state").as_deref(), Some("pending"));
    assert!(
        row.text_content().unwrap_or_default().contains("@ada"),
        "the toggled item kept its own field"
    );
    app.unmount();
}

#[wasm_bindgen_test]
async fn targets_are_24_px_at_least_and_the_shortcuts_are_shown() {
    let h = Harness::with(abc()).await;
    h.click("a", "row-toggle").await;
    h.w.run().await;
    h.answer("toggle a true", Err(server_error("no"))).await;
    for testid in [
        "row-move-up",
        "row-move-down",
        "row-delete",
        "row-retry",
        "row-dismiss",
    ] {
        let (w, hgt) = common::dom::size(&h.in_row("a", testid));
        assert!(w >= 24.0 && hgt >= 24.0, "{testid} is {w}x{hgt}");
    }
    // The checkbox is 20 px with 2 px of margin each side: a 24 px circle around its
    // centre touches no other target (WCAG 2.2, 2.5.8 spacing).
    let (w, hgt) = common::dom::size(&h.in_row("a", "row-toggle"));
    assert!(w >= 20.0 && hgt >= 20.0, "the checkbox is {w}x{hgt}");
    let keys = h
        .by_testid("list-shortcuts")
        .expect("the shortcuts are shown");
    let keys = keys.text_content().unwrap_or_default();
    assert!(keys.contains("Alt+↑") && keys.contains("F2"), "{keys}");
    assert_eq!(
        h.in_row("b", "row-move-up")
            .get_attribute("aria-keyshortcuts")
            .as_deref(),
        Some("Alt+ArrowUp")
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn unknown_outcomes_show_waiting_then_held_with_retry_now_and_discard() {
    // One resend allowed, then the change is held.
    let config = yew_optimistic::ClientConfig {
        unknown_resend: yew_optimistic::RetryPolicy::times(1).delays(100, 100),
        ..common::world::config()
    };
    let w = World::with_config(Default::default(), config);
    let h = Harness::mount_in(w, true).await;
    *h.fake.server.borrow_mut() = abc();
    h.serve().await;
    h.click("a", "row-toggle").await;
    h.w.run().await;
    let key = h.fake.applies.waiting_keys()[0].clone();
    // A dropped connection: not a refusal. The change stays, the row waits.
    h.answer(
        "toggle a true",
        Err(FetchError::Network("connection reset".into())),
    )
    .await;
    assert!(h.checked("a"), "the change is kept");
    assert_eq!(h.state("a"), "waiting");
    let mark = h
        .in_row("a", "state-mark")
        .text_content()
        .unwrap_or_default();
    assert!(mark.contains("Waiting for the server"), "{mark}");
    assert!(h.toasts().is_empty(), "nothing was refused");
    assert!(h
        .row("a")
        .query_selector("[data-testid=\"row-error\"]")
        .ok()
        .flatten()
        .is_none());
    // Sent again under the same key; a 503 now, and the call is held.
    h.w.advance(150).await;
    assert_eq!(h.fake.applies.waiting_keys(), vec![key.clone()]);
    h.answer(
        "toggle a true",
        Err(FetchError::Http {
            status: 503,
            body: "unavailable".into(),
        }),
    )
    .await;
    h.w.advance(1_000).await;
    assert!(h.fake.applies.is_empty(), "held: not sent by itself");
    assert_eq!(h.state("a"), "held");
    assert!(h.checked("a"), "still kept");
    let mark = h
        .in_row("a", "state-mark")
        .text_content()
        .unwrap_or_default();
    assert!(mark.contains("Not saved yet"), "{mark}");
    assert!(h
        .in_row("a", "row-held")
        .text_content()
        .unwrap_or_default()
        .contains("Not saved yet"));

    // Retry now: the same key again; the server accepts.
    h.click("a", "row-retry-now").await;
    h.w.run().await;
    assert_eq!(h.fake.applies.waiting_keys(), vec![key]);
    // Sent again; its last attempt got no answer, so it still reads as waiting.
    assert_eq!(h.state("a"), "waiting");
    assert!(h
        .row("a")
        .query_selector("[data-testid=\"row-held\"]")
        .ok()
        .flatten()
        .is_none());
    h.answer("toggle a true", Ok(())).await;
    h.serve().await;
    assert_eq!(h.state("a"), "confirmed");
    assert!(h.checked("a"));

    // Held again on another row; Discard rolls it back and reads the list again.
    h.click("b", "row-toggle").await;
    h.w.run().await;
    for _ in 0..2 {
        h.answer(
            "toggle b true",
            Err(FetchError::Network("connection reset".into())),
        )
        .await;
        h.w.advance(150).await;
    }
    assert_eq!(h.state("b"), "held");
    h.click("b", "row-discard").await;
    h.w.run().await;
    h.serve().await;
    assert!(!h.checked("b"), "rolled back: the server never applied it");
    assert_eq!(h.state("b"), "confirmed");
    assert!(h.toasts().is_empty(), "a discard is not a refusal");
    h.unmount();
}

#[wasm_bindgen_test]
async fn a_change_storage_refuses_says_not_kept_on_this_device_on_the_row_and_the_banner() {
    use yew_optimistic::editable_list::{list_mutation_key, list_mutation_options};
    let h = Harness::with(abc()).await;
    let source: SourceRef<dyn ListSource> = SourceRef::new(h.fake.clone());
    // Registered, so changes are persisted in the queue (or tried).
    h.w.client.register_mutation(
        list_mutation_key(),
        list_mutation_options(source, "groceries"),
    );
    let banner = || {
        h.app
            .query("[data-testid=offline-banner], [data-testid=storage-banner]")
            .map(|e| e.text_content().unwrap_or_default())
    };
    assert_eq!(banner(), None, "nothing to say");
    // Offline, and storage throws on every write (a full quota).
    let storage = h.w.storage();
    h.w.client.set_online(false);
    storage.refuse_writes(true);
    flush().await;
    h.click("a", "row-toggle").await;
    h.w.run().await;
    assert!(h.checked("a"), "shown");
    assert_eq!(h.state("a"), "pending");
    let note = h
        .in_row("a", "row-not-kept")
        .text_content()
        .unwrap_or_default();
    assert!(note.contains("Not kept on this device"), "{note}");
    assert!(h
        .row("b")
        .query_selector("[data-testid=\"row-not-kept\"]")
        .ok()
        .flatten()
        .is_none());
    let text = banner().expect("the offline banner");
    assert!(text.contains("Offline"), "{text}");
    assert!(
        text.contains("Some changes are not kept on this device"),
        "{text}"
    );

    // A later write succeeds (storage has room again; another change is made): the
    // queue holds both, and the warnings go.
    storage.refuse_writes(false);
    h.click("b", "row-toggle").await;
    h.w.run().await;
    let queue = storage
        .get(common::world::QUEUE_KEY)
        .expect("the queue is written");
    assert!(queue.contains("\"a\""), "{queue}");
    assert!(h
        .row("a")
        .query_selector("[data-testid=\"row-not-kept\"]")
        .ok()
        .flatten()
        .is_none());
    let text = banner().expect("still offline");
    assert!(!text.contains("not kept"), "{text}");
    assert_eq!(h.state("a"), "pending");
    h.unmount();
}

#[wasm_bindgen_test]
async fn an_unreadable_saved_queue_is_said_on_the_page() {
    let storage = yew_optimistic::optimistic_query::storage::MemoryStorage::default();
    storage
        .set(common::world::QUEUE_KEY, "{\"version\":")
        .expect("memory storage takes writes");
    // An app that persists its queue (persistence is opt-in since issue 16; this app
    // registers its definitions later, so it turns persistence on itself).
    let w = World::with_storage(storage);
    w.client.enable_persistence();
    let h = Harness::mount_in(w, true).await;
    *h.fake.server.borrow_mut() = abc();
    h.serve().await;
    let text = h
        .app
        .query("[data-testid=storage-banner] [data-testid=kept-aside-line]")
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(text.contains("could not be read"), "{text}");
    assert_eq!(h.state("a"), "confirmed", "the app works normally");
    h.unmount();
}
