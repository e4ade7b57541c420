//! Issue 21: every story of every page runs on both backends, the in-page simulation and
//! the reference server (the real `server` binary serving the built gallery). Each story
//! is opened by its deep link (a real page load), must render without an error in the
//! console (`console.error`, an uncaught exception or rejection: a panic of the wasm ends
//! up there), and takes one real action that is then seen saved: an added row or post
//! confirmed, a like or a move confirmed, a tick confirmed. Stories that start with the
//! server refusing every write are set to 0 % failures in their controls first (where
//! the controls reach), as the story's steps say. The `use_query` stories only read:
//! their action is a refetch, seen answered (the select story's, a local tick, seen).

use e2e::live::{run, LiveSession};
use e2e::page::{goto, Page, LOAD_TIMEOUT, SETTLE};
use e2e::ui::{board, likes, list};
use serde_json::{json, Value};

/// Collects what a page reports as errors, from before its first script runs (added to
/// every document the window loads, through DevTools).
const CATCH_ERRORS: &str = "
window.__e2eErrors = [];
const original = console.error.bind(console);
console.error = (...args) => { window.__e2eErrors.push(args.map(String).join(' ')); original(...args); };
window.addEventListener('error', e => window.__e2eErrors.push('uncaught: ' + e.message));
window.addEventListener('unhandledrejection', e => window.__e2eErrors.push('unhandled rejection: ' + String(e.reason)));
";

/// The one action a story takes, by the demo it runs.
#[derive(Clone, Copy, Debug)]
enum Act {
    /// EditableList: add a row.
    ListAdd,
    /// use_optimistic_mutation's to-do list: add an item.
    TodoAdd,
    /// LikeButton: toggle the first post's like.
    Like,
    /// KanbanBoard: move a card one column right.
    BoardMove,
    /// use_infinite_query: post.
    Post,
    /// Keyed collections, the list: tick a row.
    KeyedTick,
    /// Keyed collections, the board: move a card.
    KeyedMove,
    /// use_query: refetch (it only reads).
    Refetch,
    /// use_query's select story: tick a row (a local write, to show who re-renders).
    SelectTick,
}

/// One story: page, story, the args of its deep link, its action, and whether it starts
/// with every write (or read) failing.
struct Case {
    page: &'static str,
    story: &'static str,
    args: &'static str,
    act: Act,
    failing: bool,
}

const fn case(page: &'static str, story: &'static str, act: Act) -> Case {
    Case {
        page,
        story,
        args: "",
        act,
        failing: false,
    }
}

const fn failing(page: &'static str, story: &'static str, act: Act) -> Case {
    Case {
        failing: true,
        ..case(page, story, act)
    }
}

/// Every story of the gallery (a story added without a row here fails
/// `the_table_names_every_story_of_the_gallery`).
const CASES: &[Case] = &[
    case("editable-list", "default", Act::ListAdd),
    case("editable-list", "optimistic", Act::ListAdd),
    failing("editable-list", "error", Act::ListAdd),
    case("editable-list", "rollback", Act::ListAdd),
    case("editable-list", "concurrent", Act::ListAdd),
    case("editable-list", "offline", Act::ListAdd),
    case("like-button", "default", Act::Like),
    case("like-button", "optimistic", Act::Like),
    failing("like-button", "error", Act::Like),
    case("like-button", "rollback", Act::Like),
    case("like-button", "concurrent", Act::Like),
    case("like-button", "offline", Act::Like),
    case("kanban-board", "default", Act::BoardMove),
    case("kanban-board", "optimistic", Act::BoardMove),
    failing("kanban-board", "error", Act::BoardMove),
    case("kanban-board", "rollback", Act::BoardMove),
    case("kanban-board", "concurrent", Act::BoardMove),
    case("kanban-board", "offline", Act::BoardMove),
    case("use-query", "default", Act::Refetch),
    failing("use-query", "error", Act::Refetch),
    case("use-query", "select", Act::SelectTick),
    case("use-optimistic-mutation", "default", Act::TodoAdd),
    case("use-optimistic-mutation", "optimistic", Act::TodoAdd),
    failing("use-optimistic-mutation", "error", Act::TodoAdd),
    case("use-optimistic-mutation", "rollback", Act::TodoAdd),
    case("use-optimistic-mutation", "concurrent", Act::TodoAdd),
    case("use-optimistic-mutation", "offline", Act::TodoAdd),
    case("use-infinite-query", "optimistic-feed", Act::Post),
    Case {
        args: "?rows=200",
        ..case("keyed-collections", "list", Act::KeyedTick)
    },
    Case {
        args: "?cards=200",
        ..case("keyed-collections", "board", Act::KeyedMove)
    },
    Case {
        args: "?rows=200",
        ..failing("keyed-collections", "error", Act::KeyedTick)
    },
];

