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
use optimistic_query::{CollectionObserver, CollectionSubscription};
use std::rc::Rc;
use yew::prelude::*;

type Cards<C> = CollectionObserver<CardId, PlacedCard<C>>;

struct Watch<C: KanbanCard> {
    observer: Cards<C>,
    id: CardId,
    shown: Option<C>,
    _sub: CollectionSubscription,
}

/// The card `id` of the board's cards; re-renders when the card itself changes, not when
/// only its position does (a refetch numbers the positions anew, a neighbour's move may
/// renumber a column: the card shows the same).
#[hook]
fn use_card<C: KanbanCard>(observer: &Cards<C>, id: &CardId) -> Option<C> {
    let rerender = yew_hooks::use_update();
    let watch = use_mut_ref(|| None::<Watch<C>>);
    let card = observer.row(id).map(|p| p.card.clone());
    let current = watch
        .borrow()
        .as_ref()
        .is_some_and(|w| w.observer == *observer && w.id == *id);
    if current {
        if let Some(w) = watch.borrow_mut().as_mut() {
            w.shown = card.clone();
        }
    } else {
        let weak = Rc::downgrade(&watch);
        let (o, key) = (observer.clone(), id.clone());
        let sub = observer.subscribe_row(id.clone(), move || {
            let Some(watch) = weak.upgrade() else { return };
            let now = o.row(&key).map(|p| p.card.clone());
            let changed = watch.borrow().as_ref().is_some_and(|w| w.shown != now);
            if changed {
                rerender();
            }
        });
        // The old subscription ends after the new one started, outside the borrow.
        let old = watch.borrow_mut().replace(Watch {
            observer: observer.clone(),
            id: id.clone(),
            shown: card.clone(),
            _sub: sub,
        });
        drop(old);
    }
    card
}

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
    let card = use_card(&props.cards, &props.id);
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
