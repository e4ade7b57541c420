//! What the user is told: each item's state, and a toast region for messages.

pub(crate) mod dom_id;
mod item_state;
mod toast;

pub use item_state::{ItemState, StateMark, StateMarkProps};
pub use toast::{use_toasts, Toast, ToastKind, ToastRegion, ToastRegionProps, Toasts};
