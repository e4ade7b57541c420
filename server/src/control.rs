//! `/_faults`: the fault-injection control API, mounted only with `--faults`.
//!
//! - `GET /_faults`: `{"settings": FaultSettings, "stats": FaultStats}`
//! - `PUT /_faults`: a partial `FaultSettings` (the fields given are set); the new state
//! - `POST /_faults/reset`: data, idempotency records and `applied_changes` back to the
//!   seed, counters to zero (the settings stay); the new state
//!
//! These paths need no idempotency key and are never delayed, failed or refused by the
//! faults they control.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::body::JsonBody;
use crate::faults::{FaultPatch, FaultSettings, FaultStats};
use crate::problem::Problem;
use crate::state::App;

/// The answer of every `/_faults` endpoint.
///
/// ```
/// let state: server::control::FaultState = serde_json::from_str(
///     r#"{"settings": {"latency_ms":0,"failure_rate":0.0,"fail_reads":false,"fail_next":0,
///         "apply_then_fail_next":0,"apply_then_fail_rate":0.0,"apply_then_fail_mode":"drop",
///         "offline":false,"seed":42},
///       "stats": {"reads":0,"writes":0,"applied":0,"replayed":0,"refused":0,
///         "injected_failures":0,"apply_then_fail":0,"dropped_offline":0}}"#).unwrap();
/// assert_eq!(state.settings.apply_then_fail_mode, server::faults::ApplyThenFail::Drop);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultState {
    /// The settings now.
    pub settings: FaultSettings,
    /// The counters now.
    pub stats: FaultStats,
}

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
