//! Idempotency-Key as draft-ietf-httpapi-idempotency-key-header-06: missing key, replay
//! with its header, another payload, a key still being processed, expiry, and
//! concurrent duplicates, each counted in `applied_changes`.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{assert_problem, ids, Harness};
use serde_json::{json, Value};
use server::client::Client;

const CHANGES: &str = "/api/lists/groceries/changes";
const ADD: &str = r#"{"Add":{"id":"n1","title":"Eggs"}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_needs_a_key() {
    let mut h = Harness::start().await;
    let writes = [
        (Method::POST, CHANGES, ADD),
        (
            Method::PUT,
            "/api/likes/post-1",
            r#"{"post":"post-1","liked":true}"#,
        ),
        (
            Method::POST,
            "/api/boards/roadmap/changes",
            r#"{"EditCard":{"column":"todo","id":"c1","title":"x"}}"#,
        ),
    ];
    for (method, path, body) in writes {
        let reply = h.try_write(method.clone(), path, None, body).await.unwrap();
        let problem = assert_problem(&reply, 400);
        assert!(problem["type"]
            .as_str()
            .unwrap()
            .ends_with("idempotency-key-missing"));
        assert_eq!(problem["instance"], path);
        // Empty and malformed keys are 400 too.
        for key in ["", "\"unterminated", "\"a\"b\""] {
            let reply = h
                .try_write(method.clone(), path, Some(key), body)
                .await
                .unwrap();
            assert_problem(&reply, 400);
        }
    }
    let long = "k".repeat(256);
    assert_problem(&h.post(CHANGES, Some(&long), ADD).await, 400);
    // Nothing was applied or stored.
    assert_eq!(h.applied_total(), 0);
    assert_eq!(h.get_json("/api/likes/post-1").await["count"], 41);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_key_and_payload_replays_the_stored_response() {
    let mut h = Harness::start().await;
    let first = h.post(CHANGES, Some("key-1"), ADD).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(!first.replayed());
    // The list changes in between; the replay still answers what the first request got.
    h.post(CHANGES, Some("key-2"), r#"{"Delete":{"id":"seed-1"}}"#)
        .await;

    let replay = h.post(CHANGES, Some("key-1"), ADD).await;
    assert_eq!(replay.status, StatusCode::OK);
    assert!(replay.replayed(), "{:?}", replay.headers);
    assert_eq!(replay.body, first.body);
    // Whitespace and key order do not change the fingerprint; the sf-string form of
    // the header is the same key.
    let spaced = "{ \"Add\" : { \"title\" : \"Eggs\", \"id\" : \"n1\" } }";
    let replay = h.post(CHANGES, Some("\"key-1\""), spaced).await;
    assert!(replay.replayed());
    assert_eq!(replay.body, first.body);

    assert_eq!(h.applied_with("key-1"), 1);
    assert_eq!(h.applied_total(), 2);
    assert_eq!(
        ids(&h.get_json("/api/lists/groceries").await),
        ["seed-2", "seed-3", "seed-4", "n1"]
    );

    // Likes replay the Likes the first request got, not the count now.
    let like = r#"{"post":"post-2","liked":true}"#;
    let first = h.put("/api/likes/post-2", Some("like-a"), like).await;
    assert_eq!(
        first.json::<Value>().unwrap(),
        json!({"liked": true, "count": 8})
    );
    let replay = h.put("/api/likes/post-2", Some("like-a"), like).await;
    assert!(replay.replayed());
    assert_eq!(replay.body, first.body);
    assert_eq!(h.get_json("/api/likes/post-2").await["count"], 8);
    assert_eq!(h.applied_with("like-a"), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_key_with_another_payload_is_422() {
    let mut h = Harness::start().await;
    assert_eq!(
        h.post(CHANGES, Some("key-1"), ADD).await.status,
        StatusCode::OK
    );
    let other = r#"{"Add":{"id":"n2","title":"Eggs"}}"#;
    let problem = assert_problem(&h.post(CHANGES, Some("key-1"), other).await, 422);
    assert!(problem["type"]
        .as_str()
        .unwrap()
        .ends_with("idempotency-key-reused"));
    // Another URL with the same key is another request too.
    let problem = assert_problem(
        &h.post("/api/lists/other/changes", Some("key-1"), ADD).await,
        422,
    );
    assert!(problem["type"]
        .as_str()
        .unwrap()
        .ends_with("idempotency-key-reused"));
    let problem = assert_problem(
        &h.put(
            "/api/likes/post-1",
            Some("key-1"),
            r#"{"post":"post-1","liked":true}"#,
        )
        .await,
        422,
    );
    assert!(problem["type"]
        .as_str()
        .unwrap()
        .ends_with("idempotency-key-reused"));
    assert_eq!(h.applied_with("key-1"), 1);
    assert_eq!(ids(&h.get_json("/api/lists/other").await).len(), 0);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_key_while_the_first_is_processed_is_409() {
    let mut h = Harness::start().await;
    h.faults(json!({"latency_ms": 800})).await;
    let addr = h.server.addr();
    let first = tokio::spawn(async move {
        let mut client = Client::new(addr);
        client
            .write(Method::POST, CHANGES, Some("slow-key"), ADD)
            .await
            .expect("an answer")
    });
    tokio::time::sleep(Duration::from_millis(250)).await;
    let second = h.post(CHANGES, Some("slow-key"), ADD).await;
    let problem = assert_problem(&second, 409);
    assert!(problem["type"]
        .as_str()
        .unwrap()
        .ends_with("idempotency-key-in-progress"));
    // Another payload under the key being processed is a 422, as it would be later.
    let other = h
        .post(
            CHANGES,
            Some("slow-key"),
            r#"{"Add":{"id":"n2","title":"x"}}"#,
        )
        .await;
    assert_problem(&other, 422);

    let first = first.await.unwrap();
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(!first.replayed());
    h.faults(json!({"latency_ms": 0})).await;
    // Once answered, the same request replays.
    let again = h.post(CHANGES, Some("slow-key"), ADD).await;
    assert!(again.replayed());
    assert_eq!(again.body, first.body);
    assert_eq!(h.applied_with("slow-key"), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_duplicates_apply_once() {
    let h = Harness::start().await;
    let addr = h.server.addr();
    let body = r#"{"post":"post-3","liked":true}"#;
    let tasks: Vec<_> = (0..24)
        .map(|_| {
            tokio::spawn(async move {
                let mut client = Client::new(addr);
                client
                    .write(Method::PUT, "/api/likes/post-3", Some("dup"), body)
                    .await
                    .expect("an answer")
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        let reply = task.await.unwrap();
        if reply.status == StatusCode::OK {
            assert_eq!(
                reply.json::<Value>().unwrap(),
                json!({"liked": true, "count": 129})
            );
        }
        statuses.push(reply.status.as_u16());
    }
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));
    assert_eq!(h.applied_with("dup"), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_expire_after_the_ttl() {
    let mut h = Harness::start_with(|c| c.key_ttl(Duration::from_millis(400))).await;
    let first = h.post(CHANGES, Some("short-lived"), ADD).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(h.post(CHANGES, Some("short-lived"), ADD).await.replayed());
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Expired: the key is new again, so another payload is applied rather than a 422.
    let rename = r#"{"Rename":{"id":"n1","title":"Brown eggs"}}"#;
    let reply = h.post(CHANGES, Some("short-lived"), rename).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!reply.replayed());
    assert_eq!(h.applied_with("short-lived"), 2);
    assert_eq!(h.keys_stored("short-lived"), 1);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_changes_store_no_key() {
    let mut h = Harness::start().await;
    let missing = r#"{"Toggle":{"id":"ghost","done":true}}"#;
    assert_problem(&h.post(CHANGES, Some("refused"), missing).await, 404);
    assert_eq!(h.keys_stored("refused"), 0);
    assert_eq!(h.applied_with("refused"), 0);
    // Sending it again is answered afresh (still 404, never a replay).
    let again = h.post(CHANGES, Some("refused"), missing).await;
    assert_problem(&again, 404);
    assert!(!again.replayed());
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_stored_answers_are_compact_and_replayed_byte_for_byte() {
    let mut h = Harness::start().await;
    let path = "/api/lists/long/changes";
    let add =
        |i: usize| format!(r#"{{"Add":{{"id":"g{i}","title":"item number {i} of a long list"}}}}"#);
    let mut first = None;
    for i in 0..80 {
        let reply = h.post(path, Some(&format!("g{i}")), &add(i)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        first = Some(reply);
    }
    let first = first.expect("answers");
    assert!(first.body.len() > 4096, "{}", first.body.len());
    let replay = h.post(path, Some("g79"), &add(79)).await;
    assert!(replay.replayed());
    assert_eq!(replay.body, first.body);
    // The whole list is stored for the replay, but compactly.
    let stored = common::count(
        &h.db_path(),
        "SELECT LENGTH(body) FROM idempotency_keys WHERE key = ?1",
        "g79",
    );
    assert!(
        stored * 4 < first.body.len() as i64,
        "{stored} bytes stored for an answer of {}",
        first.body.len()
    );
    // Small answers too are replayed as they were.
    let like = r#"{"post":"post-1","liked":true}"#;
    let first = h.put("/api/likes/post-1", Some("like-1"), like).await;
    let replay = h.put("/api/likes/post-1", Some("like-1"), like).await;
    assert!(replay.replayed());
    assert_eq!(replay.body, first.body);
    h.server.stop().await;
}
