//! The Postgres store on a throwaway cluster: claims are rows, so the in-flight lock
//! holds across connections (processes), and the record commits with the change.
//! Skipped loudly without PostgreSQL, unless `E2E_REQUIRED` is set.

#[path = "support/pg_cluster.rs"]
mod pg_cluster;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use axum::Router;
use axum_idempotency::postgres::{self, Claim, PgStore};
use axum_idempotency::{
    Fingerprint, IdempotencyError, IdempotencyKey, IdempotencyLayer, Options, StoredResponse,
};
use tokio_postgres::{Client, NoTls};
use tower::ServiceExt;

async fn connect(config: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(config, NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    client
}

/// A fresh database `name` with the keys table and an `orders` table.
async fn database(cluster: &pg_cluster::PgCluster, name: &str) -> String {
    cluster
        .psql(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let config = cluster.config(name);
    let client = connect(&config).await;
    postgres::create_table(&client).await.expect("table");
    client
        .batch_execute("CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)")
        .await
        .expect("orders table");
    config
}

fn key(k: &str) -> IdempotencyKey {
    IdempotencyKey::parse(k).expect("key")
}

fn fp(body: &str) -> Fingerprint {
    Fingerprint::of("POST", "/orders", body.as_bytes())
}

/// One write as an app does it: claim, change, commit the record with it. `fail`
/// drops the transaction after the record was written, before the commit (a crash).
async fn place(
    client: &mut Client,
    options: &Options,
    k: &str,
    body: &str,
    fail: bool,
) -> Result<(StoredResponse, bool), IdempotencyError> {
    let failed = |e: tokio_postgres::Error| IdempotencyError::Store(e.to_string());
    let guard = match postgres::claim(client, options, None, key(k), fp(body)).await? {
        Claim::Replay(stored) => return Ok((stored, true)),
        Claim::Fresh(guard) => guard,
    };
    let tx = client.transaction().await.map_err(failed)?;
    let row = tx
        .query_one(
            "INSERT INTO orders (body) VALUES ($1) RETURNING id",
            &[&body],
        )
        .await
        .map_err(failed)?;
    let id: i64 = row.get(0);
    let answer = StoredResponse::json(201, format!("{{\"order\":{id}}}"));
    guard.commit_with(&tx, &answer).await?;
    if fail {
        return Err(IdempotencyError::Store("crashed before the commit".into()));
    }
    tx.commit().await.map_err(failed)?;
    Ok((answer, false))
}

async fn orders(client: &Client) -> i64 {
    client
        .query_one("SELECT COUNT(*) FROM orders", &[])
        .await
        .expect("count")
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_store_rules() {
    let Some(cluster) = pg_cluster::cluster_or_skip("postgres_store_rules") else {
        return;
    };

    // Replay, 422, and a claim seen by another connection as 409.
    {
        let config = database(&cluster, "rules").await;
        let options = Options::default();
        let mut a = connect(&config).await;
        let b = connect(&config).await;
        let guard = match postgres::claim(&a, &options, None, key("k1"), fp("x")).await {
            Ok(Claim::Fresh(guard)) => guard,
            other => panic!("{other:?}"),
        };
        let seen = postgres::claim(&b, &options, None, key("k1"), fp("x")).await;
        assert_eq!(seen.unwrap_err(), IdempotencyError::InProgress);
        let seen = postgres::claim(&b, &options, None, key("k1"), fp("other")).await;
        assert_eq!(seen.unwrap_err(), IdempotencyError::Reused);
        // Another user's same key is another key.
        assert!(matches!(
            postgres::claim(&b, &options, Some("bob"), key("k1"), fp("x")).await,
            Ok(Claim::Fresh(_))
        ));
        guard.release(&a).await.expect("release");
        let (first, replayed) = place(&mut a, &options, "k1", "x", false)
            .await
            .expect("place");
        assert!(!replayed);
        let (again, replayed) = place(&mut a, &options, "k1", "x", false)
            .await
            .expect("again");
        assert!(replayed);
        assert_eq!(again, first);
        assert_eq!(
            place(&mut a, &options, "k1", "y", false).await.unwrap_err(),
            IdempotencyError::Reused
        );
        assert_eq!(orders(&a).await, 1);
    }

    // A crash between the change and the commit: neither is kept; the claim blocks the
    // key (409) until its lease ends, then the retry applies, once.
    {
        let config = database(&cluster, "crash").await;
        let options = Options::default().lease(Duration::from_millis(300));
        let mut a = connect(&config).await;
        let err = place(&mut a, &options, "k2", "x", true).await.unwrap_err();
        assert!(matches!(err, IdempotencyError::Store(_)));
        assert_eq!(orders(&a).await, 0);
        assert_eq!(
            place(&mut a, &options, "k2", "x", false).await.unwrap_err(),
            IdempotencyError::InProgress
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        let (_, replayed) = place(&mut a, &options, "k2", "x", false)
            .await
            .expect("retry");
        assert!(!replayed);
        assert!(
            place(&mut a, &options, "k2", "x", false)
                .await
                .expect("again")
                .1
        );
        assert_eq!(orders(&a).await, 1);
    }

    // A claim whose lease ended while it still ran, taken over by another request:
    // whoever commits second finds the claim gone and rolls back.
    {
        let config = database(&cluster, "takeover").await;
        let options = Options::default().lease(Duration::from_millis(200));
        let mut slow = connect(&config).await;
        let mut fast = connect(&config).await;
        let Claim::Fresh(guard) = postgres::claim(&slow, &options, None, key("k3"), fp("x"))
            .await
            .expect("claim")
        else {
            panic!("fresh key")
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (_, replayed) = place(&mut fast, &options, "k3", "x", false)
            .await
            .expect("takeover");
        assert!(!replayed);
        let tx = slow.transaction().await.expect("tx");
        tx.execute("INSERT INTO orders (body) VALUES ('late')", &[])
            .await
            .expect("insert");
        let late = guard
            .commit_with(&tx, &StoredResponse::json(201, "{}"))
            .await;
        assert_eq!(late.unwrap_err(), IdempotencyError::InProgress);
        drop(tx);
        assert_eq!(orders(&fast).await, 1);
    }

    // Twenty connections, one key, at once: one apply; the others 409 or a replay.
    {
        let config = Arc::new(database(&cluster, "burst").await);
        let options = Options::default();
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (config, options) = (Arc::clone(&config), options.clone());
                tokio::spawn(async move {
                    let mut client = connect(&config).await;
                    place(&mut client, &options, "dup", "x", false).await
                })
            })
            .collect();
        let mut applied = 0;
        for task in tasks {
            match task.await.expect("task") {
                Ok((_, false)) => applied += 1,
                Ok((_, true)) | Err(IdempotencyError::InProgress) => {}
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(applied, 1);
        assert_eq!(orders(&connect(&config).await).await, 1);
    }

    // The layer mode on PgStore, and expiry.
    {
        let config = database(&cluster, "layer").await;
        let store = PgStore::new(connect(&config).await).await.expect("store");
        let layer = IdempotencyLayer::new(
            store.clone(),
            Options::default().ttl(Duration::from_millis(300)),
        );
        let router = Router::new()
            .route(
                "/orders",
                post(|body: String| async move { format!("got {body}") }),
            )
            .layer(layer);
        let send = |body: &'static str| {
            let router = router.clone();
            async move {
                let request = Request::post("/orders")
                    .header("idempotency-key", "\"k4\"")
                    .body(Body::from(body))
                    .expect("request");
                router.oneshot(request).await.expect("infallible")
            }
        };
        assert_eq!(send("a").await.status(), StatusCode::OK);
        let again = send("a").await;
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(send("b").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(send("b").await.status(), StatusCode::OK);
        use axum_idempotency::Store;
        let purged = store
            .purge_expired(axum_idempotency::now_ms() + 1_000)
            .await
            .expect("purge");
        assert_eq!(purged, 1);
    }
    drop(cluster);
}
