//! `KeyedCard`: one card of the board, reading its own row of the board's cards and its
//! own changes' state, so a move or a rename renders that card alone (its column renders
//! only when the column's set or order of cards changes).

use super::card::BoardCardOf;
use super::cards::PlacedCard;
use super::changes::BoardStatus;
use super::drag::BoardIntent;
use super::shared::{use_selected, Shared};
use super::source::{CardId, ColumnId, KanbanCard};
use super::strings::BoardStrings;
use crate::use_row_with;
use optimistic_query::CollectionObserver;
use std::rc::Rc;
use yew::prelude::*;

type Cards<C> = CollectionObserver<CardId, PlacedCard<C>>;

#[derive(Properties, PartialEq)]
pub(crate) struct KeyedCardProps<C: KanbanCard> {
    pub cards: Cards<C>,
    pub id: CardId,
    pub column: ColumnId,
    pub status: Shared<BoardStatus>,
    #[prop_or_default]
    pub render_card: Option<Callback<C, Html>>,
    pub strings: Rc<BoardStrings>,
    pub can_move_left: bool,
    pub can_move_right: bool,
    pub grabbed: bool,
    pub dragging: bool,
    #[prop_or_default]
    pub help_id: Option<AttrValue>,
    pub element_id: AttrValue,
    pub announce_failure: bool,
    pub on_intent: Callback<BoardIntent>,
    /// Test hook: told on every render of this card.
    #[prop_or_default]
    pub on_render: Option<Callback<CardId>>,
}

#[component]
pub(crate) fn KeyedCard<C: KanbanCard>(props: &KeyedCardProps<C>) -> Html {
    if let Some(on_render) = &props.on_render {
        on_render.emit(props.id.clone());
    }
    // The card itself, not its position: a refetch numbers the positions anew and a
    // neighbour's move may renumber a column, and the card shows the same.
    let card = use_row_with(&props.cards, props.id.clone(), |p| p.card.clone());
    let status = {
        let id = props.id.clone();
        use_selected(&props.status, move |s| s.card(&id))
    };
    // Between a change's paint and its column's render without the card.
    let Some(card) = card else {
        return Html::default();
    };
    html! {
        <BoardCardOf<C>
            {card}
            render_card={props.render_card.clone()}
            strings={props.strings.clone()}
            column={props.column.clone()}
            can_move_left={props.can_move_left}
            can_move_right={props.can_move_right}
            {status}
            grabbed={props.grabbed}
            dragging={props.dragging}
            help_id={props.help_id.clone()}
            element_id={props.element_id.clone()}
            announce_failure={props.announce_failure}
            on_intent={props.on_intent.clone()}
        />
    }
}
