//! The page against the reference server's database: the last check of every scenario
//! on the editable list (each change shown once, nothing left pending, the server's
//! order), and the applied changes in a form a test can write down.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::db::{Applied, Db};
use crate::live::pause;
use crate::page::{Page, SETTLE};
use crate::real::RealServer;
use crate::ui::list;

/// The list `groceries` as (id, title, done, state) rows.
type Rows = Vec<(String, String, bool, String)>;

async fn shown_and_stored(page: &Page, db: &Db) -> Result<(Rows, Rows), String> {
    let shown = list::rows(page)
        .await?
        .into_iter()
        .map(|r| (r.id, r.title, r.done, r.state))
        .collect();
    let stored = db
        .list("groceries")?
        .into_iter()
        .map(|i| (i.id.0, i.title, i.done, "confirmed".to_owned()))
        .collect();
    Ok((shown, stored))
}

/// Checks that `page` (window `window`) shows the database's list, every row confirmed.
pub async fn list_matches_db(page: &Page, db: &Db, window: &str) -> Result<(), String> {
    let (shown, stored) = shown_and_stored(page, db).await?;
    Page::check(
        shown == stored,
        format!("window {window} shows {shown:?}, the database holds {stored:?}"),
    )
}

/// Waits (up to `timeout`) until `page` shows the database's list, every row confirmed.
pub async fn wait_list_matches_db(
    page: &Page,
    db: &Db,
    window: &str,
    timeout: Duration,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        match list_matches_db(page, db, window).await {
            Ok(()) => return Ok(()),
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => pause(200).await,
        }
    }
}

/// An applied list change without an `Add`'s client-made id (a test cannot know it;
/// the titles it adds are unique).
pub fn list_change(applied: &Applied) -> Value {
    let mut body = applied.body.clone();
    if let Some(add) = body.get_mut("Add").and_then(Value::as_object_mut) {
        add.remove("id");
    }
    body
}

/// How many times `title` was added to the list `groceries`, in the database.
pub fn adds_of(db: &Db, title: &str) -> Result<usize, String> {
    Ok(db
        .applied(Some("list:groceries"))?
        .iter()
        .filter(|a| a.body["Add"]["title"] == title)
        .count())
}

/// Checks that nothing was applied yet (to `resource`, or to any with `None`): the
/// changes made offline are still all queued.
pub fn nothing_applied(db: &Db, resource: Option<&str>) -> Result<(), String> {
    let applied = db.applied(resource)?;
    Page::check(
        applied.is_empty(),
        format!("applied while offline: {applied:?}"),
    )
}

/// Adds `title` on `page` with the server's latency set to `latency_ms`, and returns
/// once the request waits on the server (a third of the latency in): the add shows
/// pending and is not applied yet. `before` names what the test does next (for the
/// message when the add was applied too early to test anything).
pub async fn add_caught_on_the_server(
    server: &RealServer,
    page: &Page,
    db: &Db,
    latency_ms: u64,
    title: &str,
    before: &str,
) -> Result<(), String> {
    server
        .set_faults(serde_json::json!({"latency_ms": latency_ms}))
        .await?;
    list::add(page, title).await?;
    page.wait_row_state(list::ROW, list::TITLE, title, "pending", SETTLE)
        .await?;
    pause((latency_ms / 3).max(100)).await;
    Page::check(
        adds_of(db, title)? == 0,
        format!("{latency_ms} ms: applied before {before}, too early to test anything"),
    )
}
