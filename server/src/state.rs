//! What every handler shares.

use std::time::Duration;

use crate::config::Limits;
use crate::db::Db;
use crate::faults::Faults;

/// The server's shared state (cheap to clone).
#[derive(Clone)]
pub struct App {
    /// The database.
    pub db: Db,
    /// Fault settings and counters.
    pub faults: Faults,
    /// Idempotency settings and the keys being processed.
    pub idempotency: axum_idempotency::Idempotency,
    /// Request limits.
    pub limits: Limits,
    /// How long idempotency records are kept.
    pub key_ttl: Duration,
    /// How long a request body may take to arrive, from its head (408 past it).
    pub body_timeout: Duration,
}
