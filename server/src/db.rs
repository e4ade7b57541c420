//! The database: SQLite (a file or a temporary one; the default) or Postgres
//! (`--database-url`, for several server processes on one database); the schema, and
//! running work on it off the async threads.
//!
//! One connection behind a mutex: SQLite writes one transaction at a time anyway, and a
//! single writer makes "check the idempotency key, apply, store the answer" trivially
//! atomic. Work runs in `spawn_blocking`, so a request whose client went away still
//! finishes its transaction (it is never cut between the change and its key).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum_idempotency::postgres::{self, Claim};
use axum_idempotency::{Idempotent, StoredResponse};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::idempotency::problem;
use crate::problem::Problem;
use crate::seed;
use crate::sql::{PgSql, Sql, SqlResult, Statements};

/// The schema, created on start when missing. `applied_changes` is append-only: one row
/// per change really applied, so tests can count that each was applied exactly once.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS list_items (
    list     TEXT NOT NULL,
    id       TEXT NOT NULL,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    done     INTEGER NOT NULL,
    PRIMARY KEY (list, id)
);
CREATE INDEX IF NOT EXISTS list_items_order ON list_items (list, position);
CREATE TABLE IF NOT EXISTS likes (
    post  TEXT PRIMARY KEY,
    liked INTEGER NOT NULL,
    count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS board_columns (
    board    TEXT NOT NULL,
    id       TEXT NOT NULL,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    PRIMARY KEY (board, id)
);
CREATE TABLE IF NOT EXISTS board_cards (
    board     TEXT NOT NULL,
    id        TEXT NOT NULL,
    column_id TEXT NOT NULL,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    PRIMARY KEY (board, id)
);
CREATE INDEX IF NOT EXISTS board_cards_order ON board_cards (board, column_id, position);
CREATE TABLE IF NOT EXISTS feed_posts (
    feed TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    id   TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (feed, id)
);
CREATE INDEX IF NOT EXISTS feed_posts_order ON feed_posts (feed, seq);
CREATE TABLE IF NOT EXISTS applied_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    resource        TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    body            TEXT NOT NULL,
    applied_at      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS applied_changes_key ON applied_changes (idempotency_key);
CREATE INDEX IF NOT EXISTS applied_changes_resource ON applied_changes (resource, seq);
";

/// Moves idempotency records of the table's first layout (before the
/// `axum-idempotency` crate: no scope, no content type, the body TEXT or a deflated
/// BLOB) into the crate's table. The fingerprints are computed alike, so a retry of a
/// change made before the upgrade is still a replay.
const MIGRATE_V1_KEYS: &str = "
DROP INDEX IF EXISTS idempotency_keys_expiry;
ALTER TABLE idempotency_keys RENAME TO idempotency_keys_v1;
";
const COPY_V1_KEYS: &str = "
INSERT INTO idempotency_keys
    (scope, key, fingerprint, status, content_type, deflated, body, created_at, expires_at)
SELECT '', key, fingerprint, status, 'application/json', typeof(body) = 'blob',
       CAST(body AS BLOB), created_at, expires_at
FROM idempotency_keys_v1;
DROP TABLE idempotency_keys_v1;
";

/// The tables that hold data and bookkeeping (everything a reset empties).
const DATA_TABLES: &[&str] = &[
    "list_items",
    "likes",
    "feed_posts",
    "board_columns",
    "board_cards",
    "idempotency_keys",
    "applied_changes",
];

/// Milliseconds since the Unix epoch, the unit of every time stored.
///
/// ```
/// assert!(server::db::now_ms() > 1_600_000_000_000);
/// ```
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The server's database.
#[derive(Clone)]
pub struct Db {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Sqlite {
        conn: Arc<Mutex<Connection>>,
        path: PathBuf,
        // Keeps a temporary database's folder alive as long as the server.
        _temp: Option<Arc<tempfile::TempDir>>,
    },
    Postgres {
        // One connection per process, one statement at a time, as with SQLite: the
        // processes sharing the database are what runs concurrently.
        client: Arc<Mutex<tokio_postgres::Client>>,
        runtime: tokio::runtime::Handle,
        statements: Arc<Statements>,
    },
}

/// What a keyed write did: applied (its answer and version), or found the same request
/// answered already (the stored answer and the version it made).
pub enum Keyed {
    /// Applied now.
    Applied(String, u64),
    /// Answered before: replay it.
    Replayed(StoredResponse, Option<u64>),
}

impl Db {
    /// Opens (creating when missing) the database at `path`, or a temporary one for
    /// `None`; creates the schema and, the first time, the seed data.
    ///
    /// ```
    /// let db = server::db::Db::open(None).unwrap();
    /// assert!(db.path().exists());
    /// ```
    pub fn open(path: Option<&Path>) -> Result<Db, String> {
        Db::open_with(path, crate::SyncMode::default())
    }

    /// Like [`Db::open`], with SQLite's `synchronous` set to `sync`.
    ///
    /// ```
    /// let db = server::db::Db::open_with(None, server::SyncMode::Normal).unwrap();
    /// assert!(db.path().exists());
    /// ```
    pub fn open_with(path: Option<&Path>, sync: crate::SyncMode) -> Result<Db, String> {
        let (path, temp) = match path {
            Some(p) => (p.to_path_buf(), None),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("yew-optimistic-server-")
                    .tempdir()
                    .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
                (dir.path().join("server.sqlite3"), Some(Arc::new(dir)))
            }
        };
        let mut conn = Connection::open(&path)
            .map_err(|e| format!("cannot open the database {}: {e}", path.display()))?;
        init(&mut conn, sync).map_err(|e| format!("cannot prepare the database: {e}"))?;
        Ok(Db {
            backend: Backend::Sqlite {
                conn: Arc::new(Mutex::new(conn)),
                path,
                _temp: temp,
            },
        })
    }

    /// Connects to the Postgres database at `url` (`postgres://user@host:port/db`);
    /// creates the schema and, the first time, the seed data. Several servers may
    /// share it: they agree through the database alone.
    pub async fn connect(url: &str) -> Result<Db, String> {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .map_err(|e| format!("cannot connect to the database {url}: {e}"))?;
        tokio::spawn(connection);
        let db = Db {
            backend: Backend::Postgres {
                client: Arc::new(Mutex::new(client)),
                runtime: tokio::runtime::Handle::current(),
                statements: Arc::default(),
            },
        };
        db.write(|tx| init_postgres(tx).map_err(sql))
            .await
            .map_err(|p| format!("cannot prepare the database: {}", p.detail))?;
        Ok(db)
    }

    /// Where the database file is (empty for Postgres).
    ///
    /// ```
    /// let db = server::db::Db::open(None).unwrap();
    /// assert!(db.path().ends_with("server.sqlite3"));
    /// ```
    pub fn path(&self) -> &Path {
        match &self.backend {
            Backend::Sqlite { path, .. } => path,
            Backend::Postgres { .. } => Path::new(""),
        }
    }

    /// Whether this is a Postgres database.
    ///
    /// ```
    /// assert!(!server::db::Db::open(None).unwrap().is_postgres());
    /// ```
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres { .. })
    }

    /// Runs `work` on the connection on a blocking thread. A poisoned lock (a panic in
    /// earlier work) is recovered: the database rolled the transaction back.
    pub async fn run<T, F>(&self, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Sql) -> Result<T, Problem> + Send + 'static,
    {
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || match &backend {
            Backend::Sqlite { conn, .. } => {
                let guard = conn.lock().unwrap_or_else(|p| p.into_inner());
                work(&*guard)
            }
            Backend::Postgres {
                client,
                runtime,
                statements,
            } => {
                let guard = client.lock().unwrap_or_else(|p| p.into_inner());
                work(&PgSql::new(&*guard, runtime, statements))
            }
        })
        .await
        .map_err(|e| Problem::internal(format!("the database task failed: {e}")))?
    }

    /// Runs `work` in one write transaction (SQLite's `BEGIN IMMEDIATE`), committed
    /// when it returns `Ok`, rolled back when it returns `Err`.
    pub async fn write<T, F>(&self, work: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Sql) -> Result<T, Problem> + Send + 'static,
    {
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || match &backend {
            Backend::Sqlite { conn, .. } => {
                let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
                let tx = guard
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(sql)?;
                let out = work(&*tx)?;
                tx.commit().map_err(sql)?;
                Ok(out)
            }
            Backend::Postgres {
                client,
                runtime,
                statements,
            } => {
                let mut guard = client.lock().unwrap_or_else(|p| p.into_inner());
                let tx = runtime.block_on(guard.transaction()).map_err(sql)?;
                let out = work(&PgSql::new(&tx, runtime, statements))?;
                runtime.block_on(tx.commit()).map_err(sql)?;
                Ok(out)
            }
        })
        .await
        .map_err(|e| Problem::internal(format!("the database task failed: {e}")))?
    }

    /// Runs `work` (the change, which answers its body and version) exactly once for
    /// the request `guard` holds, with the key's record in the change's transaction:
    /// on SQLite, [`Idempotent::replay_from`] then [`Idempotent::commit_with`]; on
    /// Postgres, [`claim`](axum_idempotency::postgres::claim) (the lock across
    /// processes) then [`commit_with`](axum_idempotency::postgres::PgIdempotent::commit_with).
    /// A replay carries the version of the change it answered (`key` in
    /// `applied_changes`).
    ///
    /// On Postgres, changes of one `resource` (`list:groceries`) are also taken one at a
    /// time across processes (an advisory lock on it, held to the commit): a change reads
    /// the resource, then writes what it read changed, which two processes must not do
    /// at once. (SQLite has one writer already.)
    pub async fn keyed_write<F>(
        &self,
        guard: Idempotent,
        resource: String,
        work: F,
    ) -> Result<Keyed, Problem>
    where
        F: FnOnce(&dyn Sql) -> Result<(String, u64), Problem> + Send + 'static,
    {
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || match &backend {
            Backend::Sqlite { conn, .. } => {
                let mut lock = conn.lock().unwrap_or_else(|p| p.into_inner());
                let tx = lock
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(sql)?;
                let key = guard.key().key().as_str();
                let outcome = match guard.replay_from(&tx).map_err(problem)? {
                    Some(stored) => {
                        Keyed::Replayed(stored, crate::version::of_key(&*tx, key).map_err(sql)?)
                    }
                    None => {
                        let (body, version) = work(&*tx)?;
                        guard
                            .commit_with(&tx, &StoredResponse::json(200, body.clone()))
                            .map_err(problem)?;
                        Keyed::Applied(body, version)
                    }
                };
                tx.commit().map_err(sql)?;
                Ok(outcome)
            }
            Backend::Postgres {
                client,
                runtime,
                statements,
            } => {
                let mut lock = client.lock().unwrap_or_else(|p| p.into_inner());
                let claim = runtime
                    .block_on(postgres::claim(
                        &lock,
                        guard.options(),
                        None,
                        guard.key().key().clone(),
                        guard.fingerprint().clone(),
                    ))
                    .map_err(problem)?;
                let claimed = match claim {
                    Claim::Replay(stored) => {
                        let key = guard.key().key().as_str();
                        let version =
                            crate::version::of_key(&PgSql::new(&*lock, runtime, statements), key)
                                .map_err(sql)?;
                        return Ok(Keyed::Replayed(stored, version));
                    }
                    Claim::Fresh(claimed) => claimed,
                };
                let tx = runtime.block_on(lock.transaction()).map_err(sql)?;
                let changes = PgSql::new(&tx, runtime, statements);
                changes
                    .execute(
                        "SELECT pg_advisory_xact_lock(hashtext(?1))",
                        &[resource.into()],
                    )
                    .map_err(sql)?;
                match work(&changes) {
                    Ok((body, version)) => {
                        // On Err the transaction drops, and rolls the change back.
                        runtime
                            .block_on(
                                claimed.commit_with(&tx, &StoredResponse::json(200, body.clone())),
                            )
                            .map_err(problem)?;
                        runtime.block_on(tx.commit()).map_err(sql)?;
                        Ok(Keyed::Applied(body, version))
                    }
                    Err(refused) => {
                        drop(tx);
                        // A refused change is answered afresh next time: free the key.
                        let _ = runtime.block_on(claimed.release(&lock));
                        Err(refused)
                    }
                }
            }
        })
        .await
        .map_err(|e| Problem::internal(format!("the database task failed: {e}")))?
    }

    /// Empties every table and writes the seed data again, in one transaction.
    pub async fn reset(&self) -> Result<(), Problem> {
        self.write(|tx| {
            for table in DATA_TABLES {
                tx.execute(&format!("DELETE FROM {table}"), &[])
                    .map_err(sql)?;
            }
            seed::write(tx).map_err(sql)
        })
        .await
    }

    /// Deletes the idempotency records that expired at `now_ms`.
    pub async fn purge_expired_keys(&self, now_ms: i64) -> Result<u64, Problem> {
        self.run(move |conn| {
            conn.execute(
                "DELETE FROM idempotency_keys WHERE expires_at <= ?1",
                &[now_ms.into()],
            )
            .map_err(sql)
        })
        .await
    }
}

