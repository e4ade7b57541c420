//! Issue 8, proof 1: a real page reload (the browser's refresh) while offline, with
//! changes queued on each component; then reconnecting. Every change is applied exactly
//! once, in the order it was made, counted in the reference server's SQLite database, and
//! the page ends showing what the database holds.
//!
//! "Offline" here is the gallery's Offline switch on the HTTP backend: the server drops
//! every API request (its `offline` fault) and the page keeps its client offline: the
//! page still loads while the API is unreachable, finds the server "offline" and stays
//! offline, so the restored queue waits instead of being sent. (offline_shell.rs reloads
//! with the browser's own network off, the page coming from the gallery's service
//! worker; two_windows.rs uses the browser's network switch too.)

use std::time::Duration;

use e2e::agree::{list_change, list_matches_db, nothing_applied};
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::{self, board, likes, list};
use serde_json::{json, Value};

/// Goes offline with the gallery's switch, and checks that the server is told.
async fn go_offline(s: &LiveSession, page: &Page) -> Result<(), String> {
    page.set_offline(true).await?;
    page.wait_for("[data-testid=offline-banner]", SETTLE)
        .await?;
    let faults = s.server.faults().await?;
    Page::check(
        faults["settings"]["offline"] == json!(true),
        format!("the server should be offline: {faults}"),
    )
}

/// The page after a real reload while offline: the story is back, still offline.
async fn reload_offline(s: &LiveSession) -> Result<Page, String> {
    let page = s.reload().await?;
    page.wait_for("[data-testid=offline-banner]", SETTLE)
        .await?;
    Ok(page)
}

#[tokio::test]
async fn list_changes_survive_a_real_reload_offline_and_apply_once_in_order() {
    run("offline_reload_list", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/editable-list/offline").await?;
        list::loaded(&page, 4).await?;
        go_offline(s, &page).await?;

        list::add(&page, "Eggs").await?;
        list::add(&page, "Flour").await?;
        list::click(&page, "Oat milk", list::TOGGLE).await?;
        list::click(&page, "Tomatoes", list::DELETE).await?;
        list::click(&page, "Coffee beans", list::UP).await?;
        ui::wait_queued(&page, 5).await?;
        let before = list::rows(&page).await?;
        nothing_applied(&db, Some("list:groceries"))?;

        // The browser's refresh: a new page, a new client, from local storage.
        let page = reload_offline(s).await?;
        // Shown at once from the persisted data (no fetch can answer while offline),
        // with every queued change on top, still pending.
        let after = list::rows(&page).await?;
        Page::check(
            after == before,
            format!("after the reload the list shows {after:?}, before it showed {before:?}"),
        )?;
        ui::wait_queued(&page, 5).await?;
        for title in ["Eggs", "Flour", "Oat milk", "Coffee beans"] {
            Page::check(
                page.row_state(list::ROW, list::TITLE, title).await?.as_deref() == Some("pending"),
                format!("{title} should still be pending after the reload"),
            )?;
        }
        pause(500).await;
        nothing_applied(&db, Some("list:groceries"))?;

        page.set_offline(false).await?;
        ui::wait_queued(&page, 0).await?;
        list::settled(&page, SETTLE).await?;
        pause(1_000).await; // anything sent twice would arrive by now
        let applied = db.applied(Some("list:groceries"))?;
        let changes: Vec<Value> = applied.iter().map(list_change).collect();
        Page::check(
            changes
                == vec![
                    json!({"Add": {"title": "Eggs"}}),
                    json!({"Add": {"title": "Flour"}}),
                    json!({"Toggle": {"id": "seed-1", "done": true}}),
                    json!({"Delete": {"id": "seed-4"}}),
                    json!({"Move": {"id": "seed-3", "to": 1}}),
                ],
            format!("applied in the database: {changes:?}"),
        )?;
        Page::check(db.doubled_keys()?.is_empty(), "an idempotency key was applied twice")?;
        e2e::announce(&format!(
            "offline_reload_list: 5 changes queued offline, reloaded, reconnected: {} rows in applied_changes, 0 keys doubled",
            applied.len()
        ));
        list_matches_db(&page, &db, "reloaded").await
    })
    .await;
}

