//! A page's prose, written as Markdown in `prose.md` beside the page's `mod.rs` (read
//! with `include_str!`), so the code of a page states only its demo, its args and which
//! stories it has, and the words are edited where they read as words:
//!
//! ```markdown
//! One paragraph on what the component or hook is (the page's blurb).
//!
//! ## default
//!
//! What the story shows, in one or two sentences (its summary).
//!
//! 1. What to try first.
//! 2. What to try next.
//! ```
//!
//! A story's section is headed by its slug (`## <slug>`); a paragraph may wrap over
//! lines, and so may a step (its next lines indented). The gallery's tests check that
//! every story of every page has its section, and every section its story.

/// The prose of one story: what it shows and what to try.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryProse {
    /// What the story shows, in one or two sentences.
    pub summary: String,
    /// What to try, step by step.
    pub steps: Vec<String>,
}

/// A page's `prose.md`: its blurb, then a section for each story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prose(&'static str);

impl Prose {
    /// The prose in `markdown` (the page's `include_str!("prose.md")`).
    pub const fn new(markdown: &'static str) -> Prose {
        Prose(markdown)
    }

    /// What the page is: the text before the first story's section.
    pub fn blurb(&self) -> String {
        let head = self.0.split("\n## ").next().unwrap_or_default();
        paragraphs(head).join(" ")
    }

    /// The slugs of the stories it has sections for, in order.
    #[cfg(test)]
    pub fn slugs(&self) -> impl Iterator<Item = &'static str> {
        self.sections().map(|(slug, _)| slug)
    }

    /// The prose of the story `slug`, or `None` if the page has no section for it.
    pub fn story(&self, slug: &str) -> Option<StoryProse> {
        let (_, body) = self.sections().find(|(s, _)| *s == slug)?;
        let mut prose = StoryProse::default();
        for line in body.lines() {
            let text = line.trim();
            if let Some(step) = numbered(text) {
                prose.steps.push(step.to_owned());
            } else if text.is_empty() {
                continue;
            } else if let Some(step) = prose.steps.last_mut() {
                // An indented line goes on with the step above it.
                step.push(' ');
                step.push_str(text);
            } else {
                join(&mut prose.summary, text);
            }
        }
        Some(prose)
    }

    /// Each story's section: its slug, and the text under its heading.
    fn sections(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        let text: &'static str = self.0;
        text.split("\n## ").skip(1).map(|section| {
            let (slug, body) = section.split_once('\n').unwrap_or((section, ""));
            (slug.trim(), body)
        })
    }
}

/// The text of a numbered list item (`1. text`), or `None` for any other line.
fn numbered(line: &str) -> Option<&str> {
    let (number, text) = line.split_once(". ")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(text.trim())
}

/// The paragraphs of `text`, each with its lines joined by spaces.
fn paragraphs(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            open = false;
        } else if open {
            if let Some(last) = found.last_mut() {
                join(last, line);
            }
        } else {
            found.push(line.to_owned());
            open = true;
        }
    }
    found
}

/// `text` added to `to`, after a space if `to` already holds words.
fn join(to: &mut String, text: &str) {
    if !to.is_empty() {
        to.push(' ');
    }
    to.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::PAGES;

    const SAMPLE: Prose = Prose::new(
        "A list you can edit,\nwith every change at once.\n\n## default\n\nThe list loads;\nthen it is edited.\n\n1. Add an item.\n2. Rename it: click its\n   title.\n\n## error\n\nRefused.\n\n1. Add.\n",
    );

    #[test]
    fn the_blurb_is_the_text_before_the_first_story() {
        assert_eq!(
            SAMPLE.blurb(),
            "A list you can edit, with every change at once."
        );
    }

    #[test]
    fn a_story_has_its_summary_and_its_steps_with_wrapped_lines_joined() {
        let prose = SAMPLE.story("default").expect("a section for default");
        assert_eq!(prose.summary, "The list loads; then it is edited.");
        assert_eq!(prose.steps, ["Add an item.", "Rename it: click its title."]);
        assert_eq!(SAMPLE.story("error").map(|p| p.steps.len()), Some(1));
        assert_eq!(SAMPLE.story("rollback"), None);
        assert_eq!(SAMPLE.slugs().collect::<Vec<_>>(), ["default", "error"]);
    }

    #[test]
    fn every_page_has_a_blurb_and_every_story_a_summary_and_steps() {
        for page in PAGES {
            assert!(!page.prose.blurb().is_empty(), "{}: no blurb", page.slug);
            for story in page.stories {
                let prose = page.prose.story(story.slug);
                let prose =
                    prose.unwrap_or_else(|| panic!("{}/{}: no section", page.slug, story.slug));
                assert!(
                    !prose.summary.is_empty(),
                    "{}/{}: no summary",
                    page.slug,
                    story.slug
                );
                assert!(
                    !prose.steps.is_empty(),
                    "{}/{}: no steps",
                    page.slug,
                    story.slug
                );
            }
        }
    }

    #[test]
    fn every_section_of_a_page_is_one_of_its_stories() {
        for page in PAGES {
            let slugs: Vec<_> = page.stories.iter().map(|s| s.slug).collect();
            assert_eq!(
                page.prose.slugs().collect::<Vec<_>>(),
                slugs,
                "{}",
                page.slug
            );
        }
    }
}
