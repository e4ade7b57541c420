//! The quickstart app itself (`examples/quickstart/src/main.rs`, compiled here as a
//! module) against a fake server in the page: what a new user copies must show every
//! refused change, with Retry and Dismiss, in readable words. Run with
//! `wasm-pack test --headless --chrome components --test quickstart`.
//!
//! The fake server is a `window.fetch` wrapper that answers `/api/lists/quickstart`
//! (the list, as the test last set it) at once and holds every change sent to
//! `/api/lists/quickstart/changes` until the test answers it, so the test decides the
//! order in which overlapping calls finish. Other URLs go to the real `fetch`.
#![cfg(target_arch = "wasm32")]

mod common;

#[allow(dead_code)]
#[path = "../../examples/quickstart/src/main.rs"]
mod quickstart;

use common::dom::{click, texts};
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlInputElement};
use yew_optimistic::editable_list::{Item, ListChange};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
let original = null;
let list = '[]';
let reads = 0;
let writes = [];

export function qs_install() {
  list = '[]';
  reads = 0;
  writes = [];
  if (original !== null) return;
  original = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (!path.startsWith('/api/lists/quickstart')) return original.call(globalThis, input, init);
    if (request.method === 'GET') {
      reads += 1;
      return Promise.resolve(new Response(list, { status: 200, headers: { 'content-type': 'application/json' } }));
    }
    return request.text().then((body) => new Promise((resolve) => {
      writes.push({ body, key: request.headers.get('idempotency-key') || '', resolve });
    }));
  };
}

export function qs_restore() {
  if (original !== null) globalThis.fetch = original;
  original = null;
}

export function qs_set_list(json) { list = json; }
export function qs_reads() { return reads; }
export function qs_writes() { return writes.length; }
export function qs_body(i) { return writes[i].body; }
export function qs_key(i) { return writes[i].key; }
export function qs_answer(i, status, body, type) {
  writes[i].resolve(new Response(body, { status, headers: { 'content-type': type } }));
}
"#)]
extern "C" {
    fn qs_install();
    fn qs_restore();
    fn qs_set_list(json: &str);
    fn qs_reads() -> u32;
    fn qs_writes() -> u32;
    fn qs_body(i: u32) -> String;
    fn qs_key(i: u32) -> String;
    fn qs_answer(i: u32, status: u16, body: &str, content_type: &str);
}

/// The fake server for one test, with the list the server holds; removed afterwards,
/// even on panic.
struct FakeServer {
    list: Vec<Item>,
}

impl FakeServer {
    fn start() -> FakeServer {
        qs_install();
        FakeServer { list: Vec::new() }
    }

    /// The change sent as write `i`.
    fn change(&self, i: u32) -> ListChange {
        serde_json::from_str(&qs_body(i)).expect("the quickstart sends a ListChange as JSON")
    }

    /// Applies write `i` and answers it with the list after it, as the reference server
    /// does; the list's next read answers it too.
    fn save(&mut self, i: u32) {
        self.list = self.change(i).apply(&self.list);
        let json = serde_json::to_string(&self.list).expect("a list serialises");
        qs_set_list(&json);
        qs_answer(i, 200, &json, "application/json");
    }

    /// Refuses write `i` with a 422 problem whose detail is `detail`.
    fn refuse(&self, i: u32, detail: &str) {
        let problem = serde_json::json!({
            "type": "tag:yew-optimistic,2026:problems/invalid-change",
            "title": "The change is not valid",
            "status": 422,
            "detail": detail,
        });
        qs_answer(i, 422, &problem.to_string(), "application/problem+json");
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        qs_restore();
    }
}

/// Waits (rendering meanwhile) until `done` holds; fails with `what` after 10 s, long
/// enough for any machine: the condition, not the time, is what is tested.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if done() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("never happened: {what}");
}

/// Types `title` into the new-todo field and presses Add, as a person would.
fn add(root: &Element, title: &str) {
    let field: HtmlInputElement = root
        .query_selector("input[aria-label='New todo']")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("the quickstart has a New todo field");
    field.set_value(title);
    click(root, "Add");
}

fn titles(root: &Element) -> Vec<String> {
    texts(root, "li label")
}

fn alerts(root: &Element) -> Vec<String> {
    texts(root, "[role=alert]")
}

#[wasm_bindgen_test]
async fn an_overlapping_refusal_shows_with_retry_and_dismiss() {
    // A queue a former run left in local storage would be restored and sent again.
    if let Ok(Some(storage)) = gloo::utils::window().local_storage() {
        let _ = storage.clear();
    }
    let mut server = FakeServer::start();
    let root = common::fresh_root();
    let app = yew::Renderer::<quickstart::App>::with_root(root.clone()).render();
    until("the empty list is read", || {
        qs_reads() >= 1 && !root.text_content().unwrap_or_default().contains("Loading")
    })
    .await;

    // Two overlapping adds: both painted at once, both on their way.
    add(&root, "first");
    add(&root, "second");
    until("both adds are sent", || qs_writes() == 2).await;
    assert_eq!(titles(&root), ["first", "second"]);
    assert!(matches!(server.change(0), ListChange::Add { ref title, .. } if title == "first"));

    // The server refuses the first and saves the second, which finishes last.
    server.refuse(0, "“first” is a reserved word");
    server.save(1);
    until("the first's refusal is shown", || !alerts(&root).is_empty()).await;
    until("the list is the server's", || titles(&root) == ["second"]).await;
    let shown = alerts(&root);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with(
            "Could not add “first”: the server answered 422: “first” is a reserved word"
        ),
        "the refusal reads as a sentence: {shown:?}"
    );
    assert!(!shown[0].contains('{'), "no raw JSON: {shown:?}");

    // Retry sends the same change again (a refusal: under a new idempotency key).
    click(&root, "Retry");
    until("the retry is sent", || qs_writes() == 3).await;
    assert_eq!(server.change(2), server.change(0));
    assert_ne!(qs_key(2), qs_key(0));
    yew::scheduler::flush().await;
    assert!(alerts(&root).is_empty(), "{:?}", alerts(&root));
    assert_eq!(titles(&root), ["second", "first"]);
    server.save(2);
    until("the retried add is saved", || {
        titles(&root) == ["second", "first"] && qs_reads() >= 2
    })
    .await;

    // Dismiss drops a refusal without sending anything.
    add(&root, "third");
    until("the third add is sent", || qs_writes() == 4).await;
    server.refuse(3, "too many todos");
    until("the third's refusal is shown", || !alerts(&root).is_empty()).await;
    click(&root, "Dismiss");
    until("the refusal is gone", || alerts(&root).is_empty()).await;
    assert_eq!(qs_writes(), 4);
    assert_eq!(titles(&root), ["second", "first"]);

    app.destroy();
    root.remove();
}
