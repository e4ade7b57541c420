//! Several instances, one database (issue 17): two server processes on one Postgres.
//! The same key sent to both at once is applied once (the other answers 409 or the
//! replay); a server killed mid-write (its change made but not committed) loses
//! nothing and doubles nothing: its claim blocks the key until its lease ends, then the
//! retry, on the other server, applies the change once.
//!
//! A throwaway cluster (idempotency/tests/support/pg_cluster.rs); skipped loudly
//! without PostgreSQL unless `E2E_REQUIRED` is set.

#[path = "../../idempotency/tests/support/pg_cluster.rs"]
mod pg_cluster;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use server::client::Client;

/// A server process on `url`, and its address.
struct Instance {
    child: Child,
    addr: SocketAddr,
}

impl Instance {
    fn start(url: &str) -> Instance {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--port", "0", "--database-url", url, "--key-lease", "2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the listening line");
        let event: serde_json::Value = serde_json::from_str(&line).expect("json line");
        let addr = event["addr"]
            .as_str()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line}"));
        Instance { child, addr }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count(cluster: &pg_cluster::PgCluster, sql: &str) -> i64 {
    cluster.psql(sql).expect("psql").parse().expect("a number")
}

async fn add(addr: SocketAddr, key: &str, id: &str) -> (StatusCode, bool, String) {
    let mut client = Client::new(addr);
    let body = format!(r#"{{"Add":{{"id":"{id}","title":"Eggs"}}}}"#);
    let reply = client
        .write(
            Method::POST,
            "/api/lists/groceries/changes",
            Some(key),
            body,
        )
        .await
        .expect("an answer");
    let replayed = reply.replayed();
    (reply.status, replayed, reply.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_apply_each_key_once() {
    let Some(cluster) = pg_cluster::cluster_or_skip("two_servers_on_one_postgres") else {
        return;
    };
    let url = cluster.url();
    // Two processes starting together on an empty database seed it once.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Instance::start(&url));
        let b = s.spawn(|| Instance::start(&url));
        (a.join().expect("a"), b.join().expect("b"))
    });
    assert_eq!(
        count(
            &cluster,
            "SELECT COUNT(*) FROM list_items WHERE list = 'groceries'"
        ),
        4
    );

    // The same key at both at once, a few rounds: one apply each.
    for round in 0..5 {
        let key = format!("both-{round}");
        let id = format!("n{round}");
        let (one, two) = tokio::join!(add(a.addr, &key, &id), add(b.addr, &key, &id));
        for answer in [&one, &two] {
            assert!(
                answer.0 == StatusCode::OK || answer.0 == StatusCode::CONFLICT,
                "{answer:?}"
            );
        }
        assert!(
            one.0 == StatusCode::OK || two.0 == StatusCode::OK,
            "{one:?} {two:?}"
        );
        assert_eq!(
            count(
                &cluster,
                &format!("SELECT COUNT(*) FROM applied_changes WHERE idempotency_key = '{key}'")
            ),
            1
        );
        // Either server replays it now.
        let again = add(b.addr, &key, &id).await;
        assert_eq!(again.0, StatusCode::OK);
        assert!(again.1, "a replay");
        let again = add(a.addr, &key, &id).await;
        assert!(again.1, "a replay");
    }

    // Different keys on one list at both servers at once: every change applied, none
    // lost to another's read-modify-write (each keeps its own position).
    let adds: Vec<_> = (0..24)
        .map(|i| {
            let addr = if i % 2 == 0 { a.addr } else { b.addr };
            tokio::spawn(async move {
                let mut client = Client::new(addr);
                let body = format!(r#"{{"Add":{{"id":"r{i}","title":"race {i}"}}}}"#);
                client
                    .write(
                        Method::POST,
                        "/api/lists/race/changes",
                        Some(&format!("race-{i}")),
                        body,
                    )
                    .await
                    .expect("an answer")
                    .status
            })
        })
        .collect();
    for add in adds {
        assert_eq!(add.await.expect("task"), StatusCode::OK);
    }
    assert_eq!(
        count(
            &cluster,
            "SELECT COUNT(DISTINCT position) FROM list_items WHERE list = 'race'"
        ),
        24,
        "two changes of one list interleaved"
    );

    // Killed mid-write: hold the change log's lock, so the write of server `a` stops
    // inside its transaction, after its claim and its change.
    let blocker = cluster.config("postgres");
    let (locker, connection) = tokio_postgres::connect(&blocker, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    locker
        .batch_execute("BEGIN; LOCK TABLE applied_changes IN EXCLUSIVE MODE")
        .await
        .expect("lock");
    let mid_write = tokio::spawn(add(a.addr, "killed", "k1"));
    let started = Instant::now();
    while count(
        &cluster,
        "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
    ) == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server a never reached the change log"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        count(
            &cluster,
            "SELECT COUNT(*) FROM idempotency_keys WHERE key = 'killed' AND status IS NULL"
        ),
        1,
        "server a claimed the key"
    );
    // While `a` holds it, the other server answers 409.
    assert_eq!(add(b.addr, "killed", "k1").await.0, StatusCode::CONFLICT);
    let mut a = a;
    a.child.kill().expect("kill -9");
    let _ = a.child.wait();
    // Its client got no answer (the connection closed), or a 5xx: never a 200.
    if let Ok(answer) = mid_write.await {
        assert_ne!(answer.0, StatusCode::OK, "{answer:?}");
    }
    locker.batch_execute("COMMIT").await.expect("unlock");

    // The retry (on `b`) gets 409 until the lease of the dead claim ends, then applies.
    let started = Instant::now();
    let applied = loop {
        let answer = add(b.addr, "killed", "k1").await;
        match answer.0 {
            StatusCode::OK => break answer,
            StatusCode::CONFLICT => {
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "the dead claim never expired"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            other => panic!("{other}: {}", answer.2),
        }
    };
    assert!(
        !applied.1,
        "applied, not replayed: the killed write was rolled back"
    );
    assert_eq!(
        count(
            &cluster,
            "SELECT COUNT(*) FROM applied_changes WHERE idempotency_key = 'killed'"
        ),
        1
    );
    assert_eq!(
        count(&cluster, "SELECT COUNT(*) FROM list_items WHERE id = 'k1'"),
        1
    );
    assert!(add(b.addr, "killed", "k1").await.1, "a replay");
    // Every item added once: 4 seeded, 5 rounds, the killed one.
    assert_eq!(
        count(
            &cluster,
            "SELECT COUNT(*) FROM list_items WHERE list = 'groceries'"
        ),
        10
    );
    drop(b);
    drop(cluster);
}
