//! [`HttpBoardSource`]: the kanban board over HTTP, against the reference server's board
//! API (docs/api.md) or any API of the same shape.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};
use serde::de::IgnoredAny;

use super::{BoardChange, BoardSource, Card, Column, ColumnId};
use crate::browser::http::{read_json, Http, Method};
use crate::browser::problem::{path_segment, readable_error};
use crate::SourceRef;

/// A [`BoardSource`] over HTTP:
///
/// | call | request | answer |
/// | --- | --- | --- |
/// | `columns(board)` | `GET {base}/api/boards/{board}` | `200 [Column, ...]` |
/// | `cards(board, column)` | `GET {base}/api/boards/{board}/columns/{column}/cards` | `200 [Card, ...]` |
/// | `apply(board, change, ctx)` | `POST {base}/api/boards/{board}/changes` with the [`BoardChange`] as JSON and `Idempotency-Key: ctx.idempotency_key` | `200 {"columns": {column: [Card, ...]}}` for the columns it touched |
///
/// Error answers in `application/problem+json` become [`FetchError::Http`] whose body
/// is the problem's `detail` (see [`readable_error`]).
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
#[derive(Clone, Debug, PartialEq)]
pub struct HttpBoardSource {
    http: Http,
}

impl HttpBoardSource {
    /// A source for the API at `base_url` (`""` for the page's origin).
    ///
    /// ```
    /// use yew_optimistic::kanban::HttpBoardSource;
    /// let source = HttpBoardSource::new("http://127.0.0.1:3000");
    /// assert_eq!(source.board_url("roadmap"), "http://127.0.0.1:3000/api/boards/roadmap");
    /// ```
    pub fn new(base_url: impl Into<String>) -> Self {
        HttpBoardSource::with_http(Http::new(base_url))
    }

    /// A source that sends its requests through `http` (base URL, timeout, headers).
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// use yew_optimistic::kanban::HttpBoardSource;
    /// let source = HttpBoardSource::with_http(Http::new("/v2").timeout(5_000));
    /// assert_eq!(source.board_url("b"), "/v2/api/boards/b");
    /// ```
    pub fn with_http(http: Http) -> Self {
        HttpBoardSource { http }
    }

    /// This source as the prop a [`KanbanBoard`](super::KanbanBoard) takes.
    ///
    /// ```
    /// use yew_optimistic::kanban::{BoardSource, HttpBoardSource};
    /// use yew_optimistic::SourceRef;
    /// let source: SourceRef<dyn BoardSource> = HttpBoardSource::new("").into_source();
    /// # let _ = source;
    /// ```
    pub fn into_source(self) -> SourceRef<dyn BoardSource> {
        SourceRef::new(Rc::new(self) as Rc<dyn BoardSource>)
    }

    /// The URL of board `board` (its columns).
    ///
    /// ```
    /// use yew_optimistic::kanban::HttpBoardSource;
    /// assert_eq!(HttpBoardSource::new("").board_url("Q3 plan"), "/api/boards/Q3%20plan");
    /// ```
    pub fn board_url(&self, board: &str) -> String {
        self.http.url(&board_path(board))
    }
}

fn board_path(board: &str) -> String {
    format!("/api/boards/{}", path_segment(board))
}

fn cards_path(board: &str, column: &ColumnId) -> String {
    format!(
        "{}/columns/{}/cards",
        board_path(board),
        path_segment(&column.0)
    )
}

impl BoardSource for HttpBoardSource {
    /// Hands the engine's abort signal to the browser request.
    fn columns(
        &self,
        board: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        read_json(&self.http, &board_path(board), ctx)
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
        let request = self.http.send_json::<_, IgnoredAny, String>(
            Method::POST,
            &format!("{}/changes", board_path(board)),
            &change,
            &ctx,
        );
        Box::pin(async move { request.await.map(|_| ()).map_err(readable_error) })
    }
}
