//! Issue 15, "unknown is not failed", at a window's close against the reference server:
//! a change whose request is on the wire when its window is closed (not reloaded) is
//! applied exactly once and shown, nothing doubled, in another window that stays open
//! and in a window opened afterwards, at a short and a long server latency; and three
//! changes made offline in a window that is closed the moment the network returns are
//! all applied once, in the order they were made, and shown in the other window.
//!
//! The closed page's calls stay in the shared queue (a page being torn down settles
//! nothing); the window that stays open learns that the closed one's Web Lock was
//! released, takes its calls over and sends them again under their idempotency keys, so
//! a request that still reached the server is not applied a second time.

use std::time::Duration;

use e2e::agree::{
    add_caught_on_the_server, adds_of, list_change, list_matches_db, nothing_applied,
    wait_list_matches_db,
};
use e2e::db::Db;
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::{self, list};
use fantoccini::wd::WindowHandle;
use serde_json::{json, Value};

const STORY: &str = "#/editable-list/offline";

/// How many rows of `page` show `title`.
async fn shown_times(page: &Page, title: &str) -> Result<usize, String> {
    Ok(list::rows(page)
        .await?
        .iter()
        .filter(|r| r.title == title)
        .count())
}

/// Checks that `title` shows once, saved, in `page` and that the page shows the
/// database's list (waiting up to `timeout` for both).
async fn shows_once(
    page: &Page,
    db: &Db,
    title: &str,
    window: &str,
    timeout: Duration,
) -> Result<(), String> {
    page.wait_row_state(list::ROW, list::TITLE, title, "confirmed", timeout)
        .await
        .map_err(|e| format!("window {window}: {title:?} not shown saved: {e}"))?;
    list::settled(page, timeout).await?;
    wait_list_matches_db(page, db, window, timeout).await?;
    let n = shown_times(page, title).await?;
    Page::check(n == 1, format!("window {window} shows {title:?} {n} times"))
}

/// Opens a new window on the story, checks that it shows `title` once and the
/// database's list, closes it and goes back to `home`.
async fn a_window_opened_afterwards_shows(
    s: &LiveSession,
    home: &WindowHandle,
    db: &Db,
    title: &str,
) -> Result<(), String> {
    s.new_window().await?;
    let page = s.open(STORY).await?;
    shows_once(&page, db, title, "opened afterwards", SETTLE).await?;
    s.close_window().await?;
    s.switch_to(home).await
}

/// The applied changes and no idempotency key twice, `settle_ms` after the last one
/// could have been sent (a second application would have landed by then).
async fn applied_once(db: &Db, settle_ms: u64) -> Result<Vec<Value>, String> {
    pause(settle_ms).await;
    Page::check(
        db.doubled_keys()?.is_empty(),
        "an idempotency key was applied twice",
    )?;
    Ok(db
        .applied(Some("list:groceries"))?
        .iter()
        .map(list_change)
        .collect())
}

/// In a new window: adds `title` with the server's latency at `latency_ms` and closes
/// the window while the request waits on the server. The change is applied once and
/// shown once in `home` (which stays open) and in a window opened afterwards.
async fn add_then_close_while_on_the_server(
    s: &LiveSession,
    home: &WindowHandle,
    latency_ms: u64,
    title: &str,
) -> Result<(), String> {
    let db = s.db();
    s.new_window().await?;
    let page = s.open(STORY).await?;
    wait_list_matches_db(&page, &db, "to close", SETTLE).await?;
    // The request is on the server, waiting out its latency, when the window goes.
    add_caught_on_the_server(&s.server, &page, &db, latency_ms, title, "the close").await?;
    s.close_window().await?;

    s.switch_to(home).await?;
    let page = Page::of(&s.client);
    let slow = SETTLE + Duration::from_millis(6 * latency_ms);
    shows_once(&page, &db, title, "that stayed open", slow).await?;
    applied_once(&db, latency_ms + 1_000).await?;
    let n = adds_of(&db, title)?;
    Page::check(
        n == 1,
        format!("{latency_ms} ms: the add is applied {n} times"),
    )?;
    s.server.set_faults(json!({"latency_ms": 0})).await?;
    list_matches_db(&page, &db, "that stayed open").await?;
    a_window_opened_afterwards_shows(s, home, &db, title).await
}

#[tokio::test]
async fn an_add_on_the_wire_when_its_window_closes_is_applied_once_and_shown_everywhere() {
    run("close_in_flight", async |s: &LiveSession| {
        let page = s.open(STORY).await?;
        list::loaded(&page, 4).await?;
        let home = s.window().await?;
        add_then_close_while_on_the_server(s, &home, 300, "Closed at 0.3 s").await?;
        add_then_close_while_on_the_server(s, &home, 1_500, "Closed at 1.5 s").await?;
        e2e::announce("close_in_flight: adds with the server (0.3 s, 1.5 s) at a window's close: each applied once, shown once in the window left open and in one opened afterwards");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn three_changes_made_offline_then_closed_as_the_network_returns_apply_once_in_order() {
    run("close_offline", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open(STORY).await?;
        list::loaded(&page, 4).await?;
        let home = s.window().await?;
        s.new_window().await?;
        let page = s.open(STORY).await?;
        list::loaded(&page, 4).await?;
        // Each request waits on the server, so one is on the wire at the close.
        s.server.set_faults(json!({"latency_ms": 300})).await?;

        s.set_browser_offline(true).await?;
        page.wait_for("[data-testid=offline-banner]", SETTLE)
            .await?;
        list::add(&page, "Offline, first").await?;
        list::click(&page, "Oat milk", list::TOGGLE).await?;
        list::add(&page, "Offline, second").await?;
        ui::wait_queued(&page, 3).await?;
        pause(500).await;
        nothing_applied(&db, None)?;

        // The network returns and the window is closed at once.
        s.set_browser_offline(false).await?;
        s.close_window().await?;

        s.switch_to(&home).await?;
        let page = Page::of(&s.client);
        let slow = SETTLE + Duration::from_secs(5);
        for title in ["Offline, first", "Offline, second"] {
            shows_once(&page, &db, title, "that stayed open", slow).await?;
        }
        let changes = applied_once(&db, 1_500).await?;
        Page::check(
            changes
                == vec![
                    json!({"Add": {"title": "Offline, first"}}),
                    json!({"Toggle": {"id": "seed-1", "done": true}}),
                    json!({"Add": {"title": "Offline, second"}}),
                ],
            format!("applied in the database: {changes:?}"),
        )?;
        s.server.set_faults(json!({"latency_ms": 0})).await?;
        wait_list_matches_db(&page, &db, "that stayed open", SETTLE).await?;
        a_window_opened_afterwards_shows(s, &home, &db, "Offline, second").await?;
        e2e::announce(&format!(
            "close_offline: 3 changes made offline, window closed as the network returned: {} applied once each, in order; shown in the window left open and in one opened afterwards",
            changes.len()
        ));
        Ok(())
    })
    .await;
}
