//! Where the editable list's data comes from. The data and its changes are the `wire`
//! crate's, shared with the servers, and re-exported here.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};

pub use wire::list::{Item, ItemId, ListChange, ListItem};

/// Where an [`EditableList`](super::EditableList) reads and writes: an app's API, or the
/// gallery's simulated server. `T` is the item type (by default [`Item`]).
pub trait ListSource<T: ListItem = Item> {
    /// The items of list `list`, in order. Hand `ctx.signal` to the request, so that a
    /// read the engine gives up (`cancel_queries`, a cleared client) stops on the
    /// network too, and report the list's version with `ctx.set_version` if the source
    /// knows it, which makes reconciliation with the list's changes exact
    /// ([`HttpListSource`](super::HttpListSource) does both).
    fn fetch(
        &self,
        list: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<T>, FetchError>>;
    /// Applies one change on the server. `ctx.idempotency_key` must make a replay of the
    /// same change a no-op.
    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>>;
}
