//! The hook stories: `use_query` and `use_optimistic_mutation` (a to-do list built with
//! the hooks alone), used as a person would.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};

const ITEM: &str = "[data-testid=item]";
const TITLE: &str = "[data-testid=title]";
const TOGGLE: &str = "[data-testid=toggle]";

async fn loaded(page: &Page) -> Result<(), String> {
    page.wait_count(&format!("{ITEM}[data-state=confirmed]"), 4, SETTLE)
        .await
}

async fn add(page: &Page, title: &str) -> Result<(), String> {
    if !title.is_empty() {
        page.type_into("[data-testid=new-title]", title).await?;
    }
    page.click("[data-testid=add]").await
}

#[tokio::test]
async fn use_query_default_loads_then_refetches() {
    run(
        "use_query_default",
        "#/use-query/default",
        |page| async move {
            page.wait_count(ITEM, 4, SETTLE).await?;
            page.wait_attr("[data-testid=status]", "data-status", "success", SETTLE)
                .await?;
            let reads = page.stat("reads").await?;
            page.click("[data-testid=refetch]").await?;
            page.wait_attr(
                "[data-testid=status]",
                "data-fetching",
                "true",
                Duration::from_secs(2),
            )
            .await?;
            // The old data stays on screen while the refetch runs.
            Page::check(
                page.count(ITEM).await? == 4,
                "the list vanished during the refetch",
            )?;
            page.wait_attr("[data-testid=status]", "data-fetching", "false", SETTLE)
                .await?;
            page.wait_stat("reads", reads + 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn use_query_error_shows_the_error_then_recovers() {
    run("use_query_error", "#/use-query/error", |page| async move {
        page.wait_for("[data-testid=load-error]", SETTLE).await?;
        let message = page.text("[data-testid=load-error]").await?;
        Page::check(
            message.contains("503"),
            format!("error should name the 503: {message:?}"),
        )?;
        // One try and one retry.
        Page::check(
            page.stat("reads").await? == 2,
            "the failed read was not retried exactly once",
        )?;
        page.set_range("failure-rate", 0).await?;
        page.click("[data-testid=try-again]").await?;
        page.wait_count(ITEM, 4, SETTLE).await?;
        page.wait_gone("[data-testid=load-error]", SETTLE).await
    })
    .await;
}

#[tokio::test]
async fn use_query_select_rerenders_only_the_changed_row() {
    run("use_query_select", "#/use-query/select", |page| async move {
        page.wait_count(ITEM, 4, SETTLE).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let renders = |page: Page| async move {
            page.js(
                "return [...document.querySelectorAll('[data-testid=item]')].map(e => Number(e.dataset.renders));",
                vec![],
            )
            .await
        };
        let before = renders(page.clone()).await?;
        page.click_in_row(ITEM, ".title", "Sourdough bread", TOGGLE).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let after = renders(page.clone()).await?;
        let (Some(before), Some(after)) = (before.as_array(), after.as_array()) else {
            return Err("render counts are not lists".into());
        };
        let changed: Vec<usize> = (0..before.len()).filter(|&i| before.get(i) != after.get(i)).collect();
        Page::check(changed == vec![1], format!("only row 2 should re-render: before {before:?}, after {after:?}"))
    })
    .await;
}

/// The select story reads the list once (its rows, mounted when it has come, do not
/// fetch it again), so a Refetch pressed as soon as the rows show reads it once more; it
/// used to join the rows' own second read, and no read followed the click.
#[tokio::test]
async fn use_query_select_reads_once_and_refetch_reads_again() {
    run(
        "use_query_select_refetch",
        "#/use-query/select",
        |page| async move {
            page.wait_count(ITEM, 4, SETTLE).await?;
            let reads = page.stat("reads").await?;
            Page::check(reads == 1, format!("the list read {reads} times on load"))?;
            page.click("[data-testid=refetch]").await?;
            page.wait_stat("reads", 2, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn mutation_default_adds_and_confirms() {
    run(
        "mutation_default",
        "#/use-optimistic-mutation/default",
        |page| async move {
            loaded(&page).await?;
            add(&page, "Walk the dog").await?;
            page.wait_row_state(ITEM, TITLE, "Walk the dog", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn mutation_optimistic_is_pending_then_confirmed() {
    run(
        "mutation_optimistic",
        "#/use-optimistic-mutation/optimistic",
        |page| async move {
            loaded(&page).await?;
            add(&page, "Pears").await?;
            let state = page.row_state(ITEM, TITLE, "Pears").await?;
            Page::check(
                state.as_deref() == Some("pending"),
                format!("should be pending at once, was {state:?}"),
            )?;
            page.wait_row_state(ITEM, TITLE, "Pears", "confirmed", SETTLE)
                .await?;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn mutation_error_rolls_back_with_the_message_and_422_for_empty() {
    run("mutation_error", "#/use-optimistic-mutation/error", |page| async move {
        loaded(&page).await?;
        add(&page, "Doomed").await?;
        page.wait_row_state(ITEM, TITLE, "Doomed", "pending", Duration::from_secs(2)).await?;
        page.wait_row_state(ITEM, TITLE, "Doomed", "gone", SETTLE).await?;
        let message = page.text("[data-testid=error]").await?;
        Page::check(message.contains("422"), format!("error should name the refusal (422): {message:?}"))?;
        // A validation failure: 422, not retried. (The injected failure above is a 422
        // refusal too: wait for the validation's own message.)
        page.set_range("failure-rate", 0).await?;
        add(&page, "").await?;
        page.wait_js(
            "the validation's 422 message",
            SETTLE,
            "return [...document.querySelectorAll('[data-testid=error]')].some(e => e.textContent.includes('422') && e.textContent !== arguments[0]);",
            vec![message.clone().into()],
        )
        .await?;
        Page::check(page.count(ITEM).await? == 4, "a refused add stayed in the list")?;
        // Retry the last change (the empty one) now fails again with 422; retry the
        // list with a real title instead.
        add(&page, "Recovered").await?;
        page.wait_row_state(ITEM, TITLE, "Recovered", "confirmed", SETTLE).await?;
        page.wait_stat("applied", 1, SETTLE).await
    })
    .await;
}

#[tokio::test]
async fn mutation_rollback_keeps_other_pending_edits() {
    run(
        "mutation_rollback",
        "#/use-optimistic-mutation/rollback",
        |page| async move {
            loaded(&page).await?;
            page.control("fail-next").await?;
            add(&page, "Doomed").await?;
            page.click_in_row(ITEM, TITLE, "Oat milk", TOGGLE).await?;
            page.click_in_row(ITEM, TITLE, "Tomatoes", TOGGLE).await?;
            page.wait_row_state(ITEM, TITLE, "Doomed", "gone", SETTLE)
                .await?;
            page.expect_ticks_survive_rollback(ITEM, TITLE, TOGGLE)
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn mutation_concurrent_serialises_and_survives_a_refetch() {
    run(
        "mutation_concurrent",
        "#/use-optimistic-mutation/concurrent",
        |page| async move {
            loaded(&page).await?;
            for _ in 0..5 {
                page.click_in_row(ITEM, TITLE, "Oat milk", TOGGLE).await?;
            }
            Page::check(
                page.row_checked(ITEM, TITLE, "Oat milk", TOGGLE).await?,
                "five clicks should leave it ticked",
            )?;
            // A refetch while changes are pending: rebased, no flicker back to unticked.
            page.click("[data-testid=refetch]").await?;
            for _ in 0..10 {
                Page::check(
                    page.row_checked(ITEM, TITLE, "Oat milk", TOGGLE).await?,
                    "the refetch undid the pending ticks",
                )?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            page.wait_stat("applied", 5, SETTLE + Duration::from_secs(5))
                .await?;
            page.wait_row_state(ITEM, TITLE, "Oat milk", "confirmed", SETTLE)
                .await?;
            Page::check(
                page.row_checked(ITEM, TITLE, "Oat milk", TOGGLE).await?,
                "the final state is not the last click",
            )
        },
    )
    .await;
}

#[tokio::test]
async fn mutation_offline_queue_survives_reload_and_is_sent_once() {
    run(
        "mutation_offline",
        "#/use-optimistic-mutation/offline",
        |page| async move {
            loaded(&page).await?;
            page.set_offline(true).await?;
            page.wait_for("[data-testid=offline-banner]", SETTLE)
                .await?;
            add(&page, "Offline bread").await?;
            page.wait_attr("[data-testid=queue]", "data-count", "1", SETTLE)
                .await?;
            page.expect_pending_across_reload(ITEM, TITLE, "Offline bread")
                .await?;
            page.wait_attr("[data-testid=queue]", "data-count", "1", SETTLE)
                .await?;
            page.expect_sent_once_online(ITEM, TITLE, "Offline bread")
                .await?;
            page.wait_attr("[data-testid=queue]", "data-count", "0", SETTLE)
                .await
        },
    )
    .await;
}
