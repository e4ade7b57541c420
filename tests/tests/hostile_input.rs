//! Issue 8, proof 5: hostile input through the page and straight at the API from the
//! page, against the reference server. HTML and script in a title are stored as typed and
//! shown as text, never run, also after a real reload; a title over the limit, a 1 MB
//! body and a change to an item someone else deleted are refused with the server's own
//! reason shown on the row, and nothing of them is stored. From the page's own `fetch`
//! (the browser, same origin): broken JSON, a 1 MB body, no key, a replayed key with
//! another payload: each a 4xx `application/problem+json` that says what is wrong, and
//! the database holds only what was meant to be stored.
//!
//! The server's own tests (server/tests/bad_input.rs, idempotency.rs) check every case of
//! its validation over plain HTTP; this file checks that the browser, the client and the
//! components get those answers, show them and store nothing behind them.

use e2e::db::Db;
use e2e::live::{pause, run, LiveSession};
use e2e::page::{Page, SETTLE};
use e2e::ui::list;
use hyper::Method;
use serde_json::{json, Value};

const HOSTILE: &str = "<img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='script'</script><b>bold</b> & \"quotes\"";

/// No script of a title has run, and the row titled `HOSTILE` has no element inside its
/// title (only text).
async fn expect_shown_as_text(page: &Page) -> Result<(), String> {
    let v = page
        .js(
            "const rows = [...document.querySelectorAll(arguments[0])];
             const row = rows.find(r => (r.querySelector(arguments[1]) || {}).textContent === arguments[2]);
             return [typeof window.__pwned, !!row, row ? row.querySelector(arguments[1]).children.length : -1,
                     document.querySelectorAll('img[src=x], b').length];",
            vec![list::ROW.into(), list::TITLE.into(), HOSTILE.into()],
        )
        .await?;
    Page::check(
        v[0] == json!("undefined"),
        format!("a script in a title ran: window.__pwned is {}", v[0]),
    )?;
    Page::check(
        v[1] == json!(true),
        "no row shows the title exactly as typed",
    )?;
    Page::check(
        v[2] == json!(0) && v[3] == json!(0),
        format!("the title became elements: {v}"),
    )
}

/// The error text of the (failed) row whose title is `title` (or starts with it).
async fn row_error(page: &Page, title: &str) -> Result<String, String> {
    let v = page
        .js(
            "const rows = [...document.querySelectorAll(arguments[0])];
             const row = rows.find(r => (r.querySelector(arguments[1]) || {}).textContent.trim().startsWith(arguments[2]));
             if (!row) { return null; }
             const e = row.querySelector('[data-testid=row-error]');
             return [row.getAttribute('data-state'), e ? e.textContent.trim() : ''];",
            vec![list::ROW.into(), list::TITLE.into(), title.into()],
        )
        .await?;
    Page::check(
        v[0] == json!("failed"),
        format!("the row {title:?} should be failed: {v}"),
    )?;
    Ok(v[1].as_str().unwrap_or_default().to_owned())
}

/// Waits until the row whose title starts with `title` is failed.
async fn wait_failed(page: &Page, title: &str) -> Result<(), String> {
    page.wait_js(
        &format!("the row {title:?} to be failed"),
        SETTLE,
        "return [...document.querySelectorAll(arguments[0])].some(r =>
            (r.querySelector(arguments[1]) || {}).textContent.trim().startsWith(arguments[2])
            && r.getAttribute('data-state') === 'failed');",
        vec![list::ROW.into(), list::TITLE.into(), title.into()],
    )
    .await
    .map(drop)
}

/// `text` cut to its start and end (a message that quotes a 1 MB title is printed short).
fn short(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 160 {
        return text.to_owned();
    }
    let head: String = chars[..60].iter().collect();
    let tail: String = chars[chars.len() - 90..].iter().collect();
    format!("{head}…[{} chars]…{tail}", chars.len())
}

