//! `KeyedCard`: one card of the board, reading its own row of the board's cards and its
//! own changes' state, so a move or a rename renders that card alone (its column renders
//! only when the column's set or order of cards changes).

use super::card::BoardCardOf;
use super::cards::PlacedCard;
use super::column::card_element_id;
use super::drag::BoardIntent;
use super::shared::{use_selected, Shared};
use super::source::{CardId, ColumnId, KanbanCard};
use super::status::BoardStatus;
use super::strings::BoardStrings;
use crate::use_row_with;
use optimistic_query::CollectionObserver;
use std::rc::Rc;
use yew::prelude::*;

type Cards<C> = CollectionObserver<CardId, PlacedCard<C>>;

/// What every card of one board shares, as its columns hand it on (one prop, so the
/// column's and the card's props cannot drift apart).
#[derive(PartialEq)]
pub(crate) struct CardContext<C: KanbanCard> {
    /// The board's cards (each card reads its own row).
    pub cards: Cards<C>,
    /// The state of the board's changes (each card reads its own).
    pub status: Shared<BoardStatus>,
    /// Renders a card's content in place of its title (an app's own fields).
    pub render_card: Option<Callback<C, Html>>,
    pub strings: Rc<BoardStrings>,
    /// Id of the element explaining the keyboard controls.
    pub help_id: Option<AttrValue>,
    /// Prefix of the element ids inside the board (each board instance has its own).
    pub id_prefix: AttrValue,
    /// Whether failure messages are live regions themselves (no toast region tells them).
    pub announce_failures: bool,
    /// Where its requests go (the board's stable callback).
    pub on_intent: Callback<BoardIntent>,
    /// Test hook: told on every render of a card.
    pub on_card_render: Option<Callback<CardId>>,
}

#[derive(Properties, PartialEq)]
pub(crate) struct KeyedCardProps<C: KanbanCard> {
    pub board: Rc<CardContext<C>>,
    pub id: CardId,
    pub column: ColumnId,
    pub can_move_left: bool,
    pub can_move_right: bool,
    pub grabbed: bool,
    pub dragging: bool,
}

#[component]
pub(crate) fn KeyedCard<C: KanbanCard>(props: &KeyedCardProps<C>) -> Html {
    let board = &props.board;
    if let Some(on_render) = &board.on_card_render {
        on_render.emit(props.id.clone());
    }
    // The card itself, not its position: a refetch numbers the positions anew and a
    // neighbour's move may renumber a column, and the card shows the same.
    let card = use_row_with(&board.cards, props.id.clone(), |p| p.card.clone());
    let status = {
        let id = props.id.clone();
        use_selected(&board.status, move |s| s.card(&id))
    };
    // Between a change's paint and its column's render without the card.
    let Some(card) = card else {
        return Html::default();
    };
    html! {
        <BoardCardOf<C>
            {card}
            render_card={board.render_card.clone()}
            strings={board.strings.clone()}
            column={props.column.clone()}
            can_move_left={props.can_move_left}
            can_move_right={props.can_move_right}
            {status}
            grabbed={props.grabbed}
            dragging={props.dragging}
            help_id={board.help_id.clone()}
            element_id={AttrValue::from(card_element_id(&board.id_prefix, &props.id))}
            announce_failure={board.announce_failures}
            on_intent={board.on_intent.clone()}
        />
    }
}
