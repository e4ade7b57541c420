//! The JSON body of a write, read under the size and time limits, every failure a
//! problem: 415 for another media type or a `Content-Encoding` (the server decodes
//! none, so a compressed body would otherwise be read as broken JSON), 413 for a body
//! over the limit, 408 for a body slower than the body timeout, 400 for broken JSON,
//! 422 for JSON of the wrong shape or types.

use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::problem::Problem;
use crate::state::App;

/// A request body decoded as `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<App> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, app: &App) -> Result<Self, Self::Rejection> {
        let path = req.uri().path().to_owned();
        let limit = app.limits.max_body_bytes;
        if !is_json(req.headers()) {
            return Err(
                not_json("send the change as JSON, with `Content-Type: application/json`").at(path),
            );
        }
        if let Some(encoding) = unsupported_encoding(req.headers()) {
            return Err(Problem::from_status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-content-encoding",
                "Unsupported content encoding",
                format!(
                    "the body is sent with `Content-Encoding: {encoding}`; send it uncompressed \
                     (no Content-Encoding, or `identity`)"
                ),
            )
            .at(path));
        }
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large(limit).at(path));
        }
        // Also bounds bodies without a length (chunked): reading stops past the limit.
        // Also bounds slow bodies: the head came in time, the rest must follow.
        let reading = axum::body::to_bytes(req.into_body(), limit);
        let bytes = tokio::time::timeout(app.body_timeout, reading)
            .await
            .map_err(|_| too_slow(app.body_timeout).at(path.clone()))?
            .map_err(|_| too_large(limit).at(path.clone()))?;
        decode(&bytes).map(JsonBody).map_err(|p| p.at(path))
    }
}

/// Whether a request says its body is JSON (`application/json` or `application/*+json`).
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue};
/// let mut headers = HeaderMap::new();
/// assert!(!server::body::is_json(&headers));
/// headers.insert("content-type", HeaderValue::from_static("application/json; charset=utf-8"));
/// assert!(server::body::is_json(&headers));
/// headers.insert("content-type", HeaderValue::from_static("text/plain"));
/// assert!(!server::body::is_json(&headers));
/// ```
pub fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// The 415 for a body that is not JSON.
///
/// ```
/// assert_eq!(server::body::not_json("send JSON").status, 415);
/// ```
pub fn not_json(detail: &str) -> Problem {
    Problem::from_status(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Unsupported media type",
        detail,
    )
}

/// The `Content-Encoding` of a request when it is one the server does not decode (any
/// but `identity`).
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue};
/// use server::body::unsupported_encoding;
/// let mut headers = HeaderMap::new();
/// assert_eq!(unsupported_encoding(&headers), None);
/// headers.insert("content-encoding", HeaderValue::from_static("Identity"));
/// assert_eq!(unsupported_encoding(&headers), None);
/// headers.insert("content-encoding", HeaderValue::from_static("gzip"));
/// assert_eq!(unsupported_encoding(&headers).as_deref(), Some("gzip"));
/// ```
pub fn unsupported_encoding(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|e| e.trim().to_ascii_lowercase())
        .find(|e| !e.is_empty() && e != "identity")
}

fn too_slow(timeout: std::time::Duration) -> Problem {
    Problem::from_status(
        StatusCode::REQUEST_TIMEOUT,
        "body-timeout",
        "Request body too slow",
        format!(
            "the request body did not arrive within {} ms",
            timeout.as_millis()
        ),
    )
}

fn too_large(limit: usize) -> Problem {
    Problem::from_status(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body-too-large",
        "Request body too large",
        format!("the request body is larger than the limit of {limit} bytes"),
    )
}

/// Decodes a JSON body: broken JSON is a 400, JSON of the wrong shape a 422; both keep
/// serde's message with the line and column.
///
/// ```
/// use server::body::decode;
/// assert_eq!(decode::<Vec<u8>>(b"[1, 2").unwrap_err().status, 400);
/// assert_eq!(decode::<Vec<u8>>(b"[\"one\"]").unwrap_err().status, 422);
/// assert_eq!(decode::<Vec<u8>>(b"null").unwrap_err().status, 422);
/// assert_eq!(decode::<Vec<u8>>(b"[1]").unwrap(), vec![1]);
/// ```
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(bytes).map_err(|e| {
        // serde_json reports some shape errors (`null` or `[]` where an enum is
        // expected) as syntax errors; valid JSON is never "malformed".
        let valid_json = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
        match e.classify() {
            Category::Syntax | Category::Eof if valid_json => wrong_shape(&e),
            Category::Data => wrong_shape(&e),
            Category::Syntax | Category::Eof | Category::Io => Problem::bad_request(
                "malformed-json",
                "Malformed JSON",
                format!("the body is not valid JSON: {e}"),
            ),
        }
    })
}

fn wrong_shape(e: &serde_json::Error) -> Problem {
    Problem::from_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-body",
        "The body does not have the expected shape",
        format!("the JSON does not describe a valid change: {e}"),
    )
}
