//! The Postgres store (feature `postgres`, with tokio-postgres): for apps whose several
//! processes share one database.
//!
//! Records are rows of `idempotency_keys`, keyed by `(scope, key)`. A row is written
//! **first**, before the change, as a claim with a lease (`lock_token`,
//! `locked_until`): that row is the in-flight lock, and being a row it holds across
//! processes. Then, in the transaction that writes the change,
//! [`PgIdempotent::commit_with`] turns the claim into the record, but only while the
//! claim is still this request's (the `UPDATE` names its token).
//!
//! | what happens | what the next request with the key gets |
//! |---|---|
//! | the first request is being processed (any process) | 409, or 422 for another payload |
//! | it committed | the replay, or 422 |
//! | it was refused ([`PgIdempotent::release`]) | a fresh start |
//! | its process died before the commit | 409 until the lease ends, then a fresh start (the change rolled back with the connection) |
//! | its lease ended while it still ran, and another request took the key over | whichever commits first wins; the other's `commit_with` finds the claim gone, answers 409, and its transaction must roll back |
//!
//! So a change is made exactly once whatever the processes do, as long as the lease
//! ([`Options::lease`]) is longer than a write takes, and the app rolls back when
//! `commit_with` fails.
//!
//! ```no_run
//! # async fn handler(client: &mut tokio_postgres::Client, body: &str) -> Result<axum::response::Response, axum_idempotency::IdempotencyError> {
//! use axum_idempotency::postgres::{self, Claim};
//! use axum_idempotency::{Fingerprint, IdempotencyError, IdempotencyKey, Options, StoredResponse};
//! let failed = |e: tokio_postgres::Error| IdempotencyError::Store(e.to_string());
//! let key = IdempotencyKey::parse("order-1")?;
//! let fingerprint = Fingerprint::of("POST", "/orders", body.as_bytes());
//! let claim = postgres::claim(client, &Options::default(), Some("user-1"), key, fingerprint).await?;
//! let guard = match claim {
//!     Claim::Replay(stored) => return Ok(stored.replay()),
//!     Claim::Fresh(guard) => guard,
//! };
//! let tx = client.transaction().await.map_err(failed)?;
//! tx.execute("INSERT INTO orders (body) VALUES ($1)", &[&body]).await.map_err(failed)?;
//! let answer = StoredResponse::json(201, "{}");
//! guard.commit_with(&tx, &answer).await?; // on Err, `tx` drops: rolled back
//! tx.commit().await.map_err(failed)?;
//! Ok(answer.response())
//! # }
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tokio_postgres::{Client, Row, Transaction};

use crate::{
    now_ms, unpack, Fingerprint, IdempotencyError, IdempotencyKey, Options, Record, ScopedKey,
    Store, StoredResponse,
};

/// The table and its expiry index (idempotent: `IF NOT EXISTS`).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    deflated     BOOLEAN NOT NULL DEFAULT FALSE,
    body         BYTEA,
    lock_token   TEXT,
    locked_until BIGINT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
";

/// Creates the table when missing.
pub async fn create_table(client: &Client) -> Result<(), tokio_postgres::Error> {
    client.batch_execute(SCHEMA).await
}

fn failed(e: tokio_postgres::Error) -> IdempotencyError {
    IdempotencyError::Store(format!("the idempotency store failed: {e}"))
}

/// What [`claim`] found.
#[derive(Debug)]
pub enum Claim {
    /// The key is this request's now: make the change, then
    /// [`commit_with`](PgIdempotent::commit_with) (or [`release`](PgIdempotent::release)).
    Fresh(PgIdempotent),
    /// The same request was answered already: send this again, change nothing.
    Replay(StoredResponse),
}

/// A claimed key: this request holds it, in every process, until it commits, releases
/// or its lease ends.
#[derive(Debug)]
pub struct PgIdempotent {
    key: ScopedKey,
    fingerprint: Fingerprint,
    token: String,
    options: Arc<Options>,
}

