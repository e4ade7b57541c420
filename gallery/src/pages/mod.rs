//! The pages: the introduction, and one page per component or hook.

mod introduction;
mod story_page;

pub use introduction::Introduction;
pub use story_page::StoryPage;
