//! axe-core on every page and story of the gallery, in both themes: no serious or
//! critical violation of the WCAG 2.0-2.2 A/AA rules or axe's best practices. The
//! components' error states (a refused change, its toast) are audited too.
//!
//! Each theme runs in its own browser; the report of every story is printed (stderr)
//! whether it passes or not.

use std::time::Duration;

use e2e::axe::{self, Violation};
use e2e::page::{run, Page, SETTLE};

/// What is still loading in the story's canvas.
const LOADING: &str = "[data-testid=canvas] :is([aria-busy='true'], [data-loading='true'], \
     [data-testid=loading], [data-testid=list-loading], [data-testid=board-loading], \
     [data-testid=column-loading])";

/// A way to put a story in its error state before a second audit.
struct ErrorState {
    page: &'static str,
    story: &'static str,
    /// Runs in the page: makes a change the story's server refuses.
    act: &'static str,
    /// Appears once the refusal is shown.
    shown: &'static str,
}

const ERROR_STATES: &[ErrorState] = &[
    ErrorState {
        page: "editable-list",
        story: "error",
        act: "document.querySelector('[data-testid=row] [data-testid=row-toggle]').click();",
        shown: "[data-testid=row-error]",
    },
    ErrorState {
        page: "like-button",
        story: "error",
        act: "document.querySelector('[data-testid=like-button]').click();",
        shown: "[data-testid=like-error]",
    },
    ErrorState {
        page: "kanban-board",
        story: "error",
        act: "document.querySelector('[data-testid=card] [data-testid=card-move-right]').click();",
        shown: "[data-testid=card-error]",
    },
];

/// The args a page is audited with: its defaults, but for a page whose default data is
/// too big for axe to finish within a script's time (the keyed collections' 10,000 rows
/// and 2,000 cards): the same components over less data.
fn audited_args(slug: &str) -> &'static str {
    match slug {
        "keyed-collections" => "?rows=100&cards=100",
        _ => "",
    }
}

/// Goes to `hash` without reloading, and waits until `ready` matches and nothing in the
/// canvas is loading.
async fn visit(page: &Page, hash: &str, ready: &str) -> Result<(), String> {
    page.js("location.hash = arguments[0];", vec![hash.into()])
        .await?;
    page.wait_for(ready, SETTLE).await?;
    page.wait_gone(LOADING, SETTLE).await?;
    // Let transitions and the first refetches settle.
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(())
}

/// Texts of the elements matching `css`, in document order.
async fn attrs(page: &Page, css: &str, name: &str) -> Result<Vec<String>, String> {
    let v = page
        .js(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]));",
            vec![css.into(), name.into()],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// Audits the page as it is, prints a line for it, and keeps what blocks.
async fn audit(
    page: &Page,
    theme: &str,
    what: &str,
    blocking: &mut Vec<String>,
) -> Result<(), String> {
    let violations = axe::check(page).await?;
    let serious: Vec<&Violation> = violations.iter().filter(|v| v.is_blocking()).collect();
    e2e::announce(&format!(
        "axe {theme:5} {what:45} {} violation(s), {} serious/critical",
        violations.len(),
        serious.len()
    ));
    for v in &violations {
        e2e::announce(&format!("    {v}"));
    }
    blocking.extend(serious.iter().map(|v| format!("{theme} {what}: {v}")));
    Ok(())
}

/// Every page and story in `theme`, then the error states.
async fn audit_everything(name: &str, theme: &'static str) {
    run(
        name,
        &format!("?theme={theme}#/introduction"),
        |page| async move {
            page.wait_attr("[data-theme]", "data-theme", theme, SETTLE)
                .await?;
            let mut blocking = Vec::new();
            audit(&page, theme, "introduction", &mut blocking).await?;
            let pages: Vec<String> = attrs(&page, "nav a[data-page]", "data-page")
                .await?
                .into_iter()
                .filter(|p| p != "introduction")
                .collect();
            Page::check(pages.len() >= 5, format!("pages in the sidebar: {pages:?}"))?;
            let mut audited = 0;
            for slug in &pages {
                let args = audited_args(slug);
                visit(&page, &format!("#/{slug}{args}"), &format!("article[data-page='{slug}']"))
                    .await?;
                let stories = attrs(&page, "[data-story-tab]", "data-story-tab").await?;
                for story in &stories {
                    let ready = format!(
                        "article[data-page='{slug}'] .story-frame[data-story='{story}'] [data-testid=canvas]"
                    );
                    visit(&page, &format!("#/{slug}/{story}{args}"), &ready).await?;
                    audit(&page, theme, &format!("{slug}/{story}"), &mut blocking).await?;
                    audited += 1;
                }
            }
            Page::check(audited >= 27, format!("only {audited} stories audited"))?;
            for state in ERROR_STATES {
                let ready = format!(".story-frame[data-story='{}'] [data-testid=canvas]", state.story);
                visit(&page, &format!("#/{}/{}", state.page, state.story), &ready)
                    .await?;
                page.js(state.act, vec![]).await?;
                page.wait_for(state.shown, SETTLE).await?;
                page.wait_for("[data-testid=toast]", SETTLE).await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                let what = format!("{}/{} (refused, toast shown)", state.page, state.story);
                audit(&page, theme, &what, &mut blocking).await?;
            }
            if !blocking.is_empty() {
                return Err(format!(
                    "{} serious or critical axe violation(s):\n{}",
                    blocking.len(),
                    blocking.join("\n")
                ));
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn every_story_passes_axe_in_the_light_theme() {
    audit_everything("axe_light", "light").await;
}

#[tokio::test]
async fn every_story_passes_axe_in_the_dark_theme() {
    audit_everything("axe_dark", "dark").await;
}
