//! Where records live, for the layer mode.

use std::future::Future;

use crate::{IdempotencyError, Options, Record, ScopedKey};

/// A place to keep idempotency records, used by [`IdempotencyLayer`](crate::IdempotencyLayer).
///
/// The transactional mode does not go through this trait: there the record is written
/// with the handler's own transaction handle (see
/// [`Idempotent::commit_with`](crate::Idempotent::commit_with) for SQLite), which no
/// object-safe async trait can hand over.
///
/// ```
/// # #[cfg(feature = "sqlite")] {
/// use axum_idempotency::{sqlite::SqliteStore, Store};
/// fn takes_a_store<S: Store>(_store: S) {}
/// takes_a_store(SqliteStore::open_in_memory().unwrap());
/// # }
/// ```
pub trait Store: Clone + Send + Sync + 'static {
    /// The record of `key`, if one is there and has not expired at `now_ms`.
    fn lookup(
        &self,
        key: &ScopedKey,
        now_ms: i64,
    ) -> impl Future<Output = Result<Option<Record>, IdempotencyError>> + Send;

    /// Stores `record` under `key` (replacing an expired one), made at `now_ms` and
    /// kept as `options` say.
    fn save(
        &self,
        key: &ScopedKey,
        record: &Record,
        now_ms: i64,
        options: &Options,
    ) -> impl Future<Output = Result<(), IdempotencyError>> + Send;

    /// Deletes the records expired at `now_ms`; returns how many.
    fn purge_expired(
        &self,
        now_ms: i64,
    ) -> impl Future<Output = Result<u64, IdempotencyError>> + Send;
}
