//! `use_held_changes`: the changes kept after unknown outcomes that the user must decide
//! about ("not saved yet"), read from the mutation cache, with Retry now and Discard.

use crate::hooks::use_mutation_state;
use crate::provider::use_query_client;
use optimistic_query::{MutationFilter, MutationId, MutationStatus, QueryClient};
use std::rc::Rc;
use yew::prelude::*;

/// A change whose outcome stayed unknown after every resend allowed: still shown, still
/// kept on this device (the persisted queue), waiting for the user's Retry now or
/// Discard. Not a refusal: nothing said no.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldChange<V> {
    /// The call, in the mutation cache.
    pub id: MutationId,
    /// What was asked.
    pub variables: V,
    /// What the last attempt ended with, in words (a network error, a 503...).
    pub message: String,
}

/// What [`use_held_changes`] returns: the held changes, oldest first, and the user's two
/// choices for each.
#[derive(Clone)]
pub struct HeldChanges<V> {
    changes: Rc<Vec<HeldChange<V>>>,
    client: QueryClient,
}

/// Equal when they show the same held changes, so the handle can be a prop.
impl<V: PartialEq> PartialEq for HeldChanges<V> {
    fn eq(&self, other: &Self) -> bool {
        self.changes == other.changes
    }
}

impl<V> HeldChanges<V> {
    /// The held changes, oldest first.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::use_held_changes;
    /// #[component]
    /// fn NotSavedYet() -> Html {
    ///     let held = use_held_changes::<String>(MutationFilter::key(keys!["todos", "add"]));
    ///     html! { <p hidden={held.changes().is_empty()}>{ format!("{} not saved yet", held.changes().len()) }</p> }
    /// }
    /// # let _ = html! { <NotSavedYet /> };
    /// ```
    pub fn changes(&self) -> &[HeldChange<V>] {
        &self.changes
    }

    /// Sends held change `id` again now, under its idempotency key; `false` when it is
    /// not held (any more).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::use_held_changes;
    /// #[component]
    /// fn RetryAll() -> Html {
    ///     let held = use_held_changes::<String>(MutationFilter::key(keys!["todos"]));
    ///     let onclick = { let held = held.clone(); Callback::from(move |_| for c in held.changes() { held.retry_now(c.id); }) };
    ///     html! { <button {onclick}>{ "Retry now" }</button> }
    /// }
    /// # let _ = html! { <RetryAll /> };
    /// ```
    pub fn retry_now(&self, id: MutationId) -> bool {
        self.client.retry_mutation_now(id)
    }

    /// Gives up held change `id`: it is rolled back and the data it touched is fetched
    /// again (it may be on the server). `false` when it is not held (any more).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::use_held_changes;
    /// #[component]
    /// fn DiscardFirst() -> Html {
    ///     let held = use_held_changes::<String>(MutationFilter::key(keys!["todos"]));
    ///     let onclick = { let held = held.clone(); Callback::from(move |_| if let Some(c) = held.changes().first() { held.discard(c.id); }) };
    ///     html! { <button {onclick}>{ "Discard" }</button> }
    /// }
    /// # let _ = html! { <DiscardFirst /> };
    /// ```
    pub fn discard(&self, id: MutationId) -> bool {
        self.client.discard_mutation(id)
    }
}

/// The changes among the calls `filter` names that are held after unknown outcomes
/// ([`MutationStatus::Held`]), read from the mutation cache (a call made elsewhere, or
/// restored after a reload, shows too). The component re-renders only when the list
/// changes. Refusals are [`use_refused_changes`](super::use_refused_changes)'s.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, MutationFilter};
/// use yew_optimistic::feedback::use_held_changes;
///
/// #[component]
/// fn Held() -> Html {
///     let held = use_held_changes::<String>(MutationFilter::key(keys!["todos", "add"]));
///     html! {
///         <ul>
///             { for held.changes().iter().map(|c| {
///                 let (retry, discard, id) = (held.clone(), held.clone(), c.id);
///                 html! {
///                     <li>
///                         { format!("“{}” is not saved yet ({})", c.variables, c.message) }
///                         <button onclick={move |_| { retry.retry_now(id); }}>{ "Retry now" }</button>
///                         <button onclick={move |_| { discard.discard(id); }}>{ "Discard" }</button>
///                     </li>
///                 }
///             }) }
///         </ul>
///     }
/// }
/// # let _ = html! { <Held /> };
/// ```
#[hook]
pub fn use_held_changes<V>(filter: MutationFilter) -> HeldChanges<V>
where
    V: Clone + PartialEq + 'static,
{
    let client = use_query_client();
    let changes: Vec<HeldChange<V>> =
        use_mutation_state(filter.status(MutationStatus::Held), |m| {
            Some(HeldChange {
                id: m.id,
                variables: m.variables::<V>()?.clone(),
                message: m
                    .error
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_default(),
            })
        })
        .into_iter()
        .flatten()
        .collect();
    HeldChanges {
        changes: Rc::new(changes),
        client,
    }
}
