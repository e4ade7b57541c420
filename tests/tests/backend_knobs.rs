//! Issue 21: the controls show only what applies to the backend in use. The Rows knob
//! seeds the simulated server's lists; on the reference server the list is its
//! database's, so the knob is not shown there (the story's other props are).

use e2e::live::{run as run_live, LiveSession};
use e2e::page::{run, Page, SETTLE};
use e2e::ui::list;

#[tokio::test]
async fn the_rows_knob_shows_on_the_simulated_backend() {
    run("knobs_sim", "#/editable-list/default", |page| async move {
        list::loaded(&page, 4).await?;
        page.wait_count("[data-arg=lang]", 1, SETTLE).await?;
        page.wait_count("[data-arg=rows]", 1, SETTLE).await
    })
    .await;
}

#[tokio::test]
async fn the_rows_knob_is_not_shown_on_the_reference_server() {
    run_live("knobs_http", async |s: &LiveSession| {
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;
        page.wait_count("[data-arg=lang]", 1, SETTLE).await?;
        let rows = page.count("[data-arg=rows]").await?;
        Page::check(
            rows == 0,
            format!("{rows} Rows knob(s) on the HTTP backend, where they do nothing"),
        )
    })
    .await;
}
