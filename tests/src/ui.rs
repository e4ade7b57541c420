//! What the three components show, read from the page as data (to compare with the
//! database), and the clicks a person makes on them.

use serde_json::Value;

use crate::page::{Page, SETTLE};

/// One row of an editable list as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiRow {
    /// `data-id`.
    pub id: String,
    /// The title's text.
    pub title: String,
    /// Whether its checkbox is ticked.
    pub done: bool,
    /// `data-state`: confirmed, pending or failed.
    pub state: String,
}

/// The editable list.
pub mod list {
    use super::*;

    /// A row.
    pub const ROW: &str = "[data-testid=row]";
    /// A row's title.
    pub const TITLE: &str = "[data-testid=row-title]";
    /// A row's checkbox.
    pub const TOGGLE: &str = "[data-testid=row-toggle]";
    /// A row's delete button.
    pub const DELETE: &str = "[data-testid=row-delete]";
    /// A row's "move up" button.
    pub const UP: &str = "[data-testid=row-move-up]";
    /// The line under the rows: "{done} of {total} done", then, while changes of the
    /// list are on their way, " · saving {count} change(s)…" (the default English words).
    /// It is the only sign of a delete in flight: the deleted row is gone from the list
    /// until the server answers, and comes back (failed) only if it refuses.
    pub const SUMMARY: &str = "[data-testid=list-summary]";
    /// The word [`SUMMARY`] holds while changes are on their way (default strings).
    pub const SAVING: &str = "saving";

    /// Waits until `n` rows are shown, all confirmed.
    pub async fn loaded(page: &Page, n: u64) -> Result<(), String> {
        page.wait_count(&format!("{ROW}[data-state=confirmed]"), n, SETTLE)
            .await
    }

    /// Types `title` into the add field and presses Add.
    pub async fn add(page: &Page, title: &str) -> Result<(), String> {
        page.type_into("[data-testid=list-add-input]", title)
            .await?;
        page.click("[data-testid=list-add-button]").await
    }

    /// Sets the add field to `title` at once (for long text, where typing key by key
    /// through WebDriver would take seconds) and presses Add.
    pub async fn add_pasted(page: &Page, title: &str) -> Result<(), String> {
        page.js(
            "const e = document.querySelector('[data-testid=list-add-input]');
             const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
             set.call(e, arguments[0]);
             e.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![title.into()],
        )
        .await?;
        page.click("[data-testid=list-add-button]").await
    }

    /// Clicks `target` in the row titled `title`.
    pub async fn click(page: &Page, title: &str, target: &str) -> Result<(), String> {
        page.click_in_row(ROW, TITLE, title, target).await
    }

    /// Every row as shown, in order (ghost rows of refused adds included).
    pub async fn rows(page: &Page) -> Result<Vec<UiRow>, String> {
        let v = page
            .js(
                "return [...document.querySelectorAll(arguments[0])].map(r => {
                    const t = r.querySelector(arguments[1]);
                    const c = r.querySelector(arguments[2]);
                    return [r.getAttribute('data-id'), t ? t.textContent.trim() : '',
                            !!(c && c.checked), r.getAttribute('data-state')];
                 });",
                vec![ROW.into(), TITLE.into(), TOGGLE.into()],
            )
            .await?;
        let rows = v.as_array().ok_or("rows: not a list")?;
        rows.iter()
            .map(|r| {
                Ok(UiRow {
                    id: r[0].as_str().unwrap_or_default().to_owned(),
                    title: r[1].as_str().unwrap_or_default().to_owned(),
                    done: r[2].as_bool().unwrap_or_default(),
                    state: r[3].as_str().unwrap_or_default().to_owned(),
                })
            })
            .collect::<Result<Vec<_>, String>>()
    }

    /// Waits until no row is pending or waiting for the server and no change is on its
    /// way (the list's summary does not say "saving").
    pub async fn settled(page: &Page, timeout: std::time::Duration) -> Result<(), String> {
        // One read of the rows and the summary, in the same rendered state: a delete on
        // its way has no row (the row goes at once), so only the summary's "saving" says
        // it is not answered yet; if it is refused, its row comes back, failed.
        page.wait_js(
            "no row pending or waiting, and nothing saving",
            timeout,
            "const busy = document.querySelector(arguments[0]);
             const summary = document.querySelector(arguments[1]);
             return busy === null && (!summary || !summary.textContent.includes(arguments[2]));",
            vec![
                format!("{ROW}[data-state=pending], {ROW}[data-state=waiting]").into(),
                SUMMARY.into(),
                SAVING.into(),
            ],
        )
        .await
        .map(drop)
    }
}

