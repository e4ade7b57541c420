//! The `Idempotency-Key` request header as draft-ietf-httpapi-idempotency-key-header-06
//! describes it:
//!
//! - a write without the header gets 400;
//! - the key, a fingerprint of the request (method, path and the change as the server
//!   reads it) and the response are stored in the same transaction as the change;
//! - the same key with the same fingerprint gets the stored response again, marked with
//!   `Idempotent-Replayed: true`, and nothing is applied;
//! - the same key with another fingerprint gets 422;
//! - the same key while the first request is still being processed gets 409;
//! - records expire after the server's key TTL, after which the key is new again.
//!
//! Only successful writes are stored: a refused change (4xx) changed nothing, so sending
//! it again is answered afresh.
//!
//! A stored answer over [`COMPRESS_ABOVE`] bytes is kept deflated (a BLOB in
//! `idempotency_keys.body`; smaller ones stay TEXT) and inflated for its replay, byte
//! for byte. A list's answer is the whole list, so each add stores a little more than the
//! last; similar items compress well (about 8x, see BENCHMARKS.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::problem::Problem;

/// The request header that carries the key.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The response header that marks a replayed response.
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Stored answers longer than this (in bytes) are kept deflated.
pub const COMPRESS_ABOVE: usize = 512;

/// The longest key accepted, in characters.
pub const MAX_KEY_CHARS: usize = 255;

/// An idempotency key taken from a request.
///
/// The draft makes the header a Structured Field string (`Idempotency-Key:
/// "8e03978e-40d5"`); a bare token (`Idempotency-Key: 8e03978e-40d5`, what
/// `browser::http` sends) is accepted too and means the same key.
///
/// ```
/// use server::idempotency::IdempotencyKey;
/// assert_eq!(IdempotencyKey::parse("\"abc-1\"").unwrap().as_str(), "abc-1");
/// assert_eq!(IdempotencyKey::parse("abc-1").unwrap().as_str(), "abc-1");
/// assert_eq!(IdempotencyKey::parse(r#""a\"b""#).unwrap().as_str(), "a\"b");
/// assert!(IdempotencyKey::parse("").is_err());
/// assert!(IdempotencyKey::parse("\"unterminated").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Reads a header value: an sf-string or a bare token of printable ASCII, 1 to
    /// [`MAX_KEY_CHARS`] characters.
    pub fn parse(raw: &str) -> Result<IdempotencyKey, Problem> {
        let raw = raw.trim();
        let key = if let Some(inner) = raw.strip_prefix('"') {
            unquote(inner)?
        } else {
            raw.to_owned()
        };
        if key.is_empty() {
            return Err(invalid_key("the Idempotency-Key header is empty"));
        }
        if key.chars().count() > MAX_KEY_CHARS {
            return Err(invalid_key(format!(
                "the Idempotency-Key is longer than {MAX_KEY_CHARS} characters"
            )));
        }
        if !key.chars().all(|c| (' '..='~').contains(&c)) {
            return Err(invalid_key(
                "the Idempotency-Key may only hold printable ASCII characters",
            ));
        }
        Ok(IdempotencyKey(key))
    }

    /// The key.
    ///
    /// ```
    /// use server::idempotency::IdempotencyKey;
    /// assert_eq!(IdempotencyKey::parse("k").unwrap().as_str(), "k");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The rest of an sf-string after its opening quote: `\"` and `\\` escapes, then the
/// closing quote and nothing after it (RFC 8941 section 4.2.5).
fn unquote(inner: &str) -> Result<String, Problem> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped @ ('"' | '\\')) => out.push(escaped),
                _ => {
                    return Err(invalid_key(
                        "the Idempotency-Key string has an invalid escape",
                    ))
                }
            },
            '"' if chars.as_str().is_empty() => return Ok(out),
            '"' => {
                return Err(invalid_key(
                    "the Idempotency-Key string has text after its closing quote",
                ))
            }
            c => out.push(c),
        }
    }
    Err(invalid_key(
        "the Idempotency-Key string has no closing quote",
    ))
}

