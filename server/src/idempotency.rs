//! The `Idempotency-Key` header as draft-ietf-httpapi-idempotency-key-header-06
//! describes it, through the [`axum_idempotency`] crate in its transactional mode
//! (see [`crate::write`]):
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
//! it again is answered afresh. A stored answer over 512 bytes is kept deflated and
//! inflated for its replay, byte for byte.
//!
//! This module is the glue: the key extractor answering the server's own problem
//! bodies, and the crate's errors as those problems.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_idempotency::IdempotencyError;

pub use axum_idempotency::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, MAX_KEY_CHARS};

use crate::problem::Problem;

/// The idempotency key of a write, as an extractor whose rejection is the server's
/// problem body (with the request path as `instance`).
///
/// ```
/// use server::idempotency::IdempotencyKey;
/// let key = IdempotencyKey(axum_idempotency::IdempotencyKey::parse("\"k\"").unwrap());
/// assert_eq!(key.0.as_str(), "k");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(pub axum_idempotency::IdempotencyKey);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum_idempotency::IdempotencyKey::from_request_parts(parts, state)
            .await
            .map(IdempotencyKey)
            .map_err(|rejection| problem(rejection.error).at(rejection.path))
    }
}

/// The crate's error as the server's problem (the same slugs under the server's type
/// prefix; the 422 is `wire`'s, which the gallery's simulated server answers too).
///
/// ```
/// use axum_idempotency::IdempotencyError;
/// let p = server::idempotency::problem(IdempotencyError::Missing);
/// assert_eq!(p.status, 400);
/// assert_eq!(p.slug(), "idempotency-key-missing");
/// assert_eq!(server::idempotency::problem(IdempotencyError::Reused).status, 422);
/// ```
pub fn problem(error: IdempotencyError) -> Problem {
    match error {
        IdempotencyError::Reused => wire::problem::Problem::key_reused(),
        IdempotencyError::Store(detail) => Problem::internal(detail),
        error => Problem::new(
            error.status().as_u16(),
            error.slug(),
            error.title(),
            error.detail(),
        ),
    }
}
