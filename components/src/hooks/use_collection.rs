//! `use_collection`: a keyed collection query, for a list that renders only when its
//! set of keys changes.

use crate::hooks::query_slot::{misuse, new_source, shown};
use crate::hooks::subscription::{use_source, Before, Next};
use crate::provider::use_query_client;
use optimistic_query::{
    CacheError, Collection, CollectionObserver, CollectionSubscription, FetchError, QueryOptions,
    QueryStatus,
};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

/// What [`use_collection`] returns: the keys in order, the query's status, and the
/// observer that row components read their rows from ([`use_row`](crate::use_row)) and
/// live views are made from ([`use_live_query`](crate::use_live_query)).
///
/// ```
/// use yew_optimistic::{optimistic_query::{Collection, QueryStatus}, UseCollectionHandle};
/// fn summary(h: &UseCollectionHandle<u32, String>) -> String {
///     match h.status {
///         QueryStatus::Success => format!("{} rows", h.keys.len()),
///         _ => "loading".into(),
///     }
/// }
/// ```
pub struct UseCollectionHandle<K, V, E = String> {
    /// The rows' keys, in order; a new `Rc` only when the set of keys changed.
    pub keys: Rc<[K]>,
    /// Whether the query has data, failed, or is pending.
    pub status: QueryStatus,
    /// The last error of the query.
    pub error: Option<FetchError<E>>,
    /// The collection's observer; `None` only when the key already holds data of
    /// another type (that misuse shows as `error`).
    pub observer: Option<CollectionObserver<K, V, E>>,
}

impl<K, V, E: Clone> Clone for UseCollectionHandle<K, V, E> {
    fn clone(&self) -> Self {
        UseCollectionHandle {
            keys: self.keys.clone(),
            status: self.status,
            error: self.error.clone(),
            observer: self.observer.clone(),
        }
    }
}

impl<K: PartialEq, V, E: PartialEq> PartialEq for UseCollectionHandle<K, V, E> {
    fn eq(&self, other: &Self) -> bool {
        (Rc::ptr_eq(&self.keys, &other.keys) || self.keys == other.keys)
            && self.status == other.status
            && self.error == other.error
            && self.observer == other.observer
    }
}

impl<K, V, E> fmt::Debug for UseCollectionHandle<K, V, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UseCollectionHandle({} keys, {:?})",
            self.keys.len(),
            self.status
        )
    }
}

impl<K, V, E> UseCollectionHandle<K, V, E>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    /// Refetches now, even when fresh.
    ///
    /// ```
    /// use yew_optimistic::UseCollectionHandle;
    /// fn reload(h: &UseCollectionHandle<u32, String>) { h.refetch(); }
    /// ```
    pub fn refetch(&self) {
        if let Some(o) = &self.observer {
            o.refetch();
        }
    }
}

/// The hook's source: the collection's observer with its keys' subscription (none when
/// the key holds another type: the next render tries again).
type Observed<K, V, E> = Option<(CollectionObserver<K, V, E>, CollectionSubscription)>;

/// Observes a query whose data is a [`Collection`]: the component re-renders when the
/// set of keys, the status or the error changes, never when only a row's value does.
/// Render each row as a component that reads its row with [`use_row`](crate::use_row):
/// a toggle then renders that one row component, not the list.
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::{use_collection, use_row, optimistic_query::{keys, Collection, CollectionObserver, FetchError, QueryOptions}};
///
/// #[derive(Clone, PartialEq)]
/// struct Todo { id: u32, title: String }
///
/// #[derive(Properties, PartialEq)]
/// struct RowProps { rows: CollectionObserver<u32, Todo>, id: u32 }
///
/// #[component]
/// fn Row(props: &RowProps) -> Html {
///     let todo = use_row(&props.rows, props.id);
///     html! { <li>{ todo.map(|t| t.title.clone()).unwrap_or_default() }</li> }
/// }
///
/// #[component]
/// fn Todos() -> Html {
///     let todos = use_collection(QueryOptions::new(keys!["todos"], |_| async {
///         let rows = vec![Todo { id: 1, title: "write docs".into() }];
///         Ok::<_, FetchError>(Collection::from_rows(rows, |t| t.id))
///     }));
///     let Some(rows) = todos.observer.clone() else { return html! {} };
///     html! {
///         <ul>{ for todos.keys.iter().map(|id| html! { <Row key={*id} rows={rows.clone()} id={*id} /> }) }</ul>
///     }
/// }
/// # let _ = html! { <Todos /> };
/// ```
#[hook]
pub fn use_collection<K, V, E>(
    options: QueryOptions<Collection<K, V>, E>,
) -> UseCollectionHandle<K, V, E>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let client = use_query_client();
    let mut refused = None;
    let held = use_source(
        options.key().clone(),
        |_, before: Before<'_, Observed<K, V, E>>, listen| match before {
            Before::Same(Some((observer, _)), keep) => {
                refused = observer.set_options(options).err();
                Next::Keep(keep)
            }
            // A new key (or none that worked): a new observer; the old one ends after it.
            _ => {
                let made = CollectionObserver::new(&client, options).map(|observer| {
                    // It tells only when the keys, the status or the error changed: every
                    // change renders.
                    let keys = observer.subscribe_keys(listen.rerender());
                    (observer, keys)
                });
                new_source(made, &mut refused)
            }
        },
    );
    shown(&held.source, refused, handle, misused)
}

/// The handle of a collection's observer.
fn handle<K, V, E>(
    (observer, _): &(CollectionObserver<K, V, E>, CollectionSubscription),
) -> UseCollectionHandle<K, V, E>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let result = observer.result();
    UseCollectionHandle {
        keys: observer.keys(),
        status: result.status,
        error: result.error,
        observer: Some(observer.clone()),
    }
}

/// The handle of a key that holds another type.
fn misused<K, V, E>(error: Option<CacheError>) -> UseCollectionHandle<K, V, E> {
    let shown = misuse::<(), E>(error);
    UseCollectionHandle {
        keys: Rc::from(Vec::new()),
        status: shown.status,
        error: shown.error,
        observer: None,
    }
}
