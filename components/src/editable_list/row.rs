//! `ListRow`: one item of an [`EditableList`](super::EditableList). It is its own
//! component with `PartialEq` props, so a change to one row of a thousand re-renders that
//! row and the list, not the other rows.

use super::source::{Item, ItemId, ListChange};
use crate::feedback::{ItemState, StateMark};
use optimistic_query::MutationId;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Which way a row moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Up,
    Down,
}

/// What a row asks its list to do. One callback carries all of them, so a row's props
/// hold one stable callback instead of seven.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RowAction {
    Toggle(ItemId, bool),
    Rename(ItemId, String),
    Delete(ItemId),
    Move(ItemId, Direction),
    Retry(ItemId),
    Dismiss(ItemId),
}

/// Why a row's last change did not stick: the change (so Retry can send it again and the
/// message can say what failed) and the server's reason.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RowFailure {
    /// The refused call, kept in the mutation cache until the user retries or dismisses.
    pub mutation: MutationId,
    pub change: ListChange,
    pub message: AttrValue,
}

#[derive(Properties, PartialEq)]
pub(crate) struct ListRowProps {
    /// The item as the user should see it (optimistic changes included).
    pub item: Item,
    pub state: ItemState,
    #[prop_or_default]
    pub failure: Option<RowFailure>,
    /// A failed add: the item is not in the list, the row only keeps the user's text
    /// with Retry and Dismiss.
    #[prop_or_default]
    pub ghost: bool,
    #[prop_or_default]
    pub first: bool,
    #[prop_or_default]
    pub last: bool,
    /// No toast region above: the row's own error strip is the live region.
    #[prop_or_default]
    pub announce: bool,
    pub on_action: Callback<RowAction>,
    /// Test hook: told on every render of this row.
    #[prop_or_default]
    pub on_render: Option<Callback<ItemId>>,
}

fn key_is(e: &KeyboardEvent, key: &str) -> bool {
    e.key() == key
}

