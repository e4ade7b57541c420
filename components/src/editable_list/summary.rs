//! `ListSummary`: "2 of 5 done", and how many items have a change on its way. Its own
//! component: a tick changes the count of done items, and renders this line, not the
//! list.

use super::pending::{use_busy_items, PendingRows};
use super::rows::Placed;
use super::source::{ItemId, ListItem};
use super::strings::ListStrings;
use crate::hooks::use_live_query;
use optimistic_query::CollectionObserver;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ListSummaryProps<T: ListItem> {
    pub rows: CollectionObserver<ItemId, Placed<T>>,
    pub pending: PendingRows,
    pub strings: Rc<ListStrings>,
    /// How many items the list has.
    pub total: usize,
}

#[component]
pub(crate) fn ListSummary<T: ListItem>(props: &ListSummaryProps<T>) -> Html {
    // Sorted by place like the rows' view, so both are one instantiation of the view's
    // code in the bundle (the order itself is not used here).
    let done = use_live_query(&props.rows, (), |r: &Placed<T>| r.item.done(), |r| r.place);
    let saving = use_busy_items(&props.pending);
    let strings = &props.strings;
    let (done, total, count) = (
        done.len().to_string(),
        props.total.to_string(),
        saving.to_string(),
    );
    html! {
        <p class="yo-status" data-testid="list-summary">
            { ListStrings::fill(&strings.summary, &[("done", &done), ("total", &total)]) }
            if saving > 0 { { ListStrings::fill(&strings.saving_changes, &[("count", &count)]) } }
        </p>
    }
}
