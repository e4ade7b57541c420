//! # yew-optimistic
//!
//! TanStack-Query-style server state for [Yew](https://yew.rs), built around optimistic
//! mutations that stay correct when many of them overlap.
//!
//! This crate is what applications import: Yew hooks and components on top of the
//! framework-agnostic engine [`optimistic_query`], which is re-exported as is.
//!
//! The hooks (`use_query`, `use_optimistic_mutation`, ...) and the ready components
//! (editable list, like button, kanban board) are not written yet. What exists today:
//!
//! - [`StatusBadge`]: a small badge that shows the state of a request
//!   (idle, pending, success, error).
//!
//! ```
//! use yew::prelude::*;
//! use yew_optimistic::{BadgeStatus, StatusBadge};
//!
//! #[function_component]
//! fn SaveIndicator() -> Html {
//!     html! { <StatusBadge status={BadgeStatus::Pending} /> }
//! }
//! # let _ = html! { <SaveIndicator /> };
//! ```

/// The engine: keys, cache entries with optimistic layers, observers and mutations.
/// No Yew or browser code lives there; see its own documentation.
pub use optimistic_query;

mod status_badge;

pub use status_badge::{BadgeStatus, StatusBadge, StatusBadgeProps};
