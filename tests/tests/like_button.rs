//! LikeButton stories, used as a person would.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};

/// The button of one post.
fn button(post: &str) -> String {
    format!("[data-testid=like][data-post='{post}'] [data-testid=like-button]")
}

fn count(post: &str) -> String {
    format!("[data-testid=like][data-post='{post}'] [data-testid=like-count]")
}

/// Waits until every post shows its seeded count (`wire::seed`: 41, 7 and 128, the
/// reference server's too) and is confirmed.
async fn loaded(page: &Page) -> Result<(), String> {
    for (post, seeded) in [("post-1", "41"), ("post-2", "7"), ("post-3", "128")] {
        page.wait_attr(&button(post), "data-state", "confirmed", SETTLE)
            .await?;
        let n = page.text(&count(post)).await?;
        Page::check(
            n == seeded,
            format!("{post} should start at {seeded} likes, shows {n:?}"),
        )?;
    }
    Ok(())
}

async fn expect(page: &Page, post: &str, pressed: bool, likes: &str) -> Result<(), String> {
    let shown = page.attr(&button(post), "aria-pressed").await?;
    let n = page.text(&count(post)).await?;
    Page::check(
        shown.as_deref() == Some(if pressed { "true" } else { "false" }) && n == likes,
        format!("{post}: expected pressed={pressed} and {likes} likes, got aria-pressed={shown:?} and {n:?}"),
    )
}

#[tokio::test]
async fn default_like_moves_the_count_and_confirms() {
    run(
        "like_button_default",
        "#/like-button/default",
        |page| async move {
            loaded(&page).await?;
            page.click(&button("post-1")).await?;
            expect(&page, "post-1", true, "42").await?;
            page.wait_attr(&button("post-1"), "data-state", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await?;
            expect(&page, "post-1", true, "42").await
        },
    )
    .await;
}

#[tokio::test]
async fn optimistic_like_is_pending_at_once() {
    run(
        "like_button_optimistic",
        "#/like-button/optimistic",
        |page| async move {
            loaded(&page).await?;
            page.click(&button("post-2")).await?;
            expect(&page, "post-2", true, "8").await?;
            let state = page.attr(&button("post-2"), "data-state").await?;
            Page::check(
                state.as_deref() == Some("pending"),
                format!("should be pending at once, was {state:?}"),
            )?;
            page.wait_attr(&button("post-2"), "data-state", "confirmed", SETTLE)
                .await?;
            expect(&page, "post-2", true, "8").await
        },
    )
    .await;
}

#[tokio::test]
async fn error_rolls_the_like_back_and_says_why() {
    run(
        "like_button_error",
        "#/like-button/error",
        |page| async move {
            loaded(&page).await?;
            page.click(&button("post-1")).await?;
            expect(&page, "post-1", true, "42").await?;
            page.wait_for("[data-post='post-1'] [data-testid=like-error]", SETTLE)
                .await?;
            page.wait_attr(&button("post-1"), "aria-pressed", "false", SETTLE)
                .await?;
            expect(&page, "post-1", false, "41").await?;
            Page::check(
                page.stat("applied").await? == 0,
                "a refused like was applied",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn rollback_undoes_only_the_failed_like() {
    run(
        "like_button_rollback",
        "#/like-button/rollback",
        |page| async move {
            loaded(&page).await?;
            page.control("fail-next").await?;
            page.click(&button("post-1")).await?;
            page.click(&button("post-2")).await?;
            page.click(&button("post-3")).await?;
            page.wait_for("[data-post='post-1'] [data-testid=like-error]", SETTLE)
                .await?;
            page.wait_attr(&button("post-1"), "aria-pressed", "false", SETTLE)
                .await?;
            // The others kept their likes through the failure.
            expect(&page, "post-2", true, "8").await?;
            expect(&page, "post-3", true, "129").await?;
            page.wait_attr(&button("post-2"), "data-state", "confirmed", SETTLE)
                .await?;
            page.wait_attr(&button("post-3"), "data-state", "confirmed", SETTLE)
                .await?;
            expect(&page, "post-1", false, "41").await?;
            page.wait_stat("applied", 2, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn concurrent_clicks_end_in_the_last_state_with_few_requests() {
    run(
        "like_button_concurrent",
        // A 3 s send window (the story's `window` arg): five WebDriver clicks on a busy
        // machine can take longer than the default 1 s, and a burst longer than the
        // window may rightly send a third request.
        "#/like-button/concurrent?window=3000",
        |page| async move {
            loaded(&page).await?;
            let before = page.stat("writes").await?;
            for _ in 0..5 {
                page.click(&button("post-1")).await?;
            }
            // Five clicks from unliked: liked, at once.
            expect(&page, "post-1", true, "42").await?;
            page.wait_attr(&button("post-1"), "data-state", "confirmed", SETTLE)
                .await?;
            tokio::time::sleep(Duration::from_millis(1_500)).await;
            expect(&page, "post-1", true, "42").await?;
            let sent = page.stat("writes").await? - before;
            // Throttled LatestWins: a burst within the window sends the first click and
            // the last, not five.
            Page::check(sent <= 2, format!("five clicks sent {sent} writes"))
        },
    )
    .await;
}

#[tokio::test]
async fn offline_like_survives_a_reload_and_is_sent_once() {
    run(
        "like_button_offline",
        "#/like-button/offline",
        |page| async move {
            loaded(&page).await?;
            page.set_offline(true).await?;
            page.click(&button("post-1")).await?;
            expect(&page, "post-1", true, "42").await?;
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            let state = page.attr(&button("post-1"), "data-state").await?;
            Page::check(
                state.as_deref() == Some("pending"),
                format!("offline like should stay pending, was {state:?}"),
            )?;
            page.reload_client().await?;
            page.wait_attr(&button("post-1"), "aria-pressed", "true", SETTLE)
                .await?;
            expect(&page, "post-1", true, "42").await?;
            Page::check(page.stat("applied").await? == 0, "sent while offline")?;
            page.set_offline(false).await?;
            page.wait_attr(&button("post-1"), "data-state", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await?;
            expect(&page, "post-1", true, "42").await
        },
    )
    .await;
}
