//! The gallery's function components and hooks stay at most 60 lines of code, as
//! clippy's `too_many_lines` holds its other functions to; the count is the components'
//! (`components/tests/function_length/count.rs`), which says why clippy does not see them.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../../components/tests/function_length/count.rs"]
mod count;

use std::path::Path;

#[test]
fn gallery_components_and_hooks_have_at_most_60_lines_of_code() {
    // The gallery has dozens: far fewer means the scan broke.
    count::assert_none_too_long_below(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), 21);
}
