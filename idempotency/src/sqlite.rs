//! The SQLite store (feature `sqlite`, on by default).
//!
//! Records are rows of `idempotency_keys`, keyed by `(scope, key)`. Use
//! [`create_table`] on the app's own database, then either
//!
//! - the **transactional mode**: [`Idempotent::replay_from`] and
//!   [`Idempotent::commit_with`] inside the transaction that writes the change
//!   (exactly-once), or
//! - the **layer mode**: a [`SqliteStore`] given to [`IdempotencyLayer`](crate::IdempotencyLayer).

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension};

use crate::{
    now_ms, unpack, Fingerprint, IdempotencyError, Idempotent, Options, Record, ScopedKey, Store,
    StoredResponse,
};

/// The table and its expiry index (idempotent: `IF NOT EXISTS`).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT,
    deflated     INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
";

/// Creates the table when missing.
///
/// ```
/// let conn = rusqlite::Connection::open_in_memory().unwrap();
/// axum_idempotency::sqlite::create_table(&conn).unwrap();
/// axum_idempotency::sqlite::create_table(&conn).unwrap();
/// ```
pub fn create_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// The record of `key` if it has not expired at `now_ms`.
///
/// ```
/// use axum_idempotency::{sqlite, Fingerprint, IdempotencyKey, Options, Record, ScopedKey, StoredResponse};
/// let conn = rusqlite::Connection::open_in_memory().unwrap();
/// sqlite::create_table(&conn).unwrap();
/// let key = ScopedKey::new(None, IdempotencyKey::parse("k").unwrap());
/// let record = Record { fingerprint: Fingerprint::of("POST", "/", b""), response: StoredResponse::json(200, "{}") };
/// let options = Options::default();
/// sqlite::save(&conn, &key, &record, 1_000, &options).unwrap();
/// assert_eq!(sqlite::lookup(&conn, &key, 2_000).unwrap(), Some(record));
/// assert_eq!(sqlite::lookup(&conn, &key, options.expires_at(1_000)).unwrap(), None);
/// ```
pub fn lookup(conn: &Connection, key: &ScopedKey, now_ms: i64) -> rusqlite::Result<Option<Record>> {
    conn.prepare_cached(
        "SELECT fingerprint, status, content_type, deflated, body FROM idempotency_keys
         WHERE scope = ?1 AND key = ?2 AND expires_at > ?3",
    )?
    .query_row(params![key.scope(), key.key().as_str(), now_ms], |r| {
        let deflated: bool = r.get(3)?;
        let stored: Vec<u8> = r.get(4)?;
        let body = unpack(deflated, &stored).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Blob, e.into())
        })?;
        Ok(Record {
            fingerprint: Fingerprint::from_stored(r.get(0)?),
            response: StoredResponse {
                status: r.get(1)?,
                content_type: r.get(2)?,
                body,
            },
        })
    })
    .optional()
}

/// Stores `record` under `key`, made at `now_ms` (replacing an expired record of the
/// same key), its body packed as `options` say.
pub fn save(
    conn: &Connection,
    key: &ScopedKey,
    record: &Record,
    now_ms: i64,
    options: &Options,
) -> rusqlite::Result<()> {
    let (deflated, body) = options.pack(&record.response.body);
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idempotency_keys
             (scope, key, fingerprint, status, content_type, deflated, body, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        key.scope(),
        key.key().as_str(),
        record.fingerprint.as_str(),
        record.response.status,
        record.response.content_type,
        deflated,
        body,
        now_ms,
        options.expires_at(now_ms),
    ])?;
    Ok(())
}

/// Deletes the records that expired at `now_ms`; returns how many.
///
/// ```
/// let conn = rusqlite::Connection::open_in_memory().unwrap();
/// axum_idempotency::sqlite::create_table(&conn).unwrap();
/// assert_eq!(axum_idempotency::sqlite::purge_expired(&conn, 0).unwrap(), 0);
/// ```
pub fn purge_expired(conn: &Connection, now_ms: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM idempotency_keys WHERE expires_at <= ?1")?
        .execute([now_ms])
}

fn failed(e: rusqlite::Error) -> IdempotencyError {
    IdempotencyError::Store(format!("the idempotency store failed: {e}"))
}