#[function_component]
pub(crate) fn ListRow(props: &ListRowProps) -> Html {
    if let Some(on_render) = &props.on_render {
        on_render.emit(props.item.id.clone());
    }
    let editing = use_state_eq(|| false);
    let draft = use_state_eq(String::new);
    // Whether an edit is open. A ref, not state: the input's `blur` (fired when Enter or
    // Escape removes it) must see that the edit already ended, not the render's copy.
    let live = use_mut_ref(|| false);
    // Give focus back to the title when the edit closes by keyboard (not when the user
    // clicked elsewhere: then focus belongs where they clicked).
    let return_focus = use_mut_ref(|| false);
    let title_ref = use_node_ref();
    let input_ref = use_node_ref();
    {
        let (title_ref, input_ref, return_focus) =
            (title_ref.clone(), input_ref.clone(), return_focus.clone());
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            } else if std::mem::take(&mut *return_focus.borrow_mut()) {
                if let Some(title) = title_ref.cast::<HtmlElement>() {
                    let _ = title.focus();
                }
            }
        });
    }

    let id = props.item.id.clone();
    let title = props.item.title.clone();
    let done = props.item.done;
    let ghost = props.ghost;

    let start_edit = {
        let (editing, draft, live, title) =
            (editing.clone(), draft.clone(), live.clone(), title.clone());
        Callback::from(move |()| {
            if ghost {
                return;
            }
            draft.set(title.clone());
            *live.borrow_mut() = true;
            editing.set(true);
        })
    };
    let finish_edit = {
        let (editing, draft, live, return_focus) = (
            editing.clone(),
            draft.clone(),
            live.clone(),
            return_focus.clone(),
        );
        let (on_action, id, title) = (props.on_action.clone(), id.clone(), title.clone());
        // (save, give focus back to the title)
        Callback::from(move |(save, refocus): (bool, bool)| {
            if !std::mem::take(&mut *live.borrow_mut()) {
                return;
            }
            *return_focus.borrow_mut() = refocus;
            editing.set(false);
            let new_title = draft.trim();
            // An emptied title is taken as "never mind": deleting is its own button.
            if save && !new_title.is_empty() && new_title != title {
                on_action.emit(RowAction::Rename(id.clone(), new_title.to_string()));
            }
        })
    };

    let on_title_key = {
        let start_edit = start_edit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if key_is(&e, "Enter") || key_is(&e, "F2") {
                // Enter would also "click" the button; one way in is enough.
                e.prevent_default();
                start_edit.emit(());
            }
        })
    };
    let on_title_click = start_edit.reform(|_: MouseEvent| ());
    let on_edit_key = {
        let finish_edit = finish_edit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if key_is(&e, "Enter") {
                e.prevent_default();
                finish_edit.emit((true, true));
            } else if key_is(&e, "Escape") {
                e.prevent_default();
                // An Escape that closes the edit must not also close a dialog around us.
                e.stop_propagation();
                finish_edit.emit((false, true));
            }
        })
    };
    let on_edit_input = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            draft.set(input.value());
        })
    };
    // Clicking away keeps what was typed: a user's change is never dropped silently.
    let on_edit_blur = finish_edit.reform(|_: FocusEvent| (true, false));

    let on_toggle = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |_: Event| on_action.emit(RowAction::Toggle(id.clone(), !done)))
    };
    let on_toggle_key = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |e: KeyboardEvent| {
            // Space toggles a checkbox natively; Enter does not, and users expect it to.
            if key_is(&e, "Enter") && !ghost {
                e.prevent_default();
                on_action.emit(RowAction::Toggle(id.clone(), !done));
            }
        })
    };
    let (first, last) = (props.first, props.last);
    let on_row_key = {
        let (on_action, id, editing) = (props.on_action.clone(), id.clone(), *editing);
        Callback::from(move |e: KeyboardEvent| {
            if !e.alt_key() || editing || ghost {
                return;
            }
            let direction = match e.key().as_str() {
                "ArrowUp" => Direction::Up,
                "ArrowDown" => Direction::Down,
                _ => return,
            };
            e.prevent_default();
            let blocked = match direction {
                Direction::Up => first,
                Direction::Down => last,
            };
            if !blocked {
                on_action.emit(RowAction::Move(id.clone(), direction));
            }
        })
    };
    let emit = |action: RowAction| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let move_up = if first {
        Callback::noop()
    } else {
        emit(RowAction::Move(id.clone(), Direction::Up))
    };
    let move_down = if last {
        Callback::noop()
    } else {
        emit(RowAction::Move(id.clone(), Direction::Down))
    };

    let state = props.state;
    html! {
        <li
            class={classes!("yo-row", ghost.then_some("yo-ghost"), done.then_some("yo-done"))}
            data-testid="row"
            data-id={id.0.clone()}
            data-state={state.as_str()}
            aria-busy={(state == ItemState::Pending).then_some("true")}
            tabindex="-1"
            onkeydown={on_row_key}
        >
            <div class="yo-row-main">
                <input
                    type="checkbox"
                    class="yo-check"
                    data-testid="row-toggle"
                    checked={done}
                    disabled={ghost}
                    aria-label={format!("Done: {title}")}
                    onchange={on_toggle}
                    onkeydown={on_toggle_key}
                />
                if *editing {
                    <input
                        ref={input_ref}
                        type="text"
                        class="yo-edit"
                        data-testid="row-edit-input"
                        aria-label={format!("Rename {title}")}
                        value={(*draft).clone()}
                        oninput={on_edit_input}
                        onkeydown={on_edit_key}
                        onblur={on_edit_blur}
                    />
                } else if ghost {
                    <span class="yo-title" data-testid="row-title">{ title.clone() }</span>
                } else {
                    <button
                        ref={title_ref}
                        type="button"
                        class="yo-title"
                        data-testid="row-title"
                        title="Rename: click, Enter or F2"
                        onclick={on_title_click}
                        ondblclick={start_edit.reform(|_: MouseEvent| ())}
                        onkeydown={on_title_key}
                    >
                        { title.clone() }
                    </button>
                }
                if state != ItemState::Confirmed {
                    <StateMark {state} />
                }
                if !ghost {
                    <span class="yo-row-actions">
                        <button type="button" class="yo-icon" data-testid="row-move-up"
                            aria-label={format!("Move {title} up")}
                            aria-disabled={first.then_some("true")}
                            onclick={move_up}>{ "↑" }</button>
                        <button type="button" class="yo-icon" data-testid="row-move-down"
                            aria-label={format!("Move {title} down")}
                            aria-disabled={last.then_some("true")}
                            onclick={move_down}>{ "↓" }</button>
                        <button type="button" class="yo-icon yo-delete" data-testid="row-delete"
                            aria-label={format!("Delete {title}")}
                            onclick={emit(RowAction::Delete(id.clone()))}>{ "✕" }</button>
                    </span>
                }
            </div>
            if let Some(failure) = &props.failure {
                <div class="yo-row-error" role={props.announce.then_some("alert")}>
                    <span class="yo-row-error-text" data-testid="row-error">
                        { format!("Couldn't {}: {}", failure.change.describe(), failure.message) }
                    </span>
                    <button type="button" class="yo-link" data-testid="row-retry"
                        onclick={emit(RowAction::Retry(id.clone()))}>{ "Retry" }</button>
                    <button type="button" class="yo-link" data-testid="row-dismiss"
                        onclick={emit(RowAction::Dismiss(id.clone()))}>{ "Dismiss" }</button>
                </div>
            }
        </li>
    }
}