#[tokio::test]
async fn likes_survive_a_real_reload_offline_and_apply_once() {
    run("offline_reload_likes", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/like-button/offline").await?;
        for post in ["post-1", "post-2", "post-3"] {
            likes::confirmed(&page, post).await?;
        }
        go_offline(s, &page).await?;
        page.click(&likes::button("post-1")).await?;
        page.click(&likes::button("post-3")).await?;
        ui::wait_queued(&page, 2).await?;
        Page::check(
            likes::shown(&page, "post-1").await? == (true, 42, "pending".into()),
            "post-1 should show the like at once, pending",
        )?;

        let page = reload_offline(s).await?;
        ui::wait_queued(&page, 2).await?;
        for (post, count) in [("post-1", 42), ("post-3", 129)] {
            let shown = likes::shown(&page, post).await?;
            Page::check(
                shown == (true, count, "pending".into()),
                format!("{post} after the reload: {shown:?}"),
            )?;
        }
        Page::check(
            !likes::shown(&page, "post-2").await?.0,
            "post-2 was not liked",
        )?;
        pause(500).await;
        for post in ["post-1", "post-3"] {
            nothing_applied(&db, Some(&format!("likes:{post}")))?;
        }

        page.set_offline(false).await?;
        ui::wait_queued(&page, 0).await?;
        for post in ["post-1", "post-3"] {
            likes::confirmed(&page, post).await?;
        }
        pause(1_000).await;
        let applied = db.applied(None)?;
        let bodies: Vec<Value> = applied.iter().map(|a| a.body.clone()).collect();
        Page::check(
            bodies
                == vec![
                    json!({"post": "post-1", "liked": true}),
                    json!({"post": "post-3", "liked": true}),
                ],
            format!("applied in the database: {bodies:?}"),
        )?;
        Page::check(db.doubled_keys()?.is_empty(), "an idempotency key was applied twice")?;
        for (post, count) in [("post-1", 42), ("post-2", 7), ("post-3", 129)] {
            let stored = db.likes(post)?;
            let shown = likes::shown(&page, post).await?;
            Page::check(
                stored.count == count && (shown.0, shown.1) == (stored.liked, stored.count),
                format!("{post}: the page shows {shown:?}, the database holds {stored:?}"),
            )?;
        }
        e2e::announce(&format!(
            "offline_reload_likes: 2 likes queued offline, reloaded, reconnected: {} rows in applied_changes",
            applied.len()
        ));
        Ok(())
    })
    .await;
}

async fn expect_three_unsaved(page: &Page) -> Result<(), String> {
    let status = page.text("[data-testid=board-status]").await?;
    Page::check(
        status.contains('3'),
        format!("the board should say 3 changes are unsaved: {status:?}"),
    )
}

#[tokio::test]
async fn board_moves_survive_a_real_reload_offline_and_apply_once_in_order() {
    run("offline_reload_board", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/kanban-board/offline").await?;
        board::loaded(&page).await?;
        go_offline(s, &page).await?;
        board::move_right(&page, "c1").await?; // to do -> doing
        page.wait_for(&board::card_in("doing", "c1"), SETTLE).await?;
        board::move_right(&page, "c2").await?; // to do -> doing
        page.wait_for(&board::card_in("doing", "c2"), SETTLE).await?;
        board::move_right(&page, "c1").await?; // doing -> done
        page.wait_for(&board::card_in("done", "c1"), SETTLE).await?;
        // Two wait for the network; c1's second move waits for its first (one scope per
        // card), so the story counts two, and the board says three are unsaved.
        ui::wait_queued(&page, 2).await?;
        expect_three_unsaved(&page).await?;
        let before = board::columns(&page).await?;

        let page = reload_offline(s).await?;
        ui::wait_queued(&page, 2).await?;
        expect_three_unsaved(&page).await?;
        let after = board::columns(&page).await?;
        Page::check(
            after == before,
            format!("after the reload the board shows {after:?}, before {before:?}"),
        )?;
        pause(500).await;
        nothing_applied(&db, Some("board:roadmap"))?;

        page.set_offline(false).await?;
        ui::wait_queued(&page, 0).await?;
        board::settled(&page, SETTLE + Duration::from_secs(5)).await?;
        pause(1_000).await;
        let applied = db.applied(Some("board:roadmap"))?;
        let moves: Vec<(String, String, String)> = applied
            .iter()
            .map(|a| {
                let m = &a.body["MoveCard"];
                (
                    m["card"]["id"].as_str().unwrap_or_default().to_owned(),
                    m["from"].as_str().unwrap_or_default().to_owned(),
                    m["to"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let expected = [("c1", "todo", "doing"), ("c2", "todo", "doing"), ("c1", "doing", "done")]
            .map(|(c, f, t)| (c.to_owned(), f.to_owned(), t.to_owned()));
        Page::check(
            moves == expected,
            format!("moves applied in the database: {moves:?}"),
        )?;
        Page::check(db.doubled_keys()?.is_empty(), "an idempotency key was applied twice")?;
        let shown = board::columns(&page).await?;
        let stored = db.board("roadmap")?;
        Page::check(
            shown == stored,
            format!("the page shows {shown:?}, the database holds {stored:?}"),
        )?;
        e2e::announce(&format!(
            "offline_reload_board: 3 moves queued offline, reloaded, reconnected: {} rows in applied_changes",
            applied.len()
        ));
        Ok(())
    })
    .await;
}
