//! The `Idempotency-Key` request header: an sf-string, or a bare token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};
use axum::response::{IntoResponse, Response};

use crate::IdempotencyError;

/// The request header that carries the key.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The response header that marks a replayed response.
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The longest key accepted, in characters.
pub const MAX_KEY_CHARS: usize = 255;

/// An idempotency key taken from a request.
///
/// The draft makes the header a Structured Field string (`Idempotency-Key:
/// "8e03978e-40d5"`, RFC 8941 section 3.3.3); a bare token (`Idempotency-Key:
/// 8e03978e-40d5`, what many clients send) is accepted too and means the same key.
///
/// As an axum extractor it refuses a request without the header (400
/// `idempotency-key-missing`), with an invalid one or with several (400
/// `idempotency-key-invalid`); the rejection is a [`KeyRejection`].
///
/// ```
/// use axum_idempotency::IdempotencyKey;
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
    ///
    /// ```
    /// use axum_idempotency::{IdempotencyError, IdempotencyKey};
    /// assert!(matches!(IdempotencyKey::parse("\"a\"b\""), Err(IdempotencyError::Invalid(_))));
    /// ```
    pub fn parse(raw: &str) -> Result<IdempotencyKey, IdempotencyError> {
        let raw = raw.trim();
        let key = if let Some(inner) = raw.strip_prefix('"') {
            unquote(inner)?
        } else {
            raw.to_owned()
        };
        if key.is_empty() {
            return Err(invalid("the Idempotency-Key header is empty"));
        }
        if key.chars().count() > MAX_KEY_CHARS {
            return Err(invalid(format!(
                "the Idempotency-Key is longer than {MAX_KEY_CHARS} characters"
            )));
        }
        if !key.chars().all(|c| (' '..='~').contains(&c)) {
            return Err(invalid(
                "the Idempotency-Key may only hold printable ASCII characters",
            ));
        }
        Ok(IdempotencyKey(key))
    }

    /// The key of a request's headers: exactly one `Idempotency-Key` header, or `None`
    /// when there is none.
    ///
    /// ```
    /// use axum::http::HeaderMap;
    /// use axum_idempotency::IdempotencyKey;
    /// let mut headers = HeaderMap::new();
    /// assert_eq!(IdempotencyKey::from_headers(&headers), Ok(None));
    /// headers.insert("idempotency-key", "k1".parse().unwrap());
    /// assert_eq!(IdempotencyKey::from_headers(&headers).unwrap().unwrap().as_str(), "k1");
    /// headers.append("idempotency-key", "k2".parse().unwrap());
    /// assert!(IdempotencyKey::from_headers(&headers).is_err());
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<IdempotencyKey>, IdempotencyError> {
        let mut values = headers.get_all(IDEMPOTENCY_KEY).iter();
        match (values.next(), values.next()) {
            (None, _) => Ok(None),
            (Some(_), Some(_)) => Err(invalid("send one Idempotency-Key header, not several")),
            (Some(value), None) => {
                let text = value
                    .to_str()
                    .map_err(|_| invalid("the Idempotency-Key is not ASCII text"))?;
                IdempotencyKey::parse(text).map(Some)
            }
        }
    }

    /// The key.
    ///
    /// ```
    /// use axum_idempotency::IdempotencyKey;
    /// assert_eq!(IdempotencyKey::parse("k").unwrap().as_str(), "k");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The rest of an sf-string after its opening quote: `\"` and `\\` escapes, then the
/// closing quote and nothing after it (RFC 8941 section 4.2.5).
fn unquote(inner: &str) -> Result<String, IdempotencyError> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped @ ('"' | '\\')) => out.push(escaped),
                _ => return Err(invalid("the Idempotency-Key string has an invalid escape")),
            },
            '"' if chars.as_str().is_empty() => return Ok(out),
            '"' => {
                return Err(invalid(
                    "the Idempotency-Key string has text after its closing quote",
                ))
            }
            c => out.push(c),
        }
    }
    Err(invalid("the Idempotency-Key string has no closing quote"))
}

fn invalid(detail: impl Into<String>) -> IdempotencyError {
    IdempotencyError::Invalid(detail.into())
}

/// Why the [`IdempotencyKey`] extractor refused a request, and the path it refused
/// (the problem's `instance`).
///
/// ```
/// use axum::response::IntoResponse;
/// use axum_idempotency::{IdempotencyError, KeyRejection};
/// let rejection = KeyRejection { error: IdempotencyError::Missing, path: "/x".into() };
/// assert_eq!(rejection.into_response().status(), 400);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRejection {
    /// Why.
    pub error: IdempotencyError,
    /// The request's path.
    pub path: String,
}

impl IntoResponse for KeyRejection {
    fn into_response(self) -> Response {
        self.error.response(Some(&self.path))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = KeyRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let reject = |error| KeyRejection {
            error,
            path: parts.uri.path().to_owned(),
        };
        match IdempotencyKey::from_headers(&parts.headers) {
            Ok(Some(key)) => Ok(key),
            Ok(None) => Err(reject(IdempotencyError::Missing)),
            Err(e) => Err(reject(e)),
        }
    }
}
