//! `use_query`: read a query, fetched and kept fresh by the engine.

use super::query_slot::{use_query_observer, use_refetch};
use optimistic_query::{QueryOptions, QueryResult};
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;

/// What [`use_query`] returns: the query's result (through `Deref`: `data`, `error`,
/// `status`, `is_loading()`, ...) and `refetch`.
pub struct UseQueryHandle<S, E = String> {
    result: QueryResult<S, E>,
    refetch: Callback<()>,
}

impl<S: Clone, E: Clone> Clone for UseQueryHandle<S, E> {
    fn clone(&self) -> Self {
        UseQueryHandle {
            result: self.result.clone(),
            refetch: self.refetch.clone(),
        }
    }
}

impl<S: PartialEq, E: PartialEq> PartialEq for UseQueryHandle<S, E> {
    fn eq(&self, other: &Self) -> bool {
        self.result == other.result
    }
}

impl<S: fmt::Debug, E: fmt::Debug> fmt::Debug for UseQueryHandle<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.result.fmt(f)
    }
}

impl<S, E> Deref for UseQueryHandle<S, E> {
    type Target = QueryResult<S, E>;
    fn deref(&self) -> &Self::Target {
        &self.result
    }
}

impl<S, E> UseQueryHandle<S, E> {
    pub(crate) fn new(result: QueryResult<S, E>, refetch: Callback<()>) -> Self {
        UseQueryHandle { result, refetch }
    }

    /// Refetches now, even if the data is fresh.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_query, optimistic_query::{keys, FetchError, QueryOptions}};
    /// #[component]
    /// fn Reload() -> Html {
    ///     let q = use_query(QueryOptions::new(keys!["n"], |_| async { Ok::<u32, FetchError>(1) }));
    ///     let onclick = { let q = q.clone(); Callback::from(move |_| q.refetch()) };
    ///     html! { <button {onclick}>{ "reload" }</button> }
    /// }
    /// # let _ = html! { <Reload /> };
    /// ```
    pub fn refetch(&self) {
        self.refetch.emit(());
    }

    /// `refetch` as a callback, for `onclick`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_query, optimistic_query::{keys, FetchError, QueryOptions}};
    /// #[component]
    /// fn Reload() -> Html {
    ///     let q = use_query(QueryOptions::new(keys!["n"], |_| async { Ok::<u32, FetchError>(1) }));
    ///     html! { <button onclick={q.refetch_callback().reform(|_| ())}>{ "reload" }</button> }
    /// }
    /// # let _ = html! { <Reload /> };
    /// ```
    pub fn refetch_callback(&self) -> Callback<()> {
        self.refetch.clone()
    }

    /// The result without the handle.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_query, optimistic_query::{keys, FetchError, QueryOptions}};
    /// #[component]
    /// fn Count() -> Html {
    ///     let result = use_query(QueryOptions::new(keys!["n"], |_| async { Ok::<u32, FetchError>(1) })).into_result();
    ///     html! { { result.data.map(|n| n.to_string()).unwrap_or_default() } }
    /// }
    /// # let _ = html! { <Count /> };
    /// ```
    pub fn into_result(self) -> QueryResult<S, E> {
        self.result
    }
}

/// Reads a query, as TanStack's `useQuery`: fetches it when it is missing or stale,
/// refetches on window focus, reconnect and interval as its options say, and re-renders
/// the component when the result changes. The data is an `Rc<T>`: cheap to clone and
/// compared by value. When the key changes (a new page, a new filter), the observer of
/// the new key takes over from the old one: with
/// `placeholder_data_with(keep_previous_data)` the old key's data stays on screen
/// (`is_placeholder`) while the new one loads.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_query, optimistic_query::{keys, FetchError, QueryOptions}};
///
/// #[component]
/// fn Todos() -> Html {
///     let todos = use_query(QueryOptions::new(keys!["todos"], |_ctx| async {
///         Ok::<_, FetchError>(vec!["write docs".to_string()])
///     }));
///     match (&todos.data, &todos.error) {
///         (Some(list), _) => html! { <ul>{ for list.iter().map(|t| html! { <li>{ t }</li> }) }</ul> },
///         (None, Some(e)) => html! { <p role="alert">{ e.to_string() }</p> },
///         (None, None) => html! { <p>{ "Loading…" }</p> },
///     }
/// }
/// # let _ = html! { <Todos /> };
/// ```
#[hook]
pub fn use_query<T, E>(options: QueryOptions<T, E>) -> UseQueryHandle<Rc<T>, E>
where
    T: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    use_query_select(options, Rc::clone)
}

/// Reads part of a query: the component re-renders only when what `select` returns
/// changes (by `PartialEq`). A row component that selects its row of a 1,000-row list
/// does not render when another row changes.
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::{use_query_select, optimistic_query::{keys, FetchError, NotifyOn, QueryOptions}};
///
/// #[derive(Properties, PartialEq)]
/// struct RowProps { index: usize }
///
/// #[component]
/// fn Row(props: &RowProps) -> Html {
///     let i = props.index;
///     let options = QueryOptions::new(keys!["rows"], |_| async { Ok::<_, FetchError>(vec![String::new(); 1_000]) })
///         .notify_on(NotifyOn::Data);
///     let title = use_query_select(options, move |rows: &Rc<Vec<String>>| rows.get(i).cloned());
///     html! { <li>{ title.data.clone().flatten().unwrap_or_default() }</li> }
/// }
/// # let _ = html! { <Row index={0} /> };
/// ```
#[hook]
pub fn use_query_select<T, E, S, F>(options: QueryOptions<T, E>, select: F) -> UseQueryHandle<S, E>
where
    T: 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Clone + PartialEq + 'static,
    F: Fn(&Rc<T>) -> S + 'static,
{
    let (held, result) = use_query_observer(options, select, |l| l.rerender());
    let refetch = use_refetch(&held);
    UseQueryHandle { result, refetch }
}
