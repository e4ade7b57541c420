//! What the integration tests share: a server started in this process on a free port
//! with its own database file, a client, and counts straight from SQLite.

#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use server::client::{Client, NoReply, Reply};
use server::{Config, RunningServer};

/// A running server, its client, and the folder of its database.
pub struct Harness {
    pub server: RunningServer,
    pub client: Client,
    pub dir: tempfile::TempDir,
}

impl Harness {
    /// A server with fault injection on and its database in a new folder.
    pub async fn start() -> Harness {
        Harness::start_with(|c| c).await
    }

    /// Like [`Harness::start`], with the config changed by `change`.
    pub async fn start_with(change: impl FnOnce(Config) -> Config) -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = change(
            Config::default()
                .db(dir.path().join("test.sqlite3"))
                .faults(true),
        );
        let server = server::start(config).await.expect("server starts");
        let client = Client::new(server.addr());
        Harness {
            server,
            client,
            dir,
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.server.db_path().to_path_buf()
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.client.get(path).await.expect("an answer")
    }

    pub async fn get_json(&mut self, path: &str) -> Value {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        reply.json().expect("JSON")
    }

    pub async fn post(&mut self, path: &str, key: Option<&str>, body: &str) -> Reply {
        self.try_write(Method::POST, path, key, body)
            .await
            .expect("an answer")
    }

    pub async fn put(&mut self, path: &str, key: Option<&str>, body: &str) -> Reply {
        self.try_write(Method::PUT, path, key, body)
            .await
            .expect("an answer")
    }

    pub async fn try_write(
        &mut self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: &str,
    ) -> Result<Reply, NoReply> {
        self.client.write(method, path, key, body.to_owned()).await
    }

    /// Changes fault settings.
    pub async fn faults(&mut self, patch: Value) -> Value {
        let reply = self
            .client
            .write(Method::PUT, "/_faults", None, patch.to_string())
            .await
            .expect("an answer");
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json().expect("JSON")
    }

    /// How many changes were applied with `key`.
    pub fn applied_with(&self, key: &str) -> i64 {
        count(
            &self.db_path(),
            "SELECT COUNT(*) FROM applied_changes WHERE idempotency_key = ?1",
            key,
        )
    }

    /// How many rows `applied_changes` has.
    pub fn applied_total(&self) -> i64 {
        count(
            &self.db_path(),
            "SELECT COUNT(*) FROM applied_changes WHERE ?1 = ?1",
            "",
        )
    }

    /// How many idempotency records are stored under `key`.
    pub fn keys_stored(&self, key: &str) -> i64 {
        count(
            &self.db_path(),
            "SELECT COUNT(*) FROM idempotency_keys WHERE key = ?1",
            key,
        )
    }
}

/// A count from the database file, read through a connection of its own (as an
/// outside observer would).
pub fn count(db: &Path, sql: &str, param: &str) -> i64 {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open db");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    conn.query_row(sql, [param], |r| r.get(0)).expect("count")
}

/// Asserts a problem+json answer with this status, and returns it.
pub fn assert_problem(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json"),
        "{}",
        reply.body
    );
    let problem: Value = reply.json().expect("problem JSON");
    assert_eq!(problem["status"], status, "{problem}");
    for field in ["type", "title", "detail"] {
        assert!(
            problem[field].as_str().is_some_and(|s| !s.is_empty()),
            "problem without `{field}`: {problem}"
        );
    }
    problem
}

/// The ids of a JSON array of items or cards.
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|x| x["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// Sends `request` as raw bytes on a new connection, then reads until the server closes
/// it or `patience` passes. Returns what arrived and whether the server closed.
pub async fn raw(addr: std::net::SocketAddr, request: &[u8], patience: Duration) -> (String, bool) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("send");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + patience;
    let closed = loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => break false,
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    };
    (String::from_utf8_lossy(&got).into_owned(), closed)
}

/// A raw answer's status code (0 when none arrived).
pub fn raw_status(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A raw answer's header (first one, name case-insensitive).
pub fn raw_header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
