//! `use_combined_queries`: TanStack's `useQueries({ queries, combine })`, for queries of
//! any data types, re-rendering only when the combined value changes.

use super::query_list::{AnyResult, ErasedQuery, Queries, QueryResults};
use super::use_suspense_query::{resume, suspend, Waiting};
use crate::provider::use_query_client;
use optimistic_query::QueryKey;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
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

/// What the hook keeps between renders.
struct State<R> {
    kept: Vec<Kept>,
    combine: Option<Combine<R>>,
    last: Option<R>,
    /// A suspending list's render that waits for every query (`use_suspense_queries`).
    waiting: Waiting,
}

impl<R> State<R> {
    fn results(kept: &[Kept]) -> QueryResults {
        QueryResults::of(kept.iter().map(|k| match (&k.observer, &k.failed) {
            (Some(o), _) => o.result(),
            (None, Some(f)) => f.clone(),
            (None, None) => AnyResult::none(),
        }))
    }
}

/// A query of the list changed: a suspended list resumes once every query settled; else
/// combine again, and re-render only if the combined value changed.
fn recombine<R: PartialEq + 'static>(state: &Weak<RefCell<State<R>>>, rerender: &Rc<dyn Fn()>) {
    let Some(state) = state.upgrade() else { return };
    let (combine, results, waiting) = {
        let s = state.borrow();
        let waiting = s.waiting.borrow().is_some().then(|| s.waiting.clone());
        (s.combine.clone(), State::<R>::results(&s.kept), waiting)
    };
    if let Some(waiting) = waiting {
        if results.settled() {
            resume(&waiting);
            rerender();
        }
        return;
    }
    let Some(combine) = combine else { return };
    // The app's closure runs with no borrow held.
    let value = combine(&results);
    let changed = state.borrow().last.as_ref() != Some(&value);
    if changed {
        let old = state.borrow_mut().last.replace(value);
        drop(old);
        rerender();
    }
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
    let rerender = yew_hooks::use_update();
    // The observers and the last combination, read by their listener (which re-renders
    // only when the combination changes).
    let state = use_mut_ref(|| State::<R> {
        kept: Vec::new(),
        combine: None,
        last: None,
        waiting: Waiting::default(),
    });
    let combine: Combine<R> = Rc::new(combine);
    let on_change: Rc<dyn Fn()> = {
        let weak = Rc::downgrade(&state);
        let rerender: Rc<dyn Fn()> = Rc::new(move || rerender());
        Rc::new(move || recombine(&weak, &rerender))
    };
    // Observers are made and updated with no borrow of the state held: a listener may
    // read it.
    let mut old = std::mem::take(&mut state.borrow_mut().kept);
    let mut kept = Vec::with_capacity(queries.len());
    for query in queries.list {
        let key = query.key().clone();
        let reused = old
            .iter()
            .position(|k| k.key == key)
            .and_then(|i| old.remove(i).observer);
        let (observer, result) = query.observe(&client, reused, on_change.clone(), suspense);
        let failed = observer.is_none().then_some(result);
        kept.push(Kept {
            key,
            observer,
            failed,
        });
    }
    let results = State::<R>::results(&kept);
    let waiting = state.borrow().waiting.clone();
    if suspense && !results.settled() {
        let replaced = {
            let mut s = state.borrow_mut();
            s.kept = kept;
            s.combine.replace(combine)
        };
        drop((old, replaced));
        return Err(suspend(&waiting));
    }
    resume(&waiting);
    let value = combine(&results);
    let replaced = {
        let mut s = state.borrow_mut();
        s.kept = kept;
        (s.combine.replace(combine), s.last.replace(value.clone()))
    };
    // Keys that left the list, the previous closure and value: the app's, dropped after
    // the borrow (dropping an observer tells the client).
    drop((old, replaced));
    Ok(value)
}
