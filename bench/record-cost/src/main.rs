//! `cargo run --release -p bench-record-cost [CALLS]`: the native figure of
//! [`bench_record_cost::measure`] (8-byte pointers); `cargo xtask bench --record-cost`
//! prints it next to the wasm32 one.

fn main() {
    let calls: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let cost = bench_record_cost::measure(calls);
    println!(
        "native ({} bit pointers): {calls} settled calls ({} records kept): {:.0} B a settled call",
        usize::BITS,
        cost.records,
        cost.per_call
    );
}
