//! Issue 18, item 6: offline for real. The gallery is loaded once online (its app-shell
//! service worker, `gallery/sw.js`, stores the page and its hashed files), the browser's
//! network is switched off (Chromium's DevTools network emulation through chromedriver:
//! `navigator.onLine` false, every request fails), changes are made and queue, and the
//! page is reloaded with the network still off (for the worker too: chromedriver's
//! setting covers pages only, so `LiveSession::set_browser_offline` also emulates on the
//! worker's own DevTools target, as DevTools' "Offline" does). The reload must come up from the
//! worker's cache, not as the browser's error page, with the queued rows still pending;
//! with the network back, each queued change reaches the reference server's database
//! exactly once, in order.
//!
//! Without the service worker the reload gets the browser's error page ("This site can't
//! be reached") and the test fails waiting for the story; so it does with a worker that
//! answers navigations from the network only (no cache), which shows the network is off
//! for the worker as well. (offline_reload.rs cuts only the API, and still passes
//! without a worker.)

use e2e::agree::{list_change, list_matches_db, nothing_applied};
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, LOAD_TIMEOUT, SETTLE};
use e2e::ui::{self, list};
use serde_json::{json, Value};

const STORY: &str = "#/editable-list/offline";
/// The cache `sw.js` keeps the shell in.
const CACHE: &str = "app-shell-v1";

/// Runs `body` (an async function body ending in a promise) and returns what it resolves
/// to, or the text of its rejection as `{"error": ...}`.
async fn await_js(page: &Page, body: &str, args: Vec<Value>) -> Result<Value, String> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         (async () => {{ {body} }})().then(done, (e) => done({{ error: String(e) }}));"
    );
    page.client()
        .execute_async(&script, args)
        .await
        .map_err(|e| format!("script failed: {e}\n{body}"))
}

/// Waits until the service worker controls the page (it activates only once its install
/// has stored the shell) and returns the paths in its cache.
async fn shell_cached(page: &Page) -> Result<Vec<String>, String> {
    page.wait_js(
        "the app-shell service worker to control the page",
        LOAD_TIMEOUT,
        "return !!navigator.serviceWorker && navigator.serviceWorker.controller !== null;",
        vec![],
    )
    .await?;
    let paths = await_js(
        page,
        "if (!(await caches.has(arguments[0]))) return [];
         const keys = await (await caches.open(arguments[0])).keys();
         return keys.map((r) => new URL(r.url).pathname);",
        vec![CACHE.into()],
    )
    .await?;
    serde_json::from_value(paths.clone()).map_err(|_| format!("cache listing: {paths}"))
}

/// Whether a request for `path` from the page fails (no answer at all, not even a 404).
async fn unreachable(page: &Page, path: &str) -> Result<bool, String> {
    let answer = await_js(
        page,
        "await fetch(arguments[0], { cache: 'no-store' }); return 'answered';",
        vec![path.into()],
    )
    .await?;
    Ok(answer.get("error").is_some())
}

/// The changes the test queues, as the database records them, in order.
fn expected() -> Vec<Value> {
    vec![
        json!({"Add": {"title": "Eggs"}}),
        json!({"Add": {"title": "Flour"}}),
        json!({"Toggle": {"id": "seed-1", "done": true}}),
        json!({"Delete": {"id": "seed-4"}}),
    ]
}

