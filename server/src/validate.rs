//! Checks on names, ids and titles, before anything reaches the database. Text is
//! stored as text: HTML in a title is kept verbatim and never interpreted.

use axum::http::StatusCode;

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
    check_id(what, value, limits).map_err(|detail| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid-name",
            "Invalid name in the URL",
            detail,
        )
    })
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
    if value.trim().is_empty() {
        return Err(format!("the {what} cannot be empty"));
    }
    if value.chars().count() > limits.max_id_chars {
        return Err(format!(
            "the {what} is longer than {} characters",
            limits.max_id_chars
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("the {what} cannot contain control characters"));
    }
    Ok(())
}

/// A title: not blank, at most `max_title_chars` characters, no control characters
/// (tabs and newlines included: titles are one line). A 422 otherwise.
///
/// ```
/// use server::{validate::title, Limits};
/// let limits = Limits::default();
/// assert!(title("<script>alert(1)</script>", &limits).is_ok());
/// assert_eq!(title("   ", &limits).unwrap_err().detail, "a title cannot be empty");
/// assert_eq!(title(&"é".repeat(201), &limits).unwrap_err().status, 422);
/// ```
pub fn title(value: &str, limits: &Limits) -> Result<(), Problem> {
    if value.trim().is_empty() {
        return Err(Problem::invalid("a title cannot be empty"));
    }
    let chars = value.chars().count();
    if chars > limits.max_title_chars {
        return Err(Problem::invalid(format!(
            "a title can be at most {} characters long (this one has {chars})",
            limits.max_title_chars
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(Problem::invalid(
            "a title cannot contain control characters (line breaks, tabs)",
        ));
    }
    Ok(())
}
