//! The yew-optimistic gallery: a Storybook-style app that shows every state of the
//! components. Build and serve it with `trunk serve` (or `cargo xtask gallery`) from the
//! workspace root.
//!
//! For now it holds the app shell (sidebar and page area) and an introduction page; each
//! component will get its own folder of stories.

mod app;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
