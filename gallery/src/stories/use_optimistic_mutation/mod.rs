//! Stories of `use_optimistic_mutation`, on a to-do list built with the hooks alone.

pub mod concurrent;
pub mod default;
pub mod error;
pub mod offline;
pub mod optimistic;
pub mod rollback;
pub mod todos;

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
