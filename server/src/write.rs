//! The one write path every resource shares:
//!
//! 1. the key is marked as being processed (409 / 422 if it already is);
//! 2. injected faults: a failure decided on arrival (503, nothing applied), the latency;
//! 3. one SQLite transaction: a stored response for the key is replayed (or 422 for
//!    another payload); otherwise the change is applied with the components' own pure
//!    functions, and the change's row in `applied_changes` and the key with its
//!    fingerprint and response are written before the commit;
//!    The acknowledgement carries the change's `seq` as `X-Resource-Version` (a replay
//!    too: the seq of the change it stored).
//! 4. injected apply-then-fail: the change has committed, and the answer is a 503 or no
//!    answer at all.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use axum_idempotency::Fingerprint;

use crate::db::{now_ms, sql, Keyed};
use crate::faults::{ApplyThenFail, Counter, Verb};
use crate::idempotency::{problem, IdempotencyKey};
use crate::problem::Problem;
use crate::serve::{dropped, DropConnection};
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

    let failure = app.faults.failure_on_arrival(Verb::Write);
    let latency = app.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(problem) = failure {
        return Err(problem);
    }
    if app.faults.offline() {
        // The server went offline while the request was on the wire: it is lost.
        app.faults.count(Counter::DroppedOffline);
        return Ok(dropped());
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
            match app.faults.after_apply() {
                None => Ok(crate::version::tag(json(body), version)),
                Some(ApplyThenFail::Status) => Err(crate::faults::unavailable(
                    "injected apply-then-fail: the change was applied, then the answer failed",
                )),
                Some(ApplyThenFail::Drop | ApplyThenFail::Mixed) => {
                    let mut response = json(body);
                    response.extensions_mut().insert(DropConnection);
                    Ok(response)
                }
            }
        }
    }
}

/// A 200 with a JSON body.
pub fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
