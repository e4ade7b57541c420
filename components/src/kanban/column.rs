//! `BoardColumn`: one column of the board, a live query of the board's cards (those in
//! the column, by position), so it renders only when its set or order of cards changes
//! or the move in progress concerns it; each card renders itself.

use super::cards::PlacedCard;
use super::drag::{BoardIntent, FocusRequest, MoveMode};
use super::interaction::{indicator_slot, slot_at, Interaction};
use super::keyed_card::{CardContext, KeyedCard};
use super::shared::{use_selected, Shared};
use super::source::{CardId, Column, ColumnId, KanbanCard};
use super::strings::BoardStrings;
use super::style;
use crate::feedback::dom_id::{encode, focus_by_id};
use crate::feedback::ItemState;
use crate::hooks::after_render::use_after_every_render;
use crate::hooks::use_live_query;
use optimistic_query::{CollectionObserver, MutationId};
use std::rc::Rc;
use stylist::yew::use_style;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A card that could not be added: it is gone from the column, so its message shows
/// below the column instead.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FailedAdd {
    /// The failed change.
    pub mutation: MutationId,
    /// The title that was typed.
    pub title: AttrValue,
    /// Why it failed, in words for the user.
    pub error: AttrValue,
}

/// Props of [`BoardColumn`].
#[derive(Properties, PartialEq)]
pub(crate) struct BoardColumnProps<C: KanbanCard> {
    /// What every card of the board shares (the column hands it on).
    pub board: Rc<CardContext<C>>,
    /// Whether the board's cards have loaded.
    pub loaded: bool,
    /// Why the last fetch of the board's cards failed, if it did.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The move in progress (the column reads what of it is its).
    pub interaction: Shared<Interaction<C>>,
    /// The column.
    pub column: Column,
    /// Whether a column is to its left.
    pub can_move_left: bool,
    /// Whether a column is to its right.
    pub can_move_right: bool,
    /// Which card should take the focus once rendered.
    pub focus: FocusRequest,
    /// Test hook: told on every render of this column.
    #[prop_or_default]
    pub on_render: Option<Callback<ColumnId>>,
}

/// The element id of card `card` on a board whose ids start with `prefix`.
pub(crate) fn card_element_id(prefix: &str, card: &CardId) -> String {
    format!("{prefix}-card-{}", encode(&card.0))
}

/// The element id of a column's title (what the column and its list are labelled by).
fn title_element_id(prefix: &str, column: &ColumnId) -> String {
    format!("{prefix}-column-{}", encode(&column.0))
}

/// The slot under the pointer at `client_y` in a column's list: its cards are the
/// children whose id starts with `card_prefix` (the drop indicator is skipped).
fn slot_in_list(list: &web_sys::Element, card_prefix: &str, client_y: f64) -> usize {
    let mut mids = Vec::new();
    let mut child = list.first_element_child();
    while let Some(el) = child {
        if el.id().starts_with(card_prefix) {
            mids.push(vertical_middle(&el).unwrap_or(f64::INFINITY));
        }
        child = el.next_element_sibling();
    }
    slot_at(&mids, client_y)
}

