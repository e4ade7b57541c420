//! Bad input never reaches the database and never gets a 500: each case is a 4xx
//! problem+json a client can show, and the data and the key tables are unchanged.

mod common;

use axum::http::{Method, StatusCode};
use common::{assert_problem, count, Harness};
use serde_json::Value;

const CHANGES: &str = "/api/lists/groceries/changes";

/// Sends `body` with a fresh key and checks the status, that nothing was stored under
/// the key, and returns the problem.
async fn refused(h: &mut Harness, method: Method, path: &str, body: &str, status: u16) -> Value {
    let key = format!("bad-{}", fastrand::u64(..));
    let reply = h
        .try_write(method, path, Some(&key), body)
        .await
        .expect("an answer");
    let problem = assert_problem(&reply, status);
    assert_eq!(
        h.keys_stored(&key),
        0,
        "a key was stored for a refused change"
    );
    assert_eq!(h.applied_with(&key), 0);
    problem
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_are_413() {
    let mut h = Harness::start().await;
    let title = "x".repeat(1024 * 1024);
    let body = format!(r#"{{"Add":{{"id":"big","title":"{title}"}}}}"#);
    let problem = refused(&mut h, Method::POST, CHANGES, &body, 413).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("65536 bytes"),
        "{problem}"
    );
    // Without a Content-Length (chunked), the limit holds too.
    let reply = h
        .client
        .send(
            Method::POST,
            CHANGES,
            &[
                ("content-type", "application/json".into()),
                ("idempotency-key", "chunked".into()),
                ("transfer-encoding", "chunked".into()),
            ],
            Some(format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len()).into()),
        )
        .await;
    // hyper may refuse to send a hand-made chunked body; when it does go out, it is a 413.
    if let Ok(reply) = reply {
        assert!(reply.status.is_client_error(), "{}", reply.status);
    }
    assert_eq!(h.applied_total(), 0);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn titles_are_checked() {
    let mut h = Harness::start().await;
    let long = "é".repeat(201);
    let problem = refused(
        &mut h,
        Method::POST,
        CHANGES,
        &format!(r#"{{"Add":{{"id":"n1","title":"{long}"}}}}"#),
        422,
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("at most 200 characters"),
        "{problem}"
    );
    for title in ["", "   ", "line\\nbreak", "tab\\there", "nul\\u0000"] {
        refused(
            &mut h,
            Method::POST,
            CHANGES,
            &format!(r#"{{"Rename":{{"id":"seed-1","title":"{title}"}}}}"#),
            422,
        )
        .await;
    }
    refused(
        &mut h,
        Method::POST,
        "/api/boards/roadmap/changes",
        &format!(r#"{{"AddCard":{{"column":"todo","card":{{"id":"c9","title":"{long}"}}}}}}"#),
        422,
    )
    .await;
    // Exactly 200 characters is fine.
    let ok = "é".repeat(200);
    let reply = h
        .post(
            CHANGES,
            Some("ok"),
            &format!(r#"{{"Add":{{"id":"n1","title":"{ok}"}}}}"#),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_json_and_wrong_types_are_400_and_422() {
    let mut h = Harness::start().await;
    for broken in [
        r#"{"Add":{"id":"n1","title":"x""#,
        "not json",
        "",
        r#"{"Add":}"#,
    ] {
        let problem = refused(&mut h, Method::POST, CHANGES, broken, 400).await;
        assert!(
            problem["type"]
                .as_str()
                .unwrap()
                .ends_with("malformed-json"),
            "{problem}"
        );
    }
    for wrong in [
        r#"{"Add":{"id":1,"title":"x"}}"#,
        r#"{"Toggle":{"id":"seed-1","done":"yes"}}"#,
        r#"{"Move":{"id":"seed-1","to":-1}}"#,
        r#"{"Explode":{"id":"seed-1"}}"#,
        r#"{"Add":{"id":"n1"}}"#,
        "[]",
        "null",
    ] {
        let problem = refused(&mut h, Method::POST, CHANGES, wrong, 422).await;
        assert!(
            problem["type"].as_str().unwrap().ends_with("invalid-body"),
            "{problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().contains("line 1"),
            "{problem}"
        );
    }
    refused(
        &mut h,
        Method::PUT,
        "/api/likes/post-1",
        r#"{"post":"post-1","liked":1}"#,
        422,
    )
    .await;
    refused(
        &mut h,
        Method::POST,
        "/api/boards/roadmap/changes",
        r#"{"MoveCard":{"card":"c1","from":"todo","to":"done","index":0}}"#,
        422,
    )
    .await;
    // Not JSON at all.
    let reply = h
        .client
        .send(
            Method::POST,
            CHANGES,
            &[
                ("idempotency-key", "form".into()),
                ("content-type", "text/plain".into()),
            ],
            Some("Add eggs".into()),
        )
        .await
        .unwrap();
    assert_problem(&reply, 415);
    assert_eq!(h.applied_total(), 0);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_ids_and_columns_are_refused() {
    let mut h = Harness::start().await;
    for change in [
        r#"{"Rename":{"id":"ghost","title":"x"}}"#,
        r#"{"Toggle":{"id":"ghost","done":true}}"#,
        r#"{"Delete":{"id":"ghost"}}"#,
        r#"{"Move":{"id":"ghost","to":0}}"#,
    ] {
        let problem = refused(&mut h, Method::POST, CHANGES, change, 404).await;
        assert!(
            problem["detail"].as_str().unwrap().contains("ghost"),
            "{problem}"
        );
    }
    // An id that already exists cannot be added again.
    refused(
        &mut h,
        Method::POST,
        CHANGES,
        r#"{"Add":{"id":"seed-1","title":"x"}}"#,
        409,
    )
    .await;
    // Ids and names of the wrong form.
    refused(
        &mut h,
        Method::POST,
        CHANGES,
        r#"{"Add":{"id":"","title":"x"}}"#,
        422,
    )
    .await;
    let long_id = "i".repeat(101);
    refused(
        &mut h,
        Method::POST,
        CHANGES,
        &format!(r#"{{"Add":{{"id":"{long_id}","title":"x"}}}}"#),
        422,
    )
    .await;
    let long_name = format!("/api/lists/{}/changes", "l".repeat(101));
    refused(
        &mut h,
        Method::POST,
        &long_name,
        r#"{"Add":{"id":"a","title":"x"}}"#,
        400,
    )
    .await;

    let board = "/api/boards/roadmap/changes";
    let card = r#"{"id":"c1","title":"Write the release notes"}"#;
    for (change, status) in [
        (r#"{"AddCard":{"column":"nope","card":{"id":"c9","title":"x"}}}"#.to_owned(), 404),
        (format!(r#"{{"AddCard":{{"column":"todo","card":{card}}}}}"#), 409),
        (r#"{"EditCard":{"column":"todo","id":"ghost","title":"x"}}"#.to_owned(), 404),
        (r#"{"EditCard":{"column":"done","id":"c1","title":"x"}}"#.to_owned(), 409),
        (format!(r#"{{"MoveCard":{{"card":{card},"from":"todo","to":"nope","index":0}}}}"#), 404),
        (format!(r#"{{"MoveCard":{{"card":{card},"from":"doing","to":"done","index":0}}}}"#), 409),
        (
            r#"{"MoveCard":{"card":{"id":"ghost","title":"x"},"from":"todo","to":"done","index":0}}"#
                .to_owned(),
            404,
        ),
    ] {
        refused(&mut h, Method::POST, board, &change, status).await;
    }
    refused(
        &mut h,
        Method::POST,
        "/api/boards/nope/changes",
        r#"{"EditCard":{"column":"todo","id":"c1","title":"x"}}"#,
        404,
    )
    .await;
    // Nothing moved.
    let todo = h.get_json("/api/boards/roadmap/columns/todo/cards").await;
    assert_eq!(common::ids(&todo), ["c1", "c2", "c3"]);
    assert_eq!(h.applied_total(), 0);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_in_titles_is_stored_as_text() {
    let mut h = Harness::start().await;
    let html = r#"<script>alert("x")</script><img src=x onerror=alert(1)>&amp;"#;
    let body = serde_json::json!({"Add": {"id": "evil", "title": html}}).to_string();
    let reply = h.post(CHANGES, Some("html"), &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let list = h.get_json("/api/lists/groceries").await;
    assert_eq!(list[4]["title"], html);
    assert_eq!(
        count(
            &h.db_path(),
            "SELECT COUNT(*) FROM list_items WHERE title = ?1",
            html
        ),
        1
    );
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_settings_out_of_range_are_422() {
    let mut h = Harness::start().await;
    for patch in [
        r#"{"failure_rate": 2}"#,
        r#"{"apply_then_fail_rate": -0.1}"#,
        r#"{"latency_ms": 3600000}"#,
        r#"{"apply_then_fail_mode": "explode"}"#,
        r#"{"no_such_setting": true}"#,
    ] {
        let reply = h
            .try_write(Method::PUT, "/_faults", None, patch)
            .await
            .unwrap();
        assert_problem(&reply, 422);
    }
    let state: Value = h.get_json("/_faults").await;
    assert_eq!(state["settings"]["failure_rate"], 0.0);
    h.server.stop().await;
}
