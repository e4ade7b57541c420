//! Deep links: the URL hash names the page, the story and the args of the story's
//! component (`#/editable-list/rollback?rows=6&lang=fr`), so a link reproduces exactly
//! what someone saw, and back/forward move between stories.

use std::collections::BTreeMap;

/// The values of a page's args, by name, as the URL carries them (text; each page's
/// [`ArgDef`](crate::args::ArgDef)s say how to read them). Only values that differ from
/// the defaults are kept, so a plain link stays plain.
pub type ArgValues = BTreeMap<String, String>;

/// Where the gallery is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The introduction (also for an empty or unknown hash).
    Introduction,
    /// A component's or hook's page, at one of its stories (`None`: the first).
    Story {
        /// The page's slug, e.g. `editable-list`.
        page: String,
        /// The story's slug, e.g. `rollback`.
        story: Option<String>,
        /// The args set in the URL.
        args: ArgValues,
    },
}

impl Route {
    /// Reads a `location.hash` such as `#/editable-list/rollback?rows=6`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let mut parts = path.split('/').filter(|p| !p.is_empty());
        match (parts.next(), parts.next()) {
            (None, _) | (Some("introduction"), _) => Route::Introduction,
            (Some(page), story) => Route::Story {
                page: page.to_owned(),
                story: story.map(str::to_owned),
                args: parse_query(query),
            },
        }
    }

    /// The hash for this route, e.g. `#/editable-list/rollback?rows=6`.
    pub fn href(&self) -> String {
        match self {
            Route::Introduction => "#/introduction".into(),
            Route::Story { page, story, args } => {
                let mut href = format!("#/{page}");
                if let Some(story) = story {
                    href.push('/');
                    href.push_str(story);
                }
                if !args.is_empty() {
                    href.push('?');
                    href.push_str(&query(args));
                }
                href
            }
        }
    }

    /// The hash of `page`'s story `story`, with `args`.
    pub fn story_href(page: &str, story: &str, args: &ArgValues) -> String {
        Route::Story {
            page: page.into(),
            story: Some(story.into()),
            args: args.clone(),
        }
        .href()
    }
}

/// `a=1&b=x%20y` from args, in name order.
fn query(args: &ArgValues) -> String {
    args.iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn parse_query(query: &str) -> ArgValues {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// Percent-encodes everything but ASCII letters, digits and `-_.~` (what survives in a
/// URL unescaped), as UTF-8 bytes.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text `encode` made (also `+` as a space, as forms write it); `None` for broken
/// escapes or bytes that are not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> ArgValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_deep_links() {
        assert_eq!(Route::parse(""), Route::Introduction);
        assert_eq!(Route::parse("#/introduction"), Route::Introduction);
        assert_eq!(
            Route::parse("#/editable-list/rollback"),
            Route::Story {
                page: "editable-list".into(),
                story: Some("rollback".into()),
                args: ArgValues::new(),
            }
        );
        assert_eq!(
            Route::parse("#/like-button"),
            Route::Story {
                page: "like-button".into(),
                story: None,
                args: ArgValues::new(),
            }
        );
        assert_eq!(
            Route::parse("#/kanban-board/default?cards=8&title=Q3%20plan&lang=fr"),
            Route::Story {
                page: "kanban-board".into(),
                story: Some("default".into()),
                args: args(&[("cards", "8"), ("title", "Q3 plan"), ("lang", "fr")]),
            }
        );
    }

    #[test]
    fn href_round_trips() {
        for hash in [
            "#/introduction",
            "#/kanban-board/offline",
            "#/use-query",
            "#/editable-list/default?label=Courses%20%C3%A0%20faire&rows=6",
        ] {
            assert_eq!(Route::parse(hash).href(), hash);
        }
        let odd = args(&[("label", "a&b=c?d#e f"), ("x", "")]);
        let href = Route::story_href("like-button", "default", &odd);
        assert_eq!(
            Route::parse(&href),
            Route::Story {
                page: "like-button".into(),
                story: Some("default".into()),
                args: odd,
            }
        );
    }

    #[test]
    fn broken_escapes_are_dropped_not_fatal() {
        assert_eq!(parse_query("a=%zz&b=1&c=%E2%82"), args(&[("b", "1")]));
    }
}
