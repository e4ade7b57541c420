//! The gallery's shell: title, sidebar, introduction, deep links with back/forward, the
//! theme switch, and each story's own source.
//!
//! Run with `cargo test -p e2e` after `trunk build --release --offline`
//! (`cargo xtask test` does both).

use e2e::page::{run, Page, SETTLE};

#[tokio::test]
async fn gallery_shows_its_title_and_introduction() {
    run("gallery_shell", "#/introduction", |page| async move {
        Page::check(
            page.text("header h1").await? == "yew-optimistic gallery",
            "header text",
        )?;
        let title = page.client().title().await.map_err(|e| e.to_string())?;
        Page::check(
            title == "yew-optimistic gallery",
            format!("document title {title:?}"),
        )?;
        for (slug, label) in [
            ("introduction", "Introduction"),
            ("editable-list", "EditableList"),
            ("like-button", "LikeButton"),
            ("kanban-board", "KanbanBoard"),
            ("use-query", "use_query"),
            ("use-optimistic-mutation", "use_optimistic_mutation"),
        ] {
            let text = page.text(&format!("nav a[data-page='{slug}']")).await?;
            Page::check(text == label, format!("sidebar entry {slug}: {text:?}"))?;
        }
        page.wait_attr(
            "nav a[data-page='introduction']",
            "aria-current",
            "page",
            SETTLE,
        )
        .await?;
        Page::check(
            page.text("main h2").await? == "Introduction",
            "page heading",
        )?;
        // Each point of the strategy links to the stories that show it.
        for point in ["layers", "rollback", "rebase", "scopes", "offline"] {
            let links = page.count(&format!("#{point} a[href^='#/']")).await?;
            Page::check(links > 0, format!("the {point} section links to no story"))?;
        }
        let badge = page
            .text("main [role='status'][data-status='pending']")
            .await?;
        Page::check(badge == "Pending", format!("pending badge {badge:?}"))
    })
    .await;
}

#[tokio::test]
async fn deep_links_open_stories_and_back_forward_work() {
    run(
        "gallery_deep_links",
        "#/use-query/select",
        |page| async move {
            page.wait_attr("[data-story-tab='select']", "aria-selected", "true", SETTLE)
                .await?;
            page.wait_attr(".story-frame", "data-story", "select", SETTLE)
                .await?;
            page.wait_attr(
                "nav a[data-page='use-query']",
                "aria-current",
                "page",
                SETTLE,
            )
            .await?;
            // A tab is a link: the hash changes.
            page.click("[data-story-tab='error']").await?;
            page.wait_attr(".story-frame", "data-story", "error", SETTLE)
                .await?;
            let hash = page.js("return location.hash;", vec![]).await?;
            Page::check(
                hash == "#/use-query/error",
                format!("hash after the tab: {hash}"),
            )?;
            // Another page from the sidebar.
            page.click("nav a[data-page='editable-list']").await?;
            page.wait_attr(
                "[data-story-tab='default']",
                "aria-selected",
                "true",
                SETTLE,
            )
            .await?;
            page.client().back().await.map_err(|e| e.to_string())?;
            page.wait_attr(".story-frame", "data-story", "error", SETTLE)
                .await?;
            page.wait_attr(
                "nav a[data-page='use-query']",
                "aria-current",
                "page",
                SETTLE,
            )
            .await?;
            page.client().back().await.map_err(|e| e.to_string())?;
            page.wait_attr(".story-frame", "data-story", "select", SETTLE)
                .await?;
            page.client().forward().await.map_err(|e| e.to_string())?;
            page.wait_attr(".story-frame", "data-story", "error", SETTLE)
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn theme_toggle_switches_light_and_dark() {
    run("gallery_theme", "#/introduction", |page| async move {
        page.wait_attr("[data-theme]", "data-theme", "light", SETTLE)
            .await?;
        page.control("theme").await?;
        page.wait_attr("[data-theme]", "data-theme", "dark", SETTLE)
            .await?;
        let bg = page
            .js(
                "return getComputedStyle(document.querySelector('.topbar')).backgroundColor;",
                vec![],
            )
            .await?;
        Page::check(
            bg == "rgb(23, 29, 38)",
            format!("dark top bar background: {bg}"),
        )?;
        page.control("theme").await?;
        page.wait_attr("[data-theme]", "data-theme", "light", SETTLE)
            .await
    })
    .await;
}

#[tokio::test]
async fn every_story_shows_its_own_source() {
    run(
        "gallery_source",
        "#/editable-list/rollback",
        |page| async move {
            page.wait_attr(".source pre", "data-file", "rollback.rs", SETTLE)
                .await?;
            let code = page.text(".source pre code").await?;
            // The compiled file itself: its header comment and the include of itself.
            Page::check(
                code.starts_with("//! EditableList · Rollback"),
                "not the story's file",
            )?;
            Page::check(
                code.contains("include_str!(\"rollback.rs\")"),
                "the shown file does not include itself",
            )?;
            Page::check(
                page.count("[data-control='copy-source']").await? == 1,
                "no copy button",
            )?;
            // Hook stories also show the shared module they use, on a second tab.
            page.click("nav a[data-page='use-optimistic-mutation']")
                .await?;
            page.wait_attr(".source pre", "data-file", "default.rs", SETTLE)
                .await?;
            page.click(".file-tabs button:nth-child(2)").await?;
            page.wait_attr(".source pre", "data-file", "todos.rs", SETTLE)
                .await?;
            let shared = page.text(".source pre code").await?;
            Page::check(
                shared.contains("pub fn change_options"),
                "todos.rs is not the shared module",
            )
        },
    )
    .await;
}
