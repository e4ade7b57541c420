//! [`BoardCard`]: one card, draggable and keyboard-movable, editable inline, showing
//! its state (pending, waiting for the server, held with Retry now/Discard, confirmed,
//! failed with the reason and Retry/Dismiss) and whether it is kept on this device.

use super::drag::{BoardIntent, MoveDir};
use super::source::{Card, CardId, ColumnId, KanbanCard};
use super::strings::BoardStrings;
use super::style;
use crate::feedback::{ItemState, StateMark};
use optimistic_query::{MutationId, QueryClient};
use std::rc::Rc;
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
    /// Its changes held after unknown outcomes, for Retry now and Discard.
    pub held: Vec<MutationId>,
    /// Storage refused to keep one of its unsettled changes on this device.
    pub not_kept: bool,
}

/// Props of [`BoardCard`] (and of [`BoardCardOf`] for an app's own card type `C`). All
/// compared by value (the callback is stable), so a card re-renders only when what it
/// shows changes.
#[derive(Properties, PartialEq, Clone)]
pub struct BoardCardProps<C: KanbanCard = Card> {
    /// The card.
    pub card: C,
    /// Renders the card's content in place of its title (an app's own fields).
    #[prop_or_default]
    pub render_card: Option<Callback<C, Html>>,
    /// The words it shows (English by default).
    #[prop_or_default]
    pub strings: Rc<BoardStrings>,
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
    /// The card element's `id` (the board gives each card a page-unique one, so it can
    /// put the focus back on the card after a move).
    #[prop_or_default]
    pub element_id: Option<AttrValue>,
    /// Whether the failure message is a live region itself (default); off when a toast
    /// region announces the failure: one event, one announcement.
    #[prop_or(true)]
    pub announce_failure: bool,
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

/// What a key pressed on the card itself asks for.
#[derive(Debug, PartialEq)]
enum CardKey {
    Intent(BoardIntent),
    Rename,
}

/// Space or Enter picks the card up or drops it, the arrows move it while it is picked
/// up, Escape puts it back, F2 renames it.
fn card_key(key: &str, grabbed: bool, id: &CardId) -> Option<CardKey> {
    let intent = match (key, grabbed) {
        (" " | "Spacebar" | "Enter", false) => BoardIntent::PickUp(id.clone()),
        (" " | "Spacebar" | "Enter", true) => BoardIntent::Drop(id.clone()),
        ("Escape" | "Esc", true) => BoardIntent::Cancel(id.clone()),
        ("F2", false) => return Some(CardKey::Rename),
        (k, true) => BoardIntent::Nudge(id.clone(), MoveDir::from_key(k)?),
        _ => return None,
    };
    Some(CardKey::Intent(intent))
}

/// One card of a [`KanbanBoard`](super::KanbanBoard).
///
/// Test ids: the card is `data-testid="card"` with `data-id` (its id) and `data-state`
/// (`pending|waiting|held|confirmed|failed`); inside it `card-note` (a polite live
/// region: waiting, `card-held`, `card-not-kept`), `card-retry-now` and `card-discard`
/// (held), `card-title`, `card-edit` (button),
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
#[component]
pub fn BoardCardOf<C: KanbanCard>(props: &BoardCardProps<C>) -> Html {
    let editing = use_state_eq(|| false);
    // Optional: a card may be shown outside a provider (a static preview); then its
    // held changes have no client to retry or discard through.
    let client = use_context::<QueryClient>();
    let li_ref = use_node_ref();
    let class = use_style(style::card());
    let id = props.card.id();
    let handlers = use_card_handlers(
        id.clone(),
        props.grabbed,
        editing.clone(),
        li_ref.clone(),
        props.on_intent.clone(),
    );
    let words = &props.strings;
    let title = props.card.title().to_owned();

    html! {
        <li
            ref={li_ref.clone()}
            id={props.element_id.clone()}
            class={class}
            data-testid="card"
            data-id={id.0.clone()}
            data-state={props.status.state.as_str()}
            data-grabbed={props.grabbed.to_string()}
            data-dragging={props.dragging.to_string()}
            tabindex="0"
            draggable={(!*editing).to_string()}
            aria-roledescription={words.card_role.clone()}
            aria-label={title.clone()}
            aria-describedby={props.help_id.clone()}
            aria-keyshortcuts="Space Enter ArrowLeft ArrowRight ArrowUp ArrowDown Escape F2"
            onkeydown={handlers.onkeydown}
            onblur={handlers.onblur}
            ondragstart={handlers.ondragstart}
            ondragend={props.on_intent.reform(|_: DragEvent| BoardIntent::DragEnd)}
        >
            if *editing {
                { editor(props, &editing, &li_ref) }
            } else {
                { shown(props, &editing) }
            }
            { failure(&props.status, words, props.announce_failure, &props.on_intent) }
            { unsettled(&props.status, words, &client) }
        </li>
    }
}

/// The card being renamed: its editor, which gives the focus back to the card when it
/// closes.
fn editor<C: KanbanCard>(
    props: &BoardCardProps<C>,
    editing: &UseStateHandle<bool>,
    li_ref: &NodeRef,
) -> Html {
    let close_edit = {
        let (editing, li_ref) = (editing.clone(), li_ref.clone());
        Callback::from(move |()| {
            editing.set(false);
            if let Some(li) = li_ref.cast::<web_sys::HtmlElement>() {
                let _ = li.focus();
            }
        })
    };
    let on_save = {
        let (column, card) = (props.column.clone(), props.card.id());
        props
            .on_intent
            .reform(move |title: String| BoardIntent::Edit {
                column: column.clone(),
                card: card.clone(),
                title,
            })
    };
    let (words, title) = (&props.strings, props.card.title());
    html! {
        <CardEditor title={title.to_owned()} label={BoardStrings::fill(&words.rename_label, &[("title", title)])}
            save={words.save.clone()} cancel={words.cancel.clone()} {on_save} on_close={close_edit} />
    }
}

/// The card as shown: its content and state, and its buttons (rename, move left, move
/// right).
fn shown<C: KanbanCard>(props: &BoardCardProps<C>, editing: &UseStateHandle<bool>) -> Html {
    let (words, title) = (&props.strings, props.card.title());
    let with_title = |t: &AttrValue| BoardStrings::fill(t, &[("title", title)]);
    let shift = |dir: MoveDir| {
        let id = props.card.id();
        props
            .on_intent
            .reform(move |_: MouseEvent| BoardIntent::Shift(id.clone(), dir))
    };
    let start_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let content = match &props.render_card {
        Some(render) => render.emit(props.card.clone()),
        None => html! { { title.to_owned() } },
    };
    let mark = match props.status.state {
        ItemState::Failed => words.not_saved.clone(),
        ItemState::Waiting => words.waiting_for_server.clone(),
        ItemState::Held => words.not_saved_yet.clone(),
        _ => words.saving.clone(),
    };
    html! {
        <>
            <div class="row">
                <span class="title" data-testid="card-title" ondblclick={start_edit.clone()}>{ content }</span>
                <StateMark state={props.status.state} label={mark} />
            </div>
            <div class="actions">
                <button type="button" data-testid="card-edit" aria-label={with_title(&words.rename)}
                    aria-keyshortcuts="F2" onclick={start_edit}>{ "✎" }</button>
                <button type="button" data-testid="card-move-left" aria-label={with_title(&words.move_left)}
                    disabled={!props.can_move_left} onclick={shift(MoveDir::Left)}>{ "←" }</button>
                <button type="button" data-testid="card-move-right" aria-label={with_title(&words.move_right)}
                    disabled={!props.can_move_right} onclick={shift(MoveDir::Right)}>{ "→" }</button>
            </div>
        </>
    }
}

/// [`BoardCardOf`] over the crate's own [`Card`].
pub type BoardCard = BoardCardOf<Card>;

/// The card's own event handlers: keys (pick up, move, drop, cancel, rename), leaving a
/// picked-up card (puts it back), and the start of a pointer drag.
struct CardHandlers {
    onkeydown: Callback<KeyboardEvent>,
    onblur: Callback<FocusEvent>,
    ondragstart: Callback<DragEvent>,
}

#[hook]
fn use_card_handlers(
    id: CardId,
    grabbed: bool,
    editing: UseStateHandle<bool>,
    li_ref: NodeRef,
    on_intent: Callback<BoardIntent>,
) -> CardHandlers {
    CardHandlers {
        onkeydown: card_keydown(
            id.clone(),
            grabbed,
            editing.clone(),
            li_ref.clone(),
            on_intent.clone(),
        ),
        onblur: card_blur(id.clone(), grabbed, li_ref, on_intent.clone()),
        ondragstart: card_dragstart(id, editing, on_intent),
    }
}

/// Keys on the card: pick up, move, drop, cancel ([`card_key`]) or rename.
fn card_keydown(
    id: CardId,
    grabbed: bool,
    editing: UseStateHandle<bool>,
    li_ref: NodeRef,
    on_intent: Callback<BoardIntent>,
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        // Keys pressed in the card's buttons and input bubble here; only the card
        // itself moves. (Yew delegates events, so `current_target` is the app root,
        // not this element: compare with the card's own node.)
        if !is_node(&li_ref, e.target()) {
            return;
        }
        let Some(action) = card_key(&e.key(), grabbed, &id) else {
            return;
        };
        // Space would scroll the page and arrows scroll the column.
        e.prevent_default();
        match action {
            CardKey::Intent(intent) => on_intent.emit(intent),
            CardKey::Rename => editing.set(true),
        }
    })
}

