//! Stories of `use_query`.

pub mod default;
pub mod error;
pub mod select;

use crate::stories::Story;

/// The page's stories, in tab order.
pub const STORIES: &[Story] = &[default::STORY, error::STORY, select::STORY];