/// The errors the page reported since the last call (and forgets them).
async fn take_errors(page: &Page) -> Result<Vec<String>, String> {
    let v = page
        .js(
            "const e = window.__e2eErrors || ['the error catcher was not installed']; window.__e2eErrors = []; return e;",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .map(|e| e.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default())
}

/// Sets the story's failure rate (and failing reads) to nothing, through its controls,
/// and waits until the backend has taken it (the reference server: `GET /_faults`).
async fn stop_failing(s: &LiveSession, page: &Page, backend: &str) -> Result<(), String> {
    if page.count("[data-control=failure-rate]").await? == 0 {
        return Ok(()); // the controls do not reach this story: it stays failing
    }
    page.set_range("failure-rate", 0).await?;
    page.wait_js(
        "the failure rate at 0 %",
        SETTLE,
        "const e = document.querySelector('[data-value=failure-rate]'); return !!e && e.textContent.trim() === '0 %';",
        vec![],
    )
    .await?;
    if backend == "http" {
        let deadline = std::time::Instant::now() + SETTLE;
        loop {
            let faults = s.server.faults().await?;
            if faults["settings"]["failure_rate"].as_f64() == Some(0.0) {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err(format!(
                    "the server never took the 0 % failure rate: {faults}"
                ));
            }
            e2e::live::pause(100).await;
        }
    }
    Ok(())
}

/// Takes the story's action and waits until it is seen saved.
async fn act(page: &Page, act: Act, label: &str) -> Result<(), String> {
    match act {
        Act::ListAdd => {
            page.wait_for("[data-testid=list-add-input]", SETTLE)
                .await?;
            list::add_pasted(page, label).await?;
            page.wait_row_state(list::ROW, list::TITLE, label, "confirmed", SETTLE)
                .await
        }
        Act::TodoAdd => {
            page.wait_for("[data-testid=new-title]", SETTLE).await?;
            page.type_into("[data-testid=new-title]", label).await?;
            page.click("[data-testid=add]").await?;
            page.wait_row_state(
                "[data-testid=item]",
                "[data-testid=title]",
                label,
                "confirmed",
                SETTLE,
            )
            .await
        }
        Act::Like => {
            likes::confirmed(page, "post-1").await?;
            let (pressed, _, _) = likes::shown(page, "post-1").await?;
            page.click(&likes::button("post-1")).await?;
            page.wait_attr(
                &likes::button("post-1"),
                "aria-pressed",
                &(!pressed).to_string(),
                SETTLE,
            )
            .await?;
            likes::confirmed(page, "post-1").await
        }
        Act::BoardMove => {
            page.wait_for("[data-testid=card][data-state=confirmed]", SETTLE)
                .await?;
            // The first card that can go right (on the reference server earlier stories
            // moved cards already).
            let picked = page
                .js(
                    "for (const c of document.querySelectorAll('[data-testid=column]')) {
                        for (const k of c.querySelectorAll('[data-testid=card]')) {
                            const b = k.querySelector('[data-testid=card-move-right]');
                            if (b && !b.disabled && b.getAttribute('aria-disabled') !== 'true') {
                                return [k.getAttribute('data-id'), c.getAttribute('data-id')];
                            }
                        }
                     }
                     return null;",
                    vec![],
                )
                .await?;
            let (card, from) = match &picked {
                Value::Array(pair) => (
                    pair[0].as_str().unwrap_or_default().to_owned(),
                    pair[1].as_str().unwrap_or_default().to_owned(),
                ),
                _ => return Err("no card can move right".into()),
            };
            board::move_right(page, &card).await?;
            page.wait_js(
                &format!("card {card} confirmed out of column {from}"),
                SETTLE,
                "const k = document.querySelector(`[data-testid=card][data-id='${arguments[0]}']`);
                 return !!k && k.getAttribute('data-state') === 'confirmed'
                     && k.closest('[data-testid=column]').getAttribute('data-id') !== arguments[1];",
                vec![card.into(), from.into()],
            )
            .await
            .map(drop)
        }
        Act::Post => {
            page.wait_for("[data-testid=post]", SETTLE).await?;
            page.type_into("[data-testid=new-post]", label).await?;
            page.click("[data-testid=post-button]").await?;
            page.wait_row_state("[data-testid=post]", ".title", label, "confirmed", SETTLE)
                .await
        }
        Act::KeyedTick => {
            let row = "[data-testid=row][data-id='5']";
            page.wait_for(row, SETTLE).await?;
            let done = page.attr(row, "data-done").await? == Some("true".into());
            page.click(&format!("{row} [data-testid=toggle]")).await?;
            page.wait_attr(row, "data-done", &(!done).to_string(), SETTLE)
                .await?;
            page.wait_attr("[data-testid=pending]", "data-count", "0", SETTLE)
                .await?;
            // Saved, not rolled back: still ticked once nothing is pending.
            page.wait_attr(row, "data-done", &(!done).to_string(), SETTLE)
                .await
        }
        Act::KeyedMove => {
            let card = "[data-testid=column][data-column='0'] [data-testid=card][data-id='1']";
            page.wait_for(card, SETTLE).await?;
            page.click(&format!("{card} [data-testid=move]")).await?;
            let moved = "[data-testid=column][data-column='1'] [data-testid=card][data-id='1']";
            page.wait_for(moved, SETTLE).await?;
            page.wait_attr("[data-testid=pending]", "data-count", "0", SETTLE)
                .await?;
            page.wait_for(moved, SETTLE).await
        }
        Act::SelectTick => {
            let toggle = "[data-testid=item]:first-child [data-testid=toggle]";
            page.wait_for(toggle, SETTLE).await?;
            let checked = page
                .js(
                    "return document.querySelector(arguments[0]).checked;",
                    vec![toggle.into()],
                )
                .await?;
            page.click(toggle).await?;
            page.wait_js(
                "the first row ticked the other way",
                SETTLE,
                "return document.querySelector(arguments[0]).checked !== arguments[1];",
                vec![toggle.into(), checked],
            )
            .await
            .map(drop)
        }
        Act::Refetch => {
            // The list as it loads (the error story: its error, with Try again).
            page.wait_for("[data-testid=item], [data-testid=try-again]", SETTLE)
                .await?;
            let button = if page.count("[data-testid=try-again]").await? > 0 {
                "[data-testid=try-again]"
            } else {
                "[data-testid=refetch]"
            };
            let reads = page.stat("reads").await?;
            page.click(button).await?;
            // Answered: the backend counted one more read and the list is shown.
            page.wait_js(
                "one more read",
                SETTLE,
                "const e = document.querySelector(\"[data-server-stat='reads']\"); return !!e && Number(e.textContent) > arguments[0];",
                vec![reads.into()],
            )
            .await?;
            page.wait_for("[data-testid=item]", SETTLE).await?;
            page.wait_gone("[data-testid=load-error]", SETTLE).await
        }
    }
}

