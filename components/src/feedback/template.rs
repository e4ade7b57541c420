//! Filling the `{name}` placeholders of the components' translatable strings.

/// `template` with every `{name}` replaced by its value from `values`; unknown
/// placeholders stay as they are, so a translation with a typo shows it rather than
/// losing text.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(crate) use wire::text::quote;

#[cfg(test)]
mod tests {
    use super::{fill, quote};
    use wire::text::QUOTE_CHARS;

    #[test]
    fn quotes_are_cut_to_a_readable_length() {
        assert_eq!(quote("milk"), "milk");
        let long = "é".repeat(QUOTE_CHARS + 1);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1, "{quoted}");
        assert!(quoted.ends_with('…'));
        assert_eq!(quote(&"a".repeat(QUOTE_CHARS)), "a".repeat(QUOTE_CHARS));
    }

    #[test]
    fn fills_known_placeholders_and_keeps_the_rest() {
        assert_eq!(
            fill("Move {title} up", &[("title", "milk")]),
            "Move milk up"
        );
        assert_eq!(
            fill("{done} of {total} done", &[("done", "1"), ("total", "3")]),
            "1 of 3 done"
        );
        assert_eq!(fill("{nope} {title}", &[("title", "{x}")]), "{nope} {x}");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
        assert_eq!(
            fill("unclosed {title", &[("title", "x")]),
            "unclosed {title"
        );
    }
}
