//! `use_after_every_render`: an effect that runs after every render, through one
//! compiled copy of Yew's effect code.
//!
//! Yew compiles its effect hook once per effect closure type (about 1 KB of wasm each).
//! The components' after-render effects (focus that follows a moved card or row, a log
//! kept scrolled to its end, a virtual list's listeners) are boxed, so they share it.

use yew::prelude::*;

/// Work to do once the render it was made in is in the page.
pub(crate) type AfterRender = Box<dyn FnOnce()>;

/// Runs `effect` after this render is in the page (Yew's `use_effect`, not generic).
#[hook]
pub(crate) fn use_after_every_render(effect: AfterRender) {
    use_effect(effect);
}
