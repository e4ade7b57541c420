//! [`BoardColumn`]: one column, reading its own cards query, so a move re-renders only
//! the two columns it touches.

use super::card::{BoardCardOf, CardStatus};
use super::drag::{BoardIntent, FocusRequest, MoveMode};
use super::interaction::{indicator_slot, slot_at};
use super::mutation::cards_query;
use super::source::{BoardSource, Card, CardId, Column, ColumnId, KanbanCard};
use super::strings::BoardStrings;
use super::style;
use crate::feedback::dom_id::{encode, focus_by_id};
use crate::feedback::ItemState;
use crate::hooks::{use_query, UseQueryHandle};
use crate::source_ref::SourceRef;
use optimistic_query::MutationId;
use std::collections::BTreeMap;
use std::rc::Rc;
use stylist::yew::use_style;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A card that could not be added: it is gone from the column, so its message shows
/// below the column instead.
///
/// ```
/// use yew_optimistic::kanban::FailedAdd;
/// use yew_optimistic::MutationId;
/// let f = FailedAdd { mutation: MutationId(1), title: "ship".into(), error: "offline".into() };
/// assert_eq!(f.title.as_str(), "ship");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FailedAdd {
    /// The failed change.
    pub mutation: MutationId,
    /// The title that was typed.
    pub title: AttrValue,
    /// Why it failed, in words for the user.
    pub error: AttrValue,
}

/// The state of the changes that touch one column: each card's state and the adds that
/// failed. Compared by value, so a column whose changes did not change does not render.
///
/// ```
/// use yew_optimistic::kanban::{CardId, CardStatus, ColumnStatus};
/// let s = ColumnStatus::default();
/// assert_eq!(s.card(&CardId("c1".into())), CardStatus::default());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnStatus {
    /// Cards with a pending or failed change (others are confirmed).
    pub cards: BTreeMap<CardId, CardStatus>,
    /// Adds that failed and are not dismissed.
    pub failed_adds: Vec<FailedAdd>,
}

impl ColumnStatus {
    /// The state of one card (confirmed when no change of it is known).
    ///
    /// ```
    /// use yew_optimistic::kanban::{CardId, ColumnStatus};
    /// use yew_optimistic::feedback::ItemState;
    /// assert_eq!(ColumnStatus::default().card(&CardId("x".into())).state, ItemState::Confirmed);
    /// ```
    pub fn card(&self, id: &CardId) -> CardStatus {
        self.cards.get(id).cloned().unwrap_or_default()
    }
}

