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
    if value.chars().all(|c| c.is_whitespace() || draws_nothing(c)) {
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
    if let Some(c) = value.chars().find(|c| reorders(*c)) {
        return Err(Problem::invalid(format!(
            "a title cannot contain bidirectional overrides or isolates (U+{:04X}): \
             they change the order in which the text after them is shown",
            u32::from(c)
        )));
    }
    Ok(())
}

/// The bidirectional embeddings, overrides and isolates.
fn reorders(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters a browser draws as nothing: Unicode's Default_Ignorable_Code_Point
/// (zero-width space and joiners, soft hyphen, format controls, variation selectors,
/// Hangul fillers, tags) and the blank braille pattern. Joiners and marks are fine
/// inside visible text; a title made only of these looks empty.
fn draws_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}
