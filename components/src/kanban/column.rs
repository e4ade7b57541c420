//! [`BoardColumn`]: one column, reading its own cards query, so a move re-renders only
//! the two columns it touches.

use super::card::{BoardCard, CardStatus};
use super::drag::{indicator_slot, slot_in_list, BoardIntent, FocusRequest, MoveMode};
use super::mutation::cards_query;
use super::source::{BoardSource, CardId, Column};
use crate::feedback::ItemState;
use crate::hooks::use_query;
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

/// Props of [`BoardColumn`].
#[derive(Properties, PartialEq, Clone)]
pub struct BoardColumnProps {
    /// Where its cards come from.
    pub source: SourceRef<dyn BoardSource>,
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
    /// Where its requests go (the board's stable callback).
    pub on_intent: Callback<BoardIntent>,
}

/// An id safe for `id`/`aria-labelledby` (no spaces), made from free text.
pub(crate) fn dom_id(parts: &[&str]) -> String {
    let raw = parts.join("-");
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Focuses the card `id` inside `list`, if it is there.
fn focus_card(list: &NodeRef, id: &CardId) {
    let Some(list) = list.cast::<web_sys::Element>() else {
        return;
    };
    let mut child = list.first_element_child();
    while let Some(el) = child {
        if el.get_attribute("data-id").as_deref() == Some(id.0.as_str()) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            return;
        }
        child = el.next_element_sibling();
    }
}

