//! What the reference server (`server/`) and the gallery's simulated server agree on,
//! so both answer every change the same way (issue 17's wire crate, started small):
//!
//! - [`limits`]: the longest title and id, the most items in a list or cards in a board
//!   column;
//! - [`validate`]: the rules for names in a URL, ids in a change and titles;
//! - [`feed`]: the feed's posts, pages by cursor, and what a post may say;
//! - [`problem`]: the RFC 9457 problem bodies every refusal carries (`type`, `title`,
//!   `status`, `detail`).
//!
//! Serde only: the server does not depend on Yew through it, and the gallery (wasm)
//! does not depend on axum.
//!
//! ```
//! use wire::{problem::Problem, validate};
//! let refused: Problem = validate::title("\u{200B}", wire::limits::MAX_TITLE_CHARS).unwrap_err();
//! assert_eq!((refused.status, refused.slug()), (422, "invalid-change"));
//! ```

pub mod feed;
pub mod limits;
pub mod problem;
pub mod validate;
