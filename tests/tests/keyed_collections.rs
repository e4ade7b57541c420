//! The "Keyed collections" page (issue 19), used as a person would: tick one row of
//! 10,000 (then rename another) and see that row alone render, move a card of a
//! 2,000-card board and see it in the next column with one card render, and a refused
//! tick rolled back with its message. Render counts are read from the page's own
//! counters; the click → paint figure is printed, never asserted against a time.

use std::time::Duration;

use e2e::page::{run, Page, SETTLE};
use serde_json::Value;

/// 10,000 rows take a while to mount on a busy machine.
const LOADED: Duration = Duration::from_secs(90);

fn row(id: u32) -> String {
    format!("[data-testid=row][data-id='{id}']")
}

fn card_in(column: u8, id: u32) -> String {
    format!("[data-testid=column][data-column='{column}'] [data-testid=card][data-id='{id}']")
}

/// `data-renders` of the first element matching `css`, as a number.
async fn renders(page: &Page, css: &str) -> Result<u64, String> {
    let value = page.attr(css, "data-renders").await?.unwrap_or_default();
    value
        .parse()
        .map_err(|_| format!("{css}: data-renders {value:?} is not a number"))
}

/// The elements matching `css` whose `data-renders` is not `expected`, as
/// `[data-id, renders]` pairs, and how many matched.
async fn rendered_other_than(
    page: &Page,
    css: &str,
    expected: u64,
) -> Result<(u64, Value), String> {
    let v = page
        .js(
            "const all = [...document.querySelectorAll(arguments[0])];
             const odd = all.filter(e => e.getAttribute('data-renders') !== String(arguments[1]))
                 .map(e => [e.getAttribute('data-id'), e.getAttribute('data-renders')]);
             return [all.length, odd];",
            vec![css.into(), expected.into()],
        )
        .await?;
    let n = v.get(0).and_then(Value::as_u64).unwrap_or(0);
    Ok((n, v.get(1).cloned().unwrap_or(Value::Null)))
}

/// `data-renders` of each column, left to right.
async fn column_renders(page: &Page) -> Result<Vec<u64>, String> {
    let v = page
        .js(
            "return [...document.querySelectorAll('[data-testid=column]')].map(c => Number(c.getAttribute('data-renders')));",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default())
}

/// Waits for the click → paint figure of an action and returns its attributes.
async fn figure(page: &Page) -> Result<Value, String> {
    page.wait_js(
        "the click → paint figure",
        SETTLE,
        "const e = document.querySelector('[data-testid=click-paint]');
         if (!e || !e.getAttribute('data-ms')) { return null; }
         return Object.fromEntries([...e.attributes].filter(a => a.name.startsWith('data-'))
             .map(a => [a.name, a.value]).concat([['text', e.textContent.trim()]]));",
        vec![],
    )
    .await
}

fn field<'a>(figure: &'a Value, name: &str) -> &'a str {
    figure.get(name).and_then(Value::as_str).unwrap_or("")
}

