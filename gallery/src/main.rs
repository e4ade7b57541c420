//! The yew-optimistic gallery: a Storybook-style app that shows every state of the
//! components and hooks against a simulated server in the browser (`trunk serve`), or
//! against the reference server that serves it (`cargo xtask gallery`).
//!
//! - `shell/`: sidebar, theme, page-wide styles; `route.rs`: deep links in the hash;
//! - `pages/`: the introduction and the page of each component or hook;
//! - `stories/<page>/`: a page's stories as a table over one demo (`demo.rs`, with the
//!   mutation it uses), its words in `prose.md` (what the page is, what each story
//!   shows and what to try), files only for stories with components of their own;
//! - `args.rs`: the components' props as knobs, kept in the URL;
//! - `support/`: what stories use that is not a story (the offline banner);
//! - `frame/`: what surrounds a story (controls, devtools, source, the client);
//! - `backend/`: what stories talk to, and the switch between the two: the simulated
//!   server, or the reference server over HTTP (its `/_faults` for the controls);
//! - `server/`: the simulated server behind the components' data-source traits.

// No function over 60 lines (`too-many-lines-threshold` in clippy.toml): a longer one is
// split into named parts.
#![warn(clippy::too_many_lines)]

mod app;
mod args;
mod backend;
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