/// The keyed error story on the reference server runs on a network of its own that the
/// controls do not reach: its tick is refused (that is the story), seen rolled back.
async fn refused_alone(page: &Page) -> Result<(), String> {
    let row = "[data-testid=row][data-id='5']";
    page.wait_for(row, SETTLE).await?;
    let done = page.attr(row, "data-done").await?.unwrap_or_default();
    page.click(&format!("{row} [data-testid=toggle]")).await?;
    page.wait_for("[data-testid=refused]", SETTLE).await?;
    page.wait_attr(row, "data-done", &done, SETTLE).await
}

async fn every_story_on(s: &LiveSession, backend: &str) -> Result<(), String> {
    s.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": CATCH_ERRORS }),
    )
    .await?;
    for (n, case) in CASES.iter().enumerate() {
        let hash = format!("#/{}/{}{}", case.page, case.story, case.args);
        let what = format!("{backend} {hash}");
        goto(
            &s.client,
            &s.server.url(&format!("/?backend={backend}{hash}")),
        )
        .await?;
        let page = Page::of(&s.client);
        page.wait_for("[data-testid=canvas]", LOAD_TIMEOUT)
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        page.wait_attr(".story-frame", "data-backend", backend, SETTLE)
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        let label = format!("Every story {backend} #{n}");
        let own_network = page.count("[data-testid=own-network]").await? > 0;
        let result = if case.failing && own_network {
            refused_alone(&page).await
        } else {
            if case.failing {
                stop_failing(s, &page, backend).await?;
            }
            act(&page, case.act, &label).await
        };
        result.map_err(|e| format!("{what}: {e}"))?;
        let errors = take_errors(&page).await?;
        Page::check(
            errors.is_empty(),
            format!("{what}: errors in the console: {errors:?}"),
        )?;
    }
    e2e::announce(&format!(
        "every_story ({backend}): {} stories loaded without a console error, each action seen saved",
        CASES.len()
    ));
    Ok(())
}

