//! `use_suspense_infinite_query`: an infinite query that suspends the component until its
//! first pages are there.

use super::use_infinite_query::{
    use_infinite_handle, use_infinite_observer, UseInfiniteQueryHandle,
};
use super::use_suspense_query::{
    resume, resume_when_settled, settled, suspend, SuspenseQueryError, Waiting,
};
use optimistic_query::{FetchError, InfiniteQueryOptions};
use std::fmt;
use yew::prelude::*;
use yew::suspense::SuspensionResult;

/// Reads an infinite query and suspends the component inside the nearest `<Suspense>`
/// until it has pages, as TanStack's `useSuspenseInfiniteQuery`: `let pages =
/// use_suspense_infinite_query(options)?;` in a component that returns `HtmlResult`. Then
/// it is [`use_infinite_query`](crate::use_infinite_query)'s handle with `data` always
/// there: `fetch_next_page` shows its own pending state (`is_fetching_next_page()`) and
/// does not suspend again, nor does a background refetch.
///
/// **Errors go to the caller**, as with [`use_suspense_query`](crate::use_suspense_query):
/// a first load that failed gives `Err(SuspenseQueryError)`, whose `retry` fetches again
/// (suspending meanwhile). `enabled(false)` is ignored and placeholder data does not end
/// the suspension.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_suspense_infinite_query, FetchError, InfiniteQueryOptions};
///
/// #[component]
/// fn Numbers() -> HtmlResult {
///     let numbers = match use_suspense_infinite_query(
///         InfiniteQueryOptions::new(keys!["numbers"], 0_u32, |_ctx, page: u32| async move {
///             Ok::<_, FetchError>((page * 10..page * 10 + 10).collect::<Vec<u32>>())
///         })
///         .get_next_page_param(|_, _, page: &u32, _| (*page < 4).then_some(page + 1)),
///     )? {
///         Ok(numbers) => numbers,
///         Err(e) => return Ok(html! { <p role="alert">{ e.to_string() }</p> }),
///     };
///     let more = numbers.fetch_next_page_callback().reform(|_: MouseEvent| ());
///     Ok(html! {
///         <>
///             <ul>{ for numbers.data.iter().flat_map(|d| d.items()).map(|n| html! { <li>{ n }</li> }) }</ul>
///             <button onclick={more} disabled={!numbers.has_next_page}>{ "Load more" }</button>
///         </>
///     })
/// }
///
/// #[component]
/// fn Page() -> Html {
///     html! { <Suspense fallback={html! { <p>{ "Loading…" }</p> }}><Numbers /></Suspense> }
/// }
/// # let _ = html! { <Page /> };
/// ```
#[hook]
pub fn use_suspense_infinite_query<T, P, E>(
    options: InfiniteQueryOptions<T, P, E>,
) -> SuspensionResult<Result<UseInfiniteQueryHandle<T, P, E>, SuspenseQueryError<E>>>
where
    T: Clone + PartialEq + 'static,
    P: Clone + PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    let options = options.with_query(|q| q.enabled(true));
    let (held, result) = use_infinite_observer(options, |l| l.changed());
    // The suspension to resume when the result settles (not a subscription: Yew's
    // handle, taken by the check below).
    let waiting: Waiting = use_mut_ref(|| None);
    held.rerender_when(resume_when_settled(&waiting, {
        let source = held.source.clone();
        move || matches!(&*source, Some(o) if settled(&o.result().result))
    }));
    let handle = use_infinite_handle(&held, result);
    if !settled(&handle.result) {
        return Err(suspend(&waiting));
    }
    resume(&waiting);
    Ok(if handle.data.is_some() && !handle.is_placeholder {
        Ok(handle)
    } else {
        let error = handle
            .error
            .clone()
            .unwrap_or_else(|| FetchError::Decode("no data and no error".into()));
        Err(SuspenseQueryError::new(
            error,
            Callback::from(move |_: ()| handle.refetch()),
        ))
    })
}
