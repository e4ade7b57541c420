//! `use_row`: one row of a collection, re-rendering only when that row changes.

use optimistic_query::{CollectionObserver, CollectionSubscription};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

struct Watch<K, V, E> {
    observer: CollectionObserver<K, V, E>,
    key: K,
    _sub: CollectionSubscription,
}

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
    let rerender = yew_hooks::use_update();
    let watch = use_mut_ref(|| None::<Watch<K, V, E>>);
    let current = {
        let w = watch.borrow();
        w.as_ref()
            .is_some_and(|w| w.observer == *observer && w.key == key)
    };
    if !current {
        let sub = observer.subscribe_row(key.clone(), move || rerender());
        // The old subscription (another row or collection) ends after the new one
        // started, outside the borrow.
        let old = watch.borrow_mut().replace(Watch {
            observer: observer.clone(),
            key: key.clone(),
            _sub: sub,
        });
        drop(old);
    }
    observer.row(&key)
}
