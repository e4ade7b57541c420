//! The board's query keys, queries and its one mutation definition.
//!
//! Cards live under one key per column, so a move patches exactly the two columns it
//! touches (two optimistic layers owned by one mutation, which live and die together),
//! and only those two columns re-render.

use super::source::{BoardChange, BoardSource, Column, ColumnId, KanbanCard};
use crate::source_ref::SourceRef;
use optimistic_query::{
    keys, MutationContext, MutationOptions, QueryFilter, QueryKey, QueryOptions, ScopePolicy,
};

/// The key of a board's column list: `["kanban", board, "columns"]` holding
/// `Vec<Column>`.
///
/// ```
/// use yew_optimistic::{keys, kanban::columns_query_key};
/// assert_eq!(columns_query_key("b1"), keys!["kanban", "b1", "columns"]);
/// ```
pub fn columns_query_key(board: &str) -> QueryKey {
    keys!["kanban", board, "columns"]
}

/// The key of one column's cards: `["kanban", board, "column", column]` holding
/// `Vec<Card>`.
///
/// ```
/// use yew_optimistic::{keys, kanban::{cards_query_key, ColumnId}};
/// assert_eq!(cards_query_key("b1", &ColumnId("todo".into())), keys!["kanban", "b1", "column", "todo"]);
/// ```
pub fn cards_query_key(board: &str, column: &ColumnId) -> QueryKey {
    keys!["kanban", board, "column", column.0.as_str()]
}

/// The prefix of every column's cards key on a board: what a change invalidates.
///
/// ```
/// use yew_optimistic::{keys, kanban::{all_cards_query_key, cards_query_key, ColumnId}};
/// assert!(cards_query_key("b1", &ColumnId("todo".into())).starts_with(&all_cards_query_key("b1")));
/// ```
pub fn all_cards_query_key(board: &str) -> QueryKey {
    keys!["kanban", board, "column"]
}

/// The mutation key of every board change (`["kanban", "change"]`), for
/// `use_mutation_state` filters and for registering the definition for offline replay.
///
/// ```
/// use yew_optimistic::{keys, kanban::board_mutation_key};
/// assert_eq!(board_mutation_key(), keys!["kanban", "change"]);
/// ```
pub fn board_mutation_key() -> QueryKey {
    keys!["kanban", "change"]
}

/// The scope that serialises the changes of one card on one board,
/// `["kanban", board, "card", card]`.
///
/// ```
/// use yew_optimistic::{keys, kanban::{card_scope, CardId}};
/// assert_eq!(card_scope("b1", &CardId("c7".into())), keys!["kanban", "b1", "card", "c7"]);
/// ```
pub fn card_scope(board: &str, card: &super::CardId) -> QueryKey {
    board_scope(board).with("card").with(card.0.as_str())
}

/// The scope every change of board `board` starts with. A key, so that board `b` never
/// holds the changes of a board named `b/card/x`: keys match part by part.
pub(crate) fn board_scope(board: &str) -> QueryKey {
    keys!["kanban", board]
}

/// The query of a board's columns, fetched from `source`.
///
/// ```
/// # use std::rc::Rc;
/// # use futures::future::LocalBoxFuture;
/// # use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// # use yew_optimistic::kanban::*;
/// # struct Api;
/// # impl BoardSource for Api {
/// #     fn columns(&self, _: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn cards(&self, _: &str, _: &ColumnId, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn apply(&self, _: &str, _: BoardChange, _: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> { Box::pin(async { Ok(()) }) }
/// # }
/// let source: SourceRef<dyn BoardSource> = SourceRef::new(Rc::new(Api));
/// let q = columns_query(&source, "b1");
/// assert_eq!(q.key(), &columns_query_key("b1"));
/// ```
pub fn columns_query<C: KanbanCard>(
    source: &SourceRef<dyn BoardSource<C>>,
    board: &str,
) -> QueryOptions<Vec<Column>> {
    let source = source.clone();
    let b = board.to_string();
    QueryOptions::new(columns_query_key(board), move |ctx| {
        source.columns(&b, &ctx)
    })
}

/// The query of one column's cards, fetched from `source`.
///
/// ```
/// # use std::rc::Rc;
/// # use futures::future::LocalBoxFuture;
/// # use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// # use yew_optimistic::kanban::*;
/// # struct Api;
/// # impl BoardSource for Api {
/// #     fn columns(&self, _: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn cards(&self, _: &str, _: &ColumnId, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn apply(&self, _: &str, _: BoardChange, _: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> { Box::pin(async { Ok(()) }) }
/// # }
/// let source: SourceRef<dyn BoardSource> = SourceRef::new(Rc::new(Api));
/// let todo = ColumnId("todo".into());
/// assert_eq!(cards_query(&source, "b1", &todo).key(), &cards_query_key("b1", &todo));
/// ```
pub fn cards_query<C: KanbanCard>(
    source: &SourceRef<dyn BoardSource<C>>,
    board: &str,
    column: &ColumnId,
) -> QueryOptions<Vec<C>> {
    let source = source.clone();
    let b = board.to_string();
    let c = column.clone();
    QueryOptions::new(cards_query_key(board, column), move |ctx| {
        source.cards(&b, &c, &ctx)
    })
}

