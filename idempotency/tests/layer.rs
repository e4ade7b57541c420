//! One test per rule of the layer mode, on a tiny router driven with `oneshot`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[path = "support/answer.rs"]
mod answer;

use answer::answer;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use axum_idempotency::sqlite::SqliteStore;
use axum_idempotency::{IdempotencyLayer, Options};
use serde_json::Value;
use tokio::sync::Notify;

/// How often the handler ran, and what it waits for before answering (the 409 test).
#[derive(Clone, Default)]
struct Handler {
    runs: Arc<AtomicUsize>,
    gate: Option<Arc<Notify>>,
}

async fn create(State(h): State<Handler>, body: String) -> Response {
    let n = h.runs.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(gate) = &h.gate {
        gate.notified().await;
    }
    if body == "refuse" {
        return (StatusCode::CONFLICT, "refused").into_response();
    }
    if body == "big" {
        return ([("content-type", "text/plain")], "x".repeat(10_000)).into_response();
    }
    (
        StatusCode::CREATED,
        [("content-type", "application/json")],
        format!(r#"{{"run":{n},"body":{body:?}}}"#),
    )
        .into_response()
}

fn app(handler: Handler, layer: IdempotencyLayer<SqliteStore>) -> Router {
    Router::new()
        .route("/items", post(create).get(|| async { "list" }))
        .route("/other", post(create))
        .layer(layer)
        .with_state(handler)
}

fn layer() -> IdempotencyLayer<SqliteStore> {
    IdempotencyLayer::new(
        SqliteStore::open_in_memory().expect("store"),
        Options::default(),
    )
    .scope(|parts| {
        parts
            .headers
            .get("x-user")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}

fn request(method: Method, path: &str, key: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(key) = key {
        builder = builder.header("idempotency-key", key);
    }
    builder.body(Body::from(body.to_owned())).expect("request")
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, bool, String) {
    answer(router, request).await
}

async fn post_with(router: &Router, key: &str, body: &str) -> (StatusCode, bool, String) {
    send(router, request(Method::POST, "/items", Some(key), body)).await
}

fn problem_type(body: &str) -> String {
    let problem: Value = serde_json::from_str(body).expect("problem json");
    problem["type"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_write_without_a_key_is_400_and_not_run() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    let (status, _, body) = send(&router, request(Method::POST, "/items", None, "a")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_type(&body), "idempotency-key-missing");
    let problem: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(problem["instance"], "/items");
    assert_eq!(handler.runs.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn invalid_or_repeated_keys_are_400() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    for key in ["", "\"unterminated", "\"a\"b\"", "caf\u{e9}"] {
        let mut req = request(Method::POST, "/items", None, "a");
        req.headers_mut().insert(
            "idempotency-key",
            axum::http::HeaderValue::from_bytes(key.as_bytes()).expect("header"),
        );
        let (status, _, body) = send(&router, req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{key:?}");
        assert_eq!(problem_type(&body), "idempotency-key-invalid");
    }
    let (status, _, _) = post_with(&router, &"k".repeat(256), "a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut req = request(Method::POST, "/items", Some("k1"), "a");
    req.headers_mut()
        .append("idempotency-key", "k2".parse().expect("header"));
    assert_eq!(send(&router, req).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_same_request_again_is_replayed_and_not_run_again() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    let first = post_with(&router, "k1", "a").await;
    assert_eq!(first.0, StatusCode::CREATED);
    assert!(!first.1);
    let again = post_with(&router, "k1", "a").await;
    assert_eq!(again.0, StatusCode::CREATED);
    assert!(again.1, "marked Idempotent-Replayed");
    assert_eq!(again.2, first.2);
    // The sf-string form names the same key.
    let quoted = post_with(&router, "\"k1\"", "a").await;
    assert!(quoted.1);
    assert_eq!(quoted.2, first.2);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_same_key_with_another_payload_or_path_is_422() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    assert_eq!(post_with(&router, "k1", "a").await.0, StatusCode::CREATED);
    let (status, _, body) = post_with(&router, "k1", "b").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_type(&body), "idempotency-key-reused");
    let (status, _, _) = send(&router, request(Method::POST, "/other", Some("k1"), "a")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_same_key_while_the_first_runs_is_409() {
    let gate = Arc::new(Notify::new());
    let handler = Handler {
        gate: Some(Arc::clone(&gate)),
        ..Handler::default()
    };
    let router = app(handler.clone(), layer());
    let first = tokio::spawn({
        let router = router.clone();
        async move { post_with(&router, "slow", "a").await }
    });
    // The first request is inside the handler once it has counted its run.
    while handler.runs.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    let (status, _, body) = post_with(&router, "slow", "a").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem_type(&body), "idempotency-key-in-progress");
    assert_eq!(
        post_with(&router, "slow", "b").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    gate.notify_one();
    let first = first.await.expect("first");
    assert_eq!(first.0, StatusCode::CREATED);
    // Answered: the same request replays (the handler is not run, so not gated).
    let again = post_with(&router, "slow", "a").await;
    assert!(again.1);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn records_expire_after_the_ttl() {
    let handler = Handler::default();
    let store = SqliteStore::open_in_memory().expect("store");
    let layer = IdempotencyLayer::new(
        store.clone(),
        Options::default().ttl(Duration::from_millis(200)),
    );
    let router = app(handler.clone(), layer);
    assert_eq!(post_with(&router, "k1", "a").await.0, StatusCode::CREATED);
    assert!(post_with(&router, "k1", "a").await.1);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Expired: the key is new again, so another payload runs rather than a 422.
    let (status, replayed, _) = post_with(&router, "k1", "b").await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(!replayed);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 2);
    use axum_idempotency::Store;
    let later = axum_idempotency::now_ms() + 1_000;
    assert_eq!(store.purge_expired(later).await.expect("purge"), 1);
}

#[tokio::test]
async fn refused_requests_are_not_stored() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    assert_eq!(
        post_with(&router, "k1", "refuse").await.0,
        StatusCode::CONFLICT
    );
    let again = post_with(&router, "k1", "refuse").await;
    assert_eq!(again.0, StatusCode::CONFLICT);
    assert!(!again.1);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn keys_are_scoped_per_user() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    let as_user = |user: &str, body: &str| {
        let mut req = request(Method::POST, "/items", Some("shared"), body);
        req.headers_mut()
            .insert("x-user", user.parse().expect("header"));
        req
    };
    let alice = send(&router, as_user("alice", "a")).await;
    let bob = send(&router, as_user("bob", "b")).await;
    assert_eq!((alice.0, bob.0), (StatusCode::CREATED, StatusCode::CREATED));
    assert!(!bob.1, "bob's key is not alice's");
    assert!(send(&router, as_user("alice", "a")).await.1);
    assert_eq!(handler.runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_request_body_over_the_limit_is_413() {
    let handler = Handler::default();
    let layer = IdempotencyLayer::new(
        SqliteStore::open_in_memory().expect("store"),
        Options::default().max_request_bytes(8),
    );
    let router = app(handler.clone(), layer);
    let (status, _, body) = post_with(&router, "k1", "123456789").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem_type(&body), "payload-too-large");
    assert_eq!(handler.runs.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn stored_bodies_are_capped_and_compressed() {
    let handler = Handler::default();
    let layer = IdempotencyLayer::new(
        SqliteStore::open_in_memory().expect("store"),
        // 10 kB of `x` deflate to a few dozen bytes: kept. The cap refuses more.
        Options::default().max_stored_bytes(200),
    );
    let router = app(handler.clone(), layer);
    let first = post_with(&router, "big", "big").await;
    assert_eq!(first.2.len(), 10_000);
    let replay = post_with(&router, "big", "big").await;
    assert!(replay.1);
    assert_eq!(replay.2, first.2);

    let layer = IdempotencyLayer::new(
        SqliteStore::open_in_memory().expect("store"),
        Options::default().max_stored_bytes(5),
    );
    let router = app(handler.clone(), layer);
    let first = post_with(&router, "k", "a").await;
    let replay = post_with(&router, "k", "a").await;
    assert!(replay.1);
    assert_eq!(replay.0, first.0);
    assert_eq!(replay.2, "", "a body over the cap is not kept");
    assert_eq!(handler.runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn other_methods_and_optional_keys_pass_through() {
    let handler = Handler::default();
    let router = app(handler.clone(), layer());
    let (status, _, body) = send(&router, request(Method::GET, "/items", None, "")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "list"));

    let router = app(handler.clone(), layer().optional());
    assert_eq!(
        send(&router, request(Method::POST, "/items", None, "a"))
            .await
            .0,
        StatusCode::CREATED
    );
    assert_eq!(
        send(&router, request(Method::POST, "/items", None, "a"))
            .await
            .0,
        StatusCode::CREATED
    );
    assert_eq!(handler.runs.load(Ordering::SeqCst), 2);
}
