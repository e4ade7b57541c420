//! Issue 20, server rendering, against the example as a user runs it (`examples/ssr`: axum
//! renders the todo list with `yew::ServerRenderer`, the reference server inside, the
//! browser hydrates): the HTML already holds the rows; the browser shows them before
//! (and without) the wasm; hydration changes nothing in the page and sends no read while
//! the data is fresh; a change after hydration reaches the database once.

use e2e::live::{pause, run_program, LiveSession};
use e2e::page::{goto, Page, LOAD_TIMEOUT, SETTLE};
use e2e::real::Program;
use serde_json::json;

/// The rows of the seeded list, as the page must show them.
const SEEDED: [&str; 4] = ["Oat milk", "Sourdough bread", "Coffee beans", "Tomatoes"];

/// Recorded from the page's first byte on (installed before any of the page's scripts):
/// every change to the server-rendered app's DOM, errors, and whether the client started.
const WATCH: &str = r#"
window.__ssr = { mutations: [], errors: [] };
addEventListener('error', e => window.__ssr.errors.push(String(e.message)));
const error = console.error.bind(console);
console.error = (...a) => { window.__ssr.errors.push(a.map(String).join(' ')); error(...a); };
addEventListener('TrunkApplicationStarted', () => { window.__ssr.started = true; });
document.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('app');
  if (!root) return;
  // Yew's hydration writes every attribute and text again and drops its component
  // markers (comments): only a real change (another value, an element added or
  // removed) is a mismatch.
  new MutationObserver(list => {
    const log = (what, node) => window.__ssr.mutations.push(
      what + ' ' + node.nodeName + ' ' + (node.textContent || '').slice(0, 40));
    for (const m of list) {
      if (m.type === 'attributes') {
        const now = m.target.getAttribute(m.attributeName);
        if (now !== m.oldValue) log('attribute ' + m.attributeName + ': ' + m.oldValue + ' -> ' + now, m.target);
      } else if (m.type === 'characterData') {
        if (m.target.data !== m.oldValue) log('text: ' + m.oldValue + ' ->', m.target);
      } else {
        for (const n of m.addedNodes) if (n.nodeType !== Node.COMMENT_NODE) log('added', n);
        for (const n of m.removedNodes) if (n.nodeType !== Node.COMMENT_NODE) log('removed', n);
      }
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true,
                     attributeOldValue: true, characterDataOldValue: true });
});
"#;

