//! KanbanBoard stories, used as a person would.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};

/// A card, in whichever column it is.
fn card(id: &str) -> String {
    format!("[data-testid=card][data-id='{id}']")
}

/// A card in one column.
fn card_in(column: &str, id: &str) -> String {
    format!("[data-testid=column][data-id='{column}'] [data-testid=card][data-id='{id}']")
}

async fn loaded(page: &Page) -> Result<(), String> {
    page.wait_count("[data-testid=column]", 3, SETTLE).await?;
    page.wait_for(&card_in("todo", "c1"), SETTLE).await?;
    page.wait_attr(&card("c1"), "data-state", "confirmed", SETTLE)
        .await
}

/// Moves a card one column right with its arrow button.
async fn move_right(page: &Page, id: &str) -> Result<(), String> {
    page.click(&format!("{} [data-testid=card-move-right]", card(id)))
        .await
}

#[tokio::test]
async fn default_moves_a_card_and_confirms() {
    run(
        "kanban_default",
        "#/kanban-board/default",
        |page| async move {
            loaded(&page).await?;
            move_right(&page, "c1").await?;
            page.wait_for(&card_in("doing", "c1"), Duration::from_secs(2))
                .await?;
            page.wait_attr(&card("c1"), "data-state", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn optimistic_move_patches_both_columns_at_once() {
    run(
        "kanban_optimistic",
        "#/kanban-board/optimistic",
        |page| async move {
            loaded(&page).await?;
            move_right(&page, "c1").await?;
            Page::check(
                page.count(&card_in("doing", "c1")).await? == 1,
                "the card is not in Doing at once",
            )?;
            Page::check(
                page.count(&card_in("todo", "c1")).await? == 0,
                "the card is still in To do",
            )?;
            let state = page.attr(&card("c1"), "data-state").await?;
            Page::check(
                state.as_deref() == Some("pending"),
                format!("moved card should be pending, was {state:?}"),
            )?;
            page.wait_attr(&card("c1"), "data-state", "confirmed", SETTLE)
                .await?;
            Page::check(
                page.count(&card_in("doing", "c1")).await? == 1,
                "the card left Doing after confirming",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn error_puts_the_card_back_and_says_why() {
    run("kanban_error", "#/kanban-board/error", |page| async move {
        loaded(&page).await?;
        move_right(&page, "c1").await?;
        page.wait_for("[data-testid=card-error]", SETTLE).await?;
        let message = page.text("[data-testid=card-error]").await?;
        Page::check(
            message.contains("422"),
            format!("error should name the refusal (422): {message:?}"),
        )?;
        page.wait_for(&card_in("todo", "c1"), SETTLE).await?;
        Page::check(
            page.count(&card_in("doing", "c1")).await? == 0,
            "the card stayed in Doing",
        )?;
        Page::check(
            page.stat("applied").await? == 0,
            "a refused move was applied",
        )
    })
    .await;
}

#[tokio::test]
async fn rollback_undoes_only_the_failed_move() {
    run(
        "kanban_rollback",
        "#/kanban-board/rollback",
        |page| async move {
            loaded(&page).await?;
            page.control("fail-next").await?;
            move_right(&page, "c1").await?;
            move_right(&page, "c2").await?;
            page.wait_for(&card_in("todo", "c1"), SETTLE).await?;
            // c1 went back; c2's pending move survived the rollback.
            Page::check(
                page.count(&card_in("doing", "c2")).await? == 1,
                "c2's move was rolled back too",
            )?;
            page.wait_attr(&card("c2"), "data-state", "confirmed", SETTLE)
                .await?;
            Page::check(
                page.count(&card_in("doing", "c2")).await? == 1,
                "c2 left Doing",
            )?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn concurrent_moves_of_one_card_run_in_order() {
    run(
        "kanban_concurrent",
        "#/kanban-board/concurrent",
        |page| async move {
            loaded(&page).await?;
            move_right(&page, "c1").await?;
            page.wait_for(&card_in("doing", "c1"), Duration::from_secs(2))
                .await?;
            move_right(&page, "c1").await?;
            page.wait_for(&card_in("done", "c1"), Duration::from_secs(2))
                .await?;
            page.wait_stat("applied", 2, SETTLE).await?;
            page.wait_attr(&card("c1"), "data-state", "confirmed", SETTLE)
                .await?;
            Page::check(
                page.count(&card_in("done", "c1")).await? == 1,
                "the card did not end in Done",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn offline_move_survives_a_reload_and_is_sent_once() {
    run(
        "kanban_offline",
        "#/kanban-board/offline",
        |page| async move {
            loaded(&page).await?;
            page.set_offline(true).await?;
            move_right(&page, "c1").await?;
            page.wait_for(&card_in("doing", "c1"), Duration::from_secs(2))
                .await?;
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            let state = page.attr(&card("c1"), "data-state").await?;
            Page::check(
                state.as_deref() == Some("pending"),
                format!("offline move should stay pending, was {state:?}"),
            )?;
            page.reload_client().await?;
            page.wait_for(&card_in("doing", "c1"), SETTLE).await?;
            page.screenshot("kanban-offline-after-reload").await;
            Page::check(page.stat("applied").await? == 0, "sent while offline")?;
            page.set_offline(false).await?;
            page.wait_attr(&card("c1"), "data-state", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await?;
            Page::check(
                page.count(&card_in("doing", "c1")).await? == 1,
                "the card left Doing",
            )
        },
    )
    .await;
}
