//! `/_faults`: the fault-injection control API, mounted only with `--faults`.
//!
//! - `GET /_faults`: `{"settings": FaultSettings, "stats": FaultStats}`
//! - `PUT /_faults`: a partial `FaultSettings` (the fields given are set); the new state
//! - `POST /_faults/reset`: data, idempotency records and `applied_changes` back to the
//!   seed, counters to zero (the settings stay); the new state
//!
//! These paths need no idempotency key and are never delayed, failed or refused by the
//! faults they control.
//!
//! Their writes wipe or break the server, so a web page of another site must not reach
//! them ([`guard`]): a write needs `Content-Type: application/json` (which a cross-site
//! `<form>` cannot send, and a cross-site `fetch` only after a CORS preflight), and an
//! `Origin`, when the request has one, of this server itself: the `Host` it was sent
//! to, or the page's host a proxy in front names in `X-Forwarded-Host` (trunk serve's
//! proxy does; a page cannot set that header cross-site, since the CORS preflight never
//! allows it). Browsers send `Origin` with every cross-origin request and every POST
//! and PUT, so only clients that are not browsers (curl, tests) come without one, and
//! those are let through.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::body::{is_json, not_json, JsonBody};
use crate::faults::FaultPatch;
use crate::problem::Problem;
use crate::state::App;

pub use wire::faults::FaultState;

fn state(app: &App) -> Json<FaultState> {
    Json(FaultState {
        settings: app.faults.settings(),
        stats: app.faults.stats(),
    })
}

/// `GET /_faults`.
pub async fn get(State(app): State<App>) -> Json<FaultState> {
    state(&app)
}

/// `PUT /_faults`.
pub async fn put(
    State(app): State<App>,
    JsonBody(patch): JsonBody<FaultPatch>,
) -> Result<Json<FaultState>, Problem> {
    app.faults.update(patch).map_err(|p| p.at("/_faults"))?;
    Ok(state(&app))
}

/// `POST /_faults/reset`.
pub async fn reset(State(app): State<App>) -> Result<Json<FaultState>, Problem> {
    app.db.reset().await.map_err(|p| p.at("/_faults/reset"))?;
    app.faults.reset_counters();
    Ok(state(&app))
}

/// Refuses a write to `/_faults` that is not JSON (415) or comes from a page of
/// another origin (403); reads pass.
pub async fn guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    if let Err(problem) = same_origin(req.headers()) {
        return problem.at(path).into_response();
    }
    if !is_json(req.headers()) {
        return not_json(
            "fault controls take JSON: send `Content-Type: application/json` (a body of `{}` \
             for a reset)",
        )
        .at(path)
        .into_response();
    }
    next.run(req).await
}

/// Whether a request's `Origin`, if any, is this server (see the module docs).
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue};
/// use server::control::same_origin;
/// let mut h = HeaderMap::new();
/// h.insert("host", HeaderValue::from_static("127.0.0.1:3000"));
/// assert!(same_origin(&h).is_ok());
/// h.insert("origin", HeaderValue::from_static("http://127.0.0.1:3000"));
/// assert!(same_origin(&h).is_ok());
/// h.insert("origin", HeaderValue::from_static("https://evil.example"));
/// assert_eq!(same_origin(&h).unwrap_err().status, 403);
/// h.insert("origin", HeaderValue::from_static("null"));
/// assert_eq!(same_origin(&h).unwrap_err().status, 403);
/// ```
pub fn same_origin(headers: &HeaderMap) -> Result<(), Problem> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("?");
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    let ours = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .zip(authority)
            .is_some_and(|(host, authority)| host.trim().eq_ignore_ascii_case(authority))
    };
    if ours(header::HOST.as_str()) || ours("x-forwarded-host") {
        return Ok(());
    }
    Err(Problem::from_status(
        StatusCode::FORBIDDEN,
        "cross-origin",
        "Cross-origin request refused",
        format!(
            "the fault controls only take writes from this server's own pages; this one \
             comes from `{origin}`"
        ),
    ))
}
