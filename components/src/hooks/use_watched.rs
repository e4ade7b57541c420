//! The shared mechanism of the cache-wide hooks: read a value from the client, and
//! re-render only when a change of the client changes that value.

use crate::provider::use_query_client;
use optimistic_query::{QueryClient, Subscription};
use std::rc::Rc;
use yew::prelude::*;

/// Which of the client's change streams to listen to.
pub(crate) type Subscribe = fn(&QueryClient, Box<dyn Fn()>) -> Subscription;

type Read<T> = Rc<dyn Fn(&QueryClient) -> T>;

struct Watch<T> {
    /// The latest render's way to read the value (its filter and select).
    read: Option<Read<T>>,
    /// What the latest render showed.
    shown: Option<T>,
    subscription: Option<Subscription>,
}

impl<T> Default for Watch<T> {
    fn default() -> Self {
        Watch {
            read: None,
            shown: None,
            subscription: None,
        }
    }
}

/// `read(client)` now; after each change `subscribe` reports, the component re-renders
/// only if `read` gives something other than what it shows.
#[hook]
pub(crate) fn use_watched<T, F>(read: F, subscribe: Subscribe) -> T
where
    T: Clone + PartialEq + 'static,
    F: Fn(&QueryClient) -> T + 'static,
{
    let client = use_query_client();
    let rerender = yew_hooks::use_update();
    let current = read(&client);
    let watch = use_mut_ref(Watch::<T>::default);
    {
        let mut w = watch.borrow_mut();
        w.read = Some(Rc::new(read));
        w.shown = Some(current.clone());
        if w.subscription.is_none() {
            let weak = Rc::downgrade(&watch);
            let c = client.clone();
            w.subscription = Some(subscribe(
                &client,
                Box::new(move || {
                    let Some(watch) = weak.upgrade() else { return };
                    let changed = {
                        let w = watch.borrow();
                        match (&w.read, &w.shown) {
                            (Some(read), Some(shown)) => read(&c) != *shown,
                            _ => false,
                        }
                    };
                    if changed {
                        rerender();
                    }
                }),
            ));
        }
    }
    current
}
