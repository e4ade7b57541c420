//! `use_suspense_query`: a query that suspends the component inside Yew's `<Suspense>`
//! until its data is there.

use super::query_slot::{use_query_observer, use_refetch};
use super::subscription::Check;
use optimistic_query::{FetchError, QueryOptions, QueryResult};
use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;
use yew::prelude::*;
use yew::suspense::{Suspension, SuspensionHandle, SuspensionResult};

/// What [`use_suspense_query`] gives once the query has data: the data itself (never
/// missing), and the rest of the result through `Deref` (`is_fetching()`, `is_stale`,
/// `error` of a failed background refetch, ...).
pub struct UseSuspenseQueryHandle<T, E = String> {
    /// The query's data.
    pub data: Rc<T>,
    result: QueryResult<Rc<T>, E>,
    refetch: Callback<()>,
}

impl<T, E: Clone> Clone for UseSuspenseQueryHandle<T, E> {
    fn clone(&self) -> Self {
        UseSuspenseQueryHandle {
            data: self.data.clone(),
            result: self.result.clone(),
            refetch: self.refetch.clone(),
        }
    }
}

impl<T: PartialEq, E: PartialEq> PartialEq for UseSuspenseQueryHandle<T, E> {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data && self.result == other.result
    }
}

impl<T: fmt::Debug, E: fmt::Debug> fmt::Debug for UseSuspenseQueryHandle<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.result.fmt(f)
    }
}

impl<T, E> Deref for UseSuspenseQueryHandle<T, E> {
    type Target = QueryResult<Rc<T>, E>;
    fn deref(&self) -> &Self::Target {
        &self.result
    }
}

impl<T, E> UseSuspenseQueryHandle<T, E> {
    /// Refetches in the background; the data stays on screen (no suspension).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, use_suspense_query, FetchError, QueryOptions};
    /// #[component]
    /// fn Reload() -> HtmlResult {
    ///     let n = match use_suspense_query(QueryOptions::new(keys!["n"], |_| async { Ok::<u32, FetchError>(1) }))? {
    ///         Ok(n) => n,
    ///         Err(e) => return Ok(html! { <p>{ e.to_string() }</p> }),
    ///     };
    ///     let onclick = { let n = n.clone(); Callback::from(move |_| n.refetch()) };
    ///     Ok(html! { <button {onclick}>{ *n.data }</button> })
    /// }
    /// # let _ = html! { <Suspense><Reload /></Suspense> };
    /// ```
    pub fn refetch(&self) {
        self.refetch.emit(());
    }
}

/// The query failed with no data to show: what the caller of [`use_suspense_query`]
/// renders instead (Yew has no error boundaries, so the error comes back to the caller
/// rather than being thrown). [`retry`](Self::retry) fetches again, suspending the
/// component meanwhile, as TanStack's `QueryErrorResetBoundary` reset does.
pub struct SuspenseQueryError<E = String> {
    /// What went wrong.
    pub error: FetchError<E>,
    retry: Callback<()>,
}

impl<E: Clone> Clone for SuspenseQueryError<E> {
    fn clone(&self) -> Self {
        SuspenseQueryError {
            error: self.error.clone(),
            retry: self.retry.clone(),
        }
    }
}

impl<E: PartialEq> PartialEq for SuspenseQueryError<E> {
    fn eq(&self, other: &Self) -> bool {
        self.error == other.error
    }
}

impl<E: fmt::Debug> fmt::Debug for SuspenseQueryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<E: fmt::Display> fmt::Display for SuspenseQueryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<E> SuspenseQueryError<E> {
    /// The error, with what `retry` does.
    pub(crate) fn new(error: FetchError<E>, retry: Callback<()>) -> Self {
        SuspenseQueryError { error, retry }
    }

    /// Fetches again; the component suspends until the answer.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, use_suspense_query, FetchError, QueryOptions};
    /// #[component]
    /// fn Todos() -> HtmlResult {
    ///     let todos = match use_suspense_query(QueryOptions::new(keys!["todos"], |_| async { Ok::<Vec<String>, FetchError>(vec![]) }))? {
    ///         Ok(todos) => todos,
    ///         Err(e) => {
    ///             let retry = { let e = e.clone(); Callback::from(move |_| e.retry()) };
    ///             return Ok(html! { <p role="alert">{ e.to_string() }<button onclick={retry}>{ "Retry" }</button></p> });
    ///         }
    ///     };
    ///     Ok(html! { <ul>{ for todos.data.iter().map(|t| html! { <li>{ t }</li> }) }</ul> })
    /// }
    /// # let _ = html! { <Suspense><Todos /></Suspense> };
    /// ```
    pub fn retry(&self) {
        self.retry.emit(());
    }

