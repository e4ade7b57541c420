//! `ListRow`: the markup of one item of an [`EditableList`](super::EditableList), from
//! `PartialEq` props: a kept row's [`KeyedRow`](super::keyed_row::KeyedRow) reads its
//! item and state and renders it; the list renders it directly for a ghost row.

use super::focus::ListIds;
use super::source::ListItem;
use super::state::{Control, Direction, RowAction, RowFailure, TitleEdit};
use super::strings::ListStrings;
use crate::feedback::{ItemState, StateMark};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ListRowProps<T: ListItem> {
    /// The item as the user should see it (optimistic changes included).
    pub item: T,
    /// Renders the item's content in place of its title (the app's own fields).
    #[prop_or_default]
    pub render_item: Option<Callback<T, Html>>,
    pub strings: Rc<ListStrings>,
    pub state: ItemState,
    #[prop_or_default]
    pub failure: Option<RowFailure>,
    /// Storage refused to keep one of its unsettled changes on this device.
    #[prop_or_default]
    pub not_kept: bool,
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
    pub ids: Rc<ListIds>,
    pub on_action: Callback<RowAction>,
}

/// Whether a key event comes from a text field: Alt+arrows there belong to the field.
fn from_text_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.type_() == "text")
}

/// Alt+↑ / Alt+↓ on any control of a row moves it.
fn move_key(e: &KeyboardEvent) -> Option<Direction> {
    if !e.alt_key() || from_text_field(e) {
        return None;
    }
    match e.key().as_str() {
        "ArrowUp" => Some(Direction::Up),
        "ArrowDown" => Some(Direction::Down),
        _ => None,
    }
}

