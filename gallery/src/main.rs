//! The yew-optimistic gallery: a Storybook-style app that shows every state of the
//! components and hooks against a simulated server in the browser. Build and serve it
//! with `trunk serve` (or `cargo xtask gallery`) from the workspace root.
//!
//! - `shell/`: sidebar, theme, page-wide styles; `route.rs`: deep links in the hash;
//! - `pages/`: the introduction and the page of each component or hook;
//! - `stories/<page>/`: a page's stories as a table over one demo (`demo.rs`, with the
//!   mutation it uses), files only for stories with components of their own;
//! - `args.rs`: the components' props as knobs, kept in the URL;
//! - `support/`: what stories use that is not a story (offline banner, snapshots);
//! - `frame/`: what surrounds a story (controls, devtools, source, the client);
//! - `server/`: the simulated server behind the components' data-source traits.

mod app;
mod args;
mod frame;
mod pages;
mod route;
mod server;
mod shell;
mod stories;
mod support;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