/// A token no other claim has: this process, the time, a counter.
fn new_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hash = Sha256::new();
    hash.update(std::process::id().to_be_bytes());
    hash.update(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
            .to_be_bytes(),
    );
    hash.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_be_bytes());
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Claims `key` of the user `scope` for the request `fingerprint`, in a statement of
/// its own (call it with the client, not inside the change's transaction): the claim
/// must be visible to other processes at once.
///
/// Answers [`Claim::Fresh`] for a new key (or an expired record, or a claim whose lease
/// ended), [`Claim::Replay`] for a request answered already, 409 for a request being
/// processed, 422 when the key belongs to another request.
pub async fn claim(
    client: &Client,
    options: &Options,
    scope: Option<&str>,
    key: IdempotencyKey,
    fingerprint: Fingerprint,
) -> Result<Claim, IdempotencyError> {
    let key = ScopedKey::new(scope, key);
    let token = new_token();
    // A claim released between the insert and the select leaves nothing to read: try
    // again (twice is plenty: each round means another request finished).
    for _ in 0..3 {
        let now = now_ms();
        let lease_until =
            now.saturating_add(i64::try_from(options.lease.as_millis()).unwrap_or(i64::MAX));
        let claimed = client
            .query_opt(
                "INSERT INTO idempotency_keys AS k
                     (scope, key, fingerprint, status, content_type, deflated, body,
                      lock_token, locked_until, created_at, expires_at)
                 VALUES ($1, $2, $3, NULL, NULL, FALSE, NULL, $4, $5, $6, $7)
                 ON CONFLICT (scope, key) DO UPDATE SET
                     fingerprint = EXCLUDED.fingerprint, status = NULL, content_type = NULL,
                     deflated = FALSE, body = NULL, lock_token = EXCLUDED.lock_token,
                     locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
                     expires_at = EXCLUDED.expires_at
                 WHERE k.expires_at <= $6 OR (k.status IS NULL AND k.locked_until <= $6)
                 RETURNING k.lock_token",
                &[
                    &key.scope(),
                    &key.key().as_str(),
                    &fingerprint.as_str(),
                    &token,
                    &lease_until,
                    &now,
                    &options.expires_at(now),
                ],
            )
            .await
            .map_err(failed)?;
        if claimed.is_some() {
            return Ok(Claim::Fresh(PgIdempotent {
                key,
                fingerprint,
                token,
                options: Arc::new(options.clone()),
            }));
        }
        let Some(row) = client
            .query_opt(
                "SELECT fingerprint, status, content_type, deflated, body FROM idempotency_keys
                 WHERE scope = $1 AND key = $2",
                &[&key.scope(), &key.key().as_str()],
            )
            .await
            .map_err(failed)?
        else {
            continue;
        };
        let record = read(&row)?;
        return match record {
            Some(record) if record.fingerprint == fingerprint => Ok(Claim::Replay(record.response)),
            None if Fingerprint::from_stored(row.try_get(0).map_err(failed)?) == fingerprint => {
                Err(IdempotencyError::InProgress)
            }
            _ => Err(IdempotencyError::Reused),
        };
    }
    Err(IdempotencyError::InProgress)
}

/// A row as a record; `None` for a claim not committed yet.
fn read(row: &Row) -> Result<Option<Record>, IdempotencyError> {
    let status: Option<i32> = row.try_get(1).map_err(failed)?;
    let Some(status) = status else {
        return Ok(None);
    };
    let deflated: bool = row.try_get(3).map_err(failed)?;
    let stored: Option<Vec<u8>> = row.try_get(4).map_err(failed)?;
    let body = unpack(deflated, &stored.unwrap_or_default())
        .map_err(|e| IdempotencyError::Store(format!("a stored body is damaged: {e}")))?;
    Ok(Some(Record {
        fingerprint: Fingerprint::from_stored(row.try_get(0).map_err(failed)?),
        response: StoredResponse {
            status: u16::try_from(status).unwrap_or(500),
            content_type: row.try_get(2).map_err(failed)?,
            body,
        },
    }))
}

impl PgIdempotent {
    /// The key with its scope.
    pub fn key(&self) -> &ScopedKey {
        &self.key
    }

