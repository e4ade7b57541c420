//! Stories of `LikeButton`.

pub mod concurrent;
pub mod default;
pub mod error;
pub mod feed;
pub mod offline;
pub mod optimistic;
pub mod rollback;

use crate::stories::Story;

/// The page's stories, in tab order.
pub const STORIES: &[Story] = &[
    default::STORY,
    optimistic::STORY,
    error::STORY,
    rollback::STORY,
    concurrent::STORY,
    offline::STORY,
];
