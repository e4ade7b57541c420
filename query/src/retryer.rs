//! The one loop that runs a request with retries, shared by fetches and mutations: wait
//! for the network (and any turn), send, and on failure either wait for the network
//! again without spending a retry, back off and retry, or give up.
//!
//! Both kinds of request answer with erased values, and the loop takes them as a trait
//! object: it is compiled once, not once per kind (an `async` loop over a generic is a
//! state machine of its own for each, about 2 KB of wasm).

use crate::entry::ErasedError;
use crate::layer::AnyRc;
use crate::retry::Retry;
use crate::runtime::Millis;
use futures::future::LocalBoxFuture;

/// Whether an attempt may go now.
pub(crate) enum Turn {
    /// Send now.
    Go,
    /// Wait for this future (the network, an earlier call's turn); `false` means stop.
    Wait(LocalBoxFuture<'static, bool>),
    /// Nobody wants the answer any more.
    Stop,
}

/// What becomes of a failure the retry policy gave up on.
pub(crate) enum Resolution<E> {
    /// Send it again (same identity).
    Resend,
    /// Settle with this error.
    Settle(E),
    /// Nobody wants the answer any more.
    Stop,
}

/// One kind of request, as the retry loop sees it.
pub(crate) trait Attempts {
    /// Whether the next attempt may go (`first` before the first one).
    fn turn(&mut self, first: bool) -> Turn;
    /// Sends attempt number `attempt` (1-based); `None` stops.
    fn attempt(
        &mut self,
        attempt: u32,
    ) -> Option<LocalBoxFuture<'static, Result<AnyRc, ErasedError>>>;
    /// Whether the network was lost meanwhile, so a retryable failure waits for it
    /// rather than spending a retry.
    fn lost_network(&self) -> bool;
    /// The `failures`-th failure happened; `false` when the loop should stop (the owner
    /// is gone).
    fn failed(&mut self, failures: u32, error: &ErasedError) -> bool;
    /// A number in `0.0..1.0` for the backoff's jitter.
    fn random(&mut self) -> f64;
    /// A future that completes after `ms`.
    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()>;
    /// While the page is being torn down: a future that completes (`true`) if it comes
    /// back. An outcome that arrives meanwhile settles nothing; a failure is sent again
    /// after the resume without counting.
    fn suspended(&self) -> Option<LocalBoxFuture<'static, bool>> {
        None
    }
    /// A failure the retry decision gave up on: `None` settles with it; otherwise the
    /// future says what to do (mutations keep a call whose outcome is unknown and send
    /// it again).
    fn unresolved(
        &mut self,
        _error: &ErasedError,
    ) -> Option<LocalBoxFuture<'static, Resolution<ErasedError>>> {
        None
    }
}

/// Runs attempts until one succeeds, the retry decision gives up (the last error), or the
/// owner stops (`None`).
pub(crate) async fn run(
    a: &mut dyn Attempts,
    retry: Retry<ErasedError>,
) -> Option<Result<AnyRc, ErasedError>> {
    let mut failures = 0u32;
    let mut attempts = 0u32;
    loop {
        match a.turn(attempts == 0) {
            Turn::Go => {}
            Turn::Stop => return None,
            Turn::Wait(ready) => {
                if !ready.await {
                    return None;
                }
                continue;
            }
        }
        attempts += 1;
        let request = a.attempt(attempts)?;
        match request.await {
            Ok(v) => return Some(Ok(v)),
            Err(e) => {
                if let Some(resumed) = a.suspended() {
                    // The page is going away (the browser aborts its requests): this
                    // says nothing about the server. If the page comes back, send again.
                    if !resumed.await {
                        return None;
                    }
                    continue;
                }
                let kind = e.info.kind;
                if a.lost_network() && kind.is_retryable() {
                    // Lost the network mid-request: wait for it without spending a retry
                    // (a mutation's idempotency key makes the resend safe).
                    continue;
                }
                failures += 1;
                if !a.failed(failures, &e) {
                    return None;
                }
                // The application's retry functions run here, with no borrow held.
                if !retry.should_retry(failures, &e, kind) {
                    let Some(next) = a.unresolved(&e) else {
                        return Some(Err(e));
                    };
                    match next.await {
                        Resolution::Resend => continue,
                        Resolution::Settle(e) => return Some(Err(e)),
                        Resolution::Stop => return None,
                    }
                }
                let random = a.random();
                let delay = retry.delay(failures, &e, random);
                a.sleep(delay).await;
            }
        }
    }
}
