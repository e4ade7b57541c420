//! What the four Yew contenders of the browser benchmarks share, so that they differ
//! only in how they manage server state:
//!
//! - [`data`]: rows, cards and likes, and the changes the scenarios make to them;
//! - [`server`]: the bridge to the simulated server in `bench/driver/driver.js` (the same
//!   server, latency and JSON for every contender, TanStack/React included);
//! - [`markup`]: the row, card, like-button and status markup (the same in React), each
//!   with a render counter;
//! - [`page`]: `window.benchApp`, through which the driver mounts a scenario's app,
//!   unmounts it and reads the counters and the wasm memory.

pub mod data;
pub mod markup;
pub mod page;
pub mod server;
