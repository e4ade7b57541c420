//! A limit on how many browsers run at once: the tests of one binary run in parallel,
//! and each starts its own chromedriver and Chromium, which on a small machine starves
//! the page of CPU and makes timings flaky.

use std::sync::{Condvar, Mutex};

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Browsers allowed at once: `$E2E_BROWSERS`, else 2.
fn limit() -> usize {
    std::env::var("E2E_BROWSERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(2)
}

/// A slot for one browser, given back when dropped.
pub struct BrowserPermit(());

impl BrowserPermit {
    /// Waits for a free slot.
    pub fn acquire() -> BrowserPermit {
        // A poisoned lock only means another test panicked; the count is still right.
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= limit() {
            running = FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        BrowserPermit(())
    }
}

impl Drop for BrowserPermit {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        *running = running.saturating_sub(1);
        FREED.notify_one();
    }
}