/// The Postgres schema: SQLite's with 64-bit integers and a sequence; the crate's
/// idempotency table; the seed the first time. Under an advisory lock, so servers
/// starting together on an empty database seed it once.
fn init_postgres(tx: &dyn Sql) -> SqlResult<()> {
    tx.execute("SELECT pg_advisory_xact_lock(7263501)", &[])?;
    let schema = SCHEMA
        .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
        .replace("INTEGER", "BIGINT");
    for statement in schema.split(';').filter(|s| !s.trim().is_empty()) {
        tx.execute(statement, &[])?;
    }
    for statement in axum_idempotency::postgres::SCHEMA
        .split(';')
        .filter(|s| !s.trim().is_empty())
    {
        tx.execute(statement, &[])?;
    }
    if tx
        .row("SELECT value FROM meta WHERE key = 'seeded'", &[])?
        .is_none()
    {
        seed::write(tx)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('seeded', ?1), ('feed_seeded', ?1)",
            &[now_ms().to_string().into()],
        )?;
    }
    Ok(())
}

/// Pragmas, schema, and the seed data the first time this file is opened.
fn init(conn: &mut Connection, sync: crate::SyncMode) -> rusqlite::Result<()> {
    // WAL keeps readers of the file (tests counting rows) from blocking the server. The
    // sync mode decides whether the log is synced at each commit (see `SyncMode`).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", sync.pragma())?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(SCHEMA)?;
    let v1_keys = conn
        .prepare("SELECT 1 FROM pragma_table_info('idempotency_keys') WHERE name = 'method'")?
        .exists([])?;
    if v1_keys {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(MIGRATE_V1_KEYS)?;
        axum_idempotency::sqlite::create_table(&tx)?;
        tx.execute_batch(COPY_V1_KEYS)?;
        tx.commit()?;
    }
    axum_idempotency::sqlite::create_table(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seeded: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'seeded'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if seeded.is_none() {
        seed::write(&*tx).map_err(seed_failed)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('seeded', ?1)",
            [now_ms().to_string()],
        )?;
    }
    // The feed came after the other resources: a database seeded before it gets the
    // feed's seed once, on its own.
    let feed_seeded: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'feed_seeded'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if feed_seeded.is_none() {
        if seeded.is_some() {
            seed::write_feed(&*tx).map_err(seed_failed)?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('feed_seeded', ?1)",
            [now_ms().to_string()],
        )?;
    }
    tx.commit()
}

fn seed_failed(e: crate::sql::SqlError) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

/// A database error as a 500 problem. Bad input is refused before any SQL runs, so this
/// means the database itself failed (disk full, file removed, connection lost).
pub fn sql(e: impl std::fmt::Display) -> Problem {
    Problem::internal(format!("the database failed: {e}"))
}
