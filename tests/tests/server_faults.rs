//! Issue 8, proof 2: the server killed mid-request (SIGKILL) and started again on the
//! same database; apply-then-fail (the change commits, then the answer is a 503 or the
//! connection is dropped). Afterwards the database, the page, and the changes made agree:
//! each change applied once, nothing lost.

use std::time::Duration;

use e2e::db::Db;
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::{client_retries, list};
use serde_json::json;

/// How many times `title` was added, in the database.
fn adds_of(db: &Db, title: &str) -> Result<usize, String> {
    Ok(db
        .applied(Some("list:groceries"))?
        .iter()
        .filter(|a| a.body["Add"]["title"] == json!(title))
        .count())
}

/// The page's confirmed rows are the database's list.
async fn expect_list_matches_db(page: &Page, db: &Db) -> Result<(), String> {
    let shown: Vec<(String, String, bool)> = list::rows(page)
        .await?
        .into_iter()
        .map(|r| (r.id, r.title, r.done))
        .collect();
    let stored: Vec<(String, String, bool)> = db
        .list("groceries")?
        .into_iter()
        .map(|i| (i.id.0, i.title, i.done))
        .collect();
    Page::check(
        shown == stored,
        format!("the page shows {shown:?}, the database holds {stored:?}"),
    )
}

#[tokio::test]
async fn a_server_killed_mid_request_and_restarted_loses_and_doubles_nothing() {
    run("server_killed", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;
        client_retries(&page, 6).await?;
        // Slow enough that the request is still waiting on the server when it dies.
        s.server
            .set_faults(json!({"latency_ms": 2_000}))
            .await?;
        list::add(&page, "Survives the crash").await?;
        pause(600).await;
        Page::check(
            page.row_state(list::ROW, list::TITLE, "Survives the crash")
                .await?
                .as_deref()
                == Some("pending"),
            "the add should be pending while the server holds it",
        )?;
        s.server.kill();
        // While the server is down: another change, which must wait and go too.
        list::click(&page, "Oat milk", list::TOGGLE).await?;
        pause(800).await;
        Page::check(
            db.applied(None)?.is_empty(),
            "nothing was applied before the crash (the add was still waiting)",
        )?;
        s.server.restart()?;
        list::settled(&page, SETTLE + Duration::from_secs(10)).await?;
        page.wait_row_state(list::ROW, list::TITLE, "Survives the crash", "confirmed", SETTLE)
            .await?;
        pause(1_000).await;
        Page::check(
            adds_of(&db, "Survives the crash")? == 1,
            format!(
                "the add should be applied once, is {} times",
                adds_of(&db, "Survives the crash")?
            ),
        )?;
        let toggles = db
            .applied(Some("list:groceries"))?
            .iter()
            .filter(|a| a.body == json!({"Toggle": {"id": "seed-1", "done": true}}))
            .count();
        Page::check(toggles == 1, format!("the tick was applied {toggles} times"))?;
        Page::check(db.doubled_keys()?.is_empty(), "an idempotency key was applied twice")?;
        expect_list_matches_db(&page, &db).await?;
        e2e::announce(&format!(
            "server_killed: killed with the add on the server, restarted on the same file: {} rows in applied_changes (add 1, tick 1)",
            db.applied(None)?.len()
        ));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn apply_then_fail_is_applied_once_whether_retried_or_resent() {
    run("apply_then_fail", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;

        // With retries: the resend carries the same idempotency key, the server answers it
        // from its stored response, and the change counts once.
        client_retries(&page, 3).await?;
        for (mode, title) in [("status", "Applied, then 503"), ("drop", "Applied, then dropped")] {
            s.server
                .set_faults(json!({"apply_then_fail_next": 1, "apply_then_fail_mode": mode}))
                .await?;
            list::add(&page, title).await?;
            page.wait_row_state(list::ROW, list::TITLE, title, "confirmed", SETTLE)
                .await?;
            pause(500).await;
            Page::check(
                adds_of(&db, title)? == 1,
                format!("{mode}: applied {} times", adds_of(&db, title)?),
            )?;
        }
        let replayed = s.server.stat("replayed").await?;
        let failed = s.server.stat("apply_then_fail").await?;
        Page::check(
            failed == 2 && replayed >= 2,
            format!("the server counts {failed} apply-then-fail and {replayed} replays"),
        )?;

        // Without retries: a 503 after applying is not a refusal. The change is kept and
        // shown waiting for the server, sent again under its key (the server answers it
        // from its stored response), saved once, never shown refused.
        client_retries(&page, 0).await?;
        let title = "Applied, then 503, kept";
        s.server
            .set_faults(json!({"apply_then_fail_next": 1, "apply_then_fail_mode": "status"}))
            .await?;
        list::add(&page, title).await?;
        page.wait_row_state(list::ROW, list::TITLE, title, "waiting", SETTLE)
            .await?;
        Page::check(
            page.count("[data-testid=row-error]").await? == 0,
            "an unknown outcome is not shown as refused",
        )?;
        page.wait_row_state(list::ROW, list::TITLE, title, "confirmed", SETTLE)
            .await?;
        Page::check(
            page.count("[data-testid=row-error]").await? == 0,
            "never shown refused",
        )?;
        pause(800).await;
        Page::check(db.doubled_keys()?.is_empty(), "an idempotency key was applied twice")?;
        Page::check(adds_of(&db, title)? == 1, "applied more than once")?;
        expect_list_matches_db(&page, &db).await?;
        e2e::announce(&format!(
            "apply_then_fail: 3 adds that failed after committing (503, dropped, 503 without retries: shown waiting, resent): each 1 row in applied_changes; server counted {failed} + 1 apply-then-fail, {replayed} replays"
        ));
        Ok(())
    })
    .await;
}
