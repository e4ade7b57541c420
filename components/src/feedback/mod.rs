//! What the user is told: each item's state, a toast region for messages, and the
//! changes the server refused ([`use_refused_changes`]), which every component shows the
//! same way.

pub(crate) mod dom_id;
mod item_state;
mod refused;
pub(crate) mod template;
mod toast;

pub use item_state::{ItemState, StateMark, StateMarkProps};
pub(crate) use refused::with_retry;
pub use refused::{
    resend_through, use_refused_changes, RefusedChange, RefusedChanges, RefusedChangesOptions,
};
pub use toast::{use_toasts, Toast, ToastKind, ToastRegion, ToastRegionProps, Toasts};
