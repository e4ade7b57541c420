//! A 2,000-card board on one keyed collection: each column is a live query of it
//! (`use_live_query`: its cards, by position), each card reads its row (`use_row`), and a
//! move is one changeset of one card (`use_optimistic_action`). A move renders the two
//! columns whose cards changed and the moved card, nothing else.

use yew::prelude::*;
use yew_optimistic::{
    use_collection, use_live_query, use_optimistic_action, use_row, CollectionObserver,
    OptimisticAction, QueryStatus,
};

use super::collection_server::{Card, CardMove, SimCollections, COLUMNS};
use super::feedback::{collection_top, Shown};
use super::meter::{use_meter, use_renders};
use super::one_row::KeyedRows;

/// The board's cards. A move changes one card: its column and position, in one patch
/// of one row, so the two live queries it leaves and enters hear of it and no other.
pub const CARDS: KeyedRows<CardMove> = KeyedRows::new("cards", Shown::Board);

/// Props of [`KeyedBoard`].
#[derive(Properties, PartialEq)]
pub struct KeyedBoardProps {
    /// The simulated API.
    pub api: SimCollections,
}

/// The board: renders when cards come or go, not when one moves.
#[component]
pub fn KeyedBoard(props: &KeyedBoardProps) -> Html {
    let renders = use_renders(|t| &mut t.boards);
    let cards = {
        let api = props.api.clone();
        use_collection(CARDS.options(move |ctx| api.cards(ctx.signal.clone())))
    };
    let moves = {
        let api = props.api.clone();
        use_optimistic_action(CARDS.change_options(move |c, ctx| api.move_card(c, ctx)))
    };
    let columns = match cards.observer.clone() {
        Some(observer) => html! {
            <div class="keyed-columns">
                { for (0..COLUMNS.len() as u8).map(|column| html! {
                    <BoardColumn key={column} cards={observer.clone()} {column}
                        action={moves.clone()} />
                }) }
            </div>
        },
        None => html! {},
    };
    let top = collection_top(&CARDS, &cards, moves.mutate_callback(), renders);
    html! {
        <div class="keyed-board" data-testid="board" aria-busy={(cards.status == QueryStatus::Pending).to_string()}>
            { top }
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
}

/// One column: a live query of the cards in it, by position; renders when a card
/// enters, leaves or moves within it.
#[component]
pub fn BoardColumn(props: &BoardColumnProps) -> Html {
    let renders = use_renders(|t| &mut t.columns);
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
            data-renders={renders.to_string()} aria-label={title}>
            <header>
                <h4>{ title }</h4>
                <span class="muted" data-testid="column-count">{ ids.len() }</span>
                <span class="render-count" data-testid="column-renders" title="renders of this column">
                    { format!("renders: {renders}") }
                </span>
            </header>
            <ol>
                { for ids.iter().map(|id| html! {
                    <BoardCard key={*id} cards={props.cards.clone()} id={*id}
                        action={props.action.clone()} />
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
    let renders = use_renders(|t| &mut t.cards);
    let meter = use_meter();
    let Some(card) = use_row(&props.cards, props.id) else {
        return html! {};
    };
    let next = ((usize::from(card.column) + 1) % COLUMNS.len()) as u8;
    let next_title = COLUMNS.get(usize::from(next)).copied().unwrap_or("?");
    let onclick = {
        let action = props.action.clone();
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
            data-renders={renders.to_string()}>
            <span class="title">{ card.title.clone() }</span>
            <button type="button" class="icon" data-testid="move"
                aria-label={format!("Move {} to {next_title}", card.title)} {onclick}>{ "→" }</button>
            <span class="render-count" data-testid="card-renders" title="renders of this card">
                { renders }
            </span>
        </li>
    }
}