async fn rows(page: &Page) -> Result<Vec<String>, String> {
    let value = page
        .js(
            "return [...document.querySelectorAll('#app li label')].map(l => l.textContent);",
            vec![],
        )
        .await?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Waits until [`WATCH`] saw the client start (trunk's `TrunkApplicationStarted`).
async fn started(page: &Page, what: &str) -> Result<(), String> {
    page.wait_js(
        what,
        LOAD_TIMEOUT,
        "return window.__ssr && window.__ssr.started === true;",
        vec![],
    )
    .await
    .map(drop)
}

/// Opens the page with [`WATCH`] installed and waits until the client has started and
/// hydrated (its first render and effects are done a moment after the start event).
async fn open_watched(s: &LiveSession) -> Result<Page, String> {
    s.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": WATCH }),
    )
    .await?;
    goto(&s.client, &s.server.url("/")).await?;
    let page = Page::of(&s.client);
    started(&page, "the client to start").await?;
    pause(500).await;
    Ok(page)
}

#[tokio::test]
async fn the_servers_html_already_holds_the_rows_and_the_state() {
    run_program("ssr_html", Program::Ssr, async |s: &LiveSession| {
        // Read as a crawler or a slow phone's first byte would: no browser.
        let reply = s
            .server
            .client()
            .get("/")
            .await
            .map_err(|e| e.to_string())?;
        let html = reply.body;
        Page::check(
            reply.status.is_success(),
            format!("GET / answered {}", reply.status),
        )?;
        for title in SEEDED {
            Page::check(
                html.contains(&format!(">{title}</label>")),
                format!("no row {title:?} in {html}"),
            )?;
        }
        Page::check(
            !html.contains("Loading"),
            "the server rendered the loading state",
        )?;
        let state_at = html
            .find(r#"<script type="application/json" id="yew-optimistic-state">"#)
            .ok_or("no state script")?;
        Page::check(
            state_at > html.find("</main>").ok_or("no </main>")?,
            "the state follows the app",
        )?;
        Page::check(
            html[state_at..].contains("\"Sourdough bread\""),
            "the state holds the rows",
        )
    })
    .await;
}

#[tokio::test]
async fn without_the_wasm_the_page_still_shows_the_rows() {
    run_program("ssr_no_wasm", Program::Ssr, async |s: &LiveSession| {
        s.cdp("Network.enable", json!({})).await?;
        s.cdp("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] }))
            .await?;
        goto(&s.client, &s.server.url("/")).await?;
        let page = Page::of(&s.client);
        page.wait_for("#app li", LOAD_TIMEOUT).await?;
        pause(500).await;
        let shown = rows(&page).await?;
        Page::check(shown == SEEDED, format!("the page shows {shown:?}"))?;
        let started = page
            .js("return window.wasmBindings !== undefined;", vec![])
            .await?;
        Page::check(
            started == json!(false),
            "the wasm ran although it was blocked",
        )
    })
    .await;
}

#[tokio::test]
async fn hydration_changes_nothing_fetches_nothing_and_a_change_is_saved_once() {
    run_program("ssr_hydrate", Program::Ssr, async |s: &LiveSession| {
        let reads_before = s.server.stat("reads").await?;
        let page = open_watched(s).await?;
        // The server read its database for the render; the browser reads nothing.
        let reads = s.server.stat("reads").await? - reads_before;
        Page::check(
            reads == 0,
            format!("{reads} reads on load (the render's own is 1)"),
        )?;
        let watched = page.js("return window.__ssr;", vec![]).await?;
        Page::check(
            watched["mutations"] == json!([]),
            format!("hydration changed the page: {}", watched["mutations"]),
        )?;
        Page::check(
            watched["errors"] == json!([]),
            format!("errors: {}", watched["errors"]),
        )?;
        Page::check(rows(&page).await? == SEEDED, "the rows after hydration")?;

        // The hydrated page works: a tick is shown at once and saved once.
        page.click("#app li[data-id='seed-2'] input").await?;
        let ticked = page
            .js(
                "return document.querySelector(\"#app li[data-id='seed-2'] input\").checked;",
                vec![],
            )
            .await?;
        Page::check(ticked == json!(true), "the tick shows at once")?;
        let db = s.db();
        let deadline = std::time::Instant::now() + SETTLE;
        loop {
            let list = db.list("groceries")?;
            if list.iter().any(|i| i.id.0 == "seed-2" && i.done) {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("the tick never reached the database: {list:?}"));
            }
            pause(100).await;
        }
        pause(1_000).await; // a second application would land by now
        let applied = db.applied(Some("list:groceries"))?.len();
        Page::check(applied == 1, format!("{applied} changes applied, not 1"))?;
        Page::check(
            db.doubled_keys()?.is_empty(),
            "an idempotency key was applied twice",
        )
    })
    .await;
}

#[tokio::test]
async fn a_reload_with_unsent_changes_shows_them_over_the_server_rows_and_saves_them_once() {
    run_program("ssr_reload", Program::Ssr, async |s: &LiveSession| {
        let page = open_watched(s).await?;
        // The API drops every request: the changes stay queued, their outcome unknown.
        s.server.set_faults(json!({ "offline": true })).await?;
        page.click("#app li[data-id='seed-4'] input").await?;
        page.type_into("#app input[aria-label='New todo']", "Pears")
            .await?;
        page.click("#app form button").await?;
        page.wait_for("#app li:nth-child(5)", SETTLE).await?;
        pause(500).await;
        s.client
            .refresh()
            .await
            .map_err(|e| format!("reload: {e}"))?;
        let page = Page::of(&s.client);
        started(&page, "the client to start after the reload").await?;
        // The server's rows came without the changes; the restored changes show on top.
        page.wait_js(
            "the restored changes to show",
            SETTLE,
            "return document.querySelector(\"#app li[data-id='seed-4'] input\").checked \
             && document.querySelectorAll('#app li').length === 5;",
            vec![],
        )
        .await?;
        let errors = page.js("return window.__ssr.errors;", vec![]).await?;
        Page::check(errors == json!([]), format!("errors: {errors}"))?;
        let db = s.db();
        Page::check(
            db.applied(Some("list:groceries"))?.is_empty(),
            "applied while offline",
        )?;
        s.server.set_faults(json!({ "offline": false })).await?;
        let deadline = std::time::Instant::now() + SETTLE * 2;
        while db.applied(Some("list:groceries"))?.len() < 2 {
            if std::time::Instant::now() > deadline {
                return Err(format!("not saved: {:?}", db.list("groceries")?));
            }
            pause(200).await;
        }
        pause(1_500).await; // a second application would land by now
        let applied = db.applied(Some("list:groceries"))?.len();
        Page::check(applied == 2, format!("{applied} changes applied, not 2"))?;
        let list = db.list("groceries")?;
        Page::check(
            list.iter().any(|i| i.id.0 == "seed-4" && i.done)
                && list.iter().filter(|i| i.title == "Pears").count() == 1,
            format!("the database has {list:?}"),
        )
    })
    .await;
}
