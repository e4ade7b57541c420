//! `cargo xtask bench --record-cost [CALLS]`: the heap a settled mutation holds, measured
//! by `bench/record-cost` natively and in wasm32 (its wasm build run in Node through
//! wasm-bindgen's Node glue). The engine alone: the browser's figure for a whole app is
//! `cargo xtask bench --browser --memory`.

use crate::util::{cargo, root, Cmd};

/// Calls measured when none are given.
const DEFAULT_CALLS: u32 = 2_000;

/// Runs both measurements and prints them.
pub fn run(args: &[String]) -> Result<(), String> {
    let calls = match args {
        [] => DEFAULT_CALLS,
        [n] => n
            .parse()
            .map_err(|_| format!("`--record-cost` takes a number of calls, not `{n}`"))?,
        _ => return Err("`--record-cost` takes at most one argument: the number of calls".into()),
    };
    crate::setup::run(crate::setup::Purpose::Test)?;
    let calls_arg = calls.to_string();
    Cmd::new(cargo())
        .args([
            "run",
            "--release",
            "-p",
            "bench-record-cost",
            "--",
            &calls_arg,
        ])
        .run()?;
    Cmd::new(cargo())
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "bench-record-cost",
            "--lib",
        ])
        .run()?;
    let target = root().join("target");
    let wasm = target
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("bench_record_cost.wasm");
    let glue = target.join("record-cost");
    Cmd::new("wasm-bindgen")
        .args(["--target", "nodejs", "--out-dir"])
        .args([&glue, &wasm])
        .run()?;
    let script = format!(
        "const m = require({:?}); \
         const b = m.held_per_settled_call({calls}); \
         console.log(`wasm32 (32 bit pointers): {calls} settled calls: ${{b.toFixed(0)}} B a settled call`);",
        glue.join("bench_record_cost.js")
    );
    Cmd::new("node").args(["-e", &script]).run()
}