    /// The request's fingerprint.
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// Inside the change's transaction, after the change: turns the claim into the
    /// record of `response`, committed (or rolled back) with the change. 409 when the
    /// claim is not this request's any more (its lease ended and another request took
    /// the key): then roll the transaction back.
    pub async fn commit_with(
        &self,
        tx: &Transaction<'_>,
        response: &StoredResponse,
    ) -> Result<(), IdempotencyError> {
        let now = now_ms();
        let (deflated, body) = self.options.pack(&response.body);
        let updated = tx
            .execute(
                "UPDATE idempotency_keys SET
                     status = $3, content_type = $4, deflated = $5, body = $6,
                     lock_token = NULL, locked_until = NULL, created_at = $7, expires_at = $8
                 WHERE scope = $1 AND key = $2 AND lock_token = $9",
                &[
                    &self.key.scope(),
                    &self.key.key().as_str(),
                    &i32::from(response.status),
                    &response.content_type,
                    &deflated,
                    &body,
                    &now,
                    &self.options.expires_at(now),
                    &self.token,
                ],
            )
            .await
            .map_err(failed)?;
        if updated == 1 {
            Ok(())
        } else {
            Err(IdempotencyError::InProgress)
        }
    }

    /// Gives the key up without a record (the change was refused, or failed): the next
    /// request with it starts afresh. A claim neither committed nor released is freed
    /// when its lease ends.
    pub async fn release(self, client: &Client) -> Result<(), IdempotencyError> {
        client
            .execute(
                "DELETE FROM idempotency_keys
                 WHERE scope = $1 AND key = $2 AND lock_token = $3 AND status IS NULL",
                &[&self.key.scope(), &self.key.key().as_str(), &self.token],
            )
            .await
            .map_err(failed)?;
        Ok(())
    }
}

/// Deletes the records (and stale claims) that expired at `now_ms`; returns how many.
pub async fn purge_expired(client: &Client, now_ms: i64) -> Result<u64, IdempotencyError> {
    client
        .execute(
            "DELETE FROM idempotency_keys WHERE expires_at <= $1",
            &[&now_ms],
        )
        .await
        .map_err(failed)
}

/// A Postgres connection used as a [`Store`] by the layer. The layer's in-flight lock
/// stays per process; use [`claim`] for the lock across processes.
#[derive(Clone)]
pub struct PgStore {
    client: Arc<Client>,
}

impl PgStore {
    /// The store on `client` (creating its table).
    pub async fn new(client: Client) -> Result<PgStore, tokio_postgres::Error> {
        create_table(&client).await?;
        Ok(PgStore {
            client: Arc::new(client),
        })
    }
}

impl Store for PgStore {
    async fn lookup(
        &self,
        key: &ScopedKey,
        now_ms: i64,
    ) -> Result<Option<Record>, IdempotencyError> {
        let row = self
            .client
            .query_opt(
                "SELECT fingerprint, status, content_type, deflated, body FROM idempotency_keys
                 WHERE scope = $1 AND key = $2 AND expires_at > $3",
                &[&key.scope(), &key.key().as_str(), &now_ms],
            )
            .await
            .map_err(failed)?;
        match row {
            Some(row) => read(&row),
            None => Ok(None),
        }
    }

    async fn save(
        &self,
        key: &ScopedKey,
        record: &Record,
        now_ms: i64,
        options: &Options,
    ) -> Result<(), IdempotencyError> {
        let (deflated, body) = options.pack(&record.response.body);
        self.client
            .execute(
                "INSERT INTO idempotency_keys
                     (scope, key, fingerprint, status, content_type, deflated, body,
                      lock_token, locked_until, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8, $9)
                 ON CONFLICT (scope, key) DO UPDATE SET
                     fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status,
                     content_type = EXCLUDED.content_type, deflated = EXCLUDED.deflated,
                     body = EXCLUDED.body, lock_token = NULL, locked_until = NULL,
                     created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at",
                &[
                    &key.scope(),
                    &key.key().as_str(),
                    &record.fingerprint.as_str(),
                    &i32::from(record.response.status),
                    &record.response.content_type,
                    &deflated,
                    &body,
                    &now_ms,
                    &options.expires_at(now_ms),
                ],
            )
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn purge_expired(&self, now_ms: i64) -> Result<u64, IdempotencyError> {
        purge_expired(&self.client, now_ms).await
    }
}
