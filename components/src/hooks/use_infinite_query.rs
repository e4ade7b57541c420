//! `use_infinite_query`: pages of a list, fetched one at a time.

use super::query_slot;
use super::subscription::{use_source, Before, Changed, Current, Listen, Next, Source};
use crate::provider::use_query_client;
use optimistic_query::{
    CacheError, InfiniteQueryObserver, InfiniteQueryOptions, InfiniteQueryResult, QueryKey,
};
use std::fmt;
use std::ops::Deref;
use yew::prelude::*;

/// What [`use_infinite_query`] returns: the pages and the query's state (through
/// `Deref`: `data` is the [`InfiniteData`](crate::InfiniteData),
/// `has_next_page`, `is_fetching_next_page()`, `is_loading()`, `error`, ...) and the
/// functions that fetch more.
pub struct UseInfiniteQueryHandle<T, P, E = String> {
    result: InfiniteQueryResult<T, P, E>,
    fetch_next: Callback<()>,
    fetch_previous: Callback<()>,
    refetch: Callback<()>,
}

impl<T, P, E: Clone> Clone for UseInfiniteQueryHandle<T, P, E> {
    fn clone(&self) -> Self {
        UseInfiniteQueryHandle {
            result: self.result.clone(),
            fetch_next: self.fetch_next.clone(),
            fetch_previous: self.fetch_previous.clone(),
            refetch: self.refetch.clone(),
        }
    }
}

impl<T: PartialEq, P: PartialEq, E: PartialEq> PartialEq for UseInfiniteQueryHandle<T, P, E> {
    fn eq(&self, other: &Self) -> bool {
        self.result == other.result
    }
}

impl<T: fmt::Debug, P: fmt::Debug, E: fmt::Debug> fmt::Debug for UseInfiniteQueryHandle<T, P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.result.fmt(f)
    }
}

impl<T, P, E> Deref for UseInfiniteQueryHandle<T, P, E> {
    type Target = InfiniteQueryResult<T, P, E>;
    fn deref(&self) -> &Self::Target {
        &self.result
    }
}

impl<T, P, E> UseInfiniteQueryHandle<T, P, E> {
    /// Fetches the page after the last one, if `has_next_page` (a second call while it
    /// runs, or while a refetch runs, does nothing more).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, use_infinite_query, FetchError, InfiniteQueryOptions};
    /// #[component]
    /// fn More() -> Html {
    ///     let feed = use_infinite_query(
    ///         InfiniteQueryOptions::new(keys!["feed"], 0_u32, |_, page: u32| async move { Ok::<_, FetchError>(vec![page]) })
    ///             .get_next_page_param(|_, _, page: &u32, _| (*page < 9).then_some(page + 1)),
    ///     );
    ///     let onclick = { let feed = feed.clone(); Callback::from(move |_| feed.fetch_next_page()) };
    ///     html! { <button {onclick} disabled={!feed.has_next_page}>{ "Load more" }</button> }
    /// }
    /// # let _ = html! { <More /> };
    /// ```
    pub fn fetch_next_page(&self) {
        self.fetch_next.emit(());
    }

    /// Fetches the page before the first one, if `has_previous_page`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, use_infinite_query, FetchError, InfiniteQueryOptions};
    /// #[component]
    /// fn Older() -> Html {
    ///     let chat = use_infinite_query(
    ///         InfiniteQueryOptions::new(keys!["chat"], 100_u32, |_, from: u32| async move { Ok::<_, FetchError>(vec![from]) })
    ///             .get_previous_page_param(|_, _, from: &u32, _| from.checked_sub(20)),
    ///     );
    ///     let onclick = { let chat = chat.clone(); Callback::from(move |_| chat.fetch_previous_page()) };
    ///     html! { <button {onclick}>{ "Older messages" }</button> }
    /// }
    /// # let _ = html! { <Older /> };
    /// ```
    pub fn fetch_previous_page(&self) {
        self.fetch_previous.emit(());
    }

    /// Refetches every page, in order, from the first one's param.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, use_infinite_query, FetchError, InfiniteQueryOptions};
    /// #[component]
    /// fn Reload() -> Html {
    ///     let feed = use_infinite_query(InfiniteQueryOptions::new(keys!["feed"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }));
    ///     let onclick = { let feed = feed.clone(); Callback::from(move |_| feed.refetch()) };
    ///     html! { <button {onclick}>{ "Reload" }</button> }
    /// }
    /// # let _ = html! { <Reload /> };
    /// ```
    pub fn refetch(&self) {
        self.refetch.emit(());
    }

    /// `fetch_next_page` as a callback (stable across renders), for `onclick`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, use_infinite_query, FetchError, InfiniteQueryOptions};
    /// #[component]
    /// fn More() -> Html {
    ///     let feed = use_infinite_query(InfiniteQueryOptions::new(keys!["feed"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) }));
    ///     html! { <button onclick={feed.fetch_next_page_callback().reform(|_| ())}>{ "More" }</button> }
    /// }
    /// # let _ = html! { <More /> };
    /// ```
    pub fn fetch_next_page_callback(&self) -> Callback<()> {
        self.fetch_next.clone()
    }
}

/// An infinite query hook's source: its observer (none when the key holds another type:
/// the next render tries again).
pub(crate) type Observed<T, P, E> = Option<InfiniteQueryObserver<T, P, E>>;