/// The definition of every change to `board`: sent with [`BoardSource::apply`], shown at
/// once by patching the cards of each column it touches (a move: two keys, one
/// mutation), serialised per card (a second move of a card waits for the first), and
/// followed by a refetch of the board's columns once no change on them is pending.
///
/// [`KanbanBoard`](super::KanbanBoard) uses it (adding its own `on_error`). To replay
/// offline changes after a reload, register it at start-up:
/// `client.register_mutation(board_mutation_key(), board_mutation_options(source, board))`.
///
/// ```
/// # use std::rc::Rc;
/// # use futures::future::LocalBoxFuture;
/// # use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// # use yew_optimistic::kanban::*;
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, MutationObserver, QueryClient};
/// # struct Api;
/// # impl BoardSource for Api {
/// #     fn columns(&self, _: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn cards(&self, _: &str, _: &ColumnId, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn apply(&self, _: &str, _: BoardChange, _: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> { Box::pin(futures::future::pending()) }
/// # }
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// let (todo, done) = (ColumnId("todo".into()), ColumnId("done".into()));
/// let card = Card { id: CardId("c1".into()), title: "ship".into() };
/// client.set_query_data(&cards_query_key("b1", &todo), vec![card.clone()]).unwrap();
/// client.set_query_data(&cards_query_key("b1", &done), Vec::<Card>::new()).unwrap();
///
/// let source: SourceRef<dyn BoardSource> = SourceRef::new(Rc::new(Api));
/// let moves = MutationObserver::new(&client, board_mutation_options(source, "b1"));
/// moves.mutate(BoardChange::MoveCard { card: card.clone(), from: todo.clone(), to: done.clone(), index: 0 });
/// // Both columns show the move before the server answers.
/// let cards = |c| client.get_query_data::<Vec<Card>>(&cards_query_key("b1", c)).unwrap().unwrap();
/// assert!(cards(&todo).is_empty());
/// assert_eq!(*cards(&done), vec![card]);
/// ```
pub fn board_mutation_options<C: KanbanCard>(
    source: SourceRef<dyn BoardSource<C>>,
    board: &str,
) -> MutationOptions<BoardChange<C>, ()> {
    let send_board = board.to_string();
    let patch_board = board.to_string();
    let scope_board = board.to_string();
    let invalidate_board = board.to_string();
    MutationOptions::new(move |change: BoardChange<C>, ctx: MutationContext| {
        source.apply(&send_board, change, ctx)
    })
    .key(board_mutation_key())
    // Its changes are idempotent by design (applying one twice gives the same data),
    // so answers fetched while a change is in flight can be rebased onto.
    .idempotent()
    .optimistic(move |change: &BoardChange<C>, patches| {
        for column in change.columns() {
            let change = change.clone();
            let key = cards_query_key(&patch_board, &column);
            patches.update(key, move |cards: &Vec<C>| change.apply(&column, cards));
        }
    })
    // Exactly the columns the change touched: the engine defers each refetch until no
    // change on that column is pending, so overlapping moves never see a refetch in
    // between, and untouched columns are left alone.
    .invalidates_with(move |change: &BoardChange<C>| {
        change
            .columns()
            .iter()
            .map(|c| QueryFilter::exact(cards_query_key(&invalidate_board, c)))
            .collect()
    })
    .scope(
        move |change: &BoardChange<C>| card_scope(&scope_board, &change.card()),
        ScopePolicy::Serial,
    )
}

/// A new, unique card id, made in the browser (`crypto.randomUUID()` where available)
/// so the card can be shown, moved and edited before the server has seen it.
///
/// ```
/// use yew_optimistic::kanban::new_card_id;
/// assert_ne!(new_card_id(), new_card_id());
/// ```
pub fn new_card_id() -> super::CardId {
    use std::sync::atomic::{AtomicU64, Ordering};
    // A counter keeps ids unique even where neither randomness source is available.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    super::CardId(match random_uuid() {
        Some(uuid) => uuid,
        None => format!("card-{}-{n}", unique_suffix()),
    })
}

#[cfg(target_arch = "wasm32")]
fn random_uuid() -> Option<String> {
    use wasm_bindgen::JsCast;
    // Read through `Reflect` so no extra web-sys feature is needed, and so an insecure
    // context (where `randomUUID` is missing) falls back instead of throwing.
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let f = js_sys::Reflect::get(&crypto, &"randomUUID".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    f.call0(&crypto).ok()?.as_string()
}

#[cfg(not(target_arch = "wasm32"))]
fn random_uuid() -> Option<String> {
    None
}

#[cfg(target_arch = "wasm32")]
fn unique_suffix() -> String {
    format!(
        "{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e15) as u64
    )
}

#[cfg(not(target_arch = "wasm32"))]
fn unique_suffix() -> String {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| format!("{:x}", d.as_nanos()))
        .unwrap_or_default()
}