#[component]
pub(crate) fn ListRow<T: ListItem>(props: &ListRowProps<T>) -> Html {
    let id = props.item.id();
    let (ghost, first, last, done) = (props.ghost, props.first, props.last, props.item.done());
    let title = props.item.title().to_owned();
    let (ids, strings) = (&props.ids, &props.strings);
    let control_id = |c: Control| ids.of(Some(&id), c);
    let with_title = |template: &AttrValue| ListStrings::fill(template, &[("title", &title)]);
    let emit = |action: RowAction| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action.clone()))
    };
    let on_toggle = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |_: Event| on_action.emit(RowAction::Toggle(id.clone(), !done)))
    };
    let on_toggle_key = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |e: KeyboardEvent| {
            // Space toggles a checkbox natively; Enter does not, and users expect it to.
            if e.key() == "Enter" && !ghost {
                e.prevent_default();
                on_action.emit(RowAction::Toggle(id.clone(), !done));
            }
        })
    };
    let on_row_key = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(direction) = move_key(&e).filter(|_| !ghost) else {
                return;
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
    let on_rename = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |t: String| on_action.emit(RowAction::Rename(id.clone(), t)))
    };
    let move_button = |direction: Direction, blocked: bool| {
        let (control, testid, label, icon) = match direction {
            Direction::Up => (Control::MoveUp, "row-move-up", &strings.move_up, "↑"),
            Direction::Down => (Control::MoveDown, "row-move-down", &strings.move_down, "↓"),
        };
        let onclick = if blocked {
            Callback::noop()
        } else {
            emit(RowAction::Move(id.clone(), direction))
        };
        html! {
            <button type="button" class="yo-icon" id={control_id(control)} data-testid={testid}
                aria-label={with_title(label)} aria-keyshortcuts={format!("Alt+Arrow{direction:?}")}
                aria-disabled={blocked.then_some("true")} {onclick}>{ icon }</button>
        }
    };
    let content = props
        .render_item
        .as_ref()
        .map(|render| render.emit(props.item.clone()));
    let state = props.state;
    html! {
        <li
            class={classes!("yo-row", ghost.then_some("yo-ghost"), done.then_some("yo-done"))}
            data-testid="row"
            data-id={id.0.clone()}
            data-state={state.as_str()}
            aria-busy={state.is_unsettled().then_some("true")}
            onkeydown={on_row_key}
        >
            <div class="yo-row-main">
                <input type="checkbox" class="yo-check" id={control_id(Control::Toggle)} data-testid="row-toggle"
                    checked={done} disabled={ghost} aria-label={with_title(&strings.toggle_label)}
                    onchange={on_toggle} onkeydown={on_toggle_key} />
                <RowTitle title={title.clone()} {content} {ghost} title_id={control_id(Control::Title)}
                    input_id={control_id(Control::EditInput)} hint={strings.rename_hint.clone()}
                    input_label={with_title(&strings.rename_label)} {on_rename} />
                if state != ItemState::Confirmed {
                    <StateMark {state} label={match state {
                        ItemState::Failed => strings.not_saved.clone(),
                        ItemState::Waiting => strings.waiting_for_server.clone(),
                        ItemState::Held => strings.not_saved_yet.clone(),
                        _ => strings.saving.clone(),
                    }} />
                }
                if !ghost {
                    <span class="yo-row-actions">
                        { move_button(Direction::Up, first) }
                        { move_button(Direction::Down, last) }
                        <button type="button" class="yo-icon yo-delete" id={control_id(Control::Delete)}
                            data-testid="row-delete" aria-label={with_title(&strings.delete)}
                            onclick={emit(RowAction::Delete(id.clone()))}>{ "✕" }</button>
                    </span>
                }
            </div>
            // Said politely as it appears: a reload now would lose this change.
            <div class="yo-row-note" role="status">
                if props.not_kept {
                    <span data-testid="row-not-kept">{ strings.not_kept.clone() }</span>
                }
            </div>
            if state == ItemState::Held {
                // Kept, not refused: the user decides.
                <div class="yo-row-held" data-testid="row-held">
                    <span class="yo-row-error-text">{ strings.held_note.clone() }</span>
                    <button type="button" class="yo-link" data-testid="row-retry-now"
                        onclick={emit(RowAction::RetryNow(id.clone()))}>{ strings.retry_now.clone() }</button>
                    <button type="button" class="yo-link" data-testid="row-discard"
                        onclick={emit(RowAction::Discard(id.clone()))}>{ strings.discard.clone() }</button>
                </div>
            }
            if let Some(failure) = &props.failure {
                <div class="yo-row-error" role={props.announce.then_some("alert")}>
                    <span class="yo-row-error-text" data-testid="row-error">
                        { strings.refusal(&failure.change, &failure.message) }
                    </span>
                    <button type="button" class="yo-link" id={control_id(Control::Retry)} data-testid="row-retry"
                        onclick={emit(RowAction::Retry(id.clone()))}>{ strings.retry_change.clone() }</button>
                    <button type="button" class="yo-link" id={control_id(Control::Dismiss)} data-testid="row-dismiss"
                        onclick={emit(RowAction::Dismiss(id.clone()))}>{ strings.dismiss.clone() }</button>
                </div>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct RowTitleProps {
    title: String,
    /// What the title shows, when the app renders its items itself.
    #[prop_or_default]
    content: Option<Html>,
    ghost: bool,
    hint: AttrValue,
    input_label: String,
    title_id: String,
    input_id: String,
    on_rename: Callback<String>,
}

/// A row's title: a button that opens an inline editor (click, double-click, Enter or
/// F2); in the editor Enter saves, Escape cancels, and clicking away keeps what was typed.
#[component]
fn RowTitle(props: &RowTitleProps) -> Html {
    // The draft (typing must not render) and the close the blur must see: see TitleEdit.
    let edit = use_mut_ref(TitleEdit::default);
    // Opening and closing render.
    let opened = use_state_eq(|| false);
    let open = edit.borrow().is_open();
    let title_ref = use_node_ref();
    let input_ref = use_node_ref();
    {
        let (title_ref, input_ref, edit) = (title_ref.clone(), input_ref.clone(), edit.clone());
        use_effect_with(open, move |open| {
            if *open {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            } else if edit.borrow_mut().take_refocus() {
                if let Some(title) = title_ref.cast::<HtmlElement>() {
                    let _ = title.focus();
                }
            }
        });
    }
    let start = {
        let (edit, opened, title) = (edit.clone(), opened.clone(), props.title.clone());
        Callback::from(move |()| {
            edit.borrow_mut().start(&title);
            opened.set(true);
        })
    };
    // (save, give the focus back to the title)
    let finish = {
        let (edit, opened) = (edit.clone(), opened.clone());
        let (on_rename, title) = (props.on_rename.clone(), props.title.clone());
        Callback::from(move |(save, refocus): (bool, bool)| {
            let renamed = edit.borrow_mut().finish(save, refocus, &title);
            opened.set(false);
            if let Some(new_title) = renamed {
                on_rename.emit(new_title);
            }
        })
    };
    let shown = props
        .content
        .clone()
        .unwrap_or_else(|| html! { { props.title.clone() } });
    if props.ghost {
        return html! { <span class="yo-title" id={props.title_id.clone()} data-testid="row-title">{ shown }</span> };
    }
    if !open {
        let onkeydown = {
            let start = start.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == "F2" {
                    // Enter would also "click" the button; one way in is enough.
                    e.prevent_default();
                    start.emit(());
                }
            })
        };
        return html! {
            <button ref={title_ref} type="button" class="yo-title" id={props.title_id.clone()}
                data-testid="row-title" title={props.hint.clone()} aria-keyshortcuts="Enter F2"
                onclick={start.reform(|_: MouseEvent| ())} {onkeydown}>
                { shown }
            </button>
        };
    }
    let oninput = {
        let edit = edit.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            edit.borrow_mut().input(input.value());
        })
    };
    let onkeydown = {
        let finish = finish.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                finish.emit((true, true));
            }
            "Escape" => {
                e.prevent_default();
                // An Escape that closes the edit must not also close a dialog around us.
                e.stop_propagation();
                finish.emit((false, true));
            }
            _ => {}
        })
    };
    let draft = edit.borrow().draft().to_owned();
    html! {
        <input ref={input_ref} type="text" class="yo-edit" id={props.input_id.clone()}
            data-testid="row-edit-input" aria-label={props.input_label.clone()}
            value={draft} {oninput} {onkeydown}
            // Clicking away keeps what was typed: a user's change is never dropped silently.
            onblur={finish.reform(|_: FocusEvent| (true, false))} />
    }
}
