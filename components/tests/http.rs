//! Browser tests for `browser::http`: run with
//! `wasm-pack test --headless --chrome components --test http` (not `-- --test http`:
//! after `--` the flag goes to the test runner, which rejects it) or
//! `cargo test --target wasm32-unknown-unknown -p yew-optimistic --test http`.
//!
//! Real requests where the browser can make them offline: `data:` URLs for answers,
//! the test runner's own server for a 404, a closed local port for a network failure.
//! What needs a server that behaves on purpose (never answers, echoes headers, answers
//! 204 or a long 500) goes to `https://fake.invalid/`, which a small `window.fetch`
//! wrapper below answers; every other URL passes through to the real `fetch`. Each such
//! test checks the wrapper's request log, which proves gloo-net's calls do reach it.
#![cfg(target_arch = "wasm32")]

use futures::channel::oneshot;
use futures::future::{select, Either};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew_optimistic::browser::http::{Http, Method, MAX_ERROR_BODY_BYTES};
use yew_optimistic::optimistic_query::{
    AbortReason, AbortSignal, FetchError, MutationContext, MutationId,
};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
let original = null;
let log = [];

// Answers requests to https://fake.invalid/ and passes everything else to the real fetch.
export function fake_server_install() {
  log = [];
  if (original !== null) return;
  original = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const request = new Request(input, init);
    if (!request.url.startsWith('https://fake.invalid/')) {
      return original.call(globalThis, input, init);
    }
    log.push(request);
    const path = new URL(request.url).pathname;
    if (path === '/hang') {
      // Never answers; rejects like the real fetch once aborted.
      return new Promise((_, reject) => {
        request.signal.addEventListener('abort', () =>
          reject(new DOMException('The user aborted a request.', 'AbortError')));
      });
    }
    if (path === '/echo') {
      return request.text().then((body) => new Response(JSON.stringify({
        method: request.method,
        body,
        accept: request.headers.get('accept'),
        content_type: request.headers.get('content-type'),
        idempotency_key: request.headers.get('idempotency-key'),
        client: request.headers.get('x-client'),
        keepalive: request.keepalive,
      }), { status: 200, headers: { 'content-type': 'application/json' } }));
    }
    if (path === '/no-content') return Promise.resolve(new Response(null, { status: 204 }));
    if (path === '/big-error') return Promise.resolve(new Response('e'.repeat(5000), { status: 500 }));
    if (path === '/refuse') return Promise.resolve(new Response(JSON.stringify({
      type: 'tag:yew-optimistic,2026:problems/invalid-change', title: 'The change is not valid',
      status: 422, detail: 'a title cannot be empty',
    }), { status: 422, headers: { 'content-type': 'application/problem+json' } }));
    if (path === '/in-progress') return Promise.resolve(new Response(JSON.stringify({
      type: 'tag:yew-optimistic,2026:problems/idempotency-key-in-progress', title: 'In progress',
      status: 409, detail: 'the same change is being applied',
    }), { status: 409, headers: { 'content-type': 'application/problem+json' } }));
    return Promise.resolve(new Response('no such fake route', { status: 404 }));
  };
}

export function fake_server_restore() {
  if (original !== null) globalThis.fetch = original;
  original = null;
}

export function fake_server_requests() { return log.length; }

export function fake_server_last_aborted() {
  return log.length > 0 && log[log.length - 1].signal.aborted;
}
"#)]
extern "C" {
    fn fake_server_install();
    fn fake_server_restore();
    fn fake_server_requests() -> u32;
    fn fake_server_last_aborted() -> bool;
}

/// Installs the fake server for one test and removes it afterwards, even on panic.
struct FakeServer;