/// The middle of an element's box, read through `Reflect` so no extra web-sys feature is
/// needed; `None` when its box cannot be read (it then counts as below the pointer).
fn vertical_middle(el: &web_sys::Element) -> Option<f64> {
    let f = js_sys::Reflect::get(el, &"getBoundingClientRect".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let rect = f.call0(el).ok()?;
    let top = js_sys::Reflect::get(&rect, &"top".into()).ok()?.as_f64()?;
    let height = js_sys::Reflect::get(&rect, &"height".into())
        .ok()?
        .as_f64()?;
    Some(top + height / 2.0)
}

/// The column as a drop zone: `dragover` shows where the card would land, `drop` moves
/// it, leaving the column hides the indicator.
struct DropZone {
    ondragover: Callback<DragEvent>,
    ondrop: Callback<DragEvent>,
    ondragleave: Callback<DragEvent>,
}

#[hook]
fn use_drop_zone(
    column: ColumnId,
    on_intent: Callback<BoardIntent>,
    card_prefix: String,
    section_ref: NodeRef,
    list_ref: NodeRef,
) -> DropZone {
    let slot_of = Rc::new(move |e: &DragEvent| -> usize {
        list_ref
            .cast::<web_sys::Element>()
            .map(|l| slot_in_list(&l, &card_prefix, f64::from(e.client_y())))
            .unwrap_or(0)
    });
    let ondragover = {
        let (on_intent, column, slot_of) = (on_intent.clone(), column.clone(), slot_of.clone());
        Callback::from(move |e: DragEvent| {
            // Accepting the drop: without this the browser refuses it.
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("move");
            }
            let slot = slot_of(&e);
            on_intent.emit(BoardIntent::DragOver {
                column: column.clone(),
                slot,
            });
        })
    };
    let ondrop = {
        let (on_intent, column) = (on_intent.clone(), column.clone());
        Callback::from(move |e: DragEvent| {
            // Otherwise the browser navigates to the dropped text.
            e.prevent_default();
            let slot = slot_of(&e);
            on_intent.emit(BoardIntent::DropAt {
                column: column.clone(),
                slot,
            });
        })
    };
    let ondragleave = Callback::from(move |e: DragEvent| {
        // Leaving a card for the gap next to it fires dragleave too; only leaving the
        // column clears its indicator.
        let inside = match (section_ref.get(), e.related_target()) {
            (Some(section), Some(to)) => to
                .dyn_into::<web_sys::Node>()
                .is_ok_and(|to| section.contains(Some(&to))),
            _ => false,
        };
        if !inside {
            on_intent.emit(BoardIntent::DragLeave(column.clone()));
        }
    });
    DropZone {
        ondragover,
        ondrop,
        ondragleave,
    }
}

/// One column of a [`KanbanBoard`](super::KanbanBoard): header with title and count, its
/// cards, a drop indicator while a card is moved over it, and a form to add a card.
///
/// Test ids: `data-testid="column"` with `data-id`; inside it `column-title`,
/// `column-count`, `column-loading`, `column-error`, `column-empty`, `drop-indicator`,
/// `add-card-input`, `add-card-button`, `failed-add` (with `card-error`, `card-retry`,
/// `card-dismiss`), and the cards (see [`BoardCard`](super::BoardCard)).
#[component]
pub(crate) fn BoardColumn<C: KanbanCard>(props: &BoardColumnProps<C>) -> Html {
    if let Some(on_render) = &props.on_render {
        on_render.emit(props.column.id.clone());
    }
    let board = &props.board;
    let ids = use_column_cards(&board.cards, &props.column.id);
    let (moving, indicator, failed_adds) = use_column_state(props);
    let list_ref = use_node_ref();
    let section_ref = use_node_ref();
    let class = use_style(style::column());
    let words = &board.strings;
    let prefix = board.id_prefix.to_string();
    use_focus_when_shown(props.focus.clone(), prefix.clone(), ids.clone());
    let zone = use_drop_zone(
        props.column.id.clone(),
        props.board.on_intent.clone(),
        format!("{prefix}-card-"),
        section_ref.clone(),
        list_ref.clone(),
    );
    let moving_at = moving
        .as_ref()
        .and_then(|(id, _)| ids.iter().position(|c| c == id));
    let slot = indicator.map(|i| indicator_slot(i, moving_at));
    let title_id = title_element_id(&prefix, &props.column.id);
    let title = props.column.title.clone();
    let count = ids.len();
    let body = match (&props.error, props.loaded) {
        (Some(e), false) => load_error(words, &board.cards, e),
        (None, false) => loading(words),
        (error, true) => html! {
            <>
                <ul ref={list_ref} aria-labelledby={title_id.clone()}>
                    { cards_with_indicator(props, &ids, moving.as_ref(), slot) }
                </ul>
                { after_cards(words, count == 0 && slot.is_none(), error.as_deref()) }
            </>
        },
    };
    html! {
        <section ref={section_ref} class={class} data-testid="column" data-id={props.column.id.0.clone()}
            data-drop-target={slot.is_some().to_string()} aria-labelledby={title_id.clone()}
            ondragover={zone.ondragover} ondrop={zone.ondrop} ondragleave={zone.ondragleave}>
            { header(words, title_id, &title, count) }
            { body }
            { for failed_adds.iter().map(|f| failed_add(f, words, props.board.announce_failures, &props.board.on_intent)) }
            <AddCardForm label={BoardStrings::fill(&words.add_label, &[("column", &title)])}
                placeholder={words.add_placeholder.clone()} button={words.add_button.clone()}
                column={props.column.id.clone()} on_intent={props.board.on_intent.clone()} />
        </section>
    }
}

