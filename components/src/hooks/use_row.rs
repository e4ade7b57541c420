//! `use_row` and `use_row_with`: one row of a collection (or a part of it), re-rendering
//! only when that row (that part) changes.

use super::subscription::use_subscribed;
use optimistic_query::CollectionObserver;
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

/// The row under `key` of the collection `observer` watches (from
/// [`use_collection`](crate::use_collection)); the component re-renders when that row's
/// value changes, appears or goes, and for no other row. `None` while the row is not
/// there.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_row, optimistic_query::CollectionObserver};
///
/// #[derive(Properties, PartialEq)]
/// struct CellProps { rows: CollectionObserver<u32, (u32, bool)>, id: u32 }
///
/// #[component]
/// fn Done(props: &CellProps) -> Html {
///     let row = use_row(&props.rows, props.id);
///     html! { <span>{ if row.is_some_and(|r| r.1) { "☑" } else { "☐" } }</span> }
/// }
/// ```
#[hook]
pub fn use_row<K, V, E>(observer: &CollectionObserver<K, V, E>, key: K) -> Option<Rc<V>>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    use_row_with(observer, key, Rc::clone)
}

/// What `select` takes from the row under `key` of `observer`'s collection (`None` while
/// the row is not there); the component re-renders only when that selection changes (by
/// `PartialEq`): a change of the row that the selection ignores renders nothing. The
/// latest render's `select` is the one used.
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::{use_row_with, optimistic_query::CollectionObserver};
///
/// #[derive(Clone, PartialEq)]
/// struct Card { title: String, position: u32 }
///
/// #[derive(Properties, PartialEq)]
/// struct TitleProps { cards: CollectionObserver<u32, Card>, id: u32 }
///
/// // A card that only shows its title: a renumbering of positions does not render it.
/// #[component]
/// fn Title(props: &TitleProps) -> Html {
///     let title = use_row_with(&props.cards, props.id, |c: &Rc<Card>| c.title.clone());
///     html! { <span>{ title.unwrap_or_default() }</span> }
/// }
/// ```
#[hook]
pub fn use_row_with<K, V, E, R>(
    observer: &CollectionObserver<K, V, E>,
    key: K,
    select: impl Fn(&Rc<V>) -> R + 'static,
) -> Option<R>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    R: Clone + PartialEq + 'static,
{
    use_subscribed(
        (observer.clone(), key),
        |(observer, key), changed| observer.subscribe_row(key.clone(), changed),
        move |(observer, key), _| observer.row(key).map(|row| select(&row)),
    )
}