impl FakeServer {
    fn start() -> Self {
        fake_server_install();
        FakeServer
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        fake_server_restore();
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

#[derive(Debug, Deserialize)]
struct Echo {
    method: String,
    body: String,
    accept: Option<String>,
    content_type: Option<String>,
    idempotency_key: Option<String>,
    client: Option<String>,
    keepalive: bool,
}

/// A `data:` URL answering `json` with status 200.
fn data_url(json: &str) -> String {
    format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

fn mutation_context(key: &str) -> MutationContext {
    MutationContext {
        mutation: MutationId(1),
        idempotency_key: key.to_owned(),
        attempt: 1,
        version: Default::default(),
        meta: None,
    }
}

async fn sleep(ms: u32) {
    let (tx, rx) = oneshot::channel::<()>();
    let _timer = gloo::timers::callback::Timeout::new(ms, move || {
        let _ = tx.send(());
    });
    let _ = rx.await;
}

#[wasm_bindgen_test]
async fn a_200_json_answer_is_decoded() {
    let url = data_url(r#"[{"id":1,"title":"buy milk","done":false}]"#);
    let todos: Result<Vec<Todo>, FetchError> =
        Http::new("").get_json(&url, &AbortSignal::default()).await;
    assert_eq!(
        todos,
        Ok(vec![Todo {
            id: 1,
            title: "buy milk".into(),
            done: false
        }])
    );
}

#[wasm_bindgen_test]
async fn malformed_json_is_a_decode_error_with_line_and_column() {
    let url = data_url(r#"{"id": 1, "title": "#);
    let r: Result<Todo, FetchError> = Http::new("").get_json(&url, &AbortSignal::default()).await;
    let Err(FetchError::Decode(message)) = r else {
        panic!("expected Decode, got {r:?}");
    };
    assert!(
        message.contains("EOF while parsing a value at line 1 column 19"),
        "{message}"
    );
    assert!(message.contains("expected `Todo`"), "{message}");
}

#[wasm_bindgen_test]
async fn an_answer_of_the_wrong_shape_is_a_decode_error() {
    let url = data_url(r#"{"id": "one", "title": "x", "done": false}"#);
    let r: Result<Todo, FetchError> = Http::new("").get_json(&url, &AbortSignal::default()).await;
    let Err(FetchError::Decode(message)) = r else {
        panic!("expected Decode, got {r:?}");
    };
    assert!(message.contains("invalid type"), "{message}");
    assert!(message.contains("line 1 column"), "{message}");
}

#[wasm_bindgen_test]
async fn a_missing_resource_is_an_http_error_with_its_status_and_body() {
    // The test runner serves the page; a path it does not know is a real 404.
    let r: Result<Todo, FetchError> = Http::new("")
        .get_json("/no-such-resource.json", &AbortSignal::default())
        .await;
    let Err(FetchError::Http { status, body }) = r else {
        panic!("expected Http, got {r:?}");
    };
    assert_eq!(status, 404);
    assert!(body.len() <= MAX_ERROR_BODY_BYTES + 64, "{body}");
}

#[wasm_bindgen_test]
async fn an_unreachable_address_is_a_network_error() {
    // Nothing listens on this port of the test machine, so the connection is refused.
    let r: Result<Todo, FetchError> = Http::new("http://127.0.0.1:59173")
        .get_json("/todos", &AbortSignal::default())
        .await;
    let Err(FetchError::Network(message)) = &r else {
        panic!("expected Network, got {r:?}");
    };
    assert!(message.contains("TypeError"), "{message}");
    assert!(r.is_err_and(|e| e.kind().is_retryable()));
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let _server = FakeServer::start();
    let signal = AbortSignal::default();
    signal.abort();
    let r: Result<Todo, FetchError> = Http::new("https://fake.invalid")
        .get_json("/echo", &signal)
        .await;
    assert_eq!(r, Err(FetchError::Aborted(AbortReason::Cancelled)));
    assert_eq!(fake_server_requests(), 0);
}

#[wasm_bindgen_test]
async fn aborting_the_signal_aborts_the_browser_request() {
    let _server = FakeServer::start();
    let signal = AbortSignal::default();
    let request = Http::new("https://fake.invalid")
        .no_timeout()
        .get_json::<Todo, String>("/hang", &signal);
    let abort_later = {
        let signal = signal.clone();
        async move {
            sleep(30).await;
            signal.abort();
        }
    };
    let (r, ()) = futures::join!(request, abort_later);
    assert_eq!(r, Err(FetchError::Aborted(AbortReason::Cancelled)));
    assert_eq!(fake_server_requests(), 1);
    assert!(
        fake_server_last_aborted(),
        "the browser request was aborted"
    );
}

#[wasm_bindgen_test]
async fn a_request_that_never_answers_times_out_and_is_aborted() {
    let _server = FakeServer::start();
    let started = js_sys::Date::now();
    let r: Result<Todo, FetchError> = Http::new("https://fake.invalid")
        .timeout(60)
        .get_json("/hang", &AbortSignal::default())
        .await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(r, Err(FetchError::Timeout(60)));
    assert!(elapsed >= 55.0, "timed out after {elapsed} ms");
    assert_eq!(fake_server_requests(), 1);
    assert!(
        fake_server_last_aborted(),
        "the browser request was aborted"
    );
}

#[wasm_bindgen_test]
async fn dropping_the_future_aborts_the_browser_request() {
    let _server = FakeServer::start();
    let request = Box::pin(
        Http::new("https://fake.invalid")
            .no_timeout()
            .get_json::<Todo, String>("/hang", &AbortSignal::default()),
    );
    match select(request, Box::pin(sleep(30))).await {
        Either::Left((r, _)) => panic!("/hang answered: {r:?}"),
        // The request future is dropped here, still pending.
        Either::Right(((), request)) => drop(request),
    }
    assert_eq!(fake_server_requests(), 1);
    assert!(
        fake_server_last_aborted(),
        "the browser request was aborted"
    );
}

#[wasm_bindgen_test]
async fn send_json_sends_method_body_json_headers_and_idempotency_key() {
    let _server = FakeServer::start();
    let todo = Todo {
        id: 3,
        title: "walk dog".into(),
        done: true,
    };
    let echo: Echo = Http::new("https://fake.invalid")
        .header("X-Client", "tests")
        .send_json::<_, _, String>(Method::PUT, "/echo", &todo, &mutation_context("key-42"))
        .await
        .expect("the fake server echoes the request");
    assert_eq!(echo.method, "PUT");
    assert_eq!(
        serde_json::from_str::<Todo>(&echo.body).expect("the body is JSON"),
        todo
    );
    assert_eq!(echo.content_type.as_deref(), Some("application/json"));
    assert_eq!(echo.accept.as_deref(), Some("application/json"));
    assert_eq!(echo.idempotency_key.as_deref(), Some("key-42"));
    assert_eq!(echo.client.as_deref(), Some("tests"));
    // A small write outlives the page that sent it.
    assert!(
        echo.keepalive,
        "a write of a few bytes goes out with keepalive"
    );
    assert_eq!(fake_server_requests(), 1);
}

#[wasm_bindgen_test]
async fn a_write_too_large_for_keepalive_goes_out_without_it() {
    let _server = FakeServer::start();
    let todo = Todo {
        id: 4,
        title: "x".repeat(40 * 1024),
        done: false,
    };
    let echo: Echo = Http::new("https://fake.invalid")
        .send_json::<_, _, String>(Method::POST, "/echo", &todo, &mutation_context("key-big"))
        .await
        .expect("the fake server echoes the request");
    assert_eq!(echo.method, "POST");
    assert_eq!(
        echo.body.len(),
        serde_json::to_string(&todo).map_or(0, |b| b.len())
    );
    // The browser refuses keepalive bodies over 64 KiB in flight: the request is still
    // sent, without it.
    assert!(!echo.keepalive);
    assert_eq!(echo.idempotency_key.as_deref(), Some("key-big"));
}

#[wasm_bindgen_test]
async fn send_without_a_body_still_sends_the_idempotency_key() {
    let _server = FakeServer::start();
    let echo: Echo = Http::new("https://fake.invalid")
        .send::<_, String>(Method::DELETE, "/echo", &mutation_context("key-7"))
        .await
        .expect("the fake server echoes the request");
    assert_eq!(echo.method, "DELETE");
    assert_eq!(echo.body, "");
    assert_eq!(echo.content_type, None);
    assert_eq!(echo.idempotency_key.as_deref(), Some("key-7"));
    assert!(!echo.keepalive, "nothing to keep alive without a body");
}

#[wasm_bindgen_test]
async fn a_204_decodes_as_unit() {
    let _server = FakeServer::start();
    let r: Result<(), FetchError> = Http::new("https://fake.invalid")
        .send_json(Method::POST, "/no-content", &[1, 2], &mutation_context("k"))
        .await;
    assert_eq!(r, Ok(()));
    let r: Result<Vec<Todo>, FetchError> = Http::new("https://fake.invalid")
        .get_json("/no-content", &AbortSignal::default())
        .await;
    assert!(
        matches!(&r, Err(FetchError::Decode(m)) if m.contains("the answer is empty")),
        "{r:?}"
    );
}

#[wasm_bindgen_test]
async fn long_error_bodies_are_truncated() {
    let _server = FakeServer::start();
    let r: Result<Todo, FetchError> = Http::new("https://fake.invalid")
        .get_json("/big-error", &AbortSignal::default())
        .await;
    let Err(FetchError::Http { status, body }) = r else {
        panic!("expected Http, got {r:?}");
    };
    assert_eq!(status, 500);
    assert!(body.starts_with(&"e".repeat(MAX_ERROR_BODY_BYTES)));
    assert!(
        body.ends_with("[truncated: 2048 of 5000 bytes shown]"),
        "{body}"
    );
}

#[wasm_bindgen_test]
async fn a_refusal_in_problem_json_reads_as_its_detail() {
    let _server = FakeServer::start();
    let r: Result<Echo, FetchError> = Http::new("https://fake.invalid")
        .send_json(Method::POST, "/refuse", &"", &mutation_context("k-refuse"))
        .await;
    let Err(e) = r else {
        panic!("expected an error, got {r:?}");
    };
    assert_eq!(
        e,
        FetchError::Http {
            status: 422,
            body: "a title cannot be empty".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "the server answered 422: a title cannot be empty"
    );
    assert!(e.kind().is_refusal());
    // A read's error reads the same way.
    let r: Result<Echo, FetchError> = Http::new("https://fake.invalid")
        .get_json("/refuse", &AbortSignal::default())
        .await;
    let Err(e) = r else {
        panic!("expected an error, got {r:?}");
    };
    assert_eq!(
        e.to_string(),
        "the server answered 422: a title cannot be empty"
    );
    assert_eq!(fake_server_requests(), 2);
}

#[wasm_bindgen_test]
async fn a_key_in_progress_409_is_retried_not_refused() {
    let _server = FakeServer::start();
    let r: Result<Echo, FetchError> = Http::new("https://fake.invalid")
        .send(Method::POST, "/in-progress", &mutation_context("k-busy"))
        .await;
    let Err(e) = r else {
        panic!("expected an error, got {r:?}");
    };
    assert!(e.kind().is_retryable(), "{e:?}");
    assert!(!e.kind().is_refusal(), "{e:?}");
    assert!(
        e.to_string().contains("the same change is being applied"),
        "{e}"
    );
}

#[wasm_bindgen_test]
async fn an_invalid_header_fails_the_request_instead_of_panicking() {
    let _server = FakeServer::start();
    let r: Result<Echo, FetchError> = Http::new("https://fake.invalid")
        .send(Method::POST, "/echo", &mutation_context("line\nbreak"))
        .await;
    let Err(FetchError::Network(message)) = r else {
        panic!("expected Network, got {r:?}");
    };
    assert!(
        message.starts_with("could not build the request: header `Idempotency-Key`"),
        "{message}"
    );
    assert_eq!(fake_server_requests(), 0);
}
