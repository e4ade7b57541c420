//! The data alone, per row: 10,000 rows as plain Yew holds them (a `Vec<Row>`) and as a
//! keyed `Collection<u32, Row>` (imbl's persistent map of `Rc<Row>`), each parsed from
//! the same JSON as the apps parse the server's answer, measured with the counting
//! allocator the browser benchmark reads (`bench_common::page::heap_allocated`).
//!
//! ```sh
//! cargo run --release -p bench-yew-collections --example heap_per_row
//! ```

use bench_common::data::Row;
use bench_common::page::heap_allocated;
use yew_optimistic::Collection;

const ROWS: usize = 10_000;

fn json() -> String {
    // The driver's seeded list: `Row i`, every third row done.
    let rows: Vec<Row> = (0..ROWS as u32)
        .map(|i| Row {
            id: i,
            title: format!("Row {i}").into(),
            done: i % 3 == 0,
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

fn parse(text: &str) -> Vec<Row> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Bytes retained per row by what `make` returns.
fn per_row<T>(make: impl FnOnce() -> T) -> (f64, T) {
    let before = heap_allocated();
    let value = make();
    let after = heap_allocated();
    ((after as f64 - before as f64) / ROWS as f64, value)
}

fn main() {
    let text = json();
    let (vec, rows) = per_row(|| parse(&text));
    // serde grows the Vec by doubling; what a Vec of exactly 10,000 rows would take.
    let (exact, exact_rows) = per_row(|| {
        let mut rows = parse(&text);
        rows.shrink_to_fit();
        rows
    });
    let (collection, rows_map) = per_row(|| Collection::from_rows(parse(&text), |r| r.id));
    assert_eq!(exact_rows.len(), rows_map.len());
    assert_eq!(rows.len(), rows_map.len());
    // What the title strings take, in both (an `Rc<str>` per row).
    let titles: f64 = rows
        .iter()
        .map(|r| (r.title.len() + 2 * std::mem::size_of::<usize>()) as f64)
        .sum::<f64>()
        / ROWS as f64;
    println!("{ROWS} rows, bytes per row (titles ~{titles:.1} of each):");
    println!("  Vec<Row> (as parsed)    {vec:8.1}");
    println!("  Vec<Row> (exact size)   {exact:8.1}");
    println!("  Collection<u32, Row>    {collection:8.1}");
    println!(
        "  ratio to the Vec        {:8.2} (as parsed), {:.2} (exact size)",
        collection / vec,
        collection / exact
    );
}
