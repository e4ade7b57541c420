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

/// A database written before the `axum-idempotency` crate (its first layout of
/// `idempotency_keys`: no scope, the body as TEXT) keeps its records: a retry after the
/// upgrade is still a replay, and nothing is applied again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_of_the_first_layout_are_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.sqlite3");
    let add = r#"{"Add":{"id":"n1","title":"Eggs"}}"#;
    let changes = "/api/lists/groceries/changes";
    let stored = r#"[{"id":"n1","title":"Eggs","done":false}]"#;
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE idempotency_keys (
                 key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, method TEXT NOT NULL,
                 path TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,
                 created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
             CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);",
        )
        .unwrap();
        // The first layout's fingerprint: the same length-prefixed SHA-256 of method,
        // path and canonical change.
        let fingerprint = axum_idempotency::Fingerprint::of("POST", changes, add.as_bytes());
        conn.execute(
            "INSERT INTO idempotency_keys VALUES ('old-key', ?1, 'POST', ?2, 200, ?3, 0, ?4)",
            rusqlite::params![
                fingerprint.as_str(),
                changes,
                stored,
                axum_idempotency::now_ms() + 3_600_000
            ],
        )
        .unwrap();
    }
    let server = server::start(Config::default().db(&db)).await.unwrap();
    let mut client = Client::new(server.addr());
    let retry = client
        .write(axum::http::Method::POST, changes, Some("old-key"), add)
        .await
        .unwrap();
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.body);
    assert!(retry.replayed());
    assert_eq!(retry.body, stored);
    let other = client
        .write(
            axum::http::Method::POST,
            changes,
            Some("old-key"),
            r#"{"Add":{"id":"n2","title":"Eggs"}}"#,
        )
        .await
        .unwrap();
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM applied_changes WHERE idempotency_key = ?1",
            "old-key"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM idempotency_keys WHERE key = ?1",
            "old-key"
        ),
        1
    );
    server.stop().await;
}
