//! EditableList stories, used as a person would: open the deep link, set the controls,
//! click, and check what each story promises.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};

const ROW: &str = "[data-testid=row]";
const TITLE: &str = "[data-testid=row-title]";
const TOGGLE: &str = "[data-testid=row-toggle]";

/// Waits for the seeded list (four rows, all confirmed).
async fn loaded(page: &Page) -> Result<(), String> {
    page.wait_count(&format!("{ROW}[data-state=confirmed]"), 4, SETTLE)
        .await
}

async fn add(page: &Page, title: &str) -> Result<(), String> {
    page.type_into("[data-testid=list-add-input]", title)
        .await?;
    page.click("[data-testid=list-add-button]").await
}

#[tokio::test]
async fn default_adds_an_item_and_confirms_it() {
    run(
        "editable_list_default",
        "#/editable-list/default",
        |page| async move {
            loaded(&page).await?;
            add(&page, "Walk the dog").await?;
            page.wait_row_state(ROW, TITLE, "Walk the dog", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn optimistic_shows_the_item_pending_then_confirmed() {
    run(
        "editable_list_optimistic",
        "#/editable-list/optimistic",
        |page| async move {
            loaded(&page).await?;
            add(&page, "Pears").await?;
            // At once, long before the 2 s server answers.
            let state = page.row_state(ROW, TITLE, "Pears").await?;
            Page::check(
                state.as_deref() == Some("pending"),
                format!("the new row should be pending at once, was {state:?}"),
            )?;
            Page::check(
                page.stat("applied").await? == 0,
                "the server applied it too early",
            )?;
            page.screenshot("editable-list-optimistic-pending").await;
            page.wait_row_state(ROW, TITLE, "Pears", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn error_shows_the_message_and_rolls_back() {
    run(
        "editable_list_error",
        "#/editable-list/error",
        |page| async move {
            loaded(&page).await?;
            add(&page, "Doomed").await?;
            page.wait_row_state(ROW, TITLE, "Doomed", "failed", SETTLE)
                .await?;
            let message = page.text("[data-testid=row-error]").await?;
            Page::check(
                message.contains("422"),
                format!("error message should name the refusal (422): {message:?}"),
            )?;
            // Rolled back: the four seeded rows are the only confirmed ones, the server has nothing.
            Page::check(
                page.count(&format!("{ROW}[data-state=confirmed]")).await? == 4,
                "confirmed rows changed",
            )?;
            Page::check(
                page.stat("applied").await? == 0,
                "a failed change was applied",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn rollback_undoes_only_the_failed_change() {
    run(
        "editable_list_rollback",
        "#/editable-list/rollback",
        |page| async move {
            loaded(&page).await?;
            page.control("fail-next").await?;
            add(&page, "Doomed").await?;
            page.click_in_row(ROW, TITLE, "Oat milk", TOGGLE).await?;
            page.click_in_row(ROW, TITLE, "Tomatoes", TOGGLE).await?;
            Page::check(
                page.row_state(ROW, TITLE, "Oat milk").await?.as_deref() == Some("pending"),
                "the tick should be pending",
            )?;
            page.wait_row_state(ROW, TITLE, "Doomed", "failed", SETTLE)
                .await?;
            page.screenshot("editable-list-rollback").await;
            // The failure did not take the other pending edits with it.
            page.expect_ticks_survive_rollback(ROW, TITLE, TOGGLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn concurrent_edits_to_one_row_end_in_the_last_state() {
    run(
        "editable_list_concurrent",
        "#/editable-list/concurrent",
        |page| async move {
            loaded(&page).await?;
            for _ in 0..3 {
                page.click_in_row(ROW, TITLE, "Oat milk", TOGGLE).await?;
            }
            // Three clicks from unticked: ticked, at once.
            Page::check(
                page.row_checked(ROW, TITLE, "Oat milk", TOGGLE).await?,
                "three clicks should leave it ticked",
            )?;
            page.wait_stat("applied", 3, SETTLE + Duration::from_secs(5))
                .await?;
            page.wait_row_state(ROW, TITLE, "Oat milk", "confirmed", SETTLE)
                .await?;
            Page::check(
                page.row_checked(ROW, TITLE, "Oat milk", TOGGLE).await?,
                "the server's state differs from the last click",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn offline_change_survives_a_reload_and_is_sent_once() {
    run(
        "editable_list_offline",
        "#/editable-list/offline",
        |page| async move {
            loaded(&page).await?;
            page.set_offline(true).await?;
            add(&page, "Offline bread").await?;
            page.wait_row_state(ROW, TITLE, "Offline bread", "pending", SETTLE)
                .await?;
            tokio::time::sleep(Duration::from_millis(1_200)).await;
            page.expect_pending_across_reload(ROW, TITLE, "Offline bread")
                .await?;
            page.expect_sent_once_online(ROW, TITLE, "Offline bread")
                .await
        },
    )
    .await;
}
