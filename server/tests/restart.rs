//! A server restarted on the same database file keeps the data, the idempotency
//! records (a retry after the restart replays) and the `applied_changes` log.

mod common;

use axum::http::StatusCode;
use common::{count, ids};
use serde_json::Value;
use server::client::Client;
use server::Config;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_data_and_idempotency_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("restart.sqlite3");
    let add = r#"{"Add":{"id":"n1","title":"Eggs"}}"#;
    let changes = "/api/lists/groceries/changes";

    let first = server::start(Config::default().db(&db)).await.unwrap();
    let mut client = Client::new(first.addr());
    let answer = client
        .write(
            axum::http::Method::POST,
            changes,
            Some("before-restart"),
            add,
        )
        .await
        .unwrap();
    assert_eq!(answer.status, StatusCode::OK);
    first.stop().await;

    let second = server::start(Config::default().db(&db)).await.unwrap();
    let mut client = Client::new(second.addr());
    let list: Value = client
        .get("/api/lists/groceries")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(ids(&list), ["seed-1", "seed-2", "seed-3", "seed-4", "n1"]);
    // Not seeded a second time.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM list_items WHERE list = ?1",
            "groceries"
        ),
        5
    );
    let retry = client
        .write(
            axum::http::Method::POST,
            changes,
            Some("before-restart"),
            add,
        )
        .await
        .unwrap();
    assert_eq!(retry.status, StatusCode::OK);
    assert!(retry.replayed());
    assert_eq!(retry.body, answer.body);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM applied_changes WHERE idempotency_key = ?1",
            "before-restart"
        ),
        1
    );
    second.stop().await;
}
