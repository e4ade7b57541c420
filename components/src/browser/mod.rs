//! Browser glue: the engine's clock, executor and storage over `js_sys`, gloo timers,
//! `spawn_local` and local storage; tabs that share the persisted queue (Web Locks) and
//! query results (`BroadcastChannel`); and a JSON-over-HTTP helper (feature `http`).

pub mod broadcast;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
#[cfg(all(feature = "http", feature = "components"))]
pub(crate) mod http_source;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod problem;
pub mod runtime;
pub mod tabs;
pub(crate) mod tabs_sync;

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::Http;
pub use runtime::{browser_runtime, LocalStorage};
pub use tabs::tab_id;
