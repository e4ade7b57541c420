//! yew-optimistic with server rendering: the server renders the todo list with its rows
//! and the page's state; the browser hydrates that HTML without fetching the rows again,
//! and from then on the list works like the quickstart (optimistic changes, refusals
//! with Retry, an offline queue).
//!
//! One binary, two builds: for wasm32 (trunk) it is the browser's client, natively it is
//! the server (`cargo run -p ssr-example`, README.md).

mod app;
#[cfg(not(target_arch = "wasm32"))]
mod page;
#[cfg(not(target_arch = "wasm32"))]
mod proxy;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The element the server rendered the app into.
    let root = gloo_utils::document()
        .get_element_by_id(app::ROOT_ID)
        .expect("the server's page has the app's root element");
    yew::Renderer::<app::App>::with_root(root).hydrate();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    let args = page::Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ssr-example: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(page::serve(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ssr-example: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
