//! `KeyedRow`: one row of the list, reading its own item from the collection and its
//! own unsettled changes, so a change to one item renders that row and not the list.

use super::focus::ListIds;
use super::pending::{use_pending_item, PendingRows};
use super::row::ListRow;
use super::rows::Placed;
use super::source::{ItemId, ListItem};
use super::state::{RowAction, RowFailure};
use super::strings::ListStrings;
use crate::feedback::ItemState;
use crate::hooks::use_row;
use optimistic_query::CollectionObserver;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct KeyedRowProps<T: ListItem> {
    pub rows: CollectionObserver<ItemId, Placed<T>>,
    pub id: ItemId,
    pub pending: PendingRows,
    /// The server's refusal of the item's last change (the list holds the refused
    /// changes: they change rarely, and refused adds become ghost rows there).
    #[prop_or_default]
    pub failure: Option<RowFailure>,
    pub first: bool,
    pub last: bool,
    #[prop_or_default]
    pub render_item: Option<Callback<T, Html>>,
    pub strings: Rc<ListStrings>,
    pub announce: bool,
    pub ids: Rc<ListIds>,
    pub on_action: Callback<RowAction>,
    /// Test hook: told on every render of this row.
    #[prop_or_default]
    pub on_render: Option<Callback<ItemId>>,
}

#[component]
pub(crate) fn KeyedRow<T: ListItem>(props: &KeyedRowProps<T>) -> Html {
    if let Some(on_render) = &props.on_render {
        on_render.emit(props.id.clone());
    }
    let row = use_row(&props.rows, props.id.clone());
    let pending = use_pending_item(&props.pending, &props.id);
    // Between a delete's paint and the list's render without it.
    let Some(row) = row else {
        return Html::default();
    };
    let (state, not_kept) = match (&pending, &props.failure) {
        (Some(p), _) => (p.state, p.not_kept),
        (None, Some(_)) => (ItemState::Failed, false),
        (None, None) => (ItemState::Confirmed, false),
    };
    html! {
        <ListRow<T>
            item={row.item.clone()}
            render_item={props.render_item.clone()}
            strings={props.strings.clone()}
            {state}
            failure={props.failure.clone()}
            {not_kept}
            first={props.first}
            last={props.last}
            announce={props.announce}
            ids={props.ids.clone()}
            on_action={props.on_action.clone()}
        />
    }
}
