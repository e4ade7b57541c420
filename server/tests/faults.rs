//! Fault injection: latency, failures before applying, apply-then-fail in both modes
//! followed by a retry with the same key (applied once, counted in the database),
//! offline (API connections closed, `/_faults` still answers), and reset to the seed.

mod common;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use common::{assert_problem, ids, Harness};
use serde_json::{json, Value};
use server::client::{Client, NoReply};

const CHANGES: &str = "/api/lists/groceries/changes";
const ADD: &str = r#"{"Add":{"id":"n1","title":"Eggs"}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_api_requests_only() {
    let mut h = Harness::start().await;
    let state = h.faults(json!({"latency_ms": 300})).await;
    assert_eq!(state["settings"]["latency_ms"], 300);
    let t = Instant::now();
    h.get("/api/lists/groceries").await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    h.post(CHANGES, Some("slow"), ADD).await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_happen_before_anything_is_applied() {
    let mut h = Harness::start().await;
    h.faults(json!({"failure_rate": 1.0})).await;
    // A write is refused (a definite "no"), a read gets a 503.
    let problem = assert_problem(&h.post(CHANGES, Some("f1"), ADD).await, 422);
    assert!(
        problem["detail"].as_str().unwrap().contains("100%"),
        "{problem}"
    );
    // Reads still work unless fail_reads is on.
    assert_eq!(h.get("/api/lists/groceries").await.status, StatusCode::OK);
    h.faults(json!({"fail_reads": true})).await;
    assert_problem(&h.get("/api/lists/groceries").await, 503);
    assert_eq!(h.applied_with("f1"), 0);
    assert_eq!(h.keys_stored("f1"), 0);

    // fail_next fails exactly the next N, then the same key goes through.
    h.faults(json!({"failure_rate": 0.0, "fail_reads": false, "fail_next": 2}))
        .await;
    assert_problem(&h.post(CHANGES, Some("f1"), ADD).await, 422);
    assert_problem(&h.post(CHANGES, Some("f1"), ADD).await, 422);
    let reply = h.post(CHANGES, Some("f1"), ADD).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.replayed());
    assert_eq!(h.applied_with("f1"), 1);
    let state: Value = h.get_json("/_faults").await;
    assert_eq!(state["settings"]["fail_next"], 0);
    assert_eq!(state["stats"]["injected_failures"], 4);
    assert_eq!(state["stats"]["applied"], 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_then_fail_with_a_503_then_retry_applies_once() {
    let mut h = Harness::start().await;
    h.faults(json!({"apply_then_fail_next": 1, "apply_then_fail_mode": "status"}))
        .await;
    let problem = assert_problem(&h.post(CHANGES, Some("atf"), ADD).await, 503);
    assert!(
        problem["detail"].as_str().unwrap().contains("applied"),
        "{problem}"
    );
    // It did commit.
    assert_eq!(h.applied_with("atf"), 1);
    assert!(ids(&h.get_json("/api/lists/groceries").await).contains(&"n1".to_owned()));
    // The client retries with the same key: the stored answer, nothing applied again.
    let retry = h.post(CHANGES, Some("atf"), ADD).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert!(retry.replayed());
    assert_eq!(
        ids(&retry.json::<Value>().unwrap())
            .iter()
            .filter(|i| *i == "n1")
            .count(),
        1
    );
    assert_eq!(h.applied_with("atf"), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_then_drop_the_connection_then_retry_applies_once() {
    let mut h = Harness::start().await;
    h.faults(json!({"apply_then_fail_next": 1, "apply_then_fail_mode": "drop"}))
        .await;
    let like = r#"{"post":"post-1","liked":true}"#;
    let lost = h
        .try_write(Method::PUT, "/api/likes/post-1", Some("atd"), like)
        .await;
    assert!(matches!(lost, Err(NoReply::Closed(_))), "{lost:?}");
    assert_eq!(h.applied_with("atd"), 1);
    let retry = h.put("/api/likes/post-1", Some("atd"), like).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert!(retry.replayed());
    assert_eq!(
        retry.json::<Value>().unwrap(),
        json!({"liked": true, "count": 42})
    );
    assert_eq!(h.get_json("/api/likes/post-1").await["count"], 42);
    assert_eq!(h.applied_with("atd"), 1);

    // The board too, and in both modes with a rate of 1: every first try fails after
    // committing, every retry replays.
    h.faults(json!({"apply_then_fail_rate": 1.0})).await;
    let mv = r#"{"MoveCard":{"card":{"id":"c2","title":"x"},"from":"todo","to":"done","index":0}}"#;
    let lost = h
        .try_write(Method::POST, "/api/boards/roadmap/changes", Some("mv"), mv)
        .await;
    assert!(lost.is_err(), "{lost:?}");
    h.faults(json!({"apply_then_fail_mode": "status"})).await;
    let again = h.post("/api/boards/roadmap/changes", Some("mv"), mv).await;
    // A replay is not an apply: it answers normally.
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.replayed());
    assert_eq!(h.applied_with("mv"), 1);
    assert_eq!(
        ids(&h.get_json("/api/boards/roadmap/columns/done/cards").await),
        ["c2", "c5"]
    );
    let state: Value = h.get_json("/_faults").await;
    assert_eq!(state["stats"]["apply_then_fail"], 2);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_refuses_api_connections_while_the_controls_answer() {
    let mut h = Harness::start().await;
    let addr = h.server.addr();
    h.faults(json!({"offline": true})).await;
    // A fresh client, as a browser opening a new connection.
    let mut fresh = Client::new(addr);
    let read = fresh.get("/api/lists/groceries").await;
    assert!(matches!(read, Err(NoReply::Closed(_))), "{read:?}");
    let write = fresh.write(Method::POST, CHANGES, Some("off"), ADD).await;
    assert!(matches!(write, Err(NoReply::Closed(_))), "{write:?}");
    // The kept-alive connection of the harness client is refused as well.
    assert!(h.client.get("/api/likes/post-1").await.is_err());
    assert_eq!(h.applied_with("off"), 0);

    let state: Value = h.get_json("/_faults").await;
    assert_eq!(state["settings"]["offline"], true);
    assert_eq!(state["stats"]["dropped_offline"], 3);

    h.faults(json!({"offline": false})).await;
    let reply = fresh
        .write(Method::POST, CHANGES, Some("off"), ADD)
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(h.applied_with("off"), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn going_offline_during_the_latency_loses_the_request() {
    let mut h = Harness::start().await;
    h.faults(json!({"latency_ms": 600})).await;
    let addr = h.server.addr();
    let write = tokio::spawn(async move {
        Client::new(addr)
            .write(Method::POST, CHANGES, Some("on-the-wire"), ADD)
            .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    h.faults(json!({"offline": true})).await;
    assert!(write.await.unwrap().is_err());
    assert_eq!(h.applied_with("on-the-wire"), 0);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_restores_the_seed_and_forgets_keys() {
    let mut h = Harness::start().await;
    h.faults(json!({"latency_ms": 5})).await;
    h.post(CHANGES, Some("r1"), ADD).await;
    h.put(
        "/api/likes/post-1",
        Some("r2"),
        r#"{"post":"post-1","liked":true}"#,
    )
    .await;
    h.post(
        "/api/boards/roadmap/changes",
        Some("r3"),
        r#"{"MoveCard":{"card":{"id":"c1","title":"x"},"from":"todo","to":"done","index":0}}"#,
    )
    .await;
    assert_eq!(h.applied_total(), 3);

    let reply = h.post("/_faults/reset", None, "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let state: Value = reply.json().unwrap();
    assert_eq!(state["stats"]["applied"], 0);
    // Settings stay.
    assert_eq!(state["settings"]["latency_ms"], 5);

    assert_eq!(
        ids(&h.get_json("/api/lists/groceries").await),
        ["seed-1", "seed-2", "seed-3", "seed-4"]
    );
    assert_eq!(h.get_json("/api/likes/post-1").await["count"], 41);
    assert_eq!(
        ids(&h.get_json("/api/boards/roadmap/columns/todo/cards").await),
        ["c1", "c2", "c3"]
    );
    assert_eq!(h.applied_total(), 0);
    assert_eq!(h.keys_stored("r1"), 0);
    // The key is new again after a reset.
    let reply = h.post(CHANGES, Some("r1"), ADD).await;
    assert!(!reply.replayed());
    h.server.stop().await;
}