impl Idempotent {
    /// Inside the write's transaction, before the change: the response to replay if a
    /// record of this request is stored (apply nothing then), 422 if the record is of
    /// another request, `None` if the key is new.
    ///
    /// ```
    /// use axum_idempotency::{sqlite, Fingerprint, Idempotency, IdempotencyKey, StoredResponse};
    /// let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    /// sqlite::create_table(&conn).unwrap();
    /// let idempotency = Idempotency::default();
    /// let key = IdempotencyKey::parse("k").unwrap();
    /// let fp = Fingerprint::of("POST", "/items", b"{}");
    ///
    /// let first = idempotency.begin(None, key.clone(), fp.clone()).unwrap();
    /// let tx = conn.transaction().unwrap();
    /// assert_eq!(first.replay_from(&tx).unwrap(), None);
    /// // ... the app's change, with `tx` ...
    /// first.commit_with(&tx, &StoredResponse::json(201, "{}")).unwrap();
    /// tx.commit().unwrap();
    /// drop(first);
    ///
    /// let retry = idempotency.begin(None, key, fp).unwrap();
    /// let tx = conn.transaction().unwrap();
    /// assert_eq!(retry.replay_from(&tx).unwrap().unwrap().status, 201);
    /// ```
    pub fn replay_from(
        &self,
        conn: &Connection,
    ) -> Result<Option<StoredResponse>, IdempotencyError> {
        match lookup(conn, self.key(), now_ms()).map_err(failed)? {
            Some(record) => self.judge(record).map(Some),
            None => Ok(None),
        }
    }

    /// Inside the write's transaction, after the change: records `response` under the
    /// key, so it commits (or rolls back) with the change.
    pub fn commit_with(
        &self,
        conn: &Connection,
        response: &StoredResponse,
    ) -> Result<(), IdempotencyError> {
        let record = Record {
            fingerprint: self.fingerprint().clone(),
            response: response.clone(),
        };
        save(conn, self.key(), &record, now_ms(), self.options()).map_err(failed)
    }
}

/// A SQLite connection used as a [`Store`] by the layer (one connection behind a
/// mutex; the work runs on tokio's blocking threads).
///
/// ```
/// let store = axum_idempotency::sqlite::SqliteStore::open_in_memory().unwrap();
/// # drop(store);
/// ```
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// The store on `conn` (creating its table).
    pub fn new(conn: Connection) -> rusqlite::Result<SqliteStore> {
        create_table(&conn)?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// The store in the database file at `path` (created when missing).
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("axum-idempotency-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let store = axum_idempotency::sqlite::SqliteStore::open(dir.join("keys.sqlite3")).unwrap();
    /// # drop(store);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn open(path: impl AsRef<Path>) -> rusqlite::Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        SqliteStore::new(conn)
    }

    /// A store in memory (tests, single-process apps that accept losing keys on
    /// restart).
    pub fn open_in_memory() -> rusqlite::Result<SqliteStore> {
        SqliteStore::new(Connection::open_in_memory()?)
    }

    async fn run<T, F>(&self, work: F) -> Result<T, IdempotencyError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic in earlier work left no transaction open (each call is one
            // statement), so a poisoned lock is safe to take.
            let guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            work(&guard).map_err(failed)
        })
        .await
        .map_err(|e| IdempotencyError::Store(format!("the store's task failed: {e}")))?
    }
}

impl Store for SqliteStore {
    async fn lookup(
        &self,
        key: &ScopedKey,
        now_ms: i64,
    ) -> Result<Option<Record>, IdempotencyError> {
        let key = key.clone();
        self.run(move |conn| lookup(conn, &key, now_ms)).await
    }

    async fn save(
        &self,
        key: &ScopedKey,
        record: &Record,
        now_ms: i64,
        options: &Options,
    ) -> Result<(), IdempotencyError> {
        let (key, record, options) = (key.clone(), record.clone(), options.clone());
        self.run(move |conn| save(conn, &key, &record, now_ms, &options))
            .await
    }

    async fn purge_expired(&self, now_ms: i64) -> Result<u64, IdempotencyError> {
        self.run(move |conn| purge_expired(conn, now_ms).map(|n| n as u64))
            .await
    }
}
