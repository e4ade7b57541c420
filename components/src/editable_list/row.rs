//! `ListRow`: the markup of one item of an [`EditableList`](super::EditableList), from
//! `PartialEq` props: a kept row's [`KeyedRow`](super::keyed_row::KeyedRow) reads its
//! item and state and renders it; the list renders it directly for a ghost row.

use super::focus::ListIds;
use super::source::{ItemId, ListItem};
use super::state::{Control, Direction, RowAction, RowFailure, TitleEdit};
use super::strings::ListStrings;
use crate::feedback::{ItemState, StateMark};
use std::cell::RefCell;
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
    let row = Row {
        id: props.item.id(),
        title: props.item.title().to_owned(),
        ids: &props.ids,
        strings: &props.strings,
        on_action: &props.on_action,
    };
    let (ghost, first, last, done) = (props.ghost, props.first, props.last, props.item.done());
    let (id, strings) = (&row.id, row.strings);
    let on_toggle = row
        .send(RowAction::Toggle(row.id.clone(), !done))
        .reform(|_: Event| ());
    let on_rename = {
        let (on_action, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |t: String| on_action.emit(RowAction::Rename(id.clone(), t)))
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
            onkeydown={(!ghost).then(|| row.move_keys(first, last))}
        >
            <div class="yo-row-main">
                <input type="checkbox" class="yo-check" id={row.control_id(Control::Toggle)} data-testid="row-toggle"
                    checked={done} disabled={ghost} aria-label={row.with_title(&strings.toggle_label)}
                    onchange={on_toggle} onkeydown={(!ghost).then(|| row.enter_toggles(done))} />
                <RowTitle title={row.title.clone()} {content} {ghost} title_id={row.control_id(Control::Title)}
                    input_id={row.control_id(Control::EditInput)} hint={strings.rename_hint.clone()}
                    input_label={row.with_title(&strings.rename_label)} {on_rename} />
                if state != ItemState::Confirmed {
                    <StateMark {state} label={state_words(strings, state)} />
                }
                if !ghost {
                    { row.actions(first, last) }
                }
            </div>
            // Said politely as it appears: a reload now would lose this change.
            <div class="yo-row-note" role="status">
                if props.not_kept {
                    <span data-testid="row-not-kept">{ strings.not_kept.clone() }</span>
                }
            </div>
            if state == ItemState::Held {
                { row.held() }
            }
            if let Some(failure) = &props.failure {
                { row.failure(failure, props.announce) }
            }
        </li>
    }
}

/// The words of a row's state mark.
fn state_words(strings: &ListStrings, state: ItemState) -> AttrValue {
    match state {
        ItemState::Failed => strings.not_saved.clone(),
        ItemState::Waiting => strings.waiting_for_server.clone(),
        ItemState::Held => strings.not_saved_yet.clone(),
        _ => strings.saving.clone(),
    }
}

/// What the parts of one row's markup share: its item's id and title, the list's ids
/// and words, and where its actions go.
struct Row<'a> {
    id: ItemId,
    title: String,
    ids: &'a ListIds,
    strings: &'a ListStrings,
    on_action: &'a Callback<RowAction>,
}

