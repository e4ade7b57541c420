//! Issue 8, proof 3: two windows of one browser (one origin: the same local storage, the
//! same Web Locks) each make changes while the browser is offline, then the network comes
//! back for both at once. Each change is applied exactly once in the reference server's
//! SQLite database (neither window sends the other's queued calls a second time), each
//! window's changes in the order it made them, and both windows end showing what the
//! database holds.
//!
//! "Offline" is the browser's own network switch (Chromium's network emulation through
//! chromedriver): both pages get `offline`, keep their changes queued, and get `online`
//! when it comes back. The server itself stays up the whole time.

use e2e::agree::{list_change, nothing_applied, wait_list_matches_db};
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::{self, list};
use serde_json::{json, Value};

const STORY: &str = "#/editable-list/offline";

/// The page's online flag as the browser has it.
async fn navigator_online(page: &Page) -> Result<bool, String> {
    page.js("return navigator.onLine;", vec![])
        .await?
        .as_bool()
        .ok_or_else(|| "navigator.onLine is not a boolean".to_string())
}

#[tokio::test]
async fn two_windows_offline_then_reconnecting_together_apply_each_change_once() {
    run("two_windows", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open(STORY).await?;
        list::loaded(&page, 4).await?;
        let a = s.window().await?;
        let b = s.new_window().await?;
        let page_b = s.open(STORY).await?;
        list::loaded(&page_b, 4).await?;

        s.set_browser_offline(true).await?;
        for (handle, name) in [(&a, "a"), (&b, "b")] {
            s.switch_to(handle).await?;
            let page = Page::of(&s.client);
            page.wait_for("[data-testid=offline-banner]", SETTLE)
                .await
                .map_err(|e| format!("window {name} does not say it is offline: {e}"))?;
            Page::check(
                !navigator_online(&page).await?,
                format!("window {name}: navigator.onLine should be false"),
            )?;
        }

        // Window a: two adds and a tick; window b: an add, a move and a delete, all on
        // different items (so each window's view of the other's item stays valid).
        s.switch_to(&a).await?;
        let page_a = Page::of(&s.client);
        list::add(&page_a, "From a, first").await?;
        list::add(&page_a, "From a, second").await?;
        list::click(&page_a, "Oat milk", list::TOGGLE).await?;
        ui::wait_queued(&page_a, 3).await?;

        s.switch_to(&b).await?;
        let page_b = Page::of(&s.client);
        list::add(&page_b, "From b").await?;
        list::click(&page_b, "Coffee beans", list::UP).await?;
        list::click(&page_b, "Tomatoes", list::DELETE).await?;
        ui::wait_queued(&page_b, 3).await?;
        pause(500).await;
        nothing_applied(&db, None)?;

        // The network comes back for both windows at once.
        s.set_browser_offline(false).await?;
        for (handle, name) in [(&a, "a"), (&b, "b")] {
            s.switch_to(handle).await?;
            let page = Page::of(&s.client);
            if let Err(e) = ui::wait_queued(&page, 0).await {
                let online = navigator_online(&page).await?;
                let q = ui::queued(&page).await?;
                let banner = page.count("[data-testid=offline-banner]").await?;
                let applied = db.applied(None)?;
                return Err(format!("window {name} still has queued changes: {e}; online {online} queued {q} banner {banner} applied {applied:?}"));
            }
            list::settled(&page, SETTLE).await?;
        }
        pause(1_000).await; // anything sent twice would have arrived by now

        let applied = db.applied(Some("list:groceries"))?;
        let changes: Vec<Value> = applied.iter().map(list_change).collect();
        let from_a = vec![
            json!({"Add": {"title": "From a, first"}}),
            json!({"Add": {"title": "From a, second"}}),
            json!({"Toggle": {"id": "seed-1", "done": true}}),
        ];
        let from_b = vec![
            json!({"Add": {"title": "From b"}}),
            json!({"Move": {"id": "seed-3", "to": 1}}),
            json!({"Delete": {"id": "seed-4"}}),
        ];
        Page::check(
            changes.len() == 6,
            format!("6 changes were made, the database applied {changes:?}"),
        )?;
        for (name, mine) in [("a", &from_a), ("b", &from_b)] {
            let in_db: Vec<&Value> = changes.iter().filter(|c| mine.contains(c)).collect();
            let expected: Vec<&Value> = mine.iter().collect();
            Page::check(
                in_db == expected,
                format!("window {name}'s changes in the database, in order: {in_db:?}"),
            )?;
        }
        Page::check(
            db.doubled_keys()?.is_empty(),
            "an idempotency key was applied twice",
        )?;
        let keys: std::collections::HashSet<&str> =
            applied.iter().map(|a| a.key.as_str()).collect();
        Page::check(keys.len() == 6, "six changes, six idempotency keys")?;

        for (handle, name) in [(&a, "a"), (&b, "b")] {
            s.switch_to(handle).await?;
            wait_list_matches_db(&Page::of(&s.client), &db, name, SETTLE).await?;
        }
        e2e::announce(&format!(
            "two_windows: 3 + 3 changes made offline in two windows, reconnected together: {} rows in applied_changes, {} items in the list, both windows show it",
            applied.len(),
            db.list("groceries")?.len()
        ));
        Ok(())
    })
    .await;
}
