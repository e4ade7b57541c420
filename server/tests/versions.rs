//! `X-Resource-Version` (docs/api.md, "Versions"): every read and every write
//! acknowledgement says which changes of the resource it includes, so a client can tell
//! whether a read holds its write (write version <= read version).

mod common;

use axum::http::StatusCode;
use common::Harness;
use serde_json::json;

fn version(reply: &server::client::Reply) -> u64 {
    reply
        .header("x-resource-version")
        .unwrap_or_else(|| panic!("no version: {:?}", reply.headers))
        .parse()
        .expect("a decimal version")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_and_writes_of_a_list_carry_its_version() {
    let mut h = Harness::start().await;
    let list = "/api/lists/groceries";
    let changes = "/api/lists/groceries/changes";
    let before = version(&h.get(list).await);

    let add = h
        .post(
            changes,
            Some("v-add"),
            r#"{"Add":{"id":"v1","title":"Eggs"}}"#,
        )
        .await;
    assert_eq!(add.status, StatusCode::OK, "{}", add.body);
    let written = version(&add);
    assert!(
        written > before,
        "a write moves the version: {before} -> {written}"
    );
    assert_eq!(
        version(&h.get(list).await),
        written,
        "a read after it includes it"
    );

    // A replay answers the version of the change it stored, not a new one.
    let replay = h
        .post(
            changes,
            Some("v-add"),
            r#"{"Add":{"id":"v1","title":"Eggs"}}"#,
        )
        .await;
    assert!(replay.replayed());
    assert_eq!(version(&replay), written);

    // Another resource's change does not move this one's version; it is larger though
    // (one sequence for the database).
    let other = h
        .post(
            "/api/lists/other/changes",
            Some("v-other"),
            r#"{"Add":{"id":"o1","title":"Tea"}}"#,
        )
        .await;
    assert!(version(&other) > written);
    assert_eq!(version(&h.get(list).await), written);
    assert_eq!(version(&h.get("/api/lists/never-written").await), 0);

    // A refused write applies nothing and moves nothing.
    let refused = h
        .post(
            changes,
            Some("v-dup"),
            r#"{"Add":{"id":"v1","title":"Eggs"}}"#,
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(version(&h.get(list).await), written);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn likes_and_boards_carry_their_versions() {
    let mut h = Harness::start().await;
    let put = h
        .put(
            "/api/likes/post-1",
            Some("v-like"),
            r#"{"post":"post-1","liked":true}"#,
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let liked = version(&put);
    assert_eq!(version(&h.get("/api/likes/post-1").await), liked);
    assert_eq!(version(&h.get("/api/likes/post-2").await), 0);

    let columns_before = version(&h.get("/api/boards/roadmap").await);
    let change = json!({"AddCard": {"column": "todo", "card": {"id": "v-c", "title": "New"}}});
    let post = h
        .post(
            "/api/boards/roadmap/changes",
            Some("v-card"),
            &change.to_string(),
        )
        .await;
    assert_eq!(post.status, StatusCode::OK, "{}", post.body);
    let moved = version(&post);
    assert!(moved > columns_before.max(liked));
    assert_eq!(version(&h.get("/api/boards/roadmap").await), moved);
    assert_eq!(
        version(&h.get("/api/boards/roadmap/columns/todo/cards").await),
        moved
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_apply_then_fail_write_is_versioned_by_its_replay() {
    let mut h = Harness::start().await;
    h.faults(json!({"apply_then_fail_next": 1, "apply_then_fail_mode": "status"}))
        .await;
    let changes = "/api/lists/groceries/changes";
    let body = r#"{"Add":{"id":"v9","title":"Milk"}}"#;
    let failed = h.post(changes, Some("v-503"), body).await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        failed.header("x-resource-version"),
        None,
        "no acknowledgement"
    );
    let read = version(&h.get("/api/lists/groceries").await);
    let replay = h.post(changes, Some("v-503"), body).await;
    assert!(replay.replayed());
    assert_eq!(version(&replay), read, "the change the read already held");
}