impl Row<'_> {
    fn control_id(&self, control: Control) -> String {
        self.ids.of(Some(&self.id), control)
    }

    fn with_title(&self, template: &AttrValue) -> String {
        ListStrings::fill(template, &[("title", &self.title)])
    }

    /// A callback that sends `action`.
    fn send(&self, action: RowAction) -> Callback<()> {
        let on_action = self.on_action.clone();
        Callback::from(move |()| on_action.emit(action.clone()))
    }

    /// A click that sends `action` of this row.
    fn click(&self, action: fn(ItemId) -> RowAction) -> Callback<MouseEvent> {
        self.send(action(self.id.clone()))
            .reform(|_: MouseEvent| ())
    }

    /// Enter on the checkbox ticks it too (Space does natively; users expect Enter to).
    fn enter_toggles(&self, done: bool) -> Callback<KeyboardEvent> {
        let toggle = self.send(RowAction::Toggle(self.id.clone(), !done));
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                toggle.emit(());
            }
        })
    }

    /// Alt+↑ / Alt+↓ anywhere in the row moves it, but not past the list's ends.
    fn move_keys(&self, first: bool, last: bool) -> Callback<KeyboardEvent> {
        let (on_action, id) = (self.on_action.clone(), self.id.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(direction) = move_key(&e) else {
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
    }

    fn move_button(&self, direction: Direction, blocked: bool) -> Html {
        let strings = self.strings;
        let (control, testid, label, icon) = match direction {
            Direction::Up => (Control::MoveUp, "row-move-up", &strings.move_up, "↑"),
            Direction::Down => (Control::MoveDown, "row-move-down", &strings.move_down, "↓"),
        };
        let onclick = if blocked {
            Callback::noop()
        } else {
            self.send(RowAction::Move(self.id.clone(), direction))
                .reform(|_: MouseEvent| ())
        };
        html! {
            <button type="button" class="yo-icon" id={self.control_id(control)} data-testid={testid}
                aria-label={self.with_title(label)} aria-keyshortcuts={format!("Alt+Arrow{direction:?}")}
                aria-disabled={blocked.then_some("true")} {onclick}>{ icon }</button>
        }
    }

    /// Move up, move down, delete.
    fn actions(&self, first: bool, last: bool) -> Html {
        html! {
            <span class="yo-row-actions">
                { self.move_button(Direction::Up, first) }
                { self.move_button(Direction::Down, last) }
                <button type="button" class="yo-icon yo-delete" id={self.control_id(Control::Delete)}
                    data-testid="row-delete" aria-label={self.with_title(&self.strings.delete)}
                    onclick={self.click(RowAction::Delete)}>{ "✕" }</button>
            </span>
        }
    }

    /// Kept, not refused: the user decides.
    fn held(&self) -> Html {
        let strings = self.strings;
        html! {
            <div class="yo-row-held" data-testid="row-held">
                <span class="yo-row-error-text">{ strings.held_note.clone() }</span>
                <button type="button" class="yo-link" data-testid="row-retry-now"
                    onclick={self.click(RowAction::RetryNow)}>{ strings.retry_now.clone() }</button>
                <button type="button" class="yo-link" data-testid="row-discard"
                    onclick={self.click(RowAction::Discard)}>{ strings.discard.clone() }</button>
            </div>
        }
    }

    /// Why the server refused the row's change, with Retry and Dismiss.
    fn failure(&self, failure: &RowFailure, announce: bool) -> Html {
        let strings = self.strings;
        html! {
            <div class="yo-row-error" role={announce.then_some("alert")}>
                <span class="yo-row-error-text" data-testid="row-error">
                    { strings.refusal(&failure.change, &failure.message) }
                </span>
                <button type="button" class="yo-link" id={self.control_id(Control::Retry)} data-testid="row-retry"
                    onclick={self.click(RowAction::Retry)}>{ strings.retry_change.clone() }</button>
                <button type="button" class="yo-link" id={self.control_id(Control::Dismiss)} data-testid="row-dismiss"
                    onclick={self.click(RowAction::Dismiss)}>{ strings.dismiss.clone() }</button>
            </div>
        }
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
    let title_ref = use_node_ref();
    let input_ref = use_node_ref();
    let edit = use_title_edit(props, &title_ref, &input_ref);
    let shown = props
        .content
        .clone()
        .unwrap_or_else(|| html! { { props.title.clone() } });
    if props.ghost {
        return html! { <span class="yo-title" id={props.title_id.clone()} data-testid="row-title">{ shown }</span> };
    }
    if edit.open {
        title_input(props, input_ref, &edit)
    } else {
        title_button(props, title_ref, shown, edit.start)
    }
}

/// The title's editor: its draft and what opens and closes it.
struct TitleEditing {
    /// The draft, and whether the edit ended ([`TitleEdit`]).
    edit: Rc<RefCell<TitleEdit>>,
    open: bool,
    start: Callback<()>,
    /// `(save, give the focus back to the title)`.
    finish: Callback<(bool, bool)>,
}

/// The editor's state; focuses the input when it opens and the title when the keyboard
/// closed it.
#[hook]
fn use_title_edit(props: &RowTitleProps, title_ref: &NodeRef, input_ref: &NodeRef) -> TitleEditing {
    // The draft (typing must not render) and the close the blur must see: see TitleEdit.
    let edit = use_mut_ref(TitleEdit::default);
    // Opening and closing render.
    let opened = use_state_eq(|| false);
    let open = edit.borrow().is_open();
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
    let finish = {
        let edit = edit.clone();
        let (on_rename, title) = (props.on_rename.clone(), props.title.clone());
        Callback::from(move |(save, refocus): (bool, bool)| {
            let renamed = edit.borrow_mut().finish(save, refocus, &title);
            opened.set(false);
            if let Some(new_title) = renamed {
                on_rename.emit(new_title);
            }
        })
    };
    TitleEditing {
        edit,
        open,
        start,
        finish,
    }
}

/// The closed title: a button that opens the editor (click, Enter or F2).
fn title_button(
    props: &RowTitleProps,
    title_ref: NodeRef,
    shown: Html,
    start: Callback<()>,
) -> Html {
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
    html! {
        <button ref={title_ref} type="button" class="yo-title" id={props.title_id.clone()}
            data-testid="row-title" title={props.hint.clone()} aria-keyshortcuts="Enter F2"
            onclick={start.reform(|_: MouseEvent| ())} {onkeydown}>
            { shown }
        </button>
    }
}

/// The open editor: Enter saves, Escape cancels, clicking away keeps what was typed.
fn title_input(props: &RowTitleProps, input_ref: NodeRef, editing: &TitleEditing) -> Html {
    let oninput = {
        let edit = editing.edit.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            edit.borrow_mut().input(input.value());
        })
    };
    let onkeydown = {
        let finish = editing.finish.clone();
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
    let draft = editing.edit.borrow().draft().to_owned();
    html! {
        <input ref={input_ref} type="text" class="yo-edit" id={props.input_id.clone()}
            data-testid="row-edit-input" aria-label={props.input_label.clone()}
            value={draft} {oninput} {onkeydown}
            // Clicking away keeps what was typed: a user's change is never dropped silently.
            onblur={editing.finish.reform(|_: FocusEvent| (true, false))} />
    }
}
