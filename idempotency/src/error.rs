//! Why a request was refused, as an RFC 9457 problem.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The media type of the error bodies.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// What the draft's section 2.7 ("Error Scenarios") answers, plus the store failing.
///
/// Each variant has a stable [`slug`](IdempotencyError::slug), which is also the
/// problem's `type`, so an app that writes its own problem bodies can map them.
///
/// ```
/// use axum_idempotency::IdempotencyError;
/// assert_eq!(IdempotencyError::Missing.status(), 400);
/// assert_eq!(IdempotencyError::InProgress.status(), 409);
/// assert_eq!(IdempotencyError::Reused.status(), 422);
/// assert_eq!(IdempotencyError::Reused.slug(), "idempotency-key-reused");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdempotencyError {
    /// The request has no `Idempotency-Key` header (400).
    Missing,
    /// The header is empty, malformed, too long or sent several times (400); the text
    /// says which.
    Invalid(String),
    /// A request with the same key is still being processed (409).
    InProgress,
    /// The key was already used with another request (422).
    Reused,
    /// The request body is larger than the layer buffers (413).
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The store failed (500); the text says how.
    Store(String),
}

impl IdempotencyError {
    /// The HTTP status.
    ///
    /// ```
    /// assert_eq!(axum_idempotency::IdempotencyError::Store("x".into()).status(), 500);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            IdempotencyError::Missing | IdempotencyError::Invalid(_) => StatusCode::BAD_REQUEST,
            IdempotencyError::InProgress => StatusCode::CONFLICT,
            IdempotencyError::Reused => StatusCode::UNPROCESSABLE_ENTITY,
            IdempotencyError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            IdempotencyError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short stable name (the problem's `type`).
    ///
    /// ```
    /// assert_eq!(axum_idempotency::IdempotencyError::Missing.slug(), "idempotency-key-missing");
    /// ```
    pub fn slug(&self) -> &'static str {
        match self {
            IdempotencyError::Missing => "idempotency-key-missing",
            IdempotencyError::Invalid(_) => "idempotency-key-invalid",
            IdempotencyError::InProgress => "idempotency-key-in-progress",
            IdempotencyError::Reused => "idempotency-key-reused",
            IdempotencyError::BodyTooLarge { .. } => "payload-too-large",
            IdempotencyError::Store(_) => "idempotency-store-failed",
        }
    }

    /// A one-line title for people.
    ///
    /// ```
    /// assert!(!axum_idempotency::IdempotencyError::Reused.title().is_empty());
    /// ```
    pub fn title(&self) -> &'static str {
        match self {
            IdempotencyError::Missing => "Idempotency-Key is missing",
            IdempotencyError::Invalid(_) => "Invalid Idempotency-Key",
            IdempotencyError::InProgress => {
                "A request with this Idempotency-Key is being processed"
            }
            IdempotencyError::Reused => "Idempotency-Key already used with another request",
            IdempotencyError::BodyTooLarge { .. } => "The request body is too large",
            IdempotencyError::Store(_) => "The idempotency store failed",
        }
    }

    /// What happened and what the client can do.
    ///
    /// ```
    /// let e = axum_idempotency::IdempotencyError::Invalid("empty".into());
    /// assert_eq!(e.detail(), "empty");
    /// ```
    pub fn detail(&self) -> String {
        match self {
            IdempotencyError::Missing => "This operation changes data, so it requires an \
                 Idempotency-Key header (the same key on every retry of the same change)."
                .to_owned(),
            IdempotencyError::Invalid(why) | IdempotencyError::Store(why) => why.clone(),
            IdempotencyError::InProgress => "A request with the same Idempotency-Key is still \
                 being processed; retry once it has been answered."
                .to_owned(),
            IdempotencyError::Reused => "This Idempotency-Key was already used with another \
                 request (another body, method or path); use a new key for a new change."
                .to_owned(),
            IdempotencyError::BodyTooLarge { limit } => {
                format!("the request body is larger than {limit} bytes")
            }
        }
    }

    /// The RFC 9457 body, with `instance` when given.
    ///
    /// ```
    /// use axum_idempotency::IdempotencyError;
    /// let body = IdempotencyError::Reused.problem(Some("/api/x"));
    /// assert_eq!(body["status"], 422);
    /// assert_eq!(body["instance"], "/api/x");
    /// ```
    pub fn problem(&self, instance: Option<&str>) -> serde_json::Value {
        let mut body = serde_json::json!({
            "type": self.slug(),
            "title": self.title(),
            "status": self.status().as_u16(),
            "detail": self.detail(),
        });
        if let (Some(instance), Some(map)) = (instance, body.as_object_mut()) {
            map.insert("instance".to_owned(), instance.into());
        }
        body
    }

    /// The problem as a response, with `instance` when given.
    ///
    /// ```
    /// let r = axum_idempotency::IdempotencyError::InProgress.response(None);
    /// assert_eq!(r.status(), 409);
    /// assert_eq!(r.headers()["content-type"], "application/problem+json");
    /// ```
    pub fn response(&self, instance: Option<&str>) -> Response {
        let mut response = (self.status(), self.problem(instance).to_string()).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl std::fmt::Display for IdempotencyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.title(), self.detail())
    }
}

impl std::error::Error for IdempotencyError {}

impl IntoResponse for IdempotencyError {
    fn into_response(self) -> Response {
        self.response(None)
    }
}
