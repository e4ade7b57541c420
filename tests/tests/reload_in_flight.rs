//! Issue 15, "unknown is not failed", against the reference server: a change whose request
//! is with the server when the page reloads is shown after the reload (pending, then
//! saved) and applied exactly once, at any latency; a write whose answer is a 503 or a
//! dropped connection is shown waiting for the server, then saved, never refused.

use std::time::Duration;

use e2e::agree::{add_caught_on_the_server, adds_of, list_matches_db};
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::{client_retries, list};
use serde_json::json;

/// Adds `title` with the server's latency at `latency_ms`, reloads the page (the
/// browser's refresh) while the request waits on the server, and checks that the new
/// page shows the item, pending and then saved, and that the database has it once.
async fn add_then_reload_while_on_the_server(
    s: &LiveSession,
    latency_ms: u64,
    title: &str,
) -> Result<(), String> {
    let db = s.db();
    let page = s.open("#/editable-list/default").await?;
    page.wait_for("[data-testid=list-add-input]", SETTLE)
        .await?;
    list::settled(&page, SETTLE).await?;
    // The request is on the server, waiting out its latency, when the page goes.
    add_caught_on_the_server(&s.server, &page, &db, latency_ms, title, "the reload").await?;
    let page = s.reload().await?;
    let slow = SETTLE + Duration::from_millis(6 * latency_ms);
    // Shown on the new page, then saved.
    page.wait_js(
        &format!("{title:?} to show after the reload"),
        slow,
        "return [...document.querySelectorAll(arguments[0])].some(r => r.textContent.includes(arguments[1]));",
        vec![list::ROW.into(), title.into()],
    )
    .await?;
    page.wait_row_state(list::ROW, list::TITLE, title, "confirmed", slow)
        .await?;
    list::settled(&page, slow).await?;
    pause(latency_ms + 1_000).await; // a second application would land by now
    Page::check(
        adds_of(&db, title)? == 1,
        format!(
            "{latency_ms} ms: the add is applied {} times",
            adds_of(&db, title)?
        ),
    )?;
    Page::check(
        db.doubled_keys()?.is_empty(),
        "an idempotency key was applied twice",
    )?;
    Page::check(
        page.count("[data-testid=row-error]").await? == 0,
        "nothing was refused",
    )?;
    s.server.set_faults(json!({"latency_ms": 0})).await?;
    list_matches_db(&page, &db, "reloaded").await
}

#[tokio::test]
async fn an_add_with_the_server_at_a_reload_is_shown_and_applied_once() {
    run("reload_in_flight", async |s: &LiveSession| {
        add_then_reload_while_on_the_server(s, 1_500, "Reloaded at 1.5 s").await?;
        e2e::announce("reload_in_flight: add with the server (1.5 s) at a real reload: shown, saved, 1 row in applied_changes");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_add_with_the_server_at_a_reload_survives_short_and_long_latencies() {
    run("reload_in_flight_latencies", async |s: &LiveSession| {
        add_then_reload_while_on_the_server(s, 300, "Reloaded at 0.3 s").await?;
        add_then_reload_while_on_the_server(s, 3_000, "Reloaded at 3 s").await?;
        e2e::announce("reload_in_flight_latencies: 0.3 s and 3 s: each shown, saved, applied once");
        Ok(())
    })
    .await;
}

/// Starts recording every `data-state` any list row takes (a MutationObserver).
async fn record_states(page: &Page) -> Result<(), String> {
    page.js(
        "window.__states = [];
         if (window.__stateObserver) window.__stateObserver.disconnect();
         window.__stateObserver = new MutationObserver(ms => {
             for (const m of ms) {
                 const t = m.target;
                 const rows = t.nodeType === 1 ? [t, ...t.querySelectorAll(arguments[0])] : [];
                 for (const r of rows) {
                     if (r.matches && r.matches(arguments[0])) window.__states.push(r.getAttribute('data-state'));
                 }
             }
         });
         window.__stateObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });",
        vec![list::ROW.into()],
    )
    .await
    .map(drop)
}

/// The row states recorded since [`record_states`], without repeats in a row.
async fn recorded_states(page: &Page) -> Result<Vec<String>, String> {
    let v = page.js("return window.__states || [];", vec![]).await?;
    let mut out: Vec<String> = Vec::new();
    for s in v.as_array().ok_or("states: not a list")? {
        let s = s.as_str().unwrap_or_default().to_owned();
        if out.last() != Some(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

#[tokio::test]
async fn a_503_or_a_dropped_answer_is_shown_waiting_then_saved_never_refused() {
    run("unknown_shown_waiting", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;
        // No retry policy: only the rule "unknown is not failed" resends.
        client_retries(&page, 0).await?;
        let mut seen_all = Vec::new();
        for (mode, title) in [("status", "Kept after a 503"), ("drop", "Kept after a drop")] {
            s.server
                .set_faults(json!({"apply_then_fail_next": 1, "apply_then_fail_mode": mode}))
                .await?;
            record_states(&page).await?;
            list::add(&page, title).await?;
            page.wait_row_state(list::ROW, list::TITLE, title, "confirmed", SETTLE)
                .await?;
            let seen = recorded_states(&page).await?;
            Page::check(
                !seen.iter().any(|s| s == "failed") && page.count("[data-testid=row-error]").await? == 0,
                format!("{mode}: an unknown outcome is never shown as refused: {seen:?}"),
            )?;
            // After a 503 the page says it waits for the server. A connection closed
            // without an answer may be retried by the browser itself (Chromium resends a
            // request whose reused connection closed before any answer): then the page
            // only ever saw it pending.
            Page::check(
                mode == "drop" || seen.iter().any(|s| s == "waiting"),
                format!("{mode}: shown waiting for the server: {seen:?}"),
            )?;
            seen_all.push(format!("{mode}: {seen:?}"));
            pause(500).await;
            Page::check(
                adds_of(&db, title)? == 1,
                format!("{mode}: applied {} times", adds_of(&db, title)?),
            )?;
            Page::check(
                page.count("[data-testid=row-error]").await? == 0,
                format!("{mode}: never shown refused"),
            )?;
        }
        Page::check(
            db.doubled_keys()?.is_empty(),
            "an idempotency key was applied twice",
        )?;
        list_matches_db(&page, &db, "reloaded").await?;
        e2e::announce(&format!("unknown_shown_waiting: 503 and dropped after applying: saved, never refused, each applied once; row states seen {seen_all:?}"));
        Ok(())
    })
    .await;
}
