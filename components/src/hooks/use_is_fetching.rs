//! `use_is_fetching`: how many matching queries are fetching.

use crate::provider::use_query_client;
use optimistic_query::{QueryFilter, Subscription};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Number of queries the filter matches that are fetching now, as TanStack's
/// `useIsFetching`; re-renders when it changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_is_fetching, optimistic_query::QueryFilter};
///
/// #[function_component]
/// fn GlobalSpinner() -> Html {
///     let n = use_is_fetching(QueryFilter::all());
///     html! { if n > 0 { <span class="spinner" aria-label="loading" /> } }
/// }
/// # let _ = html! { <GlobalSpinner /> };
/// ```
#[hook]
pub fn use_is_fetching(filter: QueryFilter) -> usize {
    let client = use_query_client();
    let rerender = yew_hooks::use_update();
    let current = client.is_fetching(&filter);
    let watch = use_mut_ref(|| (filter.clone(), current, None::<Subscription>));
    {
        let mut w = watch.borrow_mut();
        w.0 = filter;
        w.1 = current;
        if w.2.is_none() {
            let weak = Rc::downgrade(&watch);
            let c = client.clone();
            w.2 = Some(client.subscribe_queries(move || {
                let Some(watch) = weak.upgrade() else { return };
                let changed = {
                    let w: std::cell::Ref<'_, (QueryFilter, usize, Option<Subscription>)> =
                        watch.borrow();
                    c.is_fetching(&w.0) != w.1
                };
                if changed {
                    rerender();
                }
            }));
        }
    }
    let _: &Rc<RefCell<_>> = &watch;
    current
}