/// The hook's observer, as `use_source` keeps it.
pub(crate) type InfiniteSource<T, P, E> = Source<QueryKey, Observed<T, P, E>>;

/// A callback that runs `f` on the observer the hook holds when it is called.
fn on_observer<T, P, E>(
    current: Current<QueryKey, Observed<T, P, E>>,
    f: impl Fn(&InfiniteQueryObserver<T, P, E>) + 'static,
) -> Callback<()>
where
    T: 'static,
    P: 'static,
    E: 'static,
{
    Callback::from(move |_: ()| {
        if let Some(Some(observer)) = current.get().as_deref() {
            f(observer);
        }
    })
}

/// Reads an infinite query, as TanStack's `useInfiniteQuery`: the first page loads when
/// there is none; `fetch_next_page` / `fetch_previous_page` add a page at either end,
/// using `get_next_page_param` / `get_previous_page_param`; a refetch (focus,
/// reconnect, invalidation, `refetch`) fetches every page again in order. Optimistic
/// patches reach into the pages with [`InfiniteData`](crate::InfiniteData)'s
/// row helpers: a failed call removes only its rows, and pending rows are applied again
/// on refetched pages.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_infinite_query, FetchError, InfiniteQueryOptions};
///
/// #[component]
/// fn Numbers() -> Html {
///     let numbers = use_infinite_query(
///         InfiniteQueryOptions::new(keys!["numbers"], 0_u32, |_ctx, page: u32| async move {
///             Ok::<_, FetchError>((page * 10..page * 10 + 10).collect::<Vec<u32>>())
///         })
///         .get_next_page_param(|_, _, page: &u32, _| (*page < 4).then_some(page + 1)),
///     );
///     let more = { let n = numbers.clone(); Callback::from(move |_| n.fetch_next_page()) };
///     html! {
///         <>
///             <ul>{ for numbers.data.iter().flat_map(|d| d.items()).map(|n| html! { <li>{ n }</li> }) }</ul>
///             if numbers.has_next_page {
///                 <button onclick={more} disabled={numbers.is_fetching_next_page()}>
///                     { if numbers.is_fetching_next_page() { "Loading…" } else { "Load more" } }
///                 </button>
///             }
///         </>
///     }
/// }
/// # let _ = html! { <Numbers /> };
/// ```
#[hook]
pub fn use_infinite_query<T, P, E>(
    options: InfiniteQueryOptions<T, P, E>,
) -> UseInfiniteQueryHandle<T, P, E>
where
    T: Clone + PartialEq + 'static,
    P: Clone + PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let (held, result) = use_infinite_observer(options, |l| l.rerender());
    use_infinite_handle(&held, result)
}

/// The observer of `options`' key with this render's options applied (made on the first
/// render, taking over from the previous key's observer on a key change), and its result.
/// `listen_with` makes the observer's listener, as for
/// [`use_query_observer`](super::query_slot::use_query_observer) (the observer compares
/// its result before it tells).
#[hook]
pub(crate) fn use_infinite_observer<T, P, E>(
    options: InfiniteQueryOptions<T, P, E>,
    listen_with: fn(&Listen<'_>) -> Changed,
) -> (InfiniteSource<T, P, E>, InfiniteQueryResult<T, P, E>)
where
    T: Clone + PartialEq + 'static,
    P: Clone + PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let client = use_query_client();
    let mut refused = None;
    let held = use_source(
        options.key().clone(),
        |_, before: Before<'_, Observed<T, P, E>>, listen| {
            let made = match before {
                Before::Same(Some(observer), keep) => {
                    refused = observer.set_options(options).err();
                    return Next::Keep(keep);
                }
                Before::Other(Some(old)) => InfiniteQueryObserver::switch_from(old, options),
                _ => InfiniteQueryObserver::new(&client, options),
            };
            let made = made.inspect(|o| o.subscribe(listen_with(&listen)));
            query_slot::new_source(made, &mut refused)
        },
    );
    let result = query_slot::shown(&held.source, refused, |o| o.result(), misuse);
    (held, result)
}

/// Another type under this key: the component's error, not a crash.
fn misuse<T, P, E>(error: Option<CacheError>) -> InfiniteQueryResult<T, P, E> {
    InfiniteQueryResult {
        result: query_slot::misuse(error),
        ..InfiniteQueryResult::default()
    }
}

/// The handle of an infinite query hook: its result and the callbacks that reach its
/// observer.
#[hook]
pub(crate) fn use_infinite_handle<T, P, E>(
    held: &InfiniteSource<T, P, E>,
    result: InfiniteQueryResult<T, P, E>,
) -> UseInfiniteQueryHandle<T, P, E>
where
    T: Clone + PartialEq + 'static,
    P: Clone + PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let fetch_next = use_memo((), {
        let current = held.current();
        move |_| {
            on_observer(current, |o| {
                o.fetch_next_page();
            })
        }
    });
    let fetch_previous = use_memo((), {
        let current = held.current();
        move |_| {
            on_observer(current, |o| {
                o.fetch_previous_page();
            })
        }
    });
    let refetch = use_memo((), {
        let current = held.current();
        move |_| on_observer(current, |o| o.refetch())
    });
    UseInfiniteQueryHandle {
        result,
        fetch_next: (*fetch_next).clone(),
        fetch_previous: (*fetch_previous).clone(),
        refetch: (*refetch).clone(),
    }
}
