//! `use_live_query`: a filtered, sorted view of a collection, re-rendering only when the
//! view's keys change.

use super::subscription::use_subscribed;
use optimistic_query::CollectionObserver;
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

/// The keys of the rows of `observer`'s collection that `filter` keeps, ordered by
/// `sort` (then by key): a live query, kept up to date from the changed rows alone. The
/// component re-renders when a row enters, leaves or moves in the view; render the rows
/// with [`use_row`](crate::use_row). The view is made again when `deps` changes (the
/// filter's and sort's inputs, as `use_memo`'s dependencies).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_live_query, optimistic_query::CollectionObserver};
///
/// #[derive(Clone, PartialEq)]
/// struct Card { id: u32, column: u8, position: u32 }
///
/// #[derive(Properties, PartialEq)]
/// struct ColumnProps { cards: CollectionObserver<u32, Card>, column: u8 }
///
/// #[component]
/// fn Column(props: &ColumnProps) -> Html {
///     let column = props.column;
///     let ids = use_live_query(&props.cards, column, move |c: &Card| c.column == column, |c| c.position);
///     html! { <ol>{ for ids.iter().map(|id| html! { <li key={*id}>{ id }</li> }) }</ol> }
/// }
/// ```
#[hook]
pub fn use_live_query<K, V, E, S, D>(
    observer: &CollectionObserver<K, V, E>,
    deps: D,
    filter: impl Fn(&V) -> bool + 'static,
    sort: impl Fn(&V) -> S + 'static,
) -> Rc<[K]>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Ord + Clone + 'static,
    D: PartialEq + 'static,
{
    use_subscribed(
        (observer.clone(), deps),
        move |(observer, _), changed| {
            let view = observer.live(filter, sort);
            let sub = view.subscribe(changed);
            (view, sub)
        },
        |_, (view, _)| view.keys(),
    )
}
