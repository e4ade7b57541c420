//! The board's query keys, queries and its one mutation definition.
//!
//! Every card of a board lives in one keyed collection ([`BoardCards`]) under one key, so
//! a move is one change of one row (the card's column and position): it renders that
//! card and the two columns whose cards changed, nothing else.

use super::cards::{paint, placed, BoardCards, PlacedCard};
use super::source::{BoardChange, BoardSource, Column, ColumnId, KanbanCard};
use crate::source_ref::SourceRef;
use futures::future::{try_join_all, Either};
use optimistic_query::{
    keys, FetchContext, MutationContext, MutationOptions, QueryFilter, QueryKey, QueryOptions,
    ScopePolicy, TypedKey, VersionSlot,
};
use std::cell::RefCell;
use std::rc::Rc;

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

/// The key of a board's cards: `["kanban", board, "cards"]` holding [`BoardCards`], every
/// card of every column by id (what a change invalidates).
///
/// ```
/// use yew_optimistic::{keys, kanban::all_cards_query_key};
/// assert_eq!(all_cards_query_key("b1"), keys!["kanban", "b1", "cards"]);
/// ```
pub fn all_cards_query_key(board: &str) -> QueryKey {
    keys!["kanban", board, "cards"]
}

/// [`all_cards_query_key`], typed with the data it holds.
fn cards_key<C: KanbanCard>(board: &str) -> TypedKey<BoardCards<C>> {
    TypedKey::new(all_cards_query_key(board))
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

/// The query of a board's cards, every column's fetched from `source` side by side (one
/// [`BoardSource::cards`] call per column, as many as the columns have) and kept as one
/// keyed collection, [`BoardCards`]: a move is then one card's change.
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
/// assert_eq!(board_cards_query(&source, "b1", &[todo]).key(), &all_cards_query_key("b1"));
/// ```
pub fn board_cards_query<C: KanbanCard>(
    source: &SourceRef<dyn BoardSource<C>>,
    board: &str,
    columns: &[ColumnId],
) -> QueryOptions<BoardCards<C>> {
    cards_query_with(source, board, columns, ColumnAnswers::default())
}

/// [`board_cards_query`] that fetches again only the columns `answers` marks stale when
/// it holds the others' last answers (the board's own query: its settled changes mark
/// the columns they touched, so the refetch after a move costs the calls of its two
/// columns, as when each column was its own query, not of every column).
pub(crate) fn cards_query_with<C: KanbanCard>(
    source: &SourceRef<dyn BoardSource<C>>,
    board: &str,
    columns: &[ColumnId],
    answers: ColumnAnswers<C>,
) -> QueryOptions<BoardCards<C>> {
    let (source, board, columns) = (source.clone(), board.to_string(), columns.to_vec());
    let key = cards_key::<C>(&board);
    QueryOptions::collection(
        &key,
        |p: &PlacedCard<C>| p.card.id(),
        move |ctx: FetchContext| {
            let plan = answers.plan(&columns);
            let calls: Vec<_> = plan
                .into_iter()
                .map(|(column, kept)| {
                    let call = match kept {
                        Some(kept) => Either::Left(async move { Ok(kept) }),
                        None => {
                            // Each call reports its own version; the answer is as old as
                            // its oldest column.
                            let own = FetchContext {
                                version: VersionSlot::default(),
                                ..ctx.clone()
                            };
                            let cards = source.cards(&board, &column, &own);
                            Either::Right(async move {
                                cards.await.map(|cards| (Rc::new(cards), own.version.get()))
                            })
                        }
                    };
                    async move { call.await.map(|answer| (column, answer)) }
                })
                .collect();
            let (answers, ctx) = (answers.clone(), ctx.clone());
            async move {
                let fetched = try_join_all(calls).await?;
                answers.keep(&fetched);
                let versions: Option<Vec<u64>> = fetched.iter().map(|(_, (_, v))| *v).collect();
                if let Some(oldest) = versions.and_then(|v| v.into_iter().min()) {
                    ctx.set_version(oldest);
                }
                let columns = fetched
                    .into_iter()
                    .map(|(column, (cards, _))| (column, Rc::unwrap_or_clone(cards)));
                Ok(placed(columns.collect()).collect())
            }
        },
    )
}

/// The last answer of each column of a board's cards query, and the columns a change
/// made stale since. Clones share it.
pub(crate) struct ColumnAnswers<C>(Rc<RefCell<Answers<C>>>);

type Answer<C> = (Rc<Vec<C>>, Option<u64>);

/// Vectors, not maps: a board has a handful of columns, and a map type per key and value
/// would be its own copy of the map's code in every app with a board.
struct Answers<C> {
    last: Vec<(ColumnId, Answer<C>)>,
    stale: Vec<ColumnId>,
}

impl<C> Default for ColumnAnswers<C> {
    fn default() -> Self {
        ColumnAnswers(Rc::new(RefCell::new(Answers {
            last: Vec::new(),
            stale: Vec::new(),
        })))
    }
}

impl<C> Clone for ColumnAnswers<C> {
    fn clone(&self) -> Self {
        ColumnAnswers(self.0.clone())
    }
}

impl<C> PartialEq for ColumnAnswers<C> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<C> ColumnAnswers<C> {
    /// Marks `columns` stale: the next fetch asks for them again (with the columns marked
    /// before it; a fetch with nothing marked reads every column).
    pub(crate) fn mark(&self, columns: impl IntoIterator<Item = ColumnId>) {
        self.0.borrow_mut().stale.extend(columns);
    }

    /// For each column, the answer to keep, or `None` to fetch it. Every column is
    /// fetched unless some are marked stale (a refetch for another reason, a focus or
    /// the app's, reads the whole board), and the others' answers are known.
    fn plan(&self, columns: &[ColumnId]) -> Vec<(ColumnId, Option<Answer<C>>)> {
        let mut st = self.0.borrow_mut();
        let stale = std::mem::take(&mut st.stale);
        let partial = !stale.is_empty()
            && columns
                .iter()
                .all(|c| stale.contains(c) || st.last.iter().any(|(k, _)| k == c));
        columns
            .iter()
            .map(|c| {
                let kept = partial
                    .then(|| st.last.iter().find(|(k, _)| k == c))
                    .flatten()
                    .filter(|_| !stale.contains(c))
                    .map(|(_, answer)| answer.clone());
                (c.clone(), kept)
            })
            .collect()
    }

    /// Remembers the answers of a fetch.
    fn keep(&self, fetched: &[(ColumnId, Answer<C>)]) {
        let mut st = self.0.borrow_mut();
        st.last = fetched.to_vec();
    }
}

/// The definition of every change to `board`: sent with [`BoardSource::apply`], shown at
/// once as one changeset on the board's cards (a move: one card's column and position),
/// serialised per card (a second move of a card waits for the first), and followed by a
/// refetch of the board's cards once no change on them is pending.
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
/// let cards = board_cards(vec![(todo.clone(), vec![card.clone()]), (done.clone(), vec![])]);
/// client.set_query_data(&all_cards_query_key("b1"), cards).unwrap();
///
/// let source: SourceRef<dyn BoardSource> = SourceRef::new(Rc::new(Api));
/// let moves = MutationObserver::new(&client, board_mutation_options(source, "b1"));
/// moves.mutate(BoardChange::MoveCard { card: card.clone(), from: todo.clone(), to: done.clone(), index: 0 });
/// // The card shows in its new column before the server answers.
/// let cards = client.get_query_data::<BoardCards>(&all_cards_query_key("b1")).unwrap().unwrap();
/// assert_eq!(cards.get(&card.id).map(|p| p.column.clone()), Some(done));
/// ```
pub fn board_mutation_options<C: KanbanCard>(
    source: SourceRef<dyn BoardSource<C>>,
    board: &str,
) -> MutationOptions<BoardChange<C>, ()> {
    let send_board = board.to_string();
    let patch_board = board.to_string();
    let scope_board = board.to_string();
    MutationOptions::new(move |change: BoardChange<C>, ctx: MutationContext| {
        source.apply(&send_board, change, ctx)
    })
    .key(board_mutation_key())
    // Its changes are idempotent by design (applying one twice gives the same data),
    // so answers fetched while a change is in flight can be rebased onto.
    .idempotent()
    // One changeset on the board's cards: a move changes the moved card's row alone.
    .optimistic(move |change: &BoardChange<C>, patches| {
        paint(change, patches, all_cards_query_key(&patch_board));
    })
    // The engine defers the refetch until no change on the board is pending, so
    // overlapping moves never see a refetch in between.
    .invalidates(QueryFilter::exact(all_cards_query_key(board)))
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
