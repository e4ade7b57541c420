//! Issue 21: the controls show only what applies to the backend in use. The Rows knob
//! seeds the simulated server's lists; on the reference server the list is its
//! database's, so the knob is not shown there (the story's other props are). The server
//! log is the simulation's; and a page the reference server cannot serve (keyed
//! collections, on a network of its own) shows none of the server's knobs there.

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

/// The simulated server's log is the page's own: on the reference server (which logs to
/// its own output) there is none to show, so the panel has no log there.
#[tokio::test]
async fn the_server_log_shows_on_the_simulation_only() {
    run(
        "knobs_log_sim",
        "#/editable-list/default",
        |page| async move {
            list::loaded(&page, 4).await?;
            page.wait_count("[data-testid=server-log]", 1, SETTLE).await
        },
    )
    .await;
    run_live("knobs_log_http", async |s: &LiveSession| {
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;
        page.wait_count("[data-control=latency]", 1, SETTLE).await?;
        let logs = page.count("[data-testid=server-log]").await?;
        Page::check(
            logs == 0,
            format!("{logs} server log(s) on the HTTP backend, which has none in the page"),
        )
    })
    .await;
}

/// The keyed collections page runs on a network of its own on the reference server (it
/// has no collection endpoints): none of the server's knobs reaches it there, so none is
/// shown, while its Rows and Cards knobs (which seed that network) and the client's
/// retries are.
#[tokio::test]
async fn on_a_network_of_its_own_the_server_knobs_are_not_shown() {
    run_live("knobs_own_network", async |s: &LiveSession| {
        let page = s
            .open("#/keyed-collections/list?rows=200&cards=200")
            .await?;
        page.wait_count("[data-testid=row]", 200, SETTLE).await?;
        page.wait_count("[data-testid=controls-unreached]", 1, SETTLE)
            .await?;
        for knob in [
            "latency",
            "failure-rate",
            "offline",
            "fail-next",
            "seed",
            "reset",
        ] {
            let n = page.count(&format!("[data-control={knob}]")).await?;
            Page::check(
                n == 0,
                format!("the {knob} control shows where it reaches nothing"),
            )?;
        }
        page.wait_count("[data-arg=rows]", 1, SETTLE).await?;
        page.wait_count("[data-arg=cards]", 1, SETTLE).await?;
        // The client's retries apply whatever it talks to.
        page.wait_count("[data-control=retries]", 1, SETTLE).await
    })
    .await;
    run(
        "knobs_own_network_sim",
        "#/keyed-collections/list?rows=200",
        |page| async move {
            page.wait_count("[data-testid=row]", 200, SETTLE).await?;
            page.wait_count("[data-control=latency]", 1, SETTLE).await?;
            let unreached = page.count("[data-testid=controls-unreached]").await?;
            Page::check(unreached == 0, "the simulation's controls said unreached")
        },
    )
    .await;
}
