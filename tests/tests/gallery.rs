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
async fn every_page_shows_its_demo_and_mutation_and_stories_with_their_own_components_their_file() {
    run(
        "gallery_source",
        "#/editable-list/rollback",
        |page| async move {
            // A story over the page's demo: demo.rs first, then the mutation it uses.
            page.wait_attr(".source pre", "data-file", "demo.rs", SETTLE)
                .await?;
            let code = page.text(".source pre code").await?;
            Page::check(
                code.contains("#[component]") && code.contains("<EditableList"),
                "demo.rs is not the demo component",
            )?;
            Page::check(
                page.count("[data-control='copy-source']").await? == 1,
                "no copy button",
            )?;
            page.click(".file-tabs button:nth-child(2)").await?;
            page.wait_attr(".source pre", "data-file", "mutation.rs", SETTLE)
                .await?;
            let mutation = page.text(".source pre code").await?;
            Page::check(
                mutation.contains("pub fn list_mutation_options"),
                "mutation.rs is not the list's mutation definition",
            )?;
            // A story with components of its own shows its file first, then the same two.
            page.click("[data-story-tab='offline']").await?;
            page.wait_attr(".source pre", "data-file", "offline.rs", SETTLE)
                .await?;
            let names = page
                .js(
                    "return [...document.querySelectorAll('.file-tabs button')].map(b => b.textContent);",
                    vec![],
                )
                .await?;
            Page::check(
                names == serde_json::json!(["offline.rs", "demo.rs", "mutation.rs"]),
                format!("file tabs of the offline story: {names}"),
            )?;
            // The same names on a hook's page.
            page.click("nav a[data-page='use-optimistic-mutation']")
                .await?;
            page.wait_attr(".source pre", "data-file", "demo.rs", SETTLE)
                .await?;
            page.click(".file-tabs button:nth-child(2)").await?;
            page.wait_attr(".source pre", "data-file", "mutation.rs", SETTLE)
                .await?;
            let shared = page.text(".source pre code").await?;
            Page::check(
                shared.contains("pub fn change_options"),
                "mutation.rs is not the hook demo's mutation",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn args_render_the_story_and_a_deep_link_reproduces_them() {
    run(
        "gallery_args",
        "#/editable-list/default?rows=6&lang=fr&label=Courses",
        |page| async move {
            // The deep link: six rows, French words, the label.
            page.wait_count("[data-testid=row]", 6, SETTLE).await?;
            Page::check(
                page.text("[data-testid=list-add-button]").await? == "Ajouter",
                "the language arg did not reach the strings prop",
            )?;
            let label = page.attr("[data-testid=editable-list]", "aria-label").await?;
            Page::check(label.as_deref() == Some("Courses"), format!("label {label:?}"))?;
            Page::check(
                page.js("return document.querySelector('[data-arg=lang]').value;", vec![]).await?
                    == "fr",
                "the panel does not show the URL's language",
            )?;
            // The panel: fewer rows re-seed the server; the URL keeps every arg.
            page.js(
                "const e = document.querySelector('[data-arg=rows]');
                 const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
                 set.call(e, '2');
                 e.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![],
            )
            .await?;
            page.wait_count("[data-testid=row]", 2, SETTLE).await?;
            let hash = page.js("return location.hash;", vec![]).await?;
            let hash = hash.as_str().unwrap_or_default().to_string();
            for part in ["rows=2", "lang=fr", "label=Courses"] {
                Page::check(hash.contains(part), format!("the URL lost {part}: {hash}"))?;
            }
            // Switching stories keeps the args.
            page.click("[data-story-tab='optimistic']").await?;
            page.wait_attr(".story-frame", "data-story", "optimistic", SETTLE)
                .await?;
            page.wait_count("[data-testid=row]", 2, SETTLE).await?;
            // Reset goes back to the defaults and a plain URL.
            page.control("reset-args").await?;
            page.wait_count("[data-testid=row]", 4, SETTLE).await?;
            let hash = page.js("return location.hash;", vec![]).await?;
            Page::check(
                hash == "#/editable-list/optimistic",
                format!("hash after reset: {hash}"),
            )
        },
    )
    .await;
}
