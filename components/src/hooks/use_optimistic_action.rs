//! `use_optimistic_action`: an optimistic mutation that never re-renders the component
//! holding it (TanStack DB's optimistic action).

use super::subscription::{use_source, Before, Next};
use crate::provider::use_query_client;
use optimistic_query::{ErrorKind, FetchError, MutationId, MutationObserver, MutationOptions};
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::rc::Rc;
use yew::prelude::*;

/// What [`use_optimistic_action`] returns: the way to call the mutation, and nothing of
/// its state, so holding it costs no render. The same action across renders (compare
/// with `==`): pass it to 10,000 row components and none renders again because of it.
pub struct OptimisticAction<V, D, E = String, C = ()> {
    observer: Rc<RefCell<MutationObserver<V, D, E, C>>>,
}

impl<V, D, E, C> Clone for OptimisticAction<V, D, E, C> {
    fn clone(&self) -> Self {
        OptimisticAction {
            observer: self.observer.clone(),
        }
    }
}

impl<V, D, E, C> PartialEq for OptimisticAction<V, D, E, C> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.observer, &other.observer)
    }
}

impl<V, D, E, C> fmt::Debug for OptimisticAction<V, D, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OptimisticAction")
    }
}

impl<V, D, E, C> OptimisticAction<V, D, E, C>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    /// Calls the mutation: its changes paint at once; returns the call's id (read its
    /// state with [`use_mutation_state`](crate::use_mutation_state)).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_action, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Like() -> Html {
    ///     let like = use_optimistic_action(MutationOptions::new(|_: (), _| async { Ok::<_, FetchError>(()) }));
    ///     html! { <button onclick={move |_| { like.mutate(()); }}>{ "Like" }</button> }
    /// }
    /// ```
    pub fn mutate(&self, variables: V) -> MutationId {
        self.observer.borrow().mutate(variables)
    }

    /// Calls the action with callbacks of this call, as
    /// [`UseMutationHandle::mutate_with`](crate::UseMutationHandle::mutate_with): after the
    /// options' callbacks, for the latest call only, not after the component unmounted.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_action, MutateCallbacks, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Send() -> Html {
    ///     let failed = use_state(|| None::<String>);
    ///     let send = use_optimistic_action(MutationOptions::new(|text: String, _| async move { Ok::<_, FetchError>(text) }));
    ///     let onclick = {
    ///         let failed = failed.clone();
    ///         Callback::from(move |_| {
    ///             let failed = failed.clone();
    ///             send.mutate_with("hi".to_string(), MutateCallbacks::new().on_error(move |e: &FetchError, _| failed.set(Some(e.to_string()))));
    ///         })
    ///     };
    ///     html! { <><button {onclick}>{ "Send" }</button>{ (*failed).clone() }</> }
    /// }
    /// # let _ = html! { <Send /> };
    /// ```
    pub fn mutate_with(
        &self,
        variables: V,
        callbacks: optimistic_query::MutateCallbacks<V, D, E>,
    ) -> MutationId {
        self.observer.borrow().mutate_with(variables, callbacks)
    }

    /// Calls the mutation and returns a future of its outcome.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_action, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Save() -> Html {
    ///     let save = use_optimistic_action(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = move |_| {
    ///         let done = save.mutate_async(1);
    ///         wasm_bindgen_futures::spawn_local(async move { let _ = done.await; });
    ///     };
    ///     html! { <button {onclick}>{ "Save" }</button> }
    /// }
    /// ```
    pub fn mutate_async(
        &self,
        variables: V,
    ) -> impl Future<Output = Result<D, FetchError<E>>> + 'static {
        self.observer.borrow().mutate_async(variables)
    }

    /// Sends another failed call of this mutation again (a refused change read from the
    /// mutation cache): under its idempotency key when the failure may have reached the
    /// server, else under a new one. See `MutationObserver::resend`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_action, ErrorKind, MutationId, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn ResendButton() -> Html {
    ///     let save = use_optimistic_action(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = Callback::from(move |_| { save.resend(7, "key-1", ErrorKind::Timeout, MutationId(1)); });
    ///     html! { <button {onclick}>{ "Send again" }</button> }
    /// }
    /// # let _ = html! { <ResendButton /> };
    /// ```
    pub fn resend(
        &self,
        variables: V,
        idempotency_key: &str,
        failure: ErrorKind,
        of: MutationId,
    ) -> MutationId {
        self.observer
            .borrow()
            .resend(variables, idempotency_key, failure, of)
    }

    /// The observer, for the calls of [`UseMutationHandle`](crate::UseMutationHandle)
    /// about the latest call.
    pub(crate) fn observer(&self) -> std::cell::Ref<'_, MutationObserver<V, D, E, C>> {
        self.observer.borrow()
    }

    /// `mutate` as a callback.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_action, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Add() -> Html {
    ///     let add = use_optimistic_action(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     html! { <button onclick={add.mutate_callback().reform(|_| 1)}>{ "Add" }</button> }
    /// }
    /// ```
    pub fn mutate_callback(&self) -> Callback<V> {
        let observer = self.observer.clone();
        Callback::from(move |v: V| {
            observer.borrow().mutate(v);
        })
    }
}

/// An optimistic mutation without state: the same layers, scopes, retries, offline queue
/// and idempotency as [`use_optimistic_mutation`](crate::use_optimistic_mutation), but
/// the component that holds it is not re-rendered when a call starts or settles. For a
/// list of keyed rows ([`use_collection`](crate::use_collection)) whose toggle must render
/// one row and not the list; each row shows its own call's state, and refused calls show
/// through [`use_refused_mutations`](crate::use_refused_mutations).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_optimistic_action, keys, optimistic_query::{Collection, FetchError, MutationOptions, TypedKey}};
///
/// #[component]
/// fn Toolbar() -> Html {
///     let todos = TypedKey::<Collection<u32, bool>>::new(keys!["todos"]);
///     let toggle = use_optimistic_action(
///         MutationOptions::new(|id: u32, _| async move { Ok::<_, FetchError>(id) })
///             .optimistic(move |id: &u32, patches| { patches.collection(&todos).update(*id, |done| *done = !*done); }),
///     );
///     html! { <button onclick={toggle.mutate_callback().reform(|_| 7)}>{ "Toggle 7" }</button> }
/// }
/// ```
#[hook]
pub fn use_optimistic_action<V, D, E, C>(
    options: MutationOptions<V, D, E, C>,
) -> OptimisticAction<V, D, E, C>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    use_mutation_observer(options, false)
}

/// The mutation observer a hook keeps between renders (through
/// [`use_source`](super::subscription::use_source)), with this render's options
/// applied, as the action that calls it. With `follow`, the component re-renders on every
/// change of the latest call's state: the observer tells only when a record of its own
/// calls changed.
#[hook]
pub(crate) fn use_mutation_observer<V, D, E, C>(
    options: MutationOptions<V, D, E, C>,
    follow: bool,
) -> OptimisticAction<V, D, E, C>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    let client = use_query_client();
    let held = use_source(
        (),
        |_, before: Before<'_, RefCell<MutationObserver<V, D, E, C>>>, listen| match before {
            Before::Same(observer, keep) => {
                // Later renders bring new closures: calls made from now on use them. The
                // old ones are dropped once the observer is released.
                let old = observer.borrow_mut().set_options(options);
                drop(old);
                Next::Keep(keep)
            }
            _ => {
                let observer = MutationObserver::new(&client, options);
                if follow {
                    observer.subscribe(listen.rerender());
                }
                Next::New(RefCell::new(observer))
            }
        },
    );
    OptimisticAction {
        observer: held.source,
    }
}
