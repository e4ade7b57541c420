//! [`BoardCard`]: one card, draggable and keyboard-movable, editable inline, showing
//! its state (pending, confirmed, failed with the reason and Retry/Dismiss).

use super::drag::{BoardIntent, MoveDir};
use super::source::{Card, ColumnId};
use crate::feedback::{ItemState, StateMark};
use optimistic_query::MutationId;
use stylist::yew::use_style;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Where a card stands with the server, as its column shows it.
///
/// ```
/// use yew_optimistic::kanban::CardStatus;
/// use yew_optimistic::feedback::ItemState;
/// assert_eq!(CardStatus::default().state, ItemState::Confirmed);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardStatus {
    /// Confirmed, pending (a change is on its way) or failed (the last change was
    /// refused and rolled back).
    pub state: ItemState,
    /// Why the last change failed, in words for the user.
    pub error: Option<AttrValue>,
    /// The failed change, for Retry and Dismiss.
    pub failed: Option<MutationId>,
}

/// Props of [`BoardCard`]. All compared by value (the callback is stable), so a card
/// re-renders only when what it shows changes.
#[derive(Properties, PartialEq, Clone)]
pub struct BoardCardProps {
    /// The card.
    pub card: Card,
    /// The column it is in.
    pub column: ColumnId,
    /// Whether there is a column to its left (enables "move left").
    #[prop_or_default]
    pub can_move_left: bool,
    /// Whether there is a column to its right (enables "move right").
    #[prop_or_default]
    pub can_move_right: bool,
    /// Its state with the server.
    #[prop_or_default]
    pub status: CardStatus,
    /// Picked up with the keyboard.
    #[prop_or_default]
    pub grabbed: bool,
    /// Being dragged with a pointer.
    #[prop_or_default]
    pub dragging: bool,
    /// Id of the element that explains the keyboard controls (`aria-describedby`).
    #[prop_or_default]
    pub help_id: Option<AttrValue>,
    /// Where the card's requests go (the board's one stable callback).
    pub on_intent: Callback<BoardIntent>,
}

/// Whether `target` is the element behind `node`.
fn is_node(node: &NodeRef, target: Option<web_sys::EventTarget>) -> bool {
    match (node.get(), target) {
        (Some(n), Some(t)) => {
            AsRef::<wasm_bindgen::JsValue>::as_ref(&n) == AsRef::<wasm_bindgen::JsValue>::as_ref(&t)
        }
        _ => false,
    }
}