/// Props of [`BoardColumn`] (and of [`BoardColumnOf`] for an app's own card type `C`).
#[derive(Properties, PartialEq, Clone)]
pub struct BoardColumnProps<C: KanbanCard = Card> {
    /// Where its cards come from.
    pub source: SourceRef<dyn BoardSource<C>>,
    /// The words it shows (English by default).
    #[prop_or_default]
    pub strings: Rc<BoardStrings>,
    /// Renders a card's content in place of its title (an app's own fields).
    #[prop_or_default]
    pub render_card: Option<Callback<C, Html>>,
    /// The board it belongs to.
    pub board: AttrValue,
    /// The column.
    pub column: Column,
    /// Whether a column is to its left.
    #[prop_or_default]
    pub can_move_left: bool,
    /// Whether a column is to its right.
    #[prop_or_default]
    pub can_move_right: bool,
    /// The state of the changes that touch it.
    #[prop_or_default]
    pub status: Rc<ColumnStatus>,
    /// The card being moved, when it is in this column.
    #[prop_or_default]
    pub moving: Option<(CardId, MoveMode)>,
    /// Where the moving card would land in this column (final index), when this column
    /// is the target.
    #[prop_or_default]
    pub indicator: Option<usize>,
    /// Which card should take the focus once rendered.
    #[prop_or_default]
    pub focus: FocusRequest,
    /// Id of the element explaining the keyboard controls.
    #[prop_or_default]
    pub help_id: Option<AttrValue>,
    /// Prefix of the element ids inside the column (a [`KanbanBoard`](super::KanbanBoard)
    /// gives each of its instances its own, so two boards never share an id).
    #[prop_or(AttrValue::Static("yo-kanban"))]
    pub id_prefix: AttrValue,
    /// Whether failure messages are live regions themselves (default). The board turns
    /// this off when a toast region announces its failures: one event, one announcement.
    #[prop_or(true)]
    pub announce_failures: bool,
    /// Where its requests go (the board's stable callback).
    pub on_intent: Callback<BoardIntent>,
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
/// cards (from its own query), a drop indicator while a card is moved over it, and a
/// form to add a card.
///
/// Test ids: `data-testid="column"` with `data-id`; inside it `column-title`,
/// `column-count`, `column-loading`, `column-error`, `column-empty`, `drop-indicator`,
/// `add-card-input`, `add-card-button`, `failed-add` (with `card-error`, `card-retry`,
/// `card-dismiss`), and the cards (see [`BoardCard`](super::BoardCard)).
///
/// ```
/// # use std::rc::Rc;
/// # use futures::future::LocalBoxFuture;
/// # use yew::prelude::*;
/// # use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// # use yew_optimistic::kanban::*;
/// # struct Api;
/// # impl BoardSource for Api {
/// #     fn columns(&self, _: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn cards(&self, _: &str, _: &ColumnId, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn apply(&self, _: &str, _: BoardChange, _: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> { Box::pin(async { Ok(()) }) }
/// # }
/// let source: SourceRef<dyn BoardSource> = SourceRef::new(Rc::new(Api));
/// let column = Column { id: ColumnId("todo".into()), title: "To do".into() };
/// let _ = html! { <BoardColumn {source} board="b1" {column} on_intent={Callback::noop()} /> };
/// ```
#[component]
pub fn BoardColumnOf<C: KanbanCard>(props: &BoardColumnProps<C>) -> Html {
    let cards = use_query(cards_query(&props.source, &props.board, &props.column.id));
    let list_ref = use_node_ref();
    let section_ref = use_node_ref();
    let class = use_style(style::column());
    let list: Rc<Vec<C>> = cards.data.clone().unwrap_or_default();
    let words = &props.strings;
    let prefix = props.id_prefix.to_string();
    {
        // After every render: if the card that should have the focus is here now (a move
        // re-created it in this column, or a reorder moved its element), focus it.
        let (focus, prefix) = (props.focus.clone(), prefix.clone());
        let ids: Vec<CardId> = list.iter().map(|c| c.id()).collect();
        use_effect(move || {
            if let Some(id) = focus.take_if(|id| ids.contains(id)) {
                focus_by_id(&card_element_id(&prefix, &id));
            }
        });
    }
    let zone = use_drop_zone(
        props.column.id.clone(),
        props.on_intent.clone(),
        format!("{prefix}-card-"),
        section_ref.clone(),
        list_ref.clone(),
    );
    let on_add = {
        let (on_intent, column) = (props.on_intent.clone(), props.column.id.clone());
        Callback::from(move |title: String| {
            on_intent.emit(BoardIntent::Add {
                column: column.clone(),
                title,
            })
        })
    };
    let moving_at = props
        .moving
        .as_ref()
        .and_then(|(id, _)| list.iter().position(|c| &c.id() == id));
    let slot = props.indicator.map(|i| indicator_slot(i, moving_at));
    let title_id = title_element_id(&prefix, &props.column.id);
    let title = props.column.title.clone();
    let count = list.len();
    let body = if let Some(e) = cards.error.as_ref().filter(|_| cards.data.is_none()) {
        load_error(words, &cards, &e.to_string())
    } else if cards.data.is_none() {
        loading(words)
    } else {
        html! {
            <>
                <ul ref={list_ref} aria-labelledby={title_id.clone()}>
                    { cards_with_indicator(props, &list, slot) }
                </ul>
                if count == 0 && slot.is_none() {
                    <p class="note" data-testid="column-empty">{ words.empty_column.clone() }</p>
                }
                if let Some(e) = &cards.error {
                    <p class="error" data-testid="column-error" role="alert">
                        { BoardStrings::fill(&words.refresh_error, &[("error", &e.to_string())]) }
                    </p>
                }
            </>
        }
    };
    html! {
        <section ref={section_ref} class={class} data-testid="column" data-id={props.column.id.0.clone()}
            data-drop-target={slot.is_some().to_string()} aria-labelledby={title_id.clone()}
            ondragover={zone.ondragover} ondrop={zone.ondrop} ondragleave={zone.ondragleave}>
            <header>
                <h3 id={title_id} data-testid="column-title">{ title.clone() }</h3>
                if cards.is_fetching() && cards.data.is_some() {
                    <span class="refreshing" data-testid="column-refreshing">{ words.refreshing.clone() }</span>
                }
                <span class="count" data-testid="column-count"
                    aria-label={BoardStrings::fill(&words.card_count, &[("count", &count.to_string())])}>{ count }</span>
            </header>
            { body }
            { for props.status.failed_adds.iter().map(|f| failed_add(f, words, props.announce_failures, &props.on_intent)) }
            <AddCardForm label={BoardStrings::fill(&words.add_label, &[("column", &title)])}
                placeholder={words.add_placeholder.clone()} button={words.add_button.clone()} {on_add} />
        </section>
    }
}

/// [`BoardColumnOf`] over the crate's own [`Card`].
pub type BoardColumn = BoardColumnOf<Card>;

/// The column's cards, with the drop indicator at `slot` while a card is moved over it.
fn cards_with_indicator<C: KanbanCard>(
    props: &BoardColumnProps<C>,
    list: &[C],
    slot: Option<usize>,
) -> Html {
    let indicator = || {
        html! { <li key="\u{0}drop-indicator" class="indicator" data-testid="drop-indicator" aria-hidden="true"></li> }
    };
    let cards = list.iter().enumerate().flat_map(|(i, card)| {
        let id = card.id();
        let moving = props
            .moving
            .as_ref()
            .filter(|(moving, _)| moving == &id)
            .map(|(_, mode)| *mode);
        let card_html = html! {
            <BoardCardOf<C>
                key={id.0.clone()}
                card={card.clone()}
                render_card={props.render_card.clone()}
                strings={props.strings.clone()}
                column={props.column.id.clone()}
                can_move_left={props.can_move_left}
                can_move_right={props.can_move_right}
                status={props.status.card(&id)}
                grabbed={moving == Some(MoveMode::Keyboard)}
                dragging={moving == Some(MoveMode::Pointer)}
                help_id={props.help_id.clone()}
                element_id={AttrValue::from(card_element_id(&props.id_prefix, &id))}
                announce_failure={props.announce_failures}
                on_intent={props.on_intent.clone()}
            />
        };
        (slot == Some(i))
            .then(indicator)
            .into_iter()
            .chain(std::iter::once(card_html))
    });
    let after = (slot == Some(list.len())).then(indicator);
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
    cards: &UseQueryHandle<Rc<Vec<C>>>,
    error: &str,
) -> Html {
    html! {
        <div class="error" data-testid="column-error" role="alert">
            <p>{ BoardStrings::fill(&words.cards_error, &[("error", error)]) }</p>
            <button type="button" onclick={cards.refetch_callback().reform(|_: MouseEvent| ())}>{ words.try_again.clone() }</button>
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
    on_add: Callback<String>,
}

/// The field under a column that adds a card (Enter or "Add").
#[component]
fn AddCardForm(props: &AddCardFormProps) -> Html {
    let input_ref = use_node_ref();
    let add = {
        let (input_ref, on_add) = (input_ref.clone(), props.on_add.clone());
        Callback::from(move |()| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let title = input.value().trim().to_string();
                if !title.is_empty() {
                    on_add.emit(title);
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