/// Leaving the card: a picked-up card is put back.
fn card_blur(
    id: CardId,
    grabbed: bool,
    li_ref: NodeRef,
    on_intent: Callback<BoardIntent>,
) -> Callback<FocusEvent> {
    Callback::from(move |e: FocusEvent| {
        // Tabbing away from a picked-up card puts it back, so no card stays "in the
        // air"; blurs of the card's own buttons do not count.
        if grabbed && is_node(&li_ref, e.target()) {
            on_intent.emit(BoardIntent::Cancel(id.clone()));
        }
    })
}

/// The start of a pointer drag (not while the title is edited).
fn card_dragstart(
    id: CardId,
    editing: UseStateHandle<bool>,
    on_intent: Callback<BoardIntent>,
) -> Callback<DragEvent> {
    Callback::from(move |e: DragEvent| {
        if *editing {
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
}

/// Waiting for the server, held (with Retry now and Discard), not kept on this device:
/// said in a polite live region, so it is heard as it appears.
fn unsettled(status: &CardStatus, words: &BoardStrings, client: &Option<QueryClient>) -> Html {
    let held = status.state == ItemState::Held && !status.held.is_empty() && client.is_some();
    let act = |discard: bool| {
        let (client, ids) = (client.clone(), status.held.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(client) = &client else { return };
            for id in &ids {
                if discard {
                    client.discard_mutation(*id);
                } else {
                    client.retry_mutation_now(*id);
                }
            }
        })
    };
    html! {
        <div class="held">
            <p class="note" role="status" data-testid="card-note">
                if status.state == ItemState::Waiting {
                    <span class="sr-only">{ words.waiting_for_server.clone() }</span>
                }
                if held { <span data-testid="card-held">{ words.held_note.clone() }</span> }
                if status.not_kept {
                    { " " }<span data-testid="card-not-kept">{ words.not_kept.clone() }</span>
                }
            </p>
            if held {
                <button type="button" data-testid="card-retry-now" onclick={act(false)}>{ words.retry_now.clone() }</button>
                <button type="button" data-testid="card-discard" onclick={act(true)}>{ words.discard.clone() }</button>
            }
        </div>
    }
}

/// Why the card's last change failed, with Retry and Dismiss.
fn failure(
    status: &CardStatus,
    words: &BoardStrings,
    announce: bool,
    on_intent: &Callback<BoardIntent>,
) -> Html {
    let Some(mutation) = status.failed else {
        return Html::default();
    };
    let error = status.error.clone();
    html! {
        <div class="failure">
            <p data-testid="card-error" role={announce.then_some("alert")}>
                { error.unwrap_or_else(|| words.not_saved_fallback.clone()) }
            </p>
            <button type="button" data-testid="card-retry"
                onclick={on_intent.reform(move |_: MouseEvent| BoardIntent::Retry(mutation))}>{ words.retry.clone() }</button>
            <button type="button" data-testid="card-dismiss"
                onclick={on_intent.reform(move |_: MouseEvent| BoardIntent::Dismiss(mutation))}>{ words.dismiss.clone() }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CardEditorProps {
    title: String,
    label: String,
    save: AttrValue,
    cancel: AttrValue,
    /// A new title (trimmed, maybe unchanged: the board skips no-ops).
    on_save: Callback<String>,
    /// The editor closes (saved or cancelled); the card takes the focus back.
    on_close: Callback<()>,
}

/// The inline title editor of a card: Enter or Save saves, Escape or Cancel cancels.
#[component]
fn CardEditor(props: &CardEditorProps) -> Html {
    let input_ref = use_node_ref();
    {
        // Focus the input when editing starts, with the text selected for replacing.
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let save = {
        let (input_ref, on_save, on_close) = (
            input_ref.clone(),
            props.on_save.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |()| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                on_save.emit(input.value());
            }
            on_close.emit(());
        })
    };
    let onkeydown = {
        let (save, on_close) = (save.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                save.emit(());
            }
            "Escape" | "Esc" => {
                e.prevent_default();
                on_close.emit(());
            }
            _ => {}
        })
    };
    let title = &props.title;
    html! {
        <>
            <div class="row">
                <input ref={input_ref} class="edit" data-testid="card-edit-input"
                    aria-label={props.label.clone()} value={title.clone()} {onkeydown} />
            </div>
            <div class="actions">
                <button type="button" data-testid="card-edit-save" onclick={save.reform(|_: MouseEvent| ())}>{ props.save.clone() }</button>
                <button type="button" data-testid="card-edit-cancel" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ props.cancel.clone() }</button>
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_on_a_card_pick_up_move_drop_cancel_and_rename() {
        let id = CardId("c1".into());
        let intent = |k, g| match card_key(k, g, &id) {
            Some(CardKey::Intent(i)) => Some(i),
            _ => None,
        };
        assert_eq!(intent(" ", false), Some(BoardIntent::PickUp(id.clone())));
        assert_eq!(intent("Enter", true), Some(BoardIntent::Drop(id.clone())));
        assert_eq!(
            intent("Escape", true),
            Some(BoardIntent::Cancel(id.clone()))
        );
        assert_eq!(
            intent("ArrowLeft", true),
            Some(BoardIntent::Nudge(id.clone(), MoveDir::Left))
        );
        assert_eq!(
            intent("ArrowLeft", false),
            None,
            "arrows scroll unless picked up"
        );
        assert_eq!(card_key("F2", false, &id), Some(CardKey::Rename));
        assert_eq!(card_key("x", true, &id), None);
    }
}