fn invalid_key(detail: impl Into<String>) -> Problem {
    Problem::bad_request("idempotency-key-invalid", "Invalid Idempotency-Key", detail)
}

/// 400 for a write sent without a key.
///
/// ```
/// assert_eq!(server::idempotency::missing_key().status, 400);
/// ```
pub fn missing_key() -> Problem {
    Problem::bad_request(
        "idempotency-key-missing",
        "Idempotency-Key is missing",
        "This operation changes data, so it requires an Idempotency-Key header \
         (the same key on every retry of the same change).",
    )
}

/// 422 for a key already used with another request.
///
/// ```
/// assert_eq!(server::idempotency::key_reused().status, 422);
/// ```
pub fn key_reused() -> Problem {
    wire::problem::Problem::key_reused()
}

/// 409 for a key whose first request is still being processed.
///
/// ```
/// assert_eq!(server::idempotency::key_in_progress().status, 409);
/// ```
pub fn key_in_progress() -> Problem {
    Problem::from_status(
        StatusCode::CONFLICT,
        "idempotency-key-in-progress",
        "A request with this Idempotency-Key is being processed",
        "A request with the same Idempotency-Key is still being processed; retry once it \
         has been answered.",
    )
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut values = parts.headers.get_all(IDEMPOTENCY_KEY).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(if parts.headers.contains_key(IDEMPOTENCY_KEY) {
                invalid_key("send one Idempotency-Key header, not several")
            } else {
                missing_key()
            }
            .at(parts.uri.path()));
        };
        let text = value
            .to_str()
            .map_err(|_| invalid_key("the Idempotency-Key is not ASCII text"))?;
        IdempotencyKey::parse(text).map_err(|p| p.at(parts.uri.path()))
    }
}

/// The fingerprint of a request: SHA-256 (hex) of its method, path and canonical body
/// (the change re-serialised as the server read it, so whitespace and key order do not
/// matter, but every value does).
///
/// ```
/// use server::idempotency::fingerprint;
/// let a = fingerprint("POST", "/api/lists/l/changes", r#"{"Delete":{"id":"a"}}"#);
/// assert_eq!(a.len(), 64);
/// assert_ne!(a, fingerprint("POST", "/api/lists/other/changes", r#"{"Delete":{"id":"a"}}"#));
/// ```
pub fn fingerprint(method: &str, path: &str, canonical_body: &str) -> String {
    let mut hash = Sha256::new();
    for part in [method, path, canonical_body] {
        // Length-prefixed, so no two different triples hash the same bytes.
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Keys whose first request is being processed now, with its fingerprint.
#[derive(Clone, Default)]
pub struct InFlight {
    keys: Arc<Mutex<HashMap<String, String>>>,
}

/// Holds a key as "being processed" until dropped.
pub struct InFlightGuard {
    keys: Arc<Mutex<HashMap<String, String>>>,
    key: String,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        lock(&self.keys).remove(&self.key);
    }
}

fn lock(
    keys: &Mutex<HashMap<String, String>>,
) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
    // The map is consistent after every single insert or remove, so a panic elsewhere
    // leaves nothing half-done.
    keys.lock().unwrap_or_else(|p| p.into_inner())
}

impl InFlight {
    /// Marks `key` as being processed, or refuses: 409 if its first request (same
    /// fingerprint) is still running, 422 if that request was another one.
    ///
    /// ```
    /// use server::idempotency::{InFlight, IdempotencyKey};
    /// let in_flight = InFlight::default();
    /// let key = IdempotencyKey::parse("k").unwrap();
    /// let guard = in_flight.begin(&key, "fp").unwrap();
    /// assert_eq!(in_flight.begin(&key, "fp").err().unwrap().status, 409);
    /// assert_eq!(in_flight.begin(&key, "other").err().unwrap().status, 422);
    /// drop(guard);
    /// assert!(in_flight.begin(&key, "fp").is_ok());
    /// ```
    pub fn begin(&self, key: &IdempotencyKey, fingerprint: &str) -> Result<InFlightGuard, Problem> {
        let mut keys = lock(&self.keys);
        match keys.get(key.as_str()) {
            Some(running) if running == fingerprint => Err(key_in_progress()),
            Some(_) => Err(key_reused()),
            None => {
                keys.insert(key.as_str().to_owned(), fingerprint.to_owned());
                Ok(InFlightGuard {
                    keys: Arc::clone(&self.keys),
                    key: key.as_str().to_owned(),
                })
            }
        }
    }
}

