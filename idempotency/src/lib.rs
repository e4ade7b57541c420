//! # axum-idempotency
//!
//! The `Idempotency-Key` request header of
//! [draft-ietf-httpapi-idempotency-key-header-06](https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/)
//! for any [axum](https://docs.rs/axum) app: a client sends the same key on every
//! retry of one change, and the server makes the change once and answers every retry
//! alike.
//!
//! - **Key parsing** ([`IdempotencyKey`]): an sf-string (`"abc"`) or a bare token; 400
//!   when missing, empty, malformed, longer than [`MAX_KEY_CHARS`] or sent twice.
//! - **Fingerprint** ([`Fingerprint`]): method, path and body; the same key with
//!   another fingerprint is **422**.
//! - **In flight** ([`InFlight`]): the same key while its first request is being
//!   processed is **409**.
//! - **Replay** ([`StoredResponse::replay`]): the stored status, content type and body,
//!   with `Idempotent-Replayed: true`.
//! - **Expiry and limits** ([`Options`]): records live for a TTL; bodies are deflated
//!   over 512 bytes and not kept over a cap.
//! - **Per-user keys** ([`ScopedKey`]): the app gives an identity, and two users'
//!   keys never meet.
//! - **Errors** ([`IdempotencyError`]): RFC 9457 problem bodies.
//!
//! ## Two modes, two guarantees
//!
//! | mode | what the app writes | guarantee |
//! |---|---|---|
//! | **transactional**: [`Idempotency::begin`], then in the handler's own database transaction [`Idempotent::replay_from`] and [`Idempotent::commit_with`] | a few lines in each handler | **exactly once**: the change and its record commit together, so after a crash there are both or neither |
//! | **layer**: [`IdempotencyLayer`] around the routes | nothing in the handlers | **at least once across a crash** (the handler commits, then the layer stores the record: a crash between the two loses the record, and the retry applies again); at most once for concurrent duplicates in one process |
//!
//! Exactly-once needs the record in the transaction of the change: there is no other
//! way to know, after a crash, whether a change whose answer was never sent was made.
//! Use the layer for handlers whose change is itself idempotent or whose rare
//! duplicate is harmless; use the transactional mode for the others.
//!
//! ## Transactional mode with SQLite
//!
//! ```
//! use axum::http::StatusCode;
//! use axum_idempotency::{sqlite, Fingerprint, Idempotency, IdempotencyKey, StoredResponse};
//!
//! // Once, at start: the table in the app's own database.
//! let mut conn = rusqlite::Connection::open_in_memory().unwrap();
//! conn.execute_batch("CREATE TABLE orders (id TEXT PRIMARY KEY)").unwrap();
//! sqlite::create_table(&conn).unwrap();
//! let idempotency = Idempotency::default();
//!
//! // In the handler (`key` is an extractor; `user` your identity).
//! let place_order = |conn: &mut rusqlite::Connection, key: IdempotencyKey, body: &str| {
//!     let guard = idempotency.begin(Some("user-1"), key, Fingerprint::of("POST", "/orders", body.as_bytes()))?;
//!     let tx = conn.transaction().map_err(|e| axum_idempotency::IdempotencyError::Store(e.to_string()))?;
//!     if let Some(stored) = guard.replay_from(&tx)? {
//!         return Ok(stored.replay());
//!     }
//!     tx.execute("INSERT INTO orders (id) VALUES (?1)", [body]).unwrap();
//!     let answer = StoredResponse::json(201, format!("{{\"id\":\"{body}\"}}"));
//!     guard.commit_with(&tx, &answer)?;
//!     tx.commit().map_err(|e| axum_idempotency::IdempotencyError::Store(e.to_string()))?;
//!     Ok::<_, axum_idempotency::IdempotencyError>(answer.response())
//! };
//!
//! let key = IdempotencyKey::parse("order-1").unwrap();
//! let first = place_order(&mut conn, key.clone(), "a1").unwrap();
//! assert_eq!(first.status(), StatusCode::CREATED);
//! let retry = place_order(&mut conn, key, "a1").unwrap();
//! assert_eq!(retry.headers()["idempotent-replayed"], "true");
//! let count: i64 = conn.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0)).unwrap();
//! assert_eq!(count, 1);
//! ```
//!
//! ## Layer mode
//!
//! See [`IdempotencyLayer`].

#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod error;
mod fingerprint;
mod guard;
mod in_flight;
mod key;
mod layer;
mod record;
mod store;

#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;

pub use error::{IdempotencyError, PROBLEM_JSON};
pub use fingerprint::Fingerprint;
pub use guard::{Idempotency, Idempotent};
pub use in_flight::{InFlight, InFlightGuard};
pub use key::{IdempotencyKey, KeyRejection, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, MAX_KEY_CHARS};
pub use layer::{IdempotencyLayer, IdempotencyService};
pub use record::{now_ms, unpack, Options, Record, ScopedKey, StoredResponse};
pub use store::Store;
