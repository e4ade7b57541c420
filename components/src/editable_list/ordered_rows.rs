//! `OrderedRows`: the list's rows in the server's order (a live view of the collection
//! sorted by place), the ghost rows of refused adds after them, and the focus kept on
//! the same control when a row moves or comes back.

use super::focus::{focus_is_lost, ListIds};
use super::keyed_row::KeyedRow;
use super::pending::PendingRows;
use super::row::ListRow;
use super::rows::Placed;
use super::source::{ItemId, ListItem};
use super::state::{ghosts, FocusTarget, RowAction, RowFailure};
use super::strings::ListStrings;
use crate::feedback::ItemState;
use crate::hooks::after_render::use_after_every_render;
use crate::hooks::use_live_query;
use optimistic_query::CollectionObserver;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where the focus goes after the next render of the rows (set by an action: after a
/// delete, the neighbour). Clones share it; equal when the same.
#[derive(Clone, Default)]
pub(crate) struct FocusSlot(Rc<RefCell<Option<FocusTarget>>>);

impl PartialEq for FocusSlot {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl FocusSlot {
    pub(crate) fn set(&self, target: Option<FocusTarget>) {
        *self.0.borrow_mut() = target;
    }

    fn take(&self) -> Option<FocusTarget> {
        self.0.borrow_mut().take()
    }
}

/// Keeps the keyboard focus on the same control across renders. The body runs before
/// Yew patches the DOM, so it notes the control that has the focus now; if the patch
/// removes or moves it (a rolled-back row jumping back, a moved row), the effect puts the
/// focus back on the same control of the same row. An action can also ask for the focus
/// to go elsewhere next (after a delete, to the neighbour) through `next`.
#[hook]
fn use_kept_focus(ids: Rc<ListIds>, next: FocusSlot) {
    // Noted by the render, read by its effect: not state (it must not render).
    let before = use_mut_ref(|| None::<FocusTarget>);
    *before.borrow_mut() = ids.focused();
    use_after_every_render(Box::new(move || {
        let before = before.borrow_mut().take();
        if let Some(target) = next.take() {
            ids.focus(&target);
        } else if let Some(target) = before.filter(|_| focus_is_lost()) {
            ids.focus(&target);
        }
    }));
}

#[derive(Properties, PartialEq)]
pub(crate) struct OrderedRowsProps<T: ListItem> {
    pub rows: CollectionObserver<ItemId, Placed<T>>,
    pub pending: PendingRows,
    /// Each failed row's failure, in the order the rows first failed.
    pub failures: Rc<Vec<(ItemId, RowFailure)>>,
    pub label: AttrValue,
    pub strings: Rc<ListStrings>,
    #[prop_or_default]
    pub render_item: Option<Callback<T, Html>>,
    pub announce: bool,
    pub ids: Rc<ListIds>,
    pub focus_next: FocusSlot,
    pub on_action: Callback<RowAction>,
    #[prop_or_default]
    pub on_render: Option<Callback<ItemId>>,
    #[prop_or_default]
    pub on_list_render: Option<Callback<()>>,
}

/// The rows, by place. Renders when the order or the set of rows changes, or a row's
/// failure does; a row's own change renders that row alone.
#[component]
pub(crate) fn OrderedRows<T: ListItem>(props: &OrderedRowsProps<T>) -> Html {
    if let Some(on_list_render) = &props.on_list_render {
        on_list_render.emit(());
    }
    let order = use_live_query(
        &props.rows,
        (),
        |_: &Placed<T>| true,
        |r: &Placed<T>| r.place,
    );
    use_kept_focus(props.ids.clone(), props.focus_next.clone());
    let failure_of = |id: &ItemId| {
        props
            .failures
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, f)| f.clone())
    };
    let n = order.len();
    let rows = order.iter().enumerate().map(|(i, id)| {
        html! {
            <KeyedRow<T> key={id.0.as_str()} rows={props.rows.clone()} id={id.clone()}
                pending={props.pending.clone()} failure={failure_of(id)} first={i == 0} last={i + 1 == n}
                render_item={props.render_item.clone()} strings={props.strings.clone()}
                announce={props.announce} ids={props.ids.clone()} on_action={props.on_action.clone()}
                on_render={props.on_render.clone()} />
        }
    });
    // Refused adds have no row after the rollback: keep the user's text as a ghost row at
    // the end, where the add put it.
    let ghosts = ghosts(&props.failures, &order);
    let empty = n == 0 && ghosts.is_empty();
    let ghosts = ghosts.into_iter().map(|(id, failure, title)| {
        html! {
            <ListRow<T> key={id.0.as_str()} item={T::new_item(id, title.to_owned())}
                render_item={props.render_item.clone()} strings={props.strings.clone()}
                state={ItemState::Failed} failure={Some(failure.clone())} ghost={true}
                announce={props.announce} ids={props.ids.clone()} on_action={props.on_action.clone()} />
        }
    });
    html! {
        <>
            <ul class="yo-rows" aria-label={props.label.clone()}>{ for rows.chain(ghosts) }</ul>
            if empty {
                <p class="yo-empty" data-testid="list-empty">{ props.strings.empty.clone() }</p>
            }
        </>
    }
}
