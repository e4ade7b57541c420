//! `use_combined_queries`: TanStack's `useQueries({ queries, combine })`, for queries of
//! any data types, re-rendering only when the combined value changes.

use super::query_list::{AnyResult, ErasedQuery, Queries, QueryResults};
use super::subscription::{use_source, Before, Changed, Check, Next};
use super::use_suspense_query::{resume, suspend, Waiting};
use crate::provider::use_query_client;
use optimistic_query::{QueryClient, QueryKey};
use std::rc::Rc;
use yew::prelude::*;
use yew::suspense::Suspension;

/// One query of the list as the hook keeps it: its key and observer (none when the key
/// holds another type: its result is then the misuse error, kept as it was).
struct Kept {
    key: QueryKey,
    observer: Option<Rc<dyn ErasedQuery>>,
    failed: Option<AnyResult>,
}

/// The app's `combine` function.
type Combine<R> = Rc<dyn Fn(&QueryResults) -> R>;

/// The results of the list's queries, in its order.
fn results(kept: &[Kept]) -> QueryResults {
    QueryResults::of(kept.iter().map(|k| match (&k.observer, &k.failed) {
        (Some(o), _) => o.result(),
        (None, Some(f)) => f.clone(),
        (None, None) => AnyResult::none(),
    }))
}

/// The list made again from the one held (`old`): a key that stays keeps its observer
/// (shared, wherever it moves) with these options applied, a new key gets a new observer
/// that tells `changed`, and one that goes ends with the old list.
fn observe_list(
    client: &QueryClient,
    queries: Queries,
    old: &[Kept],
    changed: Changed,
    suspense: bool,
) -> Vec<Kept> {
    let changed: Rc<dyn Fn()> = Rc::from(changed);
    let mut old: Vec<Option<&Kept>> = old.iter().map(Some).collect();
    let mut kept = Vec::with_capacity(queries.len());
    for query in queries.list {
        let key = query.key().clone();
        let reused = old
            .iter_mut()
            .find(|k| k.is_some_and(|k| k.key == key))
            .and_then(Option::take)
            .and_then(|k| k.observer.clone());
        let (observer, result) = query.observe(client, reused, changed.clone(), suspense);
        let failed = observer.is_none().then_some(result);
        kept.push(Kept {
            key,
            observer,
            failed,
        });
    }
    kept
}

/// What a change of a query of the list does: a suspended list resumes (and renders) once
/// every query settled; else `combine` runs again (the app's closure, with no borrow held)
/// and the component renders only if the combined value differs from `shown`.
fn recombine<R: PartialEq + 'static>(
    list: Rc<Vec<Kept>>,
    combine: Combine<R>,
    shown: Option<R>,
    waiting: Waiting,
) -> Check {
    Rc::new(move || {
        let results = results(&list);
        if waiting.borrow().is_some() {
            let settled = results.settled();
            if settled {
                resume(&waiting);
            }
            return settled;
        }
        shown.as_ref() != Some(&combine(&results))
    })
}

/// Reads a list of queries of any data types and returns one value `combine` makes of
/// their results, as TanStack's `useQueries({ queries, combine })`. The component
/// re-renders only when the combined value changes (`PartialEq`), not on every change of
/// every query: a `combine` that counts loaded items re-renders once per count, not per
/// background refetch. Observers are kept, made and dropped by key as in
/// [`use_queries`](crate::use_queries); `combine` may capture props (the latest one is
/// used). The hook is compiled once per combined type `R`, whatever the list holds.
///
/// ```
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_combined_queries, FetchError, Queries, QueryOptions};
///
/// #[derive(Clone, PartialEq)]
/// struct Profile { name: Rc<String>, posts: usize }
///
/// #[derive(Properties, PartialEq)]
/// struct Props { id: u32 }
///
/// #[component]
/// fn ProfileCard(props: &Props) -> Html {
///     let id = props.id;
///     let mut queries = Queries::new();
///     let name = queries.add(QueryOptions::new(keys!["user", id], move |_| async move { Ok::<_, FetchError>(format!("user {id}")) }));
///     let posts = queries.add(QueryOptions::new(keys!["posts", id], |_| async { Ok::<_, FetchError>(vec![1_u32, 2, 3]) }));
///     // `None` until both loaded; a refetch that brings the same data re-renders nothing.
///     let profile = use_combined_queries(queries, move |r| {
///         Some(Profile { name: r.get(name).data?, posts: r.get(posts).data?.len() })
///     });
///     match profile {
///         Some(p) => html! { <p>{ format!("{}: {} posts", p.name, p.posts) }</p> },
///         None => html! { <p aria-busy="true">{ "Loading…" }</p> },
///     }
/// }
/// # let _ = html! { <ProfileCard id={1} /> };
/// ```
#[hook]
pub fn use_combined_queries<R, F>(queries: Queries, combine: F) -> R
where
    R: Clone + PartialEq + 'static,
    F: Fn(&QueryResults) -> R + 'static,
{
    match use_query_list(queries, combine, false) {
        Ok(value) => value,
        Err(_) => unreachable!("a list that does not suspend never waits"),
    }
}

/// The list's observers kept, made and dropped by key, and the combined value; a
/// suspending list (`suspense`) returns the suspension while a query has neither data
/// nor a final error, and does not combine then.
#[hook]
pub(crate) fn use_query_list<R, F>(
    queries: Queries,
    combine: F,
    suspense: bool,
) -> Result<R, Suspension>
where
    R: Clone + PartialEq + 'static,
    F: Fn(&QueryResults) -> R + 'static,
{
    let client = use_query_client();
    // The list is made again on every render from the one held (see `observe_list`).
    let held = use_source((), |_, before: Before<'_, Vec<Kept>>, listen| {
        let old = match before {
            Before::Same(old, _) => old.as_slice(),
            _ => &[],
        };
        Next::New(observe_list(
            &client,
            queries,
            old,
            listen.changed(),
            suspense,
        ))
    });
    // A suspending list's render that waits for every query (not a subscription: Yew's
    // handle, resumed by the check).
    let waiting: Waiting = use_mut_ref(Default::default);
    let combine: Combine<R> = Rc::new(combine);
    let results = results(&held.source);
    let shown = if suspense && !results.settled() {
        None
    } else {
        resume(&waiting);
        Some(combine(&results))
    };
    let check = recombine(held.source.clone(), combine, shown.clone(), waiting.clone());
    held.rerender_when(check);
    shown.ok_or_else(|| suspend(&waiting))
}