/// The ids of the cards in `column`, by position: a live query of the board's cards, so
/// the column renders when its set or order of cards changes and for no other change.
#[hook]
fn use_column_cards<C: KanbanCard>(
    cards: &CollectionObserver<CardId, PlacedCard<C>>,
    column: &ColumnId,
) -> Rc<[CardId]> {
    let here = column.clone();
    use_live_query(
        cards,
        column.clone(),
        move |p: &PlacedCard<C>| p.column == here,
        |p: &PlacedCard<C>| p.position,
    )
}

/// The column's title and its number of cards.
fn header(words: &BoardStrings, title_id: String, title: &str, count: usize) -> Html {
    html! {
        <header>
            <h3 id={title_id} data-testid="column-title">{ title.to_owned() }</h3>
            <span class="count" data-testid="column-count"
                aria-label={BoardStrings::fill(&words.card_count, &[("count", &count.to_string())])}>{ count }</span>
        </header>
    }
}

/// What of the move in progress and of the board's changes is this column's: the card
/// moving from it (and how), where a card would land in it, and the adds it could not
/// make. The column renders when one of these changes, not for another column's.
#[hook]
fn use_column_state<C: KanbanCard>(
    props: &BoardColumnProps<C>,
) -> (Option<(CardId, MoveMode)>, Option<usize>, Vec<FailedAdd>) {
    let column = props.column.id.clone();
    let (moving, indicator) = use_selected(&props.interaction, move |ix| {
        let moving = ix.moving.as_ref();
        let here = moving
            .filter(|m| m.from == column)
            .map(|m| (m.card.id(), m.mode));
        let indicator = moving
            .and_then(|m| m.target.as_ref())
            .filter(|t| t.column == column)
            .map(|t| t.index);
        (here, indicator)
    });
    let column = props.column.id.clone();
    let failed_adds = use_selected(&props.board.status, move |s| s.failed_adds(&column));
    (moving, indicator, failed_adds)
}

/// After every render: if the card that should have the focus is here now (a move
/// re-created it in this column, or a reorder moved its element), focus it.
#[hook]
fn use_focus_when_shown(focus: FocusRequest, prefix: String, ids: Rc<[CardId]>) {
    use_after_every_render(Box::new(move || {
        if let Some(id) = focus.take_if(|id| ids.contains(id)) {
            focus_by_id(&card_element_id(&prefix, &id));
        }
    }));
}

/// Under the cards: the empty state, and why the last refetch failed.
fn after_cards(words: &BoardStrings, empty: bool, error: Option<&str>) -> Html {
    html! {
        <>
            if empty {
                <p class="note" data-testid="column-empty">{ words.empty_column.clone() }</p>
            }
            if let Some(e) = error {
                <p class="error" data-testid="column-error" role="alert">
                    { BoardStrings::fill(&words.refresh_error, &[("error", e)]) }
                </p>
            }
        </>
    }
}

