//! Stories of `KanbanBoard`.

pub mod concurrent;
pub mod default;
pub mod demo;
pub mod error;
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
