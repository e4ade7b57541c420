//! The resource version every read and every write acknowledgement carries, so a client
//! knows which writes a read includes (docs/api.md, "Versions").
//!
//! A resource's version is the `applied_changes.seq` of the last change applied to it
//! (`0` before any): one sequence for the whole database, so it only grows. A write's
//! acknowledgement carries its own change's `seq` (also when replayed); a read carries
//! its resource's version, taken under the same lock as the data. So a write is in a
//! read exactly when the write's version is at most the read's.

use axum::http::{HeaderName, HeaderValue};
use axum::response::Response;

use crate::sql::{Sql, SqlResult};

/// `X-Resource-Version`: the decimal version of the resource the answer describes.
pub const RESOURCE_VERSION: HeaderName = HeaderName::from_static(wire::version::HEADER);

/// The version of `resource` (`list:groceries`, `likes:post-1`, `board:roadmap`): the
/// `seq` of the last change applied to it, `0` when none was.
///
/// ```
/// let conn = rusqlite::Connection::open_in_memory().unwrap();
/// conn.execute_batch(
///     "CREATE TABLE applied_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT,
///      resource TEXT, idempotency_key TEXT, body TEXT, applied_at INTEGER);
///      INSERT INTO applied_changes (resource, idempotency_key, body, applied_at)
///      VALUES ('list:a', 'k1', '{}', 0), ('list:b', 'k2', '{}', 0);",
/// ).unwrap();
/// assert_eq!(server::version::of_resource(&conn, "list:a").unwrap(), 1);
/// assert_eq!(server::version::of_resource(&conn, "list:b").unwrap(), 2);
/// assert_eq!(server::version::of_resource(&conn, "list:c").unwrap(), 0);
/// ```
pub fn of_resource(conn: &dyn Sql, resource: &str) -> SqlResult<u64> {
    let version = conn
        .row(
            "SELECT COALESCE(MAX(seq), 0) FROM applied_changes WHERE resource = ?1",
            &[resource.into()],
        )?
        .map(|r| r.int(0))
        .transpose()?;
    Ok(version.and_then(|v| u64::try_from(v).ok()).unwrap_or(0))
}

/// The version the change of idempotency key `key` produced, if it was applied.
///
/// ```
/// let conn = rusqlite::Connection::open_in_memory().unwrap();
/// conn.execute_batch(
///     "CREATE TABLE applied_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT,
///      resource TEXT, idempotency_key TEXT, body TEXT, applied_at INTEGER);
///      INSERT INTO applied_changes (resource, idempotency_key, body, applied_at)
///      VALUES ('list:a', 'k1', '{}', 0);",
/// ).unwrap();
/// assert_eq!(server::version::of_key(&conn, "k1").unwrap(), Some(1));
/// assert_eq!(server::version::of_key(&conn, "k2").unwrap(), None);
/// ```
pub fn of_key(conn: &dyn Sql, key: &str) -> SqlResult<Option<u64>> {
    let version = conn
        .row(
            "SELECT MAX(seq) FROM applied_changes WHERE idempotency_key = ?1",
            &[key.into()],
        )?
        .map(|r| r.opt_int(0))
        .transpose()?
        .flatten();
    Ok(version.and_then(|v| u64::try_from(v).ok()))
}

/// `response` with its `X-Resource-Version` header.
///
/// ```
/// use axum::response::IntoResponse;
/// let r = server::version::tag("ok".into_response(), 7);
/// assert_eq!(r.headers()["x-resource-version"], "7");
/// ```
pub fn tag(mut response: Response, version: u64) -> Response {
    response
        .headers_mut()
        .insert(RESOURCE_VERSION, HeaderValue::from(version));
    response
}