/// A response stored under a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The fingerprint of the request that made it.
    pub fingerprint: String,
    /// Its status.
    pub status: u16,
    /// Its body (JSON).
    pub body: String,
}

impl Stored {
    /// The stored response sent again, marked `Idempotent-Replayed: true`.
    pub fn replay(&self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = (status, self.body.clone()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
        response
    }
}

/// The record of `key` if it has not expired at `now_ms`.
pub fn lookup(
    conn: &Connection,
    key: &IdempotencyKey,
    now_ms: i64,
) -> rusqlite::Result<Option<Stored>> {
    conn.prepare_cached(
        "SELECT fingerprint, status, body FROM idempotency_keys WHERE key = ?1 AND expires_at > ?2",
    )?
    .query_row(params![key.as_str(), now_ms], |r| {
        let body = match r.get::<_, rusqlite::types::Value>(2)? {
            rusqlite::types::Value::Text(text) => text,
            rusqlite::types::Value::Blob(deflated) => inflate(&deflated).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Blob, e.into())
            })?,
            _ => {
                return Err(rusqlite::Error::InvalidColumnType(
                    2,
                    "body".to_owned(),
                    rusqlite::types::Type::Null,
                ))
            }
        };
        Ok(Stored {
            fingerprint: r.get(0)?,
            status: r.get(1)?,
            body,
        })
    })
    .optional()
}

/// What [`store`] writes besides the response.
pub struct Record<'a> {
    /// The key.
    pub key: &'a IdempotencyKey,
    /// The request's fingerprint.
    pub fingerprint: &'a str,
    /// The request's method.
    pub method: &'a str,
    /// The request's path.
    pub path: &'a str,
}

/// Stores the response to `record` (replacing an expired record of the same key).
pub fn store(
    conn: &Connection,
    record: &Record<'_>,
    response: (u16, &str),
    now_ms: i64,
    ttl: Duration,
) -> rusqlite::Result<()> {
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    let body = if response.1.len() > COMPRESS_ABOVE {
        rusqlite::types::Value::Blob(deflate(response.1))
    } else {
        rusqlite::types::Value::Text(response.1.to_owned())
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idempotency_keys
             (key, fingerprint, method, path, status, body, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        record.key.as_str(),
        record.fingerprint,
        record.method,
        record.path,
        response.0,
        body,
        now_ms,
        now_ms.saturating_add(ttl_ms),
    ])?;
    Ok(())
}

/// `text` deflated (fast level: it runs inside the write's transaction).
///
/// ```
/// use server::idempotency::{deflate, inflate};
/// let text = "[".to_owned() + &"{\"id\":\"a\",\"done\":false},".repeat(100) + "]";
/// let packed = deflate(&text);
/// assert!(packed.len() * 10 < text.len());
/// assert_eq!(inflate(&packed).unwrap(), text);
/// ```
pub fn deflate(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(text.len() / 4),
        flate2::Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(text.as_bytes());
    encoder.finish().unwrap_or_default()
}

/// The text [`deflate`] packed.
///
/// ```
/// use server::idempotency::{deflate, inflate};
/// assert_eq!(inflate(&deflate("[]")).unwrap(), "[]");
/// assert!(inflate(b"not deflate").is_err());
/// ```
pub fn inflate(deflated: &[u8]) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::DeflateDecoder::new(deflated).read_to_string(&mut text)?;
    Ok(text)
}

/// Deletes the records that expired at `now_ms`; returns how many.
pub fn purge_expired(conn: &Connection, now_ms: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM idempotency_keys WHERE expires_at <= ?1",
        [now_ms],
    )
}
