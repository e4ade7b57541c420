//! [`HttpBoardSource`]: the kanban board over HTTP, against the reference server's board
//! API (docs/api.md) or any API of the same shape.

use futures::future::LocalBoxFuture;
use futures::TryFutureExt;
use optimistic_query::{FetchContext, FetchError, MutationContext};
use serde::de::IgnoredAny;

use super::{BoardChange, BoardSource, Card, Column, ColumnId};
use crate::browser::http::Method;
use crate::browser::http_source::{http_source, read_json, write_json};
use crate::browser::problem::path_segment;

http_source! {
    /// A [`BoardSource`] over HTTP:
    ///
    /// | call | request | answer |
    /// | --- | --- | --- |
    /// | `columns(board)` | `GET {base}/api/boards/{board}` | `200 [Column, ...]` |
    /// | `cards(board, column)` | `GET {base}/api/boards/{board}/columns/{column}/cards` | `200 [Card, ...]` |
    /// | `apply(board, change, ctx)` | `POST {base}/api/boards/{board}/changes` with the [`BoardChange`] as JSON and `Idempotency-Key: ctx.idempotency_key` | `200 {"columns": {column: [Card, ...]}}` for the columns it touched |
    ///
    /// Error answers in `application/problem+json` become [`FetchError::Http`] whose body
    /// is the problem's `detail` (see
    /// [`readable_error`](crate::browser::problem::readable_error)).
    ///
    /// ```
    /// use yew::prelude::*;
    /// use yew_optimistic::kanban::{HttpBoardSource, KanbanBoard};
    ///
    /// #[component]
    /// fn Roadmap() -> Html {
    ///     let source = use_memo((), |_| HttpBoardSource::new("").into_source());
    ///     html! { <KanbanBoard source={(*source).clone()} board="roadmap" title="Roadmap" /> }
    /// }
    /// # let _ = html! { <Roadmap /> };
    /// ```
    pub struct HttpBoardSource: dyn BoardSource in kanban, for KanbanBoard;
    /// The URL of board `board` (its columns).
    pub fn board_url(board) at "/api/boards", e.g. "Q3 plan" => "Q3%20plan";
}

/// The path of a column's cards.
fn cards_path(board: &str, column: &ColumnId) -> String {
    let board = HttpBoardSource::path(board);
    format!("{board}/columns/{}/cards", path_segment(&column.0))
}

impl BoardSource for HttpBoardSource {
    /// Hands the engine's abort signal to the browser request.
    fn columns(
        &self,
        board: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        read_json(&self.http, &Self::path(board), ctx)
    }

    /// Hands the engine's abort signal to the browser request and reports the answer's
    /// `X-Resource-Version`, the board's (docs/api.md, "Versions").
    fn cards(
        &self,
        board: &str,
        column: &ColumnId,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
        read_json(&self.http, &cards_path(board, column), ctx)
    }

    fn apply(
        &self,
        board: &str,
        change: BoardChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        // The touched columns are refetched once the board's pending moves settle, so
        // the answer is not needed here.
        let path = format!("{}/changes", Self::path(board));
        let request = write_json::<_, IgnoredAny>(&self.http, Method::POST, &path, &change, &ctx);
        Box::pin(request.map_ok(|_| ()))
    }
}
