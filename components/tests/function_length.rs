//! The crate's function components and hooks stay at most 60 lines of code, as clippy's
//! `too_many_lines` holds every other function to (the threshold in clippy.toml); see
//! `function_length/count.rs` for why clippy does not see them.
#![cfg(not(target_arch = "wasm32"))]

#[path = "function_length/count.rs"]
mod count;

use count::{assert_none_too_long_below, macro_built_functions};
use std::path::Path;

#[test]
fn components_and_hooks_have_at_most_60_lines_of_code() {
    // The crate has about a hundred: far fewer means the scan broke.
    assert_none_too_long_below(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), 51);
}

#[test]
fn the_count_skips_blanks_and_comments_and_reads_past_braces_in_text() {
    let text = r##"
#[component]
fn Small() -> Html {
    // a comment
    let a = "{ not a brace";

    /* a block
       comment */
    let b = '{';
    html! { <p>{ a }{ b }</p> }
}

fn not_counted() {}

#[hook]
pub fn use_thing<T: 'static>(x: T) -> T {
    let raw = r#"}"#;
    x
}
"##;
    assert_eq!(
        macro_built_functions(text),
        vec![("Small".to_owned(), 3), ("use_thing".to_owned(), 2)]
    );
}
