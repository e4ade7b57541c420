//! What the reference server (`server/`) and the gallery's simulated server agree on,
//! so both answer every change the same way, and what the components send them:
//!
//! - [`list`], [`board`] and [`likes`]: the components' data and the changes a user
//!   makes, with the pure functions that apply them (the component paints with them, both
//!   servers store with them);
//! - [`seed`]: what a new list, board and post start with;
//! - [`limits`]: the longest title and id, the most items in a list or cards in a board
//!   column;
//! - [`validate`]: the rules for names in a URL, ids in a change and titles;
//! - [`feed`]: the feed's posts, pages by cursor, and what a post may say;
//! - [`faults`]: the reference server's fault settings and counters (`/_faults`);
//! - [`text`]: user text as messages quote it;
//! - [`version`]: the version every answer carries, and how resources are named;
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

pub mod board;
pub mod faults;
pub mod feed;
pub mod likes;
pub mod limits;
pub mod list;
pub mod problem;
pub mod seed;
pub mod text;
pub mod validate;
pub mod version;