    /// `retry` as a callback, for `onclick`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::SuspenseQueryError;
    /// fn retry_button(e: &SuspenseQueryError) -> Html {
    ///     html! { <button onclick={e.retry_callback().reform(|_| ())}>{ "Retry" }</button> }
    /// }
    /// ```
    pub fn retry_callback(&self) -> Callback<()> {
        self.retry.clone()
    }
}

/// The suspension a waiting render returned, resumed when the query has data or fails.
pub(crate) type Waiting = Rc<RefCell<Option<(Suspension, SuspensionHandle)>>>;

pub(crate) fn resume(waiting: &Waiting) {
    // Taken out first: resuming runs Yew's callbacks.
    let taken = waiting.borrow_mut().take();
    if let Some((_, handle)) = taken {
        handle.resume();
    }
}

/// The suspension this render returns: the one still waiting, or a new one.
pub(crate) fn suspend(waiting: &Waiting) -> Suspension {
    let mut w = waiting.borrow_mut();
    match &*w {
        Some((s, _)) if !s.resumed() => s.clone(),
        _ => {
            let (s, handle) = Suspension::new();
            *w = Some((s.clone(), handle));
            s
        }
    }
}

/// The check of a suspending hook: on each change the source tells of (the engine's
/// observer compared it already), a waiting render resumes once `settled` says the result
/// is final; the component re-renders either way.
pub(crate) fn resume_when_settled(
    waiting: &Waiting,
    settled: impl Fn() -> bool + 'static,
) -> Check {
    let waiting = waiting.clone();
    Rc::new(move || {
        if settled() {
            resume(&waiting);
        }
        true
    })
}

/// Whether the result is final for a suspended render: data (placeholder data does not
/// count), or a failure with no fetch running any more.
pub(crate) fn settled<S, E>(r: &QueryResult<S, E>) -> bool {
    (r.data.is_some() && !r.is_placeholder)
        || (r.error.is_some() && !r.is_fetching() && !r.is_paused())
}

/// Reads a query and suspends the component until it has data, inside the nearest
/// `<Suspense fallback=...>`, as TanStack's `useSuspenseQuery` (and bounce's query
/// hooks) in Yew: `let todos = use_suspense_query(options)?;` in a component that returns
/// `HtmlResult`. The data is then always there (`todos.data: Rc<T>`); a background
/// refetch keeps it on screen and does not suspend again.
///
/// **Errors go to the caller.** Yew has no error boundaries, so a query that failed with
/// no data to show gives `Err(SuspenseQueryError)` to the component, which renders its
/// error state; [`SuspenseQueryError::retry`] fetches again (suspending meanwhile). A
/// failed background refetch keeps the data and sets `error`, as in TanStack.
///
/// `enabled(false)` is ignored (the query would suspend for ever) and placeholder data is
/// not used: the fallback is what shows while there is no data.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_suspense_query, FetchError, QueryOptions};
///
/// #[component]
/// fn Todos() -> HtmlResult {
///     let todos = match use_suspense_query(QueryOptions::new(keys!["todos"], |_ctx| async {
///         Ok::<_, FetchError>(vec!["write docs".to_string()])
///     }))? {
///         Ok(todos) => todos,
///         Err(e) => return Ok(html! { <p role="alert">{ e.to_string() }</p> }),
///     };
///     Ok(html! { <ul>{ for todos.data.iter().map(|t| html! { <li>{ t }</li> }) }</ul> })
/// }
///
/// #[component]
/// fn Page() -> Html {
///     html! { <Suspense fallback={html! { <p>{ "Loading…" }</p> }}><Todos /></Suspense> }
/// }
/// # let _ = html! { <Page /> };
/// ```
#[hook]
pub fn use_suspense_query<T, E>(
    options: QueryOptions<T, E>,
) -> SuspensionResult<Result<UseSuspenseQueryHandle<T, E>, SuspenseQueryError<E>>>
where
    T: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let (held, result) = use_query_observer(options.enabled(true), Rc::clone, |l| l.changed());
    // The suspension to resume when the result settles (not a subscription: Yew's
    // handle, taken by the check below).
    let waiting: Waiting = use_mut_ref(|| None);
    held.rerender_when(resume_when_settled(&waiting, {
        let source = held.source.clone();
        move || matches!(&*source, Some(o) if settled(&o.result()))
    }));
    let refetch = use_refetch(&held);
    if !settled(&result) {
        return Err(suspend(&waiting));
    }
    resume(&waiting);
    Ok(
        match result.data.clone().filter(|_| !result.is_placeholder) {
            Some(data) => Ok(UseSuspenseQueryHandle {
                data,
                result,
                refetch,
            }),
            None => Err(SuspenseQueryError {
                error: result
                    .error
                    .unwrap_or_else(|| FetchError::Decode("no data and no error".into())),
                retry: refetch,
            }),
        },
    )
}