/// One card of a [`KanbanBoard`](super::KanbanBoard).
///
/// Test ids: the card is `data-testid="card"` with `data-id` (its id) and `data-state`
/// (`pending|confirmed|failed`); inside it `card-title`, `card-edit` (button),
/// `card-edit-input`, `card-move-left`, `card-move-right`, and when a change failed
/// `card-error`, `card-retry`, `card-dismiss`.
///
/// Keyboard (on the focused card): Space or Enter picks it up or drops it, the arrow keys
/// move it, Escape puts it back; F2 renames it.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::kanban::{BoardCard, Card, CardId, ColumnId};
/// let card = Card { id: CardId("c1".into()), title: "Ship it".into() };
/// let _ = html! {
///     <BoardCard {card} column={ColumnId("todo".into())} on_intent={Callback::noop()} />
/// };
/// ```
#[function_component]
pub fn BoardCard(props: &BoardCardProps) -> Html {
    let editing = use_state_eq(|| false);
    let li_ref = use_node_ref();
    let input_ref = use_node_ref();
    let class = use_style!(
        r#"
        position: relative;
        display: flex;
        flex-direction: column;
        gap: 0.35rem;
        padding: 0.55rem 0.65rem;
        border: 1px solid var(--yo-border, #d8dde5);
        border-radius: 8px;
        background: var(--yo-surface, #ffffff);
        color: var(--yo-text, #1d2430);
        box-shadow: var(--yo-shadow, 0 1px 2px rgba(16,24,40,.08));
        cursor: grab;
        transition: box-shadow 120ms ease, opacity 120ms ease;
        &:focus-visible {
            outline: 3px solid var(--yo-focus, #ffb020);
            outline-offset: 2px;
        }
        &[data-state="pending"] {
            border-style: dashed;
            border-color: var(--yo-pending-text, #7a4b00);
        }
        &[data-state="failed"] {
            border-color: var(--yo-error-text, #9b1c1c);
            background: var(--yo-error-bg, #fde8e8);
        }
        &[data-grabbed="true"] {
            outline: 3px solid var(--yo-accent, #3158d4);
            outline-offset: 1px;
            box-shadow: 0 8px 20px rgba(16,24,40,.18);
        }
        &[data-dragging="true"] { opacity: 0.45; }
        .row { display: flex; align-items: flex-start; gap: 0.5rem; }
        .title {
            flex: 1;
            min-width: 0;
            overflow-wrap: anywhere;
            line-height: 1.35;
        }
        .edit {
            flex: 1;
            min-width: 0;
            font: inherit;
            padding: 0.2rem 0.35rem;
            border: 1px solid var(--yo-accent, #3158d4);
            border-radius: 4px;
            background: var(--yo-surface, #ffffff);
            color: inherit;
        }
        .actions {
            display: flex;
            gap: 0.25rem;
            justify-content: flex-end;
            opacity: 0.55;
        }
        &:hover .actions, &:focus-within .actions { opacity: 1; }
        .actions button, .failure button {
            font: inherit;
            font-size: 0.75rem;
            padding: 0.1rem 0.45rem;
            border-radius: 4px;
            border: 1px solid var(--yo-border, #d8dde5);
            background: var(--yo-surface-2, #f1f3f6);
            color: inherit;
            cursor: pointer;
        }
        .actions button:disabled { opacity: 0.4; cursor: default; }
        .failure {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.35rem;
            font-size: 0.8rem;
            color: var(--yo-error-text, #9b1c1c);
        }
        .failure p { margin: 0; flex-basis: 100%; }
        @media (prefers-reduced-motion: reduce) {
            transition: none;
        }
        "#
    );

    // Focus the title input when editing starts, with the text selected for replacing.
    {
        let input_ref = input_ref.clone();
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }

    let id = props.card.id.clone();
    let focus_card = {
        let li_ref = li_ref.clone();
        move || {
            if let Some(li) = li_ref.cast::<web_sys::HtmlElement>() {
                let _ = li.focus();
            }
        }
    };
    let start_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let onkeydown = {
        let on_intent = props.on_intent.clone();
        let editing = editing.clone();
        let grabbed = props.grabbed;
        let id = id.clone();
        let li_ref = li_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Keys pressed in the card's buttons and input bubble here; only the card
            // itself moves. (Yew delegates events, so `current_target` is the app root,
            // not this element: compare with the card's own node.)
            if !is_node(&li_ref, e.target()) {
                return;
            }
            let key = e.key();
            let intent = match (key.as_str(), grabbed) {
                (" " | "Spacebar" | "Enter", false) => BoardIntent::PickUp(id.clone()),
                (" " | "Spacebar" | "Enter", true) => BoardIntent::Drop(id.clone()),
                ("Escape" | "Esc", true) => BoardIntent::Cancel(id.clone()),
                ("F2", false) => {
                    e.prevent_default();
                    editing.set(true);
                    return;
                }
                (k, true) => match MoveDir::from_key(k) {
                    Some(dir) => BoardIntent::Nudge(id.clone(), dir),
                    None => return,
                },
                _ => return,
            };
            // Space would scroll the page and arrows scroll the column.
            e.prevent_default();
            on_intent.emit(intent);
        })
    };
    let onblur = {
        let on_intent = props.on_intent.clone();
        let grabbed = props.grabbed;
        let id = id.clone();
        let li_ref = li_ref.clone();
        Callback::from(move |e: FocusEvent| {
            // Tabbing away from a picked-up card puts it back, so no card stays "in the
            // air"; blurs of the card's own buttons do not count.
            if grabbed && is_node(&li_ref, e.target()) {
                on_intent.emit(BoardIntent::Cancel(id.clone()));
            }
        })
    };
    let ondragstart = {
        let on_intent = props.on_intent.clone();
        let id = id.clone();
        let editing = *editing;
        Callback::from(move |e: DragEvent| {
            if editing {
                // Selecting text in the title input must not drag the card.
                e.prevent_default();
                return;
            }
            if let Some(dt) = e.data_transfer() {
                // Some browsers start a drag only when data is set.
                let _ = dt.set_data("text/plain", &id.0);
                dt.set_effect_allowed("move");
            }
            on_intent.emit(BoardIntent::DragStart(id.clone()));
        })
    };
    let ondragend = props.on_intent.reform(|_: DragEvent| BoardIntent::DragEnd);

    let save = {
        let editing = editing.clone();
        let input_ref = input_ref.clone();
        let on_intent = props.on_intent.clone();
        let column = props.column.clone();
        let id = id.clone();
        let current = props.card.title.clone();
        let focus_card = focus_card.clone();
        move || {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let title = input.value().trim().to_string();
                if !title.is_empty() && title != current {
                    on_intent.emit(BoardIntent::Edit {
                        column: column.clone(),
                        card: id.clone(),
                        title,
                    });
                }
            }
            editing.set(false);
            focus_card();
        }
    };
    let cancel_edit = {
        let editing = editing.clone();
        let focus_card = focus_card.clone();
        move || {
            editing.set(false);
            focus_card();
        }
    };
    let on_edit_key = {
        let save = save.clone();
        let cancel_edit = cancel_edit.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                save();
            }
            "Escape" | "Esc" => {
                e.prevent_default();
                cancel_edit();
            }
            _ => {}
        })
    };
    let on_save_click = Callback::from(move |_: MouseEvent| save());
    let on_cancel_click = Callback::from(move |_: MouseEvent| cancel_edit());

    let title = props.card.title.clone();
    let failure = props.status.failed.map(|mutation| {
        let retry = props.on_intent.reform(move |_: MouseEvent| BoardIntent::Retry(mutation));
        let dismiss = props
            .on_intent
            .reform(move |_: MouseEvent| BoardIntent::Dismiss(mutation));
        html! {
            <div class="failure">
                <p data-testid="card-error" role="alert">
                    { props.status.error.clone().unwrap_or_else(|| AttrValue::from("The change was not saved.")) }
                </p>
                <button type="button" data-testid="card-retry" onclick={retry}>{ "Retry" }</button>
                <button type="button" data-testid="card-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        }
    });

    html! {
        <li
            ref={li_ref}
            class={class}
            data-testid="card"
            data-id={id.0.clone()}
            data-state={props.status.state.as_str()}
            data-grabbed={props.grabbed.to_string()}
            data-dragging={props.dragging.to_string()}
            tabindex="0"
            draggable={(!*editing).to_string()}
            aria-roledescription="draggable card"
            aria-label={title.clone()}
            aria-describedby={props.help_id.clone()}
            {onkeydown}
            {onblur}
            {ondragstart}
            {ondragend}
        >
            <div class="row">
                if *editing {
                    <input
                        ref={input_ref}
                        class="edit"
                        data-testid="card-edit-input"
                        aria-label={format!("New title for “{title}”")}
                        value={title.clone()}
                        onkeydown={on_edit_key}
                    />
                } else {
                    <span class="title" data-testid="card-title" ondblclick={start_edit.clone()}>{ title.clone() }</span>
                }
                <StateMark state={props.status.state} />
            </div>
            if *editing {
                <div class="actions">
                    <button type="button" data-testid="card-edit-save" onclick={on_save_click}>{ "Save" }</button>
                    <button type="button" data-testid="card-edit-cancel" onclick={on_cancel_click}>{ "Cancel" }</button>
                </div>
            } else {
                <div class="actions">
                    <button type="button" data-testid="card-edit" aria-label={format!("Rename “{title}”")} onclick={start_edit}>{ "✎" }</button>
                    <button
                        type="button"
                        data-testid="card-move-left"
                        aria-label={format!("Move “{title}” to the previous column")}
                        disabled={!props.can_move_left}
                        onclick={props.on_intent.reform({ let id = id.clone(); move |_: MouseEvent| BoardIntent::Shift(id.clone(), MoveDir::Left) })}
                    >{ "←" }</button>
                    <button
                        type="button"
                        data-testid="card-move-right"
                        aria-label={format!("Move “{title}” to the next column")}
                        disabled={!props.can_move_right}
                        onclick={props.on_intent.reform({ let id = id.clone(); move |_: MouseEvent| BoardIntent::Shift(id.clone(), MoveDir::Right) })}
                    >{ "→" }</button>
                </div>
            }
            { for failure }
        </li>
    }
}