#[tokio::test]
async fn a_tick_of_one_row_of_10000_renders_that_row_alone_and_shows_its_paint_time() {
    run(
        "keyed_collections_list",
        "#/keyed-collections/list",
        |page| async move {
            page.wait_count("[data-testid=row]", 10_000, LOADED).await?;
            let (rows, odd) = rendered_other_than(&page, "[data-testid=row]", 1).await?;
            Page::check(
                rows == 10_000 && odd == Value::Array(vec![]),
                format!("after loading, every row rendered once: {rows} rows, others {odd}"),
            )?;
            let lists = renders(&page, "[data-testid=list-renders]").await?;

            page.click(&format!("{} [data-testid=toggle]", row(5_000)))
                .await?;
            page.wait_attr(&row(5_000), "data-done", "true", Duration::from_secs(5))
                .await?;
            let shown = figure(&page).await?;
            println!("toggle of row 5000 of 10,000: {}", field(&shown, "text"));
            Page::check(
                field(&shown, "data-rows") == "1" && field(&shown, "data-lists") == "0",
                format!("the figure says what rendered: {shown}"),
            )?;
            Page::check(
                field(&shown, "data-ms").parse::<f64>().is_ok(),
                format!("the figure shows a time: {shown}"),
            )?;
            for other in [1, 4_999, 5_001, 10_000] {
                let n = renders(&page, &row(other)).await?;
                Page::check(n == 1, format!("row {other} rendered {n} times"))?;
            }
            Page::check(
                renders(&page, &row(5_000)).await? == 2,
                "the ticked row rendered once more",
            )?;
            let (_, odd) = rendered_other_than(&page, "[data-testid=row]", 1).await?;
            Page::check(
                odd == serde_json::json!([["5000", "2"]]),
                format!("rows that rendered again: {odd}"),
            )?;
            Page::check(
                renders(&page, "[data-testid=list-renders]").await? == lists,
                "the list rendered",
            )?;
            page.screenshot("keyed_collections_list").await;

            // Saved: the server's answer renders nothing more.
            page.wait_stat("applied", 1, SETTLE).await?;
            page.wait_attr("[data-testid=pending]", "data-count", "0", SETTLE)
                .await?;
            Page::check(
                page.attr(&row(5_000), "data-done").await?.as_deref() == Some("true"),
                "the tick stayed after the server saved it",
            )?;
            let (_, odd) = rendered_other_than(&page, "[data-testid=row]", 1).await?;
            Page::check(
                odd == serde_json::json!([["5000", "2"]]),
                format!("rows that rendered after the save: {odd}"),
            )?;
            Page::check(
                renders(&page, "[data-testid=list-renders]").await? == lists,
                "the list rendered on the save",
            )?;

            // A rename: that row alone again.
            page.click(&format!("{} [data-testid=rename]", row(7)))
                .await?;
            page.wait_js(
                "row 7 renamed",
                Duration::from_secs(5),
                "const t = document.querySelector(arguments[0] + ' .title'); return !!t && t.textContent === 'Row 7 (renamed)';",
                vec![row(7).into()],
            )
            .await?;
            let (_, odd) = rendered_other_than(&page, "[data-testid=row]", 1).await?;
            Page::check(
                odd == serde_json::json!([["7", "2"], ["5000", "2"]]),
                format!("rows that rendered after the rename: {odd}"),
            )?;
            Page::check(
                renders(&page, "[data-testid=list-renders]").await? == lists,
                "the list rendered on the rename",
            )?;
            page.wait_stat("applied", 2, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn a_card_move_on_a_2000_card_board_renders_the_card_and_its_two_columns() {
    run(
        "keyed_collections_board",
        "#/keyed-collections/board",
        |page| async move {
            page.wait_count("[data-testid=card]", 2_000, LOADED).await?;
            // Card 1 is dealt to the first column.
            page.wait_for(&card_in(0, 1), SETTLE).await?;
            let boards = renders(&page, "[data-testid=board-renders]").await?;
            let columns_before = column_renders(&page).await?;

            page.click(&format!("{} [data-testid=move]", card_in(0, 1)))
                .await?;
            page.wait_for(&card_in(1, 1), Duration::from_secs(5))
                .await?;
            Page::check(
                page.count(&card_in(0, 1)).await? == 0,
                "the card is still in the first column",
            )?;
            let first = page
                .attr(
                    "[data-testid=column][data-column='1'] [data-testid=card]",
                    "data-id",
                )
                .await?;
            Page::check(
                first.as_deref() == Some("1"),
                format!("the moved card is on top of the next column: {first:?}"),
            )?;
            let shown = figure(&page).await?;
            println!(
                "move of a card on a 2,000-card board: {}",
                field(&shown, "text")
            );
            Page::check(
                field(&shown, "data-cards") == "1"
                    && field(&shown, "data-columns") == "2"
                    && field(&shown, "data-boards") == "0",
                format!("the figure says what rendered: {shown}"),
            )?;
            // The moved card is a new component in its new column: it rendered once, and
            // every other card is still at its first render.
            let (cards, odd) = rendered_other_than(&page, "[data-testid=card]", 1).await?;
            Page::check(
                cards == 2_000 && odd == Value::Array(vec![]),
                format!("{cards} cards, rendered other than once: {odd}"),
            )?;
            // The column it left and the one it entered rendered once more; no other.
            let columns = column_renders(&page).await?;
            let more: Vec<u64> = columns
                .iter()
                .zip(&columns_before)
                .map(|(after, before)| after - before)
                .collect();
            Page::check(
                more == [1, 1, 0, 0, 0],
                format!("column renders {columns_before:?} → {columns:?}"),
            )?;
            Page::check(
                renders(&page, "[data-testid=board-renders]").await? == boards,
                "the board rendered",
            )?;
            page.screenshot("keyed_collections_board").await;
            page.wait_stat("applied", 1, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn a_refused_tick_rolls_that_row_back_and_says_why() {
    run(
        "keyed_collections_refused",
        "#/keyed-collections/list",
        |page| async move {
            page.wait_count("[data-testid=row]", 10_000, LOADED).await?;
            let lists = renders(&page, "[data-testid=list-renders]").await?;
            page.set_range("failure-rate", 100).await?;
            page.set_range("latency", 1_500).await?;

            page.click(&format!("{} [data-testid=toggle]", row(42)))
                .await?;
            page.wait_attr(&row(42), "data-done", "true", Duration::from_secs(5))
                .await?;
            page.wait_attr(&row(42), "data-done", "false", SETTLE)
                .await?;
            page.wait_for("[data-testid=refused]", SETTLE).await?;
            let message = page.text("[data-testid=refused]").await?;
            Page::check(
                message.contains("tick row 42") && message.contains("422"),
                format!("the refusal says what and why: {message:?}"),
            )?;
            // Painted, then rolled back: that row twice more, no other row, no list.
            let (_, odd) = rendered_other_than(&page, "[data-testid=row]", 1).await?;
            Page::check(
                odd == serde_json::json!([["42", "3"]]),
                format!("rows that rendered again: {odd}"),
            )?;
            Page::check(
                renders(&page, "[data-testid=list-renders]").await? == lists,
                "the list rendered",
            )?;
            page.screenshot("keyed_collections_refused").await;
            page.wait_stat("applied", 0, SETTLE).await
        },
    )
    .await;
}

#[tokio::test]
async fn windowed_the_page_holds_the_rows_in_view_and_a_tick_still_renders_one_row() {
    run(
        "keyed_collections_windowed",
        "#/keyed-collections/list?windowed=true",
        |page| async move {
            page.wait_attr("[data-testid=rows]", "data-rows", "10000", LOADED)
                .await?;
            page.wait_for(&row(1), SETTLE).await?;
            let in_page = page.count("[data-testid=row]").await?;
            Page::check(
                in_page > 5 && in_page < 60,
                format!("of 10,000 rows, {in_page} are in the page"),
            )?;

            // A person scrolls to row 5,000 (the list is its own scroll box) and ticks it.
            page.js(
                "const viewport = document.querySelector('[data-testid=rows-viewport]');
                 viewport.scrollTop = 4999 * 32 - 100;",
                vec![],
            )
            .await?;
            page.wait_for(&row(5_000), SETTLE).await?;
            Page::check(
                page.count(&row(1)).await? == 0,
                "row 1 left the page when scrolled out of view",
            )?;
            // WebDriver scrolls the row into view for its click, which may bring other rows
            // in (a list render for the scroll); the figure counts what rendered from the
            // click to the paint.
            page.click(&format!("{} [data-testid=toggle]", row(5_000)))
                .await?;
            page.wait_attr(&row(5_000), "data-done", "true", Duration::from_secs(5))
                .await?;
            let shown = figure(&page).await?;
            println!(
                "windowed, toggle of row 5000 of 10,000: {}",
                field(&shown, "text")
            );
            Page::check(
                field(&shown, "data-rows") == "1" && field(&shown, "data-lists") == "0",
                format!("the figure says what rendered: {shown}"),
            )?;
            page.screenshot("keyed_collections_windowed").await;
            page.wait_stat("applied", 1, SETTLE).await?;
            Ok(())
        },
    )
    .await;
}
