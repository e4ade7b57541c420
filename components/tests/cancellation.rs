//! Browser tests: the components' HTTP sources forward the engine's abort signal to the
//! browser request, so `cancel_queries` (or a cleared client) stops the components' own
//! requests on the network. Run with
//! `wasm-pack test --headless --chrome components --test cancellation`.
//!
//! Requests to `https://fake.invalid/` go to a small `window.fetch` wrapper that never
//! answers them and records whether the browser aborted each one.
#![cfg(target_arch = "wasm32")]

mod common;

use common::world::World;
use futures::channel::oneshot;
use futures::future::{select, Either, LocalBoxFuture};
use std::fmt::Debug;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::editable_list::{EditableList, HttpListSource, ListSource};
use yew_optimistic::kanban::{BoardSource, ColumnId, HttpBoardSource, KanbanBoard};
use yew_optimistic::like_button::{HttpLikeSource, LikeButton, LikeSource};
use yew_optimistic::optimistic_query::{
    keys, AbortReason, AbortSignal, FetchContext, FetchError, QueryFilter,
};
use yew_optimistic::{QueryClient, QueryClientProvider};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
let original = null;
let log = [];

// Requests to https://fake.invalid/ never answer (they reject once aborted, as the real
// fetch does); every other request goes to the real fetch.
export function hang_install() {
  log = [];
  if (original !== null) return;
  original = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const request = new Request(input, init);
    if (!request.url.startsWith('https://fake.invalid/')) {
      return original.call(globalThis, input, init);
    }
    log.push(request);
    return new Promise((_, reject) => {
      request.signal.addEventListener('abort', () =>
        reject(new DOMException('The user aborted a request.', 'AbortError')));
    });
  };
}

export function hang_restore() {
  if (original !== null) globalThis.fetch = original;
  original = null;
}

export function hang_requests() { return log.length; }

export function hang_aborted() { return log.filter((r) => r.signal.aborted).length; }
"#)]
extern "C" {
    fn hang_install();
    fn hang_restore();
    fn hang_requests() -> u32;
    fn hang_aborted() -> u32;
}

/// Installs the never-answering server for one test, removed afterwards even on panic.
struct Hang;

impl Hang {
    fn start() -> Self {
        hang_install();
        Hang
    }
}

impl Drop for Hang {
    fn drop(&mut self) {
        hang_restore();
    }
}

const BASE: &str = "https://fake.invalid";

async fn sleep(ms: u32) {
    let (tx, rx) = oneshot::channel::<()>();
    let _timer = gloo::timers::callback::Timeout::new(ms, move || {
        let _ = tx.send(());
    });
    let _ = rx.await;
}

fn context() -> FetchContext {
    FetchContext {
        key: keys!["test"],
        signal: AbortSignal::default(),
        attempt: 1,
        version: Default::default(),
        meta: None,
    }
}

/// Sends `request`, aborts `signal` once the browser has it, and expects the request to
/// end as cancelled with the browser request aborted (not to hang until the test gives
/// up, as it does when the signal never reaches the request).
async fn aborts<T: Debug>(
    signal: AbortSignal,
    request: LocalBoxFuture<'static, Result<T, FetchError>>,
) {
    let before = hang_requests();
    let abort_later = Box::pin(async move {
        sleep(30).await;
        signal.abort();
        // Long enough for an aborted request to end; a request that ignored the signal
        // is still waiting here.
        sleep(500).await;
    });
    match select(request, abort_later).await {
        Either::Left((r, _)) => {
            assert_eq!(
                r.map(|_| ()),
                Err(FetchError::Aborted(AbortReason::Cancelled))
            );
        }
        Either::Right(((), _)) => panic!("the request ignored the abort signal"),
    }
    assert_eq!(hang_requests(), before + 1, "one request was sent");
    assert_eq!(
        hang_aborted(),
        before + 1,
        "the browser request was aborted"
    );
}

#[wasm_bindgen_test]
async fn the_http_list_source_forwards_the_abort_signal() {
    let _server = Hang::start();
    let ctx = context();
    let source = HttpListSource::new(BASE);
    aborts(ctx.signal.clone(), source.fetch("groceries", &ctx)).await;
}

#[wasm_bindgen_test]
async fn the_http_like_source_forwards_the_abort_signal() {
    let _server = Hang::start();
    let ctx = context();
    let source = HttpLikeSource::new(BASE);
    aborts(ctx.signal.clone(), source.fetch("p1", &ctx)).await;
}

#[wasm_bindgen_test]
async fn the_http_board_source_forwards_the_abort_signal() {
    let _server = Hang::start();
    let ctx = context();
    let source = HttpBoardSource::new(BASE);
    let todo = ColumnId("todo".into());
    aborts(ctx.signal.clone(), source.cards("b1", &todo, &ctx)).await;
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
}

#[component]
fn App(props: &AppProps) -> Html {
    let list = HttpListSource::new(BASE).into_source();
    let likes = HttpLikeSource::new(BASE).into_source();
    let board = HttpBoardSource::new(BASE).into_source();
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <EditableList source={list} list="groceries" />
            <LikeButton source={likes} post="p1" />
            <KanbanBoard source={board} board="b1" />
        </QueryClientProvider>
    }
}

#[wasm_bindgen_test]
async fn cancel_queries_aborts_the_components_requests_on_the_network() {
    let _server = Hang::start();
    let w = World::new();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
    })
    .await;
    w.run().await;
    let sent = hang_requests();
    assert!(
        sent >= 3,
        "the list, the likes and the board's columns: {sent}"
    );
    assert_eq!(hang_aborted(), 0);
    w.client.cancel_queries(&QueryFilter::all());
    // Nothing drives the engine's tasks here: only the signal can reach the requests.
    sleep(50).await;
    assert_eq!(hang_aborted(), sent, "every request was aborted");
    app.unmount();
}
