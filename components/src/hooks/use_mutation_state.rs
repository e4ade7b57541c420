//! `use_mutation_state`: pending work anywhere in the app, for badges and lists.

use crate::provider::use_query_client;
use optimistic_query::{MutationFilter, MutationInfo, Subscription};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

struct Watch<S> {
    filter: MutationFilter,
    select: Rc<dyn Fn(&MutationInfo) -> S>,
    last: Vec<S>,
    _subscription: Option<Subscription>,
}

/// The selected view of every mutation the filter matches, oldest first, as TanStack's
/// `useMutationState`. The component re-renders only when that list changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_mutation_state, optimistic_query::{keys, MutationFilter, MutationStatus}};
///
/// #[function_component]
/// fn PendingTitles() -> Html {
///     let titles = use_mutation_state(
///         MutationFilter::key(keys!["todos", "add"]).status(MutationStatus::Pending),
///         |m| m.variables::<String>().cloned().unwrap_or_default(),
///     );
///     html! { <ul>{ for titles.iter().map(|t| html! { <li class="pending">{ t }</li> }) }</ul> }
/// }
/// # let _ = html! { <PendingTitles /> };
/// ```
#[hook]
pub fn use_mutation_state<S, F>(filter: MutationFilter, select: F) -> Vec<S>
where
    S: Clone + PartialEq + 'static,
    F: Fn(&MutationInfo) -> S + 'static,
{
    let client = use_query_client();
    let rerender = yew_hooks::use_update();
    let select: Rc<dyn Fn(&MutationInfo) -> S> = Rc::new(select);
    let compute = {
        let client = client.clone();
        move |filter: &MutationFilter, select: &Rc<dyn Fn(&MutationInfo) -> S>| -> Vec<S> {
            client
                .mutation_infos(filter)
                .iter()
                .map(|m| select(m))
                .collect()
        }
    };
    let current = compute(&filter, &select);
    let watch: Rc<RefCell<Watch<S>>> = use_mut_ref(|| Watch {
        filter: filter.clone(),
        select: select.clone(),
        last: current.clone(),
        _subscription: None,
    });
    {
        let mut w = watch.borrow_mut();
        w.filter = filter;
        w.select = select;
        w.last = current.clone();
        if w._subscription.is_none() {
            let weak = Rc::downgrade(&watch);
            w._subscription = Some(client.subscribe_mutations(move || {
                let Some(watch) = weak.upgrade() else { return };
                let changed = {
                    let w = watch.borrow();
                    compute(&w.filter, &w.select) != w.last
                };
                if changed {
                    rerender();
                }
            }));
        }
    }
    current
}
