//! What a store keeps under a key: the fingerprint and the response, compact.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::{Fingerprint, IdempotencyKey, IDEMPOTENT_REPLAYED};

/// A key within its scope: keys are per user when the app gives an identity, so two
/// users choosing the same key never see each other's responses.
///
/// ```
/// use axum_idempotency::{IdempotencyKey, ScopedKey};
/// let key = IdempotencyKey::parse("k").unwrap();
/// assert_ne!(ScopedKey::new(Some("alice"), key.clone()), ScopedKey::new(Some("bob"), key.clone()));
/// assert_eq!(ScopedKey::new(None, key).scope(), "");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ScopedKey {
    scope: String,
    key: IdempotencyKey,
}

impl ScopedKey {
    /// `key` of the user `scope` (`None`: one scope for everyone, `""`).
    pub fn new(scope: Option<&str>, key: IdempotencyKey) -> ScopedKey {
        ScopedKey {
            scope: scope.unwrap_or_default().to_owned(),
            key,
        }
    }

    /// The scope (`""` when the app gives none).
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The key.
    pub fn key(&self) -> &IdempotencyKey {
        &self.key
    }
}

/// A response as stored for its replays: status, content type and body.
///
/// Other headers are not kept: a replay must not repeat `Set-Cookie` or the like; an app
/// that needs a header on replays adds it (as the reference server adds its version).
///
/// ```
/// use axum_idempotency::StoredResponse;
/// let stored = StoredResponse::json(201, r#"{"id":"a"}"#);
/// let replay = stored.replay();
/// assert_eq!(replay.status(), 201);
/// assert_eq!(replay.headers()["idempotent-replayed"], "true");
/// assert_eq!(replay.headers()["content-type"], "application/json");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredResponse {
    /// The status code.
    pub status: u16,
    /// The `Content-Type`, if the response had one.
    pub content_type: Option<String>,
    /// The body (empty when it was over [`Options::max_stored_bytes`]).
    pub body: Vec<u8>,
}

impl StoredResponse {
    /// A JSON response.
    ///
    /// ```
    /// let s = axum_idempotency::StoredResponse::json(200, "[]");
    /// assert_eq!(s.body, b"[]");
    /// ```
    pub fn json(status: u16, body: impl Into<String>) -> StoredResponse {
        StoredResponse {
            status,
            content_type: Some("application/json".to_owned()),
            body: body.into().into_bytes(),
        }
    }

    /// The body as text (lossy for bytes that are not UTF-8).
    ///
    /// ```
    /// assert_eq!(axum_idempotency::StoredResponse::json(200, "[1]").text(), "[1]");
    /// ```
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The response as first sent (no replay header).
    ///
    /// ```
    /// let r = axum_idempotency::StoredResponse::json(201, "{}").response();
    /// assert_eq!(r.status(), 201);
    /// assert!(r.headers().get("idempotent-replayed").is_none());
    /// ```
    pub fn response(&self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = (status, self.body.clone()).into_response();
        let headers = response.headers_mut();
        headers.remove(header::CONTENT_TYPE);
        if let Some(value) = self
            .content_type
            .as_deref()
            .and_then(|c| HeaderValue::from_str(c).ok())
        {
            headers.insert(header::CONTENT_TYPE, value);
        }
        response
    }

    /// The response sent again, marked `Idempotent-Replayed: true`.
    pub fn replay(&self) -> Response {
        let mut response = self.response();
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
        response
    }
}

/// A stored record: the fingerprint of the request that made it, and its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The fingerprint of the first request.
    pub fingerprint: Fingerprint,
    /// Its response.
    pub response: StoredResponse,
}

