//! The one write path every resource shares:
//!
//! 1. the key is marked as being processed (409 / 422 if it already is);
//! 2. injected faults on arrival ([`arrive`]): a refusal
//!    decided now (422, nothing applied), the latency, no answer when offline;
//! 3. one SQLite transaction: a stored response for the key is replayed (or 422 for
//!    another payload); otherwise the change is applied with the components' own pure
//!    functions, and the change's row in `applied_changes` and the key with its
//!    fingerprint and response are written before the commit;
//!    The acknowledgement carries the change's `seq` as `X-Resource-Version` (a replay
//!    too: the seq of the change it stored).
//! 4. the answer is marked [`Applied`], so the fault middleware may fail it
//!    (apply-then-fail: the change has committed, and the answer is a 503 or none).

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use axum_idempotency::Fingerprint;

use crate::db::{now_ms, sql, Keyed};
use crate::fault_injection::{arrive, Applied};
use crate::faults::{Counter, Verb};
use crate::idempotency::{problem, IdempotencyKey};
use crate::problem::Problem;
use crate::sql::Sql;
use crate::state::App;

/// A write as the handler read it.
pub struct WriteRequest<C> {
    /// `POST` or `PUT`.
    pub method: &'static str,
    /// The request path (part of the fingerprint).
    pub path: String,
    /// The request's idempotency key.
    pub key: IdempotencyKey,
    /// What `applied_changes.resource` says (`list:groceries`, `likes:post-1`, ...).
    pub resource: String,
    /// The change, as decoded (serialised again for the fingerprint and the log).
    pub change: C,
}

/// Runs `apply` for `req` exactly once per idempotency key, and answers.
///
/// `apply` runs inside the transaction; it validates against the current data (a 4xx
/// problem rolls everything back and stores nothing) and returns the answer's body.
pub async fn idempotent_write<C, R, F>(app: &App, req: WriteRequest<C>, apply: F) -> Response
where
    C: Serialize + Send + 'static,
    R: Serialize,
    F: FnOnce(&dyn Sql, &C) -> Result<R, Problem> + Send + 'static,
{
    let path = req.path.clone();
    match run(app, req, apply).await {
        Ok(response) => response,
        Err(problem) => problem.at(path).into_response(),
    }
}

async fn run<C, R, F>(app: &App, req: WriteRequest<C>, apply: F) -> Result<Response, Problem>
where
    C: Serialize + Send + 'static,
    R: Serialize,
    F: FnOnce(&dyn Sql, &C) -> Result<R, Problem> + Send + 'static,
{
    let canonical = serde_json::to_string(&req.change)
        .map_err(|e| Problem::internal(format!("cannot serialise the change: {e}")))?;
    let fingerprint = Fingerprint::of(req.method, &req.path, canonical.as_bytes());
    // Held until the transaction has finished (it moves into it). Exactly-once does not
    // rest on it (the transaction checks the key again); it turns a concurrent
    // duplicate into a 409 instead of a wait.
    let guard = app
        .idempotency
        .begin(None, req.key.0.clone(), fingerprint)
        .map_err(problem)?;

    // Injected faults meet a write here, with its key claimed (`fault_injection`).
    if let Err(answer) = arrive(&app.faults, Verb::Write, &req.path).await {
        return Ok(answer);
    }

    let key = req.key.0;
    let (resource, change) = (req.resource, req.change);
    let outcome = app
        .db
        .keyed_write(guard, resource.clone(), move |tx| {
            let answer = apply(tx, &change)?;
            let body = serde_json::to_string(&answer)
                .map_err(|e| Problem::internal(format!("cannot serialise the answer: {e}")))?;
            let seq = tx
                .row(
                    "INSERT INTO applied_changes (resource, idempotency_key, body, applied_at)
                     VALUES (?1, ?2, ?3, ?4) RETURNING seq",
                    &[
                        resource.into(),
                        key.as_str().into(),
                        canonical.into(),
                        now_ms().into(),
                    ],
                )
                .and_then(|row| row.map(|r| r.int(0)).transpose())
                .map_err(sql)?;
            let version = seq.and_then(|s| u64::try_from(s).ok()).unwrap_or(0);
            Ok((body, version))
        })
        .await?;

    match outcome {
        Keyed::Replayed(stored, version) => {
            app.faults.count(Counter::Replayed);
            Ok(match version {
                Some(v) => crate::version::tag(stored.replay(), v),
                None => stored.replay(),
            })
        }
        Keyed::Applied(body, version) => {
            app.faults.count(Counter::Applied);
            // Marked, so the fault middleware may fail the answer (apply-then-fail).
            let mut response = crate::version::tag(json(body), version);
            response.extensions_mut().insert(Applied);
            Ok(response)
        }
    }
}

/// A 200 with a JSON body.
pub fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
