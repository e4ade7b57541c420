//! The gallery's function components and hooks stay at most 60 lines of code, as
//! clippy's `too_many_lines` holds its other functions to; the count is the components'
//! (`components/tests/function_length/count.rs`), which says why clippy does not see them.

#[path = "../../components/tests/function_length/count.rs"]
mod count;

use count::{too_long_below, MAX_LINES};
use std::path::Path;

#[test]
fn gallery_components_and_hooks_have_at_most_60_lines_of_code() {
    let (too_long, seen) = too_long_below(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    // The gallery has dozens; far fewer means the scan broke.
    assert!(seen > 20, "found only {seen} components and hooks");
    assert!(
        too_long.is_empty(),
        "over {MAX_LINES} lines of code:\n{}",
        too_long.join("\n")
    );
}