/// Nothing stored with a title starting with `prefix`, neither applied nor in the list.
fn nothing_stored(db: &Db, prefix: &str) -> Result<(), String> {
    let applied = db
        .applied(None)?
        .into_iter()
        .filter(|a| {
            a.body["Add"]["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(prefix))
        })
        .count();
    let listed = db
        .list("groceries")?
        .into_iter()
        .filter(|i| i.title.starts_with(prefix))
        .count();
    Page::check(
        applied == 0 && listed == 0,
        format!("{prefix:?}: {applied} applied, {listed} in the list; should be none"),
    )
}

#[tokio::test]
async fn hostile_titles_are_text_and_refused_changes_are_shown_and_not_stored() {
    run("hostile_ui", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;

        // HTML and script: stored exactly as typed, shown as text, not run.
        list::add(&page, HOSTILE).await?;
        page.wait_js(
            "the hostile title to be confirmed",
            SETTLE,
            "return [...document.querySelectorAll(arguments[0])].some(r =>
                (r.querySelector(arguments[1]) || {}).textContent === arguments[2]
                && r.getAttribute('data-state') === 'confirmed');",
            vec![list::ROW.into(), list::TITLE.into(), HOSTILE.into()],
        )
        .await?;
        expect_shown_as_text(&page).await?;
        let stored: Vec<String> = db.list("groceries")?.into_iter().map(|i| i.title).collect();
        Page::check(
            stored.iter().any(|t| t == HOSTILE),
            format!("the database should hold the title as typed: {stored:?}"),
        )?;
        // The same after a real reload (rendered from persisted and fetched data).
        let page = s.reload().await?;
        list::loaded(&page, 5).await?;
        expect_shown_as_text(&page).await?;

        // A title over the server's 200 characters: 422, its reason on the row.
        let long = format!("Too long {}", "x".repeat(200));
        list::add_pasted(&page, &long).await?;
        wait_failed(&page, "Too long").await?;
        let too_long = row_error(&page, "Too long").await?;
        Page::check(
            too_long.contains("422") && too_long.contains("200"),
            format!("the row should say the server refused it and why: {too_long:?}"),
        )?;

        // A 1 MB title: the body is over the server's limit: 413, shown, nothing stored.
        let huge = format!("Huge {}", "y".repeat(1024 * 1024));
        list::add_pasted(&page, &huge).await?;
        wait_failed(&page, "Huge").await?;
        let huge_error = row_error(&page, "Huge").await?;
        Page::check(
            huge_error.contains("413"),
            format!("the row should say the body was too large: {huge_error:?}"),
        )?;
        Page::check(
            huge_error.chars().count() < 400 && huge_error.contains('…'),
            format!(
                "the message quotes the title short, not a megabyte of it: {} characters",
                huge_error.chars().count()
            ),
        )?;

        // An item someone else deleted meanwhile (straight at the API), ticked here.
        let mut api = s.server.client();
        let deleted = api
            .write(
                Method::POST,
                "/api/lists/groceries/changes",
                Some("someone-else-1"),
                json!({"Delete": {"id": "seed-2"}}).to_string(),
            )
            .await
            .map_err(|e| e.to_string())?;
        Page::check(
            deleted.status.as_u16() == 200,
            format!("the other user's delete: {}", deleted.status),
        )?;
        list::click(&page, "Sourdough bread", list::TOGGLE).await?;
        wait_failed(&page, "Sourdough bread").await?;
        let gone = row_error(&page, "Sourdough bread").await?;
        Page::check(
            gone.contains("404") && gone.contains("seed-2"),
            format!("the row should say the item is not there: {gone:?}"),
        )?;

        pause(500).await;
        nothing_stored(&db, "Too long")?;
        nothing_stored(&db, "Huge")?;
        let applied = db.applied(None)?;
        let bodies: Vec<&Value> = applied.iter().map(|a| &a.body).collect();
        Page::check(
            applied.len() == 2
                && bodies[0]["Add"]["title"] == json!(HOSTILE)
                && *bodies[1] == json!({"Delete": {"id": "seed-2"}}),
            format!("only the hostile title and the other user's delete are applied: {bodies:?}"),
        )?;

        // Dismissed, the refused rows go (the deleted item's may have gone already, with
        // the refetch after its failure) and the page ends as the database is.
        for title in ["Too long", "Huge", "Sourdough bread"] {
            page.js(
                "const row = [...document.querySelectorAll(arguments[0])].find(r =>
                    (r.querySelector(arguments[1]) || {}).textContent.trim().startsWith(arguments[2]));
                 const b = row && row.querySelector('[data-testid=row-dismiss]');
                 if (b) { b.click(); }",
                vec![list::ROW.into(), list::TITLE.into(), title.into()],
            )
            .await?;
        }
        let stored: Vec<(String, String, bool)> = db
            .list("groceries")?
            .into_iter()
            .map(|i| (i.id.0, i.title, i.done))
            .collect();
        page.wait_js(
            "the page to show the database's list",
            SETTLE,
            "const rows = [...document.querySelectorAll(arguments[0])].map(r =>
                [r.getAttribute('data-id'), (r.querySelector(arguments[1]) || {}).textContent.trim(),
                 !!(r.querySelector(arguments[2]) || {}).checked]);
             return JSON.stringify(rows) === arguments[3];",
            vec![
                list::ROW.into(),
                list::TITLE.into(),
                list::TOGGLE.into(),
                serde_json::to_string(&stored)
                    .map_err(|e| e.to_string())?
                    .into(),
            ],
        )
        .await?;
        expect_shown_as_text(&page).await?;
        e2e::announce(&format!(
            "hostile_ui: HTML/script title stored as typed and shown as text (also after a reload); refused and shown on the row: {:?}, {:?}, {:?}; {} rows in applied_changes, {} items in the list",
            short(&too_long),
            short(&huge_error),
            short(&gone),
            applied.len(),
            stored.len()
        ));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn hostile_requests_from_the_page_get_problem_json_and_store_nothing() {
    run("hostile_api", async |s: &LiveSession| {
        let db = s.db();
        let page = s.open("#/editable-list/default").await?;
        list::loaded(&page, 4).await?;
        let before = db.list("groceries")?;

        // Each request from the page's own fetch: [status, content type, problem].
        let answers = page
            .client()
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const url = '/api/lists/groceries/changes';
                 const send = (body, key) => fetch(url, { method: 'POST', body,
                     headers: Object.assign({ 'Content-Type': 'application/json' },
                                            key ? { 'Idempotency-Key': key } : {}) })
                   .then(async r => [r.status, r.headers.get('content-type'), await r.json().catch(() => null)]);
                 (async () => {
                   const out = {};
                   out.broken = await send('{\"Add\": {\"id\": \"x\", \"title\": ', 'hostile-1');
                   out.wrong_type = await send('{\"Toggle\": {\"id\": \"seed-1\", \"done\": \"yes\"}}', 'hostile-2');
                   out.huge = await send(JSON.stringify({ Add: { id: 'h', title: 'z'.repeat(1024 * 1024) } }), 'hostile-3');
                   out.no_key = await send(JSON.stringify({ Toggle: { id: 'seed-1', done: true } }), null);
                   out.unknown = await send(JSON.stringify({ Delete: { id: 'no-such-item' } }), 'hostile-4');
                   out.first = await send(JSON.stringify({ Toggle: { id: 'seed-1', done: true } }), 'hostile-5');
                   out.replayed = await send(JSON.stringify({ Toggle: { id: 'seed-1', done: true } }), 'hostile-5');
                   out.other = await send(JSON.stringify({ Delete: { id: 'seed-1' } }), 'hostile-5');
                   return out;
                 })().then(done, e => done(String(e)));",
                vec![],
            )
            .await;
        let answers = answers.map_err(|e| format!("the page's fetches: {e}"))?;
        let expect = [
            ("broken", 400),
            ("wrong_type", 422),
            ("huge", 413),
            ("no_key", 400),
            ("unknown", 404),
            ("other", 422),
        ];
        for (case, status) in expect {
            let a = &answers[case];
            Page::check(
                a[0] == json!(status),
                format!("{case}: status {} (expected {status}): {a}", a[0]),
            )?;
            Page::check(
                a[1].as_str()
                    .is_some_and(|t| t.starts_with("application/problem+json")),
                format!("{case}: not problem+json: {a}"),
            )?;
            let problem = &a[2];
            Page::check(
                problem["status"] == json!(status)
                    && problem["title"].as_str().is_some_and(|t| !t.is_empty())
                    && problem["detail"].as_str().is_some_and(|t| !t.is_empty()),
                format!("{case}: the problem should have status, title and detail: {problem}"),
            )?;
        }
        Page::check(
            answers["first"][0] == json!(200) && answers["replayed"][0] == json!(200),
            format!(
                "the first write and its replay: {} {}",
                answers["first"], answers["replayed"]
            ),
        )?;

        let applied = db.applied(None)?;
        let bodies: Vec<&Value> = applied.iter().map(|a| &a.body).collect();
        Page::check(
            bodies == vec![&json!({"Toggle": {"id": "seed-1", "done": true}})],
            format!("only the first write of key hostile-5 is applied: {bodies:?}"),
        )?;
        let after = db.list("groceries")?;
        Page::check(
            after.len() == before.len()
                && after.iter().all(|i| i.id.0.starts_with("seed-")),
            format!("nothing else stored: {after:?}"),
        )?;
        e2e::announce(&format!(
            "hostile_api: from the page's fetch: broken JSON 400, wrong type 422, 1 MB 413, no key 400, unknown id 404, replayed key with another payload 422 (all problem+json); {} row in applied_changes",
            applied.len()
        ));
        Ok(())
    })
    .await;
}
