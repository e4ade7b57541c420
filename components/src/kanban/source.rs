//! Where the kanban board's data comes from. The data (board -> columns -> cards) and
//! its changes are the `wire` crate's, shared with the servers, and re-exported here.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};

pub use wire::board::{BoardChange, Card, CardId, Column, ColumnId, KanbanCard};

/// Where a [`KanbanBoard`](super::KanbanBoard) reads and writes. `C` is the card type
/// (by default [`Card`]).
pub trait BoardSource<C: KanbanCard = Card> {
    /// The board's columns, in order. Hand `ctx.signal` to the request, so that a read
    /// the engine gives up (`cancel_queries`, a cleared client) stops on the network too
    /// ([`HttpBoardSource`](super::HttpBoardSource) does).
    fn columns(
        &self,
        board: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>>;
    /// The cards of one column, in order. Hand `ctx.signal` to the request as
    /// [`columns`](Self::columns) does, and report the board's version with
    /// `ctx.set_version` if the source knows it, which makes reconciliation with the
    /// board's changes exact.
    fn cards(
        &self,
        board: &str,
        column: &ColumnId,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<C>, FetchError>>;
    /// Applies one change on the server; replays with the same idempotency key are no-ops.
    fn apply(
        &self,
        board: &str,
        change: BoardChange<C>,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>>;
}
