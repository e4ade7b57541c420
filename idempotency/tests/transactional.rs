//! The transactional mode: the key's record commits with the handler's change, so a
//! change is made exactly once, also when the transaction fails half-way.

use std::sync::{Arc, Mutex};

#[path = "support/answer.rs"]
mod answer;

use answer::answer;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use axum_idempotency::{
    sqlite, Fingerprint, Idempotency, IdempotencyError, IdempotencyKey, StoredResponse,
};
use tower::ServiceExt;

#[derive(Clone)]
struct App {
    db: Arc<Mutex<rusqlite::Connection>>,
    idempotency: Idempotency,
}

/// Adds an order; a body ending in `!fail` fails after the change and the record were
/// written, before the commit (as a crash would).
async fn add_order(State(app): State<App>, key: IdempotencyKey, body: String) -> Response {
    let guard = match app.idempotency.begin(
        None,
        key,
        Fingerprint::of("POST", "/orders", body.as_bytes()),
    ) {
        Ok(guard) => guard,
        Err(e) => return e.into_response(),
    };
    tokio::task::spawn_blocking(move || {
        let mut conn = app.db.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction().map_err(store)?;
        if let Some(stored) = guard.replay_from(&tx)? {
            return Ok(stored.replay());
        }
        tx.execute("INSERT INTO orders (body) VALUES (?1)", [&body])
            .map_err(store)?;
        let answer = StoredResponse::json(201, format!("{{\"order\":{}}}", tx.last_insert_rowid()));
        guard.commit_with(&tx, &answer)?;
        if body.ends_with("!fail") {
            // Dropped without commit: rolled back, the change and the record together.
            return Err(IdempotencyError::Store("failed before the commit".into()));
        }
        tx.commit().map_err(store)?;
        Ok(answer.response())
    })
    .await
    .map_err(|e| IdempotencyError::Store(e.to_string()))
    .and_then(|r| r)
    .unwrap_or_else(IntoResponse::into_response)
}

fn store(e: rusqlite::Error) -> IdempotencyError {
    IdempotencyError::Store(e.to_string())
}

fn app() -> (Router, Arc<Mutex<rusqlite::Connection>>) {
    let conn = rusqlite::Connection::open_in_memory().expect("db");
    conn.execute_batch("CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .expect("schema");
    sqlite::create_table(&conn).expect("table");
    let db = Arc::new(Mutex::new(conn));
    let app = App {
        db: Arc::clone(&db),
        idempotency: Idempotency::default(),
    };
    (
        Router::new()
            .route("/orders", post(add_order))
            .with_state(app),
        db,
    )
}

fn orders(db: &Mutex<rusqlite::Connection>) -> i64 {
    db.lock()
        .expect("lock")
        .query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))
        .expect("count")
}

async fn send(router: &Router, key: &str, body: &str) -> (StatusCode, bool, String) {
    let request = Request::post("/orders")
        .header("idempotency-key", key)
        .body(Body::from(body.to_owned()))
        .expect("request");
    answer(router, request).await
}

#[tokio::test]
async fn the_key_extractor_refuses_a_write_without_a_key() {
    let (router, db) = app();
    let request = Request::post("/orders")
        .body(Body::from("a"))
        .expect("request");
    let response = router.oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(orders(&db), 0);
}

#[tokio::test]
async fn a_retry_replays_and_applies_nothing() {
    let (router, db) = app();
    let first = send(&router, "k1", "a").await;
    assert_eq!(first.0, StatusCode::CREATED);
    assert!(!first.1);
    let retry = send(&router, "k1", "a").await;
    assert!(retry.1);
    assert_eq!(retry.2, first.2);
    assert_eq!(
        send(&router, "k1", "b").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(orders(&db), 1);
}

#[tokio::test]
async fn a_transaction_that_fails_keeps_neither_the_change_nor_the_key() {
    let (router, db) = app();
    let (status, _, _) = send(&router, "k1", "a!fail").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(orders(&db), 0);
    let stored: i64 = db
        .lock()
        .expect("lock")
        .query_row("SELECT COUNT(*) FROM idempotency_keys", [], |r| r.get(0))
        .expect("count");
    assert_eq!(stored, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_parallel_duplicates_apply_once() {
    let (router, db) = app();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move { send(&router, "dup", "a").await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    assert!(answers
        .iter()
        .all(|a| a.0 == StatusCode::CREATED || a.0 == StatusCode::CONFLICT));
    let bodies: Vec<_> = answers
        .iter()
        .filter(|a| a.0 == StatusCode::CREATED)
        .map(|a| &a.2)
        .collect();
    assert!(!bodies.is_empty());
    assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
    assert_eq!(orders(&db), 1);
}
