//! What the list and the board do the same way: each reads its collection whole from a
//! list endpoint and changes it one row at a time (a tick or a rename of a row, a move
//! of a card), painted at once as a changeset of that row alone, so a change renders
//! that row (and the live queries it leaves or enters), never the whole list or board.

use std::future::Future;
use std::marker::PhantomData;

use futures::future::LocalBoxFuture;

use super::feedback::Shown;
use yew_optimistic::{
    keys, Collection, FetchContext, FetchError, MutationContext, MutationOptions, QueryKey,
    QueryOptions, ScopePolicy, TypedKey,
};

/// A change to one row of a collection keyed by `u32`.
pub trait OneRowChange: Clone + 'static {
    /// The rows it changes.
    type Row: Clone + PartialEq + 'static;

    /// The key of `row` in its collection.
    fn key_of(row: &Self::Row) -> u32;

    /// The row it changes.
    fn id(&self) -> u32;

    /// The change made to the row (the optimistic patch and the server use the same).
    fn apply(&self, row: &mut Self::Row);

    /// The change in words, for the log and the refusal message.
    fn describe(&self) -> String;
}

/// One of the page's collections, `name`d: its rows under `["keyed", name]` in the
/// cache, changed by `C`s, shown as `shown` (the list or the board).
pub struct KeyedRows<C> {
    name: &'static str,
    /// The list or the board.
    pub shown: Shown,
    change: PhantomData<C>,
}

impl<C: OneRowChange> KeyedRows<C> {
    /// The collection `name` ("rows", "cards"), shown as `shown`.
    pub const fn new(name: &'static str, shown: Shown) -> Self {
        KeyedRows {
            name,
            shown,
            change: PhantomData,
        }
    }

    /// Its name, which is also what its rows are called ("rows", "cards").
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Where its rows live in the cache.
    pub fn key(&self) -> TypedKey<Collection<u32, C::Row>> {
        TypedKey::new(keys!["keyed", self.name])
    }

    /// The key of the mutation that changes it (for its refused calls and the pending
    /// count).
    pub fn change_key(&self) -> QueryKey {
        keys!["keyed", self.name, "change"]
    }

    /// Every row, from the list endpoint `fetch`, as a collection keyed by
    /// [`OneRowChange::key_of`]. An equal refetch changes no row, so it renders nothing.
    pub fn options<Fut>(
        &self,
        fetch: impl Fn(FetchContext) -> Fut + 'static,
    ) -> QueryOptions<Collection<u32, C::Row>>
    where
        Fut: Future<Output = Result<Vec<C::Row>, FetchError>> + 'static,
    {
        QueryOptions::collection(&self.key(), C::key_of, fetch).stale_time(60_000)
    }

    /// The mutation `send`: painted at once as a patch of one row through
    /// `patches.collection(...)`, one change per row at a time (in the scope
    /// `["keyed", name, id]`), rolled back alone if the server refuses it, sent under an
    /// idempotency key. No `invalidates`: a success folds the change into the confirmed
    /// rows, and 10,000 rows are not fetched again for one tick.
    pub fn change_options(
        &self,
        send: impl Fn(C, MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> + 'static,
    ) -> MutationOptions<C, ()> {
        let (rows, name) = (self.key(), self.name);
        MutationOptions::new(send)
            .key(self.change_key())
            .optimistic(move |change: &C, patches| {
                let change = change.clone();
                patches
                    .collection(rows.clone())
                    .update(change.id(), move |row| change.apply(row));
            })
            .scope(
                move |c: &C| keys!["keyed", name, c.id()],
                ScopePolicy::Serial,
            )
            .idempotent()
    }
}