#[tokio::test]
async fn a_reload_with_the_network_off_comes_from_the_service_worker_with_the_queue_pending() {
    run("offline_shell", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open(STORY).await?;
        list::loaded(&page, 4).await?;

        let cached = shell_cached(&page).await?;
        for (what, present) in [
            ("the page", cached.iter().any(|p| p == "/")),
            ("the glue .js", cached.iter().any(|p| p.ends_with(".js"))),
            ("the .wasm", cached.iter().any(|p| p.ends_with(".wasm"))),
            ("no API answer", !cached.iter().any(|p| p.starts_with("/api/"))),
        ] {
            Page::check(present, format!("the shell cache should hold {what}: {cached:?}"))?;
        }

        s.set_browser_offline(true).await?;
        page.wait_for("[data-testid=offline-banner]", SETTLE)
            .await?;
        Page::check(
            unreachable(&page, "/api/lists/groceries").await?,
            "with the network off, the API should be unreachable from the page",
        )?;
        // A script name the worker has not stored: it asks the network itself, which must
        // be off for it too (else the server's 404 would come back), or the reload below
        // would reach the server through the worker and prove nothing.
        Page::check(
            unreachable(&page, "/not-in-the-shell.js").await?,
            "with the network off, the service worker's own requests should fail too",
        )?;

        list::add(&page, "Eggs").await?;
        list::add(&page, "Flour").await?;
        list::click(&page, "Oat milk", list::TOGGLE).await?;
        list::click(&page, "Tomatoes", list::DELETE).await?;
        ui::wait_queued(&page, 4).await?;
        let before = list::rows(&page).await?;
        nothing_applied(&db, Some("list:groceries"))?;

        // The browser's refresh with no network: only the service worker can answer.
        let page = s.reload().await.map_err(|e| {
            format!("the reload with the network off did not bring the app back (the browser's error page?): {e}")
        })?;
        let served_by_worker = page
            .js(
                "const nav = performance.getEntriesByType('navigation')[0];
                 return !!navigator.serviceWorker.controller && !!nav && nav.workerStart > 0;",
                vec![],
            )
            .await?;
        Page::check(
            served_by_worker == json!(true),
            "the reloaded page should have come through the service worker",
        )?;
        Page::check(
            unreachable(&page, "/api/lists/groceries").await?,
            "after the reload the network should still be off",
        )?;
        page.wait_for("[data-testid=offline-banner]", SETTLE)
            .await?;
        let after = list::rows(&page).await?;
        Page::check(
            after == before,
            format!("after the reload the list shows {after:?}, before it showed {before:?}"),
        )?;
        ui::wait_queued(&page, 4).await?;
        for title in ["Eggs", "Flour", "Oat milk"] {
            Page::check(
                page.row_state(list::ROW, list::TITLE, title).await?.as_deref() == Some("pending"),
                format!("{title} should still be pending after the offline reload"),
            )?;
        }
        // Before the reload nothing reached the server (checked above). Across the reload
        // itself the first queued change often does (the new page still shows it pending
        // and resends it later under the same idempotency key). It comes from the page
        // being unloaded, not from the worker (which leaves every non-GET alone) nor the
        // new page: under DevTools emulation Chromium fires `online` at the old page
        // after `beforeunload` while `navigator.onLine` is still false, the provider's
        // `online` handler resumes the queue, and the first call goes out with
        // `keepalive`, past the emulation. (Same with no worker at all.) Reported; here:
        // the first queued change at most, and exactly once at the end.
        pause(500).await;
        let early: Vec<Value> = db
            .applied(Some("list:groceries"))?
            .iter()
            .map(list_change)
            .collect();
        Page::check(
            early.len() <= 1 && expected()[..early.len()] == early[..],
            format!("applied with the network off after the reload: {early:?}"),
        )?;
        if !early.is_empty() {
            e2e::announce(&format!(
                "offline_shell: {early:?} reached the server during the offline reload"
            ));
        }

        s.set_browser_offline(false).await?;
        ui::wait_queued(&page, 0).await?;
        list::settled(&page, SETTLE).await?;
        pause(1_000).await; // anything sent twice would arrive by now
        let applied = db.applied(Some("list:groceries"))?;
        let changes: Vec<Value> = applied.iter().map(list_change).collect();
        Page::check(
            changes == expected(),
            format!("applied in the database: {changes:?}"),
        )?;
        Page::check(db.doubled_keys()?.is_empty(), "an idempotency key was applied twice")?;
        e2e::announce(&format!(
            "offline_shell: 4 changes queued with the network off, reloaded from the service worker, reconnected: {} rows in applied_changes, 0 keys doubled",
            applied.len()
        ));
        list_matches_db(&page, &db, "reloaded offline").await
    })
    .await;
}

/// The quickstart is meant to be copied out of the repository, so it has its own copy of
/// the worker; the two must not drift apart.
#[test]
fn the_quickstart_and_the_gallery_ship_the_same_service_worker() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    assert_eq!(
        read("gallery/sw.js"),
        read("examples/quickstart/sw.js"),
        "gallery/sw.js and examples/quickstart/sw.js differ"
    );
}

/// The guide's recipe shows the quickstart's registration as it is.
#[test]
fn the_guide_shows_the_quickstarts_registration() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let guide = read("docs/guide.md");
    let page = read("examples/quickstart/index.html");
    let block = guide
        .split("```html\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/guide.md has an html block");
    let page_lines: Vec<&str> = page.lines().map(str::trim).collect();
    let mut from = 0;
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let at = page_lines[from..]
            .iter()
            .position(|l| *l == line)
            .unwrap_or_else(|| {
                panic!("the guide's line `{line}` is not in the quickstart's index.html (in order)")
            });
        from += at + 1;
    }
}
