//! The gallery's frame: sidebar, theme choice and page-wide styles.

mod sidebar;
mod styles;
mod theme_choice;

pub use sidebar::Sidebar;
pub use styles::global_css;
pub use theme_choice::{initial_theme, remember};
