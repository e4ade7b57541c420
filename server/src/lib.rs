//! # server
//!
//! The reference server for yew-optimistic's components: the lists, likes and boards
//! they speak (with the components' own change types and pure `apply` functions, so
//! client and server agree on what a change means), in SQLite, behind axum.
//!
//! - **Idempotency** as draft-ietf-httpapi-idempotency-key-header-06 ([`idempotency`],
//!   with the [`axum_idempotency`] crate):
//!   every write needs an `Idempotency-Key`; the key, a fingerprint of the request and
//!   the response are stored in the same transaction as the change; replays get the
//!   stored response (`Idempotent-Replayed: true`), another payload 422, a key still
//!   being processed 409; keys expire. Each applied change is a row of the append-only
//!   `applied_changes` table, so "applied exactly once" can be counted in the database.
//! - **Versions** ([`version`]): every read and every write acknowledgement carries
//!   `X-Resource-Version`, the `applied_changes.seq` of the resource's last change, so a
//!   client knows whether a read includes a write (a write is in a read when its
//!   version is at most the read's).
//! - **Bad input** never reaches the database and never gets a 500: every error is an
//!   RFC 9457 problem ([`problem`]).
//! - **Fault injection** with `--faults` ([`faults`], [`control`], one middleware:
//!   [`fault_injection`]): latency, failures,
//!   apply-then-fail (503 or a dropped connection), offline, reset to the seed.
//! - **The gallery** as static files with `--static-dir`, so one process is the demo.
//!
//! The wire contract is docs/api.md. Start one in a test:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = server::start(server::Config::default()).await.unwrap();
//! println!("serving on {}", server.url());
//! server.stop().await;
//! # }
//! ```

pub mod api;
pub mod body;
pub mod client;
mod config;
pub mod control;
pub mod db;
pub mod fault_injection;
pub mod faults;
pub mod fd_limit;
pub mod hosts;
pub mod idempotency;
pub mod problem;
pub mod routes;
pub mod security_headers;
pub mod seed;
pub mod serve;
pub mod sql;
pub mod state;
pub mod static_files;
pub mod store;
pub mod validate;
pub mod version;
pub mod write;

pub use config::{
    default_max_connections, Config, Limits, SyncMode, Timeouts, DEFAULT_KEY_TTL, MIN_KEY_TTL,
};

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::Db;
use crate::faults::Faults;
use crate::state::App;

/// The one machine-readable line a server prints on stdout once it listens, so scripts
/// and tests (tests/src/real.rs) find its address and database: JSON with `event`
/// (`"listening"`), `url`, `addr`, `db` and `faults`.
///
/// ```
/// let line = server::listening_line("127.0.0.1:3000".parse().unwrap(), "data.sqlite3", true);
/// let v: serde_json::Value = serde_json::from_str(&line).unwrap();
/// assert_eq!((v["event"].as_str(), v["url"].as_str()), (Some("listening"), Some("http://127.0.0.1:3000")));
/// assert_eq!((v["addr"].as_str(), v["db"].as_str(), v["faults"].as_bool()), (Some("127.0.0.1:3000"), Some("data.sqlite3"), Some(true)));
/// ```
pub fn listening_line(addr: SocketAddr, db: &str, faults: bool) -> String {
    serde_json::json!({
        "event": "listening",
        "url": format!("http://{addr}"),
        "addr": addr.to_string(),
        "db": db,
        "faults": faults,
    })
    .to_string()
}

/// A server running in this process.
pub struct RunningServer {
    addr: SocketAddr,
    db: Db,
    faults: Faults,
    open: Arc<AtomicUsize>,
    stop: watch::Sender<bool>,
    serving: JoinHandle<()>,
    sweeping: JoinHandle<()>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The database file (empty on Postgres).
    pub fn db_path(&self) -> &Path {
        self.db.path()
    }

    /// The database (for tools that check it, such as the load generator).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Its fault settings and counters (for in-process tests and the load generator).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// How many connections are open now.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// Stops accepting, closes every connection, and waits for that. A temporary
    /// database is deleted once the last request using it has finished.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.serving.await;
        self.sweeping.abort();
    }
}

/// Opens the database, binds the address and starts serving on the current tokio
/// runtime.
pub async fn start(config: Config) -> Result<RunningServer, String> {
    let db = match &config.database_url {
        Some(url) => Db::connect(url).await?,
        None => Db::open_with(config.db.as_deref(), config.sync)?,
    };
    let listener = tokio::net::TcpListener::bind((config.host, config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let faults = Faults::default();
    let app = App {
        db: db.clone(),
        faults: faults.clone(),
        idempotency: axum_idempotency::Idempotency::new(
            axum_idempotency::Options::default()
                .ttl(config.key_ttl)
                .lease(config.key_lease),
        ),
        limits: config.limits.clone(),
        key_ttl: config.key_ttl,
        body_timeout: config.timeouts.body,
    };
    let router = routes::router(app, config.faults, config.static_dir.as_deref());
    let router = if config.cors {
        router.layer(routes::cors())
    } else {
        router
    };
    let hosts = config
        .host
        .is_loopback()
        .then(hosts::AllowedHosts::loopback);
    let headers = security_headers::SecurityHeaders::new(config.static_dir.as_deref());
    let router = routes::harden(router, hosts, headers);
    let (stop, stopped) = watch::channel(false);
    let open = Arc::new(AtomicUsize::new(0));
    let limits = serve::ConnectionLimits {
        timeouts: config.timeouts,
        max_connections: config.max_connections,
        open: Arc::clone(&open),
    };
    let serving = tokio::spawn(serve::serve(
        listener,
        router,
        faults.clone(),
        limits,
        stopped,
    ));
    let sweeping = tokio::spawn(sweep_expired_keys(db.clone(), config.key_ttl));
    Ok(RunningServer {
        addr,
        db,
        faults,
        open,
        stop,
        serving,
        sweeping,
    })
}

/// Deletes expired idempotency records now and then (lookups ignore them anyway; this
/// keeps the table small).
async fn sweep_expired_keys(db: Db, ttl: Duration) {
    let every = (ttl / 4).clamp(Duration::from_secs(1), Duration::from_secs(60));
    loop {
        tokio::time::sleep(every).await;
        let _ = db.purge_expired_keys(db::now_ms()).await;
    }
}
