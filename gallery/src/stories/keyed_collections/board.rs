//! A 2,000-card board on one keyed collection: each column is a live query of it
//! (`use_live_query`: its cards, by position), each card reads its row (`use_row`), and a
//! move is one changeset of one card (`use_optimistic_action`). A move renders the two
//! columns whose cards changed and the moved card, nothing else.

use yew::prelude::*;
use yew_optimistic::{
    keys, use_collection, use_live_query, use_optimistic_action, use_row, Collection,
    CollectionObserver, MutationOptions, OptimisticAction, QueryKey, QueryOptions, QueryStatus,
    ScopePolicy, TypedKey,
};

use super::collection_server::{Card, CardMove, SimCollections, COLUMNS};
use super::feedback::{collection_head, Pending, Refusals};
use super::meter::{Meter, PaintFigure};

/// The board's cards, by id.
pub type Cards = Collection<u32, Card>;

/// Where the cards live in the cache.
pub fn cards_key() -> TypedKey<Cards> {
    TypedKey::new(keys!["keyed", "cards"])
}

/// The move mutation's key.
pub fn card_move_key() -> QueryKey {
    keys!["keyed", "cards", "move"]
}

/// Every card, from the list endpoint, as one collection keyed by id.
pub fn cards_options(api: SimCollections) -> QueryOptions<Cards> {
    QueryOptions::typed(&cards_key(), move |ctx| {
        let cards = api.cards(ctx.signal.clone());
        async move { Ok(Collection::from_rows(cards.await?, |c: &Card| c.id)) }
    })
    .stale_time(60_000)
}

/// A move: the card's column and position change in one patch of one row, so the two
/// live queries it leaves and enters hear of it and no other; moves of one card go one
/// at a time.
pub fn card_move_options(api: SimCollections) -> MutationOptions<CardMove, ()> {
    MutationOptions::new(move |change: CardMove, ctx| api.move_card(change, ctx))
        .key(card_move_key())
        .optimistic(|change: &CardMove, patches| {
            let change = change.clone();
            patches
                .collection(cards_key())
                .update(change.id, move |card| change.apply(card));
        })
        .scope(|c| keys!["keyed", "card", c.id], ScopePolicy::Serial)
        .idempotent()
}

/// Props of [`KeyedBoard`].
#[derive(Properties, PartialEq)]
pub struct KeyedBoardProps {
    /// The simulated API.
    pub api: SimCollections,
    /// Counts renders and times clicks.
    pub meter: Meter,
}

/// The board: renders when cards come or go, not when one moves.
#[component]
pub fn KeyedBoard(props: &KeyedBoardProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    props.meter.count(|t| &mut t.boards);
    let cards = use_collection(cards_options(props.api.clone()));
    let moves = use_optimistic_action(card_move_options(props.api.clone()));
    let columns = match cards.observer.clone() {
        Some(observer) => html! {
            <div class="keyed-columns">
                { for (0..COLUMNS.len() as u8).map(|column| html! {
                    <BoardColumn key={column} cards={observer.clone()} {column}
                        action={moves.clone()} meter={props.meter.clone()} />
                }) }
            </div>
        },
        None => html! {},
    };
    let loaded = (
        &cards.status,
        cards.error.as_ref().map(ToString::to_string),
        cards.keys.len(),
    );
    let head = collection_head(
        "Board",
        "cards",
        loaded,
        ("cards-status", "board-renders"),
        *renders.borrow(),
    );
    html! {
        <div class="keyed-board" data-testid="board" aria-busy={(cards.status == QueryStatus::Pending).to_string()}>
            { head }
            <PaintFigure meter={props.meter.clone()} board={true} />
            <Pending mutation={card_move_key()} />
            <Refusals<CardMove> mutation={card_move_key()} resend={moves.mutate_callback()}
                describe={CardMove::describe as fn(&CardMove) -> String} />
            { columns }
        </div>
    }
}

/// Props of [`BoardColumn`].
#[derive(Properties, PartialEq)]
pub struct BoardColumnProps {
    /// The cards.
    pub cards: CollectionObserver<u32, Card>,
    /// Which column (index into `COLUMNS`).
    pub column: u8,
    /// The move mutation.
    pub action: OptimisticAction<CardMove, ()>,
    /// Counts renders and times clicks.
    pub meter: Meter,
}

/// One column: a live query of the cards in it, by position; renders when a card
/// enters, leaves or moves within it.
#[component]
pub fn BoardColumn(props: &BoardColumnProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    props.meter.count(|t| &mut t.columns);
    let column = props.column;
    let ids = use_live_query(
        &props.cards,
        column,
        move |c: &Card| c.column == column,
        |c| c.position,
    );
    let title = COLUMNS.get(usize::from(column)).copied().unwrap_or("?");
    html! {
        <section class="keyed-column" data-testid="column" data-column={column.to_string()}
            data-renders={renders.borrow().to_string()} aria-label={title}>
            <header>
                <h4>{ title }</h4>
                <span class="muted" data-testid="column-count">{ ids.len() }</span>
                <span class="render-count" data-testid="column-renders" title="renders of this column">
                    { format!("renders: {}", renders.borrow()) }
                </span>
            </header>
            <ol>
                { for ids.iter().map(|id| html! {
                    <BoardCard key={*id} cards={props.cards.clone()} id={*id}
                        action={props.action.clone()} meter={props.meter.clone()} />
                }) }
            </ol>
        </section>
    }
}

/// Props of [`BoardCard`].
#[derive(Properties, PartialEq)]
pub struct BoardCardProps {
    /// The cards.
    pub cards: CollectionObserver<u32, Card>,
    /// The card.
    pub id: u32,
    /// The move mutation.
    pub action: OptimisticAction<CardMove, ()>,
    /// Counts renders and times clicks.
    pub meter: Meter,
}

/// Where a moved card goes in its new column: on top (so it is seen without
/// scrolling), the latest move first. A time, so the server stores what the client
/// painted and later moves still go above.
fn top_position() -> i64 {
    -(js_sys::Date::now() as i64)
}

/// One card: renders when this card changes.
#[component]
pub fn BoardCard(props: &BoardCardProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    props.meter.count(|t| &mut t.cards);
    let Some(card) = use_row(&props.cards, props.id) else {
        return html! {};
    };
    let next = ((usize::from(card.column) + 1) % COLUMNS.len()) as u8;
    let next_title = COLUMNS.get(usize::from(next)).copied().unwrap_or("?");
    let onclick = {
        let (action, meter) = (props.action.clone(), props.meter.clone());
        let (id, from) = (card.id, card.column);
        Callback::from(move |_: MouseEvent| {
            meter.start(format!("move card {id}"));
            action.mutate(CardMove {
                id,
                from,
                to: next,
                position: top_position(),
            });
        })
    };
    html! {
        <li class="keyed-card" data-testid="card" data-id={card.id.to_string()}
            data-renders={renders.borrow().to_string()}>
            <span class="title">{ card.title.clone() }</span>
            <button type="button" class="icon" data-testid="move"
                aria-label={format!("Move {} to {next_title}", card.title)} {onclick}>{ "→" }</button>
            <span class="render-count" data-testid="card-renders" title="renders of this card">
                { *renders.borrow() }
            </span>
        </li>
    }
}