/// One column of a [`KanbanBoard`](super::KanbanBoard): header with title and count, its
/// cards (from its own query), a drop indicator while a card is moved over it, and a
/// form to add a card.
///
/// Test ids: `data-testid="column"` with `data-id`; inside it `column-title`,
/// `column-count`, `column-loading`, `column-error`, `column-empty`, `drop-indicator`,
/// `add-card-input`, `add-card-button`, `failed-add` (with `card-error`, `card-retry`,
/// `card-dismiss`), and the cards (see [`BoardCard`]).
///
/// ```
/// # use std::rc::Rc;
/// # use futures::future::LocalBoxFuture;
/// # use yew::prelude::*;
/// # use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// # use yew_optimistic::kanban::*;
/// # struct Api;
/// # impl BoardSource for Api {
/// #     fn columns(&self, _: &str) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn cards(&self, _: &str, _: &ColumnId) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> { Box::pin(async { Ok(vec![]) }) }
/// #     fn apply(&self, _: &str, _: BoardChange, _: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> { Box::pin(async { Ok(()) }) }
/// # }
/// let source: SourceRef<dyn BoardSource> = SourceRef::new(Rc::new(Api));
/// let column = Column { id: ColumnId("todo".into()), title: "To do".into() };
/// let _ = html! { <BoardColumn {source} board="b1" {column} on_intent={Callback::noop()} /> };
/// ```
#[function_component]
pub fn BoardColumn(props: &BoardColumnProps) -> Html {
    let cards = use_query(cards_query(&props.source, &props.board, &props.column.id));
    let list_ref = use_node_ref();
    let section_ref = use_node_ref();
    let input_ref = use_node_ref();
    let class = use_style!(
        r#"
        flex: 0 0 18rem;
        max-width: 18rem;
        display: flex;
        flex-direction: column;
        max-height: min(80vh, 48rem);
        border: 1px solid var(--yo-border, #d8dde5);
        border-radius: 12px;
        background: var(--yo-surface-2, #f1f3f6);
        scroll-snap-align: start;
        &[data-drop-target="true"] {
            border-color: var(--yo-accent, #3158d4);
            box-shadow: 0 0 0 2px var(--yo-accent, #3158d4) inset;
        }
        header {
            display: flex;
            align-items: center;
            gap: 0.5rem;
            padding: 0.65rem 0.8rem 0.4rem;
        }
        h3 {
            margin: 0;
            font-size: 0.95rem;
            font-weight: 650;
            flex: 1;
            overflow-wrap: anywhere;
        }
        .count {
            min-width: 1.5rem;
            padding: 0 0.45rem;
            border-radius: 999px;
            text-align: center;
            font-size: 0.75rem;
            font-weight: 600;
            line-height: 1.4rem;
            color: var(--yo-muted, #5b6575);
            background: var(--yo-surface, #ffffff);
            border: 1px solid var(--yo-border, #d8dde5);
        }
        .refreshing { font-size: 0.72rem; color: var(--yo-muted, #5b6575); }
        ul {
            list-style: none;
            margin: 0;
            padding: 0.35rem 0.6rem 0.6rem;
            display: flex;
            flex-direction: column;
            gap: 0.5rem;
            min-height: 3rem;
            overflow-y: auto;
        }
        .indicator {
            height: 3px;
            margin: -0.2rem 0;
            border-radius: 2px;
            background: var(--yo-accent, #3158d4);
            box-shadow: 0 0 0 1px var(--yo-surface, #ffffff);
        }
        .note {
            margin: 0;
            padding: 0.75rem;
            border: 1px dashed var(--yo-border, #d8dde5);
            border-radius: 8px;
            font-size: 0.85rem;
            color: var(--yo-muted, #5b6575);
            text-align: center;
        }
        .skeleton {
            height: 2.4rem;
            border-radius: 8px;
            background: linear-gradient(90deg, var(--yo-surface, #fff), var(--yo-border, #d8dde5), var(--yo-surface, #fff));
            background-size: 200% 100%;
            animation: yo-kanban-shimmer 1.2s linear infinite;
        }
        @keyframes yo-kanban-shimmer { from { background-position: 200% 0; } to { background-position: 0 0; } }
        @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
        .error {
            margin: 0 0.6rem 0.5rem;
            padding: 0.5rem 0.6rem;
            border-radius: 8px;
            font-size: 0.85rem;
            color: var(--yo-error-text, #9b1c1c);
            background: var(--yo-error-bg, #fde8e8);
        }
        .error button, footer button {
            font: inherit;
            font-size: 0.8rem;
            padding: 0.25rem 0.6rem;
            border-radius: 6px;
            border: 1px solid var(--yo-border, #d8dde5);
            background: var(--yo-surface, #ffffff);
            color: inherit;
            cursor: pointer;
        }
        footer {
            display: flex;
            gap: 0.4rem;
            padding: 0.5rem 0.6rem 0.65rem;
            border-top: 1px solid var(--yo-border, #d8dde5);
        }
        footer input {
            flex: 1;
            min-width: 0;
            font: inherit;
            font-size: 0.85rem;
            padding: 0.3rem 0.45rem;
            border-radius: 6px;
            border: 1px solid var(--yo-border, #d8dde5);
            background: var(--yo-surface, #ffffff);
            color: inherit;
        }
        footer button {
            background: var(--yo-accent, #3158d4);
            color: var(--yo-accent-text, #ffffff);
            border-color: transparent;
        }
        @media (max-width: 640px) {
            flex-basis: 85vw;
            max-width: 85vw;
        }
        "#
    );

    let list: Rc<Vec<super::Card>> = cards.data.clone().unwrap_or_default();

    // After every render: if the card that should have the focus is here now (a move
    // re-created it in this column, or a reorder moved its element), focus it.
    {
        let focus = props.focus.clone();
        let list_ref = list_ref.clone();
        let ids: Vec<CardId> = list.iter().map(|c| c.id.clone()).collect();
        use_effect(move || {
            if let Some(id) = focus.take_if(|id| ids.contains(id)) {
                focus_card(&list_ref, &id);
            }
        });
    }

    let column_id = props.column.id.clone();
    let slot_of = {
        let list_ref = list_ref.clone();
        move |e: &DragEvent| -> usize {
            list_ref
                .cast::<web_sys::Element>()
                .map(|l| slot_in_list(&l, f64::from(e.client_y())))
                .unwrap_or(0)
        }
    };
    let ondragover = {
        let on_intent = props.on_intent.clone();
        let column = column_id.clone();
        let slot_of = slot_of.clone();
        Callback::from(move |e: DragEvent| {
            // Accepting the drop: without this the browser refuses it.
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("move");
            }
            on_intent.emit(BoardIntent::DragOver {
                column: column.clone(),
                slot: slot_of(&e),
            });
        })
    };
    let ondrop = {
        let on_intent = props.on_intent.clone();
        let column = column_id.clone();
        Callback::from(move |e: DragEvent| {
            // Otherwise the browser navigates to the dropped text.
            e.prevent_default();
            on_intent.emit(BoardIntent::DropAt {
                column: column.clone(),
                slot: slot_of(&e),
            });
        })
    };
    let ondragleave = {
        let on_intent = props.on_intent.clone();
        let column = column_id.clone();
        let section_ref = section_ref.clone();
        Callback::from(move |e: DragEvent| {
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
        })
    };

    let add = {
        let on_intent = props.on_intent.clone();
        let column = column_id.clone();
        let input_ref = input_ref.clone();
        move || {
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
        }
    };
    let on_add_key = {
        let add = add.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                add();
            }
        })
    };
    let on_add_click = Callback::from(move |_: MouseEvent| add());

    let moving_at = props
        .moving
        .as_ref()
        .and_then(|(id, _)| list.iter().position(|c| &c.id == id));
    let slot = props.indicator.map(|i| indicator_slot(i, moving_at));
    let indicator = || {
        html! { <li key="\u{0}drop-indicator" class="indicator" data-testid="drop-indicator" aria-hidden="true"></li> }
    };
    let title_id = dom_id(&["kanban", &props.board, "column", &props.column.id.0]);
    let title = props.column.title.clone();
    let count = list.len();

    let body = if let Some(e) = cards.error.as_ref().filter(|_| cards.data.is_none()) {
        html! {
            <div class="error" data-testid="column-error" role="alert">
                <p>{ format!("Could not load the cards: {e}") }</p>
                <button type="button" onclick={cards.refetch_callback().reform(|_: MouseEvent| ())}>{ "Try again" }</button>
            </div>
        }
    } else if cards.data.is_none() {
        html! {
            <div data-testid="column-loading" role="status" aria-busy="true" style="padding: 0 0.6rem 0.6rem; display: grid; gap: 0.5rem;">
                <span class="refreshing">{ "Loading cards…" }</span>
                <div class="skeleton" aria-hidden="true"></div>
                <div class="skeleton" aria-hidden="true"></div>
            </div>
        }
    } else {
        let cards_html = list.iter().enumerate().flat_map(|(i, card)| {
            let before = (slot == Some(i)).then(indicator);
            let moving = props
                .moving
                .as_ref()
                .filter(|(id, _)| id == &card.id)
                .map(|(_, mode)| *mode);
            let card_html = html! {
                <BoardCard
                    key={card.id.0.clone()}
                    card={card.clone()}
                    column={column_id.clone()}
                    can_move_left={props.can_move_left}
                    can_move_right={props.can_move_right}
                    status={props.status.card(&card.id)}
                    grabbed={moving == Some(MoveMode::Keyboard)}
                    dragging={moving == Some(MoveMode::Pointer)}
                    help_id={props.help_id.clone()}
                    on_intent={props.on_intent.clone()}
                />
            };
            before.into_iter().chain(std::iter::once(card_html))
        });
        let after = (slot == Some(count)).then(indicator);
        html! {
            <>
                <ul ref={list_ref.clone()} aria-labelledby={title_id.clone()}>
                    { for cards_html }
                    { for after }
                </ul>
                if count == 0 && slot.is_none() {
                    <p class="note" data-testid="column-empty" style="margin: 0 0.6rem 0.6rem;">{ "No cards yet. Drop one here or add one below." }</p>
                }
                if let Some(e) = &cards.error {
                    <p class="error" data-testid="column-error" role="alert">{ format!("Could not refresh: {e}") }</p>
                }
            </>
        }
    };

    let failed_adds = props.status.failed_adds.iter().map(|f| {
        let m = f.mutation;
        html! {
            <div key={m.0.to_string()} class="error" data-testid="failed-add" data-state={ItemState::Failed.as_str()}>
                <p data-testid="card-error" role="alert">{ f.error.clone() }</p>
                <button type="button" data-testid="card-retry" onclick={props.on_intent.reform(move |_: MouseEvent| BoardIntent::Retry(m))}>{ "Retry" }</button>
                { " " }
                <button type="button" data-testid="card-dismiss" onclick={props.on_intent.reform(move |_: MouseEvent| BoardIntent::Dismiss(m))}>{ "Dismiss" }</button>
            </div>
        }
    });

    html! {
        <section
            ref={section_ref}
            class={class}
            data-testid="column"
            data-id={props.column.id.0.clone()}
            data-drop-target={slot.is_some().to_string()}
            aria-labelledby={title_id.clone()}
            {ondragover}
            {ondrop}
            {ondragleave}
        >
            <header>
                <h3 id={title_id} data-testid="column-title">{ title.clone() }</h3>
                if cards.is_fetching() && cards.data.is_some() {
                    <span class="refreshing" data-testid="column-refreshing">{ "Refreshing…" }</span>
                }
                <span class="count" data-testid="column-count" aria-label={format!("{count} cards")}>{ count }</span>
            </header>
            { body }
            { for failed_adds }
            <footer>
                <input
                    ref={input_ref}
                    type="text"
                    data-testid="add-card-input"
                    placeholder="Add a card…"
                    aria-label={format!("New card in “{title}”")}
                    onkeydown={on_add_key}
                />
                <button type="button" data-testid="add-card-button" onclick={on_add_click}>{ "Add" }</button>
            </footer>
        </section>
    }
}
