//! Text a user typed, as messages quote it.

/// Text a user typed, quoted inside a message: at most [`QUOTE_CHARS`] characters, with
/// an ellipsis when cut. A refused 1 MB title would otherwise put a megabyte of text on
/// its row and into the screen reader's announcement.
///
/// ```
/// assert_eq!(wire::text::quote("milk"), "milk");
/// let cut = wire::text::quote(&"é".repeat(81)).into_owned();
/// assert_eq!(cut.chars().count(), 81);
/// assert!(cut.ends_with('…'));
/// ```
pub fn quote(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// How much of a user's text a message quotes.
///
/// ```
/// assert_eq!(wire::text::QUOTE_CHARS, 80);
/// ```
pub const QUOTE_CHARS: usize = 80;