#[tokio::test]
async fn every_story_runs_on_the_simulation() {
    run("every_story_sim", async |s: &LiveSession| {
        every_story_on(s, "sim").await
    })
    .await;
}

#[tokio::test]
async fn every_story_runs_on_the_reference_server() {
    run("every_story_http", async |s: &LiveSession| {
        every_story_on(s, "http").await
    })
    .await;
}

/// The table above against the gallery's own list of stories (read from the page: its
/// sidebar and story tabs), so a new story cannot be left out.
#[tokio::test]
async fn the_table_names_every_story_of_the_gallery() {
    run("every_story_table", async |s: &LiveSession| {
        let page = s.open("#/editable-list/default").await?;
        let pages = page
            .js(
                "return [...document.querySelectorAll('nav a[data-page]')].map(a => a.getAttribute('data-page')).filter(p => p !== 'introduction');",
                vec![],
            )
            .await?;
        let mut found = Vec::new();
        for slug in pages.as_array().ok_or("no pages")? {
            let slug = slug.as_str().unwrap_or_default();
            page.click(&format!("nav a[data-page='{slug}']")).await?;
            page.wait_attr(&format!("nav a[data-page='{slug}']"), "aria-current", "page", SETTLE)
                .await?;
            page.wait_for("[data-story-tab]", SETTLE).await?;
            let tabs = page
                .js(
                    "return [...document.querySelectorAll('[data-story-tab]')].map(t => t.getAttribute('data-story-tab'));",
                    vec![],
                )
                .await?;
            for tab in tabs.as_array().ok_or("no tabs")? {
                found.push(format!("{slug}/{}", tab.as_str().unwrap_or_default()));
            }
        }
        let table: Vec<String> = CASES.iter().map(|c| format!("{}/{}", c.page, c.story)).collect();
        let missing: Vec<&String> = found.iter().filter(|f| !table.contains(f)).collect();
        Page::check(
            missing.is_empty() && found.len() == table.len(),
            format!("stories not in the table: {missing:?} (the gallery has {found:?})"),
        )
    })
    .await;
}
