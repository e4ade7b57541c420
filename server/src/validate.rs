//! Checks on names, ids and titles, before anything reaches the database. Text is
//! stored as text: HTML in a title is kept verbatim and never interpreted. The rules
//! are [`wire::validate`]'s, which the gallery's simulated server uses too.

use crate::config::Limits;
use crate::problem::Problem;

/// A name in the URL (list, post, board, column): 1 to `max_id_chars` characters, no
/// control characters. A 400 otherwise.
///
/// ```
/// use server::{validate::name, Limits};
/// assert!(name("list", "groceries", &Limits::default()).is_ok());
/// assert_eq!(name("list", &"x".repeat(101), &Limits::default()).unwrap_err().status, 400);
/// ```
pub fn name(what: &str, value: &str, limits: &Limits) -> Result<(), Problem> {
    check_id(what, value, limits).map_err(wire::problem::Problem::invalid_name)
}

/// An id in a change (item, card, column): as [`name`], but a 422.
///
/// ```
/// use server::{validate::id, Limits};
/// assert_eq!(id("item id", "", &Limits::default()).unwrap_err().status, 422);
/// assert_eq!(id("item id", "a\u{0}b", &Limits::default()).unwrap_err().status, 422);
/// ```
pub fn id(what: &str, value: &str, limits: &Limits) -> Result<(), Problem> {
    check_id(what, value, limits).map_err(Problem::invalid)
}

fn check_id(what: &str, value: &str, limits: &Limits) -> Result<(), String> {
    wire::validate::check_id(what, value, limits.max_id_chars)
}

/// A title ([`wire::validate::title`]'s rule): not blank, at most `max_title_chars` characters, no control characters
/// (tabs and newlines included: titles are one line), and none of the bidirectional
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text shown
/// after them (`abc\u{202E}txt.exe` shows as `abcexe.txt`). A title that would look
/// blank counts as empty: only whitespace and characters drawn as nothing (zero-width
/// spaces and joiners, format characters, variation selectors, fillers, tags). A 422
/// otherwise.
///
/// ```
/// use server::{validate::title, Limits};
/// let limits = Limits::default();
/// assert!(title("<script>alert(1)</script>", &limits).is_ok());
/// assert!(title("שלום \u{200F}", &limits).is_ok());
/// assert_eq!(title("   ", &limits).unwrap_err().detail, "a title cannot be empty");
/// assert_eq!(title("\u{200B}\u{3164}", &limits).unwrap_err().status, 422);
/// assert_eq!(title("a\u{202E}b", &limits).unwrap_err().status, 422);
/// assert_eq!(title(&"é".repeat(201), &limits).unwrap_err().status, 422);
/// ```
pub fn title(value: &str, limits: &Limits) -> Result<(), Problem> {
    wire::validate::title(value, limits.max_title_chars)
}