/// How long records live and how much of them is kept.
///
/// ```
/// use std::time::Duration;
/// let options = axum_idempotency::Options::default().ttl(Duration::from_secs(3600));
/// assert_eq!(options.ttl, Duration::from_secs(3600));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// How long a record is kept (default 24 h). After it, the key is new again: it
    /// must outlast every client's retries.
    pub ttl: Duration,
    /// Bodies over this many bytes are stored deflated (default 512).
    pub compress_above: usize,
    /// The most body bytes stored per record, after compression (default 1 MiB). A
    /// larger body is not kept: its replays have the status and content type and an
    /// empty body. Answer writes with what changed or a reference, not the whole
    /// resource, and records stay small.
    pub max_stored_bytes: usize,
    /// The most request body bytes the layer buffers to fingerprint (default 1 MiB;
    /// larger is 413). The transactional mode reads no body.
    pub max_request_bytes: usize,
    /// How long a Postgres claim holds its key without committing (default 30 s): past
    /// it, the claim's process is taken for dead and another request may take the key.
    /// Make it longer than any write takes.
    pub lease: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ttl: Duration::from_secs(24 * 60 * 60),
            compress_above: 512,
            max_stored_bytes: 1 << 20,
            max_request_bytes: 1 << 20,
            lease: Duration::from_secs(30),
        }
    }
}

impl Options {
    /// With records kept for `ttl`.
    pub fn ttl(mut self, ttl: Duration) -> Options {
        self.ttl = ttl;
        self
    }

    /// With at most `bytes` of body stored per record.
    ///
    /// ```
    /// assert_eq!(axum_idempotency::Options::default().max_stored_bytes(10).max_stored_bytes, 10);
    /// ```
    pub fn max_stored_bytes(mut self, bytes: usize) -> Options {
        self.max_stored_bytes = bytes;
        self
    }

    /// With claims held for `lease` (the Postgres store).
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(axum_idempotency::Options::default().lease(Duration::from_secs(5)).lease, Duration::from_secs(5));
    /// ```
    pub fn lease(mut self, lease: Duration) -> Options {
        self.lease = lease;
        self
    }

    /// With request bodies of at most `bytes` buffered by the layer.
    ///
    /// ```
    /// assert_eq!(axum_idempotency::Options::default().max_request_bytes(10).max_request_bytes, 10);
    /// ```
    pub fn max_request_bytes(mut self, bytes: usize) -> Options {
        self.max_request_bytes = bytes;
        self
    }

    /// The expiry, in milliseconds since the epoch, of a record made at `now_ms`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let o = axum_idempotency::Options::default().ttl(Duration::from_secs(1));
    /// assert_eq!(o.expires_at(5), 1005);
    /// ```
    pub fn expires_at(&self, now_ms: i64) -> i64 {
        now_ms.saturating_add(i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX))
    }

    /// The body as a store keeps it: `(deflated, bytes)`, deflated over
    /// [`compress_above`](Options::compress_above), empty over
    /// [`max_stored_bytes`](Options::max_stored_bytes).
    ///
    /// ```
    /// let o = axum_idempotency::Options::default();
    /// let long = "{\"id\":\"a\",\"done\":false},".repeat(100);
    /// let (deflated, packed) = o.pack(long.as_bytes());
    /// assert!(deflated && packed.len() * 10 < long.len());
    /// assert_eq!(axum_idempotency::unpack(deflated, &packed).unwrap(), long.as_bytes());
    /// assert_eq!(o.pack(b"[]"), (false, b"[]".to_vec()));
    /// ```
    pub fn pack(&self, body: &[u8]) -> (bool, Vec<u8>) {
        let (deflated, packed) = if body.len() > self.compress_above {
            (true, deflate(body))
        } else {
            (false, body.to_vec())
        };
        if packed.len() > self.max_stored_bytes {
            (false, Vec::new())
        } else {
            (deflated, packed)
        }
    }
}

/// The body [`Options::pack`] stored.
///
/// ```
/// assert!(axum_idempotency::unpack(true, b"not deflate").is_err());
/// assert_eq!(axum_idempotency::unpack(false, b"x").unwrap(), b"x");
/// ```
pub fn unpack(deflated: bool, stored: &[u8]) -> std::io::Result<Vec<u8>> {
    if !deflated {
        return Ok(stored.to_vec());
    }
    use std::io::Read;
    let mut body = Vec::with_capacity(stored.len() * 4);
    flate2::read::DeflateDecoder::new(stored).read_to_end(&mut body)?;
    Ok(body)
}

/// `body` deflated (fast level: it runs inside the write's transaction).
fn deflate(body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// Milliseconds since the Unix epoch, the unit of every time stored.
///
/// ```
/// assert!(axum_idempotency::now_ms() > 1_600_000_000_000);
/// ```
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
