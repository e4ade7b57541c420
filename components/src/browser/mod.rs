//! Browser glue: the engine's clock, executor and storage over `js_sys`, gloo timers,
//! `spawn_local` and local storage, plus a JSON-over-HTTP helper.

pub mod http;
pub mod problem;
pub mod runtime;

pub use http::Http;
pub use runtime::{browser_runtime, LocalStorage};
