//! The gallery loads in a real browser and shows its shell.
//!
//! Run with `cargo test -p e2e` after `trunk build --release --offline`
//! (`cargo xtask test` does both).

use std::time::Duration;

use e2e::Session;
use fantoccini::{Client, Locator};

/// How long the wasm bundle may take to load and render.
const LOAD_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn gallery_shows_its_title_and_introduction() {
    let Some(session) = Session::start_or_skip("gallery_shows_its_title_and_introduction").await
    else {
        return;
    };
    let result = check_shell(&session.client, &session.url("/")).await;
    if result.is_err() {
        // Best effort: keep a picture of what the browser showed.
        let _ = session.screenshot("gallery-failure").await;
    } else if let Err(error) = session.screenshot("gallery").await {
        e2e::announce(&format!("note: {error}"));
    }
    session.finish(result).await;
}

async fn check_shell(client: &Client, url: &str) -> Result<(), String> {
    client
        .goto(url)
        .await
        .map_err(|e| format!("cannot open {url}: {e}"))?;

    let heading = client
        .wait()
        .at_most(LOAD_TIMEOUT)
        .for_element(Locator::Css("header h1"))
        .await
        .map_err(|e| format!("the gallery did not render its header: {e}"))?;
    let heading = text(heading.text().await)?;
    expect_eq("header text", &heading, "yew-optimistic gallery")?;

    let title = client.title().await.map_err(|e| e.to_string())?;
    expect_eq("document title", &title, "yew-optimistic gallery")?;

    let link = client
        .find(Locator::Css("nav button[data-page='introduction']"))
        .await
        .map_err(|e| format!("no Introduction entry in the sidebar: {e}"))?;
    expect_eq("sidebar entry", &text(link.text().await)?, "Introduction")?;
    let current = link.attr("aria-current").await.map_err(|e| e.to_string())?;
    expect_eq(
        "aria-current of the selected page",
        current.as_deref().unwrap_or("<none>"),
        "page",
    )?;

    link.click().await.map_err(|e| e.to_string())?;
    let page_heading = client
        .find(Locator::Css("main h2"))
        .await
        .map_err(|e| format!("the introduction page has no heading: {e}"))?;
    expect_eq(
        "page heading",
        &text(page_heading.text().await)?,
        "Introduction",
    )?;

    let badge = client
        .find(Locator::Css("main [role='status'][data-status='pending']"))
        .await
        .map_err(|e| format!("the introduction page shows no pending StatusBadge: {e}"))?;
    expect_eq("pending badge", &text(badge.text().await)?, "Pending")?;
    Ok(())
}

fn text(result: Result<String, fantoccini::error::CmdError>) -> Result<String, String> {
    result
        .map(|t| t.trim().to_string())
        .map_err(|e| e.to_string())
}

fn expect_eq(what: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected:?}, got {actual:?}"))
    }
}
