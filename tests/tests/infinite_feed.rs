//! The `use_infinite_query` story: an infinite feed with optimistic posting, used as a
//! person would: load pages, post, post something the server refuses.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};

const POST: &str = "[data-testid=post]";
const TEXT: &str = ".title";

async fn post(page: &Page, text: &str) -> Result<(), String> {
    page.type_into("[data-testid=new-post]", text).await?;
    page.click("[data-testid=post-button]").await
}

#[tokio::test]
async fn infinite_feed_loads_pages_and_rolls_back_a_refused_post_alone() {
    run(
        "infinite_feed",
        "#/use-infinite-query/optimistic-feed",
        |page| async move {
            page.wait_count(POST, 5, SETTLE).await?;
            page.click("[data-testid=load-more]").await?;
            page.wait_count(POST, 10, SETTLE).await?;
            let reads = page.stat("reads").await?;

            // A refused post and a good one, both on their way at once.
            post(&page, "spam, please").await?;
            post(&page, "Hello, feed").await?;
            page.wait_row_state(
                POST,
                TEXT,
                "spam, please",
                "pending",
                Duration::from_secs(2),
            )
            .await?;
            page.wait_row_state(POST, TEXT, "Hello, feed", "pending", Duration::from_secs(2))
                .await?;
            Page::check(
                page.count(POST).await? == 12,
                "both posts shown on top of the pages at once",
            )?;
            page.wait_row_state(POST, TEXT, "spam, please", "gone", SETTLE)
                .await?;
            let message = page.text("[data-testid=error]").await?;
            Page::check(
                message.contains("422") && message.contains("spam, please"),
                format!("the refusal is shown: {message:?}"),
            )?;
            page.wait_row_state(POST, TEXT, "Hello, feed", "confirmed", SETTLE)
                .await?;
            // Accepted: both pages were fetched again (still two pages of five), and
            // the post is on top of the server's first page.
            page.wait_stat("reads", reads + 2, SETTLE).await?;
            page.wait_count(POST, 10, SETTLE).await?;
            let first = page.text(&format!("{POST} {TEXT}")).await?;
            Page::check(first == "Hello, feed", format!("first post {first:?}"))?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn on_the_reference_server_the_feed_pages_and_posts_reach_the_database_once() {
    e2e::live::run("infinite_feed_http", async |s: &e2e::live::LiveSession| {
        let page = s.open("#/use-infinite-query/optimistic-feed").await?;
        page.wait_count(POST, 5, SETTLE).await?;
        let first = page.text(&format!("{POST} {TEXT}")).await?;
        Page::check(
            first.starts_with("Post #18 of the seed data"),
            format!("the server's newest post on top: {first:?}"),
        )?;
        page.click("[data-testid=load-more]").await?;
        page.wait_count(POST, 10, SETTLE).await?;

        // Refused by the server with the simulation's rule, shown, rolled back alone.
        post(&page, "spam, please").await?;
        page.wait_row_state(POST, TEXT, "spam, please", "gone", SETTLE)
            .await?;
        let message = page.text("[data-testid=error]").await?;
        Page::check(
            message.contains("spam"),
            format!("the refusal is shown: {message:?}"),
        )?;

        post(&page, "Hello from the browser <b>").await?;
        page.wait_row_state(POST, TEXT, "Hello from the browser <b>", "confirmed", SETTLE)
            .await?;
        let db = s.db();
        let stored = db.count(
            "SELECT COUNT(*) FROM feed_posts WHERE feed = 'main' AND text = 'Hello from the browser <b>'",
        )?;
        Page::check(stored == 1, format!("the post is stored {stored} times"))?;
        let refused = db.count("SELECT COUNT(*) FROM feed_posts WHERE text LIKE '%spam%'")?;
        Page::check(refused == 0, "the refused post is not stored")?;
        // After the success every page is fetched again: the post on top, two pages.
        page.wait_count(POST, 10, SETTLE).await?;
        let top = page.text(&format!("{POST} {TEXT}")).await?;
        Page::check(
            top == "Hello from the browser <b>",
            format!("first post {top:?}"),
        )
    })
    .await;
}
