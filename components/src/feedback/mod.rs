//! What the user is told: each item's state, a toast region for messages, the changes the
//! server refused ([`use_refused_changes`]), which every component shows the same way,
//! and the changes held after unknown outcomes ([`use_held_changes`]: "not saved yet",
//! with Retry now and Discard), and whether changes are kept on this device
//! ([`use_not_kept_on_device`], [`OfflineBanner`]).

pub(crate) mod changes;
pub(crate) mod dom_id;
mod held;
mod item_state;
mod kept;
mod offline_banner;
mod refused;
pub(crate) mod template;
mod toast;
pub(crate) mod words;

pub use held::{use_held_changes, HeldChange, HeldChanges};
pub use item_state::{ItemState, StateMark, StateMarkProps};
pub use kept::{use_not_kept_on_device, use_queue_kept_aside};
pub use offline_banner::{BannerStrings, OfflineBanner, OfflineBannerProps};
pub(crate) use refused::with_retry;
pub use refused::{
    resend_through, use_refused_changes, RefusedChange, RefusedChanges, RefusedChangesOptions,
};
pub use toast::{use_toasts, Toast, ToastKind, ToastRegion, ToastRegionProps, Toasts};
