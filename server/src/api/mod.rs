//! The HTTP API under `/api`: lists, likes, boards, feeds, as docs/api.md describes them.

pub mod boards;
pub mod feeds;
pub mod likes;
pub mod lists;

use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::problem::Problem;
use crate::sql::Sql;
use crate::state::App;

/// The read path every resource shares (injected faults met it already, in the fault
/// middleware): `work` on the database, answered as JSON with the version of `resource`
/// read under the same lock (`X-Resource-Version`).
pub async fn read<T, F>(app: &App, path: &str, resource: String, work: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&dyn Sql) -> Result<T, Problem> + Send + 'static,
{
    let read = app.db.run(move |conn| {
        let answer = work(conn)?;
        let version = crate::version::of_resource(conn, &resource).map_err(crate::db::sql)?;
        Ok((answer, version))
    });
    match read.await {
        Ok((answer, version)) => crate::version::tag(axum::Json(answer).into_response(), version),
        Err(problem) => problem.at(path).into_response(),
    }
}
