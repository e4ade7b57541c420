//! Memory: the gallery's stories each make their own client. Mounting and unmounting them
//! 400 times (100 rounds of four stories) leaves the wasm linear memory flat after a
//! warm-up of ten rounds (issue 16: before, a dropped client's timers lived on for its
//! 5-minute gc time and the memory grew by about 1.3 KB a mount).
//!
//! Linear memory grows in 64 KiB pages and never shrinks, so "flat" is exact here: the
//! test allows one page for the allocator's own fluctuation, a fifth of what the old leak
//! took, and prints the figures.
//!
//! Run with `cargo test -p e2e --test story_memory` after `trunk build --release --offline`
//! (`cargo xtask test` does both).

use e2e::page::{run, Page, SETTLE};
use serde_json::{json, Value};

const STORIES: [&str; 4] = ["editable-list", "like-button", "kanban-board", "use-query"];
const ROUNDS: usize = 100;
const WARM_UP: usize = 10;
/// One page of wasm linear memory.
const PAGE: u64 = 65_536;

/// Opens each story in turn, then the introduction (which has no client), waiting for
/// each to be shown and to have run a little (its first fetch on the simulated server).
const ROUND: &str = r#"
const [stories, done] = [arguments[0], arguments[arguments.length - 1]];
const shown = (slug) => new Promise((resolve, reject) => {
  const until = Date.now() + 15000;
  const look = () => {
    if (document.querySelector(`nav a[data-page='${slug}'][aria-current='page']`)) {
      setTimeout(resolve, 40);
    } else if (Date.now() > until) {
      reject(new Error(`${slug} was not shown`));
    } else {
      setTimeout(look, 10);
    }
  };
  look();
});
(async () => {
  for (const slug of [...stories, 'introduction']) {
    location.hash = `#/${slug}`;
    await shown(slug);
  }
})().then(() => done(null), (e) => done(String(e)));
"#;

/// The wasm module's linear memory in bytes. wasm-bindgen's init returns the module
/// already instantiated when called again.
const MEMORY: &str = r#"
const done = arguments[arguments.length - 1];
window.wasmBindings.default().then(
  (wasm) => done(wasm.memory.buffer.byteLength),
  (e) => done(String(e)),
);
"#;

async fn linear_memory(page: &Page) -> Result<u64, String> {
    let value = page
        .client()
        .execute_async(MEMORY, vec![])
        .await
        .map_err(|e| format!("reading the wasm memory: {e}"))?;
    value
        .as_u64()
        .ok_or_else(|| format!("reading the wasm memory gave {value}"))
}

#[tokio::test]
async fn mounting_the_stories_400_times_leaves_wasm_memory_flat() {
    run("story_memory", "#/introduction", |page| async move {
        page.wait_for("main h2", SETTLE).await?;
        let start = linear_memory(&page).await?;
        let mut warm = start;
        for round in 0..ROUNDS {
            let failed = page
                .client()
                .execute_async(ROUND, vec![json!(STORIES)])
                .await
                .map_err(|e| format!("round {round}: {e}"))?;
            if let Value::String(why) = failed {
                return Err(format!("round {round}: {why}"));
            }
            if round + 1 == WARM_UP {
                warm = linear_memory(&page).await?;
            }
        }
        let end = linear_memory(&page).await?;
        let mounts = (ROUNDS - WARM_UP) * STORIES.len();
        println!(
            "wasm linear memory: {start} B at start, {warm} B after {WARM_UP} rounds, {end} B \
             after {ROUNDS} rounds ({:+} B over the last {mounts} mounts, {:+.0} B a mount)",
            end as i64 - warm as i64,
            (end as f64 - warm as f64) / mounts as f64,
        );
        Page::check(
            end <= warm + PAGE,
            format!(
                "the wasm memory grew by {} B over {mounts} mounts after warm-up",
                end.saturating_sub(warm)
            ),
        )
    })
    .await;
}
