//! The rules for names, ids and titles, checked before a change touches the data. Text
//! is kept as text: HTML in a title is stored verbatim and never interpreted.

use crate::problem::Problem;

/// Why a name or id is refused, in words (`what` names it: "list name", "card id"), or
/// `Ok`: not blank, at most `max_chars` characters, no control characters. The server
/// answers a name in the URL with a 400 `invalid-name`, an id in a change with
/// [`id`]'s 422.
///
/// ```
/// use wire::validate::check_id;
/// assert!(check_id("list name", "groceries", 100).is_ok());
/// assert_eq!(check_id("item id", " ", 100).unwrap_err(), "the item id cannot be empty");
/// assert!(check_id("item id", &"x".repeat(101), 100).is_err());
/// ```
pub fn check_id(what: &str, value: &str, max_chars: usize) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("the {what} cannot be empty"));
    }
    if value.chars().count() > max_chars {
        return Err(format!("the {what} is longer than {max_chars} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("the {what} cannot contain control characters"));
    }
    Ok(())
}

/// An id in a change (item, card, column): [`check_id`]'s rule, refused with a 422
/// `invalid-change`.
///
/// ```
/// use wire::validate::id;
/// assert_eq!(id("item id", "", 100).unwrap_err().status, 422);
/// assert_eq!(id("item id", "a\u{0}b", 100).unwrap_err().status, 422);
/// ```
pub fn id(what: &str, value: &str, max_chars: usize) -> Result<(), Problem> {
    check_id(what, value, max_chars).map_err(Problem::invalid)
}

/// A title: not blank, at most `max_chars` characters, no control characters (tabs and
/// newlines included: titles are one line), and none of the bidirectional overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text shown after them
/// (`abc\u{202E}txt.exe` shows as `abcexe.txt`). A title that would look blank counts as
/// empty: only whitespace and characters drawn as nothing (zero-width spaces and
/// joiners, format characters, variation selectors, fillers, tags). A 422
/// `invalid-change` otherwise.
///
/// ```
/// use wire::validate::title;
/// assert!(title("<script>alert(1)</script>", 200).is_ok());
/// assert!(title("שלום \u{200F}", 200).is_ok());
/// assert_eq!(title("   ", 200).unwrap_err().detail, "a title cannot be empty");
/// assert_eq!(title("\u{200B}\u{3164}", 200).unwrap_err().status, 422);
/// assert_eq!(title("a\u{202E}b", 200).unwrap_err().status, 422);
/// assert_eq!(title(&"é".repeat(201), 200).unwrap_err().status, 422);
/// ```
pub fn title(value: &str, max_chars: usize) -> Result<(), Problem> {
    if value.chars().all(|c| c.is_whitespace() || draws_nothing(c)) {
        return Err(Problem::invalid("a title cannot be empty"));
    }
    let chars = value.chars().count();
    if chars > max_chars {
        return Err(Problem::invalid(format!(
            "a title can be at most {max_chars} characters long (this one has {chars})"
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
