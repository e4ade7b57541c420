//! Element ids for the components' own controls, so library code finds an element with
//! `getElementById` (or a `NodeRef`) instead of a test id or a CSS selector built from
//! user data.

use std::cell::Cell;

thread_local! {
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// A page-unique prefix for one mounted component, e.g. `yo-list-3`: two lists (or two
/// like buttons of the same post) never share an element id.
pub(crate) fn instance_prefix(kind: &str) -> String {
    NEXT.with(|n| {
        n.set(n.get() + 1);
        format!("yo-{kind}-{}", n.get())
    })
}

/// Free text (an item's or a card's id) as a part of an element id: ASCII letters and
/// digits stay, every other character becomes `_` and its code point in hex, then `_`.
/// The encoding is injective (`a b` and `a_20_b` stay apart) and [`decode`] reverses it.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", u32::from(c)));
        }
    }
    out
}

/// The text [`encode`] made `encoded` from; `None` if it is not such an encoding.
pub(crate) fn decode(encoded: &str) -> Option<String> {
    let mut out = String::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some(c) = rest.chars().next() {
        if c == '_' {
            let end = rest[1..].find('_')? + 1;
            let code = u32::from_str_radix(&rest[1..end], 16).ok()?;
            out.push(char::from_u32(code)?);
            rest = &rest[end + 1..];
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            rest = &rest[1..];
        } else {
            return None;
        }
    }
    Some(out)
}

/// Focuses the element with id `id`, if it is on the page and can take focus.
pub(crate) fn focus_by_id(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    gloo_utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_and_keeps_ids_apart() {
        for text in ["a1", "a b", "a_20_b", "i18f-0a_3", "«milk»", "", "_"] {
            let e = encode(text);
            assert!(
                e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{e}"
            );
            assert_eq!(decode(&e).as_deref(), Some(text), "{text:?} -> {e:?}");
        }
        assert_ne!(encode("a b"), encode("a_20_b"));
        assert_eq!(decode("a-b"), None);
        assert_eq!(decode("_zz_"), None);
    }
}
