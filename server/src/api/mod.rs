//! The HTTP API under `/api`: lists, likes, boards, as docs/api.md describes them.

pub mod boards;
pub mod likes;
pub mod lists;

use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde::Serialize;

use crate::faults::{Counter, Verb};
use crate::problem::Problem;
use crate::state::App;

/// The read path every resource shares: injected faults (a failure decided on arrival
/// when reads fail too, the latency), then `work` on the database, answered as JSON.
pub async fn read<T, F>(app: &App, path: &str, work: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Connection) -> Result<T, Problem> + Send + 'static,
{
    let failure = app.faults.failure_on_arrival(Verb::Read);
    let latency = app.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(problem) = failure {
        return problem.at(path).into_response();
    }
    if app.faults.offline() {
        // The server went offline while the request was on the wire: it is lost.
        app.faults.count(Counter::DroppedOffline);
        return crate::serve::dropped();
    }
    match app.db.run(move |conn| work(conn)).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(problem) => problem.at(path).into_response(),
    }
}