/// The column's cards, with the drop indicator at `slot` while a card is moved over it.
fn cards_with_indicator<C: KanbanCard>(
    props: &BoardColumnProps<C>,
    ids: &[CardId],
    moving: Option<&(CardId, MoveMode)>,
    slot: Option<usize>,
) -> Html {
    let indicator = || {
        html! { <li key="\u{0}drop-indicator" class="indicator" data-testid="drop-indicator" aria-hidden="true"></li> }
    };
    let cards = ids.iter().enumerate().flat_map(|(i, id)| {
        let mode = moving.filter(|(m, _)| m == id).map(|(_, mode)| *mode);
        let card_html = html! {
            <KeyedCard<C>
                key={id.0.clone()}
                board={props.board.clone()}
                id={id.clone()}
                column={props.column.id.clone()}
                can_move_left={props.can_move_left}
                can_move_right={props.can_move_right}
                grabbed={mode == Some(MoveMode::Keyboard)}
                dragging={mode == Some(MoveMode::Pointer)}
            />
        };
        (slot == Some(i))
            .then(indicator)
            .into_iter()
            .chain(std::iter::once(card_html))
    });
    let after = (slot == Some(ids.len())).then(indicator);
    cards.chain(after).collect()
}

fn loading(words: &BoardStrings) -> Html {
    html! {
        <div class="loading" data-testid="column-loading" role="status" aria-busy="true">
            <span class="refreshing">{ words.loading_cards.clone() }</span>
            <div class="skeleton" aria-hidden="true"></div>
            <div class="skeleton" aria-hidden="true"></div>
        </div>
    }
}

fn load_error<C: KanbanCard>(
    words: &BoardStrings,
    cards: &CollectionObserver<CardId, PlacedCard<C>>,
    error: &str,
) -> Html {
    let cards = cards.clone();
    html! {
        <div class="error" data-testid="column-error" role="alert">
            <p>{ BoardStrings::fill(&words.cards_error, &[("error", error)]) }</p>
            <button type="button" onclick={Callback::from(move |_: MouseEvent| cards.refetch())}>{ words.try_again.clone() }</button>
        </div>
    }
}

fn failed_add(
    f: &FailedAdd,
    words: &BoardStrings,
    announce: bool,
    on_intent: &Callback<BoardIntent>,
) -> Html {
    let m = f.mutation;
    html! {
        <div key={m.0.to_string()} class="error" data-testid="failed-add" data-state={ItemState::Failed.as_str()}>
            <p data-testid="card-error" role={announce.then_some("alert")}>{ f.error.clone() }</p>
            <button type="button" data-testid="card-retry" onclick={on_intent.reform(move |_: MouseEvent| BoardIntent::Retry(m))}>{ words.retry.clone() }</button>
            { " " }
            <button type="button" data-testid="card-dismiss" onclick={on_intent.reform(move |_: MouseEvent| BoardIntent::Dismiss(m))}>{ words.dismiss.clone() }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AddCardFormProps {
    label: String,
    placeholder: AttrValue,
    button: AttrValue,
    column: ColumnId,
    on_intent: Callback<BoardIntent>,
}

/// The field under a column that adds a card (Enter or "Add").
#[component]
fn AddCardForm(props: &AddCardFormProps) -> Html {
    let input_ref = use_node_ref();
    let add = {
        let (input_ref, on_intent) = (input_ref.clone(), props.on_intent.clone());
        let column = props.column.clone();
        Callback::from(move |()| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let title = input.value().trim().to_string();
                if !title.is_empty() {
                    on_intent.emit(BoardIntent::Add {
                        column: column.clone(),
                        title,
                    });
                    input.set_value("");
                }
            }
        })
    };
    let onkeydown = {
        let add = add.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                add.emit(());
            }
        })
    };
    html! {
        <footer>
            <input ref={input_ref} type="text" data-testid="add-card-input" placeholder={props.placeholder.clone()}
                aria-label={props.label.clone()} {onkeydown} />
            <button type="button" data-testid="add-card-button" onclick={add.reform(|_: MouseEvent| ())}>{ props.button.clone() }</button>
        </footer>
    }
}