/// The like buttons.
pub mod likes {
    use super::*;

    /// The button of `post`.
    pub fn button(post: &str) -> String {
        format!("[data-testid=like][data-post='{post}'] [data-testid=like-button]")
    }

    /// The count of `post`.
    pub fn count(post: &str) -> String {
        format!("[data-testid=like][data-post='{post}'] [data-testid=like-count]")
    }

    /// What `post`'s button shows: (pressed, count, data-state).
    pub async fn shown(page: &Page, post: &str) -> Result<(bool, u32, String), String> {
        let pressed = page.attr(&button(post), "aria-pressed").await? == Some("true".into());
        let count = page.text(&count(post)).await?;
        let count = count
            .parse()
            .map_err(|_| format!("{post}: count {count:?} is not a number"))?;
        let state = page
            .attr(&button(post), "data-state")
            .await?
            .unwrap_or_default();
        Ok((pressed, count, state))
    }

    /// Waits until `post`'s button is confirmed.
    pub async fn confirmed(page: &Page, post: &str) -> Result<(), String> {
        page.wait_attr(&button(post), "data-state", "confirmed", SETTLE)
            .await
    }
}

/// The kanban board.
pub mod board {
    use super::*;

    /// A card, in whichever column.
    pub fn card(id: &str) -> String {
        format!("[data-testid=card][data-id='{id}']")
    }

    /// A card in one column.
    pub fn card_in(column: &str, id: &str) -> String {
        format!("[data-testid=column][data-id='{column}'] [data-testid=card][data-id='{id}']")
    }

    /// Waits for the three seeded columns and card `c1` confirmed.
    pub async fn loaded(page: &Page) -> Result<(), String> {
        page.wait_count("[data-testid=column]", 3, SETTLE).await?;
        page.wait_attr(&card("c1"), "data-state", "confirmed", SETTLE)
            .await
    }

    /// Moves a card one column right with its arrow button.
    pub async fn move_right(page: &Page, id: &str) -> Result<(), String> {
        page.click(&format!("{} [data-testid=card-move-right]", card(id)))
            .await
    }

    /// The card ids of each column as shown, columns in order.
    pub async fn columns(page: &Page) -> Result<Vec<(String, Vec<String>)>, String> {
        let v = page
            .js(
                "return [...document.querySelectorAll('[data-testid=column]')].map(c =>
                    [c.getAttribute('data-id'),
                     [...c.querySelectorAll('[data-testid=card]')].map(k => k.getAttribute('data-id'))]);",
                vec![],
            )
            .await?;
        let columns = v.as_array().ok_or("columns: not a list")?;
        Ok(columns
            .iter()
            .map(|c| {
                let ids = c[1]
                    .as_array()
                    .map(|ids| {
                        ids.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                (c[0].as_str().unwrap_or_default().to_owned(), ids)
            })
            .collect())
    }

    /// Waits until no card is pending.
    pub async fn settled(page: &Page, timeout: std::time::Duration) -> Result<(), String> {
        page.wait_gone("[data-testid=card][data-state=pending]", timeout)
            .await
    }
}

/// The number of changes an Offline story shows waiting for the network.
pub async fn queued(page: &Page) -> Result<u64, String> {
    page.attr("[data-testid=queue]", "data-count")
        .await?
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| "no queue count on the page".to_string())
}

/// Waits until the Offline story's queue shows `n` changes.
pub async fn wait_queued(page: &Page, n: u64) -> Result<(), String> {
    page.wait_attr("[data-testid=queue]", "data-count", &n.to_string(), SETTLE)
        .await
}

/// Sets the controls' client retries (the story remounts with a new client) and waits
/// until the list is back.
pub async fn client_retries(page: &Page, n: u32) -> Result<(), String> {
    page.set_range("retries", n).await?;
    page.wait_js(
        &format!("client retries {n}"),
        SETTLE,
        "const e = document.querySelector('[data-value=retries]'); return !!e && e.textContent.trim() === String(arguments[0]);",
        vec![n.into()],
    )
    .await?;
    page.wait_for(&format!("{}[data-state=confirmed]", list::ROW), SETTLE)
        .await
}
