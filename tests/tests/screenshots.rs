//! The screenshots in `docs/screenshots/`: the gallery's main scenes in both themes and
//! at two widths (1280x800 and 390x844), taken with headless Chromium. Not a check, so
//! it is ignored by default; retake them with
//! `cargo test -p e2e --test screenshots -- --ignored` after `trunk build --release --offline`.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};

/// One scene: where it is, what to do first, and what must show before the picture.
struct Scene {
    name: &'static str,
    hash: &'static str,
    /// Runs in the page after it loaded (a click that makes the server refuse a change).
    act: Option<&'static str>,
    /// Shown once the scene is ready.
    ready: &'static str,
}

const SCENES: &[Scene] = &[
    Scene {
        name: "introduction",
        hash: "#/introduction",
        act: None,
        ready: "#layers",
    },
    Scene {
        name: "editable-list-default",
        hash: "#/editable-list/default",
        act: None,
        ready: "[data-testid=row][data-state=confirmed]",
    },
    Scene {
        name: "editable-list-refused",
        hash: "#/editable-list/error",
        act: Some("document.querySelector('[data-testid=row] [data-testid=row-toggle]').click();"),
        ready: "[data-testid=toast]",
    },
    Scene {
        name: "editable-list-props-fr",
        hash: "#/editable-list/default?rows=6&lang=fr&label=Courses",
        act: None,
        ready: "[data-testid=row][data-state=confirmed]",
    },
    Scene {
        name: "like-button-default",
        hash: "#/like-button/default",
        act: None,
        ready: "[data-testid=like-button][data-state=confirmed]",
    },
    Scene {
        name: "kanban-board-default",
        hash: "#/kanban-board/default",
        act: None,
        ready: "[data-testid=card][data-state=confirmed]",
    },
    Scene {
        name: "use-optimistic-mutation-default",
        hash: "#/use-optimistic-mutation/default",
        act: None,
        ready: "[data-testid=item][data-state=confirmed]",
    },
];

/// (name, width, height) of the two sizes.
const SIZES: &[(&str, u32, u32)] = &[("desktop", 1280, 800), ("narrow", 390, 844)];

/// Makes the viewport exactly `width` x `height` CSS pixels.
async fn set_viewport(page: &Page, width: u32, height: u32) -> Result<(), String> {
    let client = page.client();
    client
        .set_window_size(width, height)
        .await
        .map_err(|e| e.to_string())?;
    // The window may add borders; grow it by the difference once.
    let inner = page
        .js("return [window.innerWidth, window.innerHeight];", vec![])
        .await?;
    let (w, h) = (
        inner[0].as_u64().unwrap_or(u64::from(width)) as u32,
        inner[1].as_u64().unwrap_or(u64::from(height)) as u32,
    );
    if (w, h) != (width, height) {
        client
            .set_window_size(
                width + width.saturating_sub(w),
                height + height.saturating_sub(h),
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn shoot(page: &Page, path: &std::path::Path) -> Result<(), String> {
    let png = page
        .client()
        .screenshot()
        .await
        .map_err(|e| format!("screenshot failed: {e}"))?;
    std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
}

async fn take(theme: &'static str) {
    run(
        &format!("screenshots_{theme}"),
        &format!("?theme={theme}#/introduction"),
        |page| async move {
            let dir = e2e::workspace_root().join("docs").join("screenshots");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            for (size, width, height) in SIZES {
                set_viewport(&page, *width, *height).await?;
                for scene in SCENES {
                    page.js("location.hash = arguments[0];", vec![scene.hash.into()])
                        .await?;
                    page.wait_for("main h2", SETTLE).await?;
                    if let Some(act) = scene.act {
                        page.wait_for("[data-testid=canvas] [data-state=confirmed]", SETTLE)
                            .await?;
                        page.js(act, vec![]).await?;
                    }
                    page.wait_for(scene.ready, SETTLE).await?;
                    // A story page shows its story: on a phone the canvas at the top, on
                    // a desktop the tabs, summary and story.
                    page.js(
                        "const narrow = window.innerWidth < 700;
                         const target = document.querySelector(narrow ? '[data-testid=canvas]' : '.story-tabs');
                         const bar = document.querySelector('.topbar');
                         const under = (bar ? bar.getBoundingClientRect().height : 0) + 12;
                         window.scrollTo(0, target ? target.getBoundingClientRect().top + window.scrollY - under : 0);",
                        vec![],
                    )
                    .await?;
                    // Let slide-ins and the focus ring settle.
                    tokio::time::sleep(Duration::from_millis(600)).await;
                    let path = dir.join(format!("{}-{size}-{theme}.png", scene.name));
                    shoot(&page, &path).await?;
                    e2e::announce(&format!("wrote {}", path.display()));
                }
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
#[ignore = "writes docs/screenshots; run by hand"]
async fn light_theme() {
    take("light").await;
}

#[tokio::test]
#[ignore = "writes docs/screenshots; run by hand"]
async fn dark_theme() {
    take("dark").await;
}
