//! `use_client_effect`: the provider's effects that follow its client, through one
//! effect type.
//!
//! Yew compiles an effect hook once per effect closure type (about 1 KB of wasm each).
//! The provider has several effects keyed by its client (releasing an owned client, the
//! restore, tab sync, the browser's events); boxed, they share one compiled copy.

use optimistic_query::QueryClient;
use yew::prelude::*;

/// What an effect leaves to undo when the client changes or the provider unmounts.
pub(super) type Cleanup = Box<dyn FnOnce()>;

/// An effect run after the first render and again whenever the provider's client
/// changes; the [`Cleanup`] it returns runs before the next one and on unmount.
pub(super) type ClientEffect = Box<dyn FnOnce(&QueryClient) -> Cleanup>;

/// Runs `effect` for `client` (see [`ClientEffect`]). Not generic on purpose: every
/// caller shares one instance of Yew's effect code.
#[hook]
pub(super) fn use_client_effect(client: &QueryClient, effect: ClientEffect) {
    use_effect_with(client.clone(), move |c| effect(c));
}

/// A cleanup with nothing to undo.
pub(super) fn nothing_to_undo() -> Cleanup {
    Box::new(|| ())
}
