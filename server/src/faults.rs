//! Fault injection, for the gallery's controls and the tests: latency, random and
//! counted failures before applying (a write is refused with a 422, a definite "no" the
//! client rolls back; a read gets a 503), apply-then-fail (the change commits, then the
//! answer is a 503 or the connection is dropped), and offline (API requests get their
//! connection closed without an answer: the browser sees a network error).
//!
//! The settings exist in every server, but only a server started with `--faults` lets
//! anyone change them (`/_faults`), so a server without the flag never injects anything.
//! The counters are kept either way.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;

use crate::problem::Problem;

pub use wire::faults::{ApplyThenFail, FaultPatch, FaultSettings, FaultStats, MAX_LATENCY_MS};

/// One counter of [`FaultStats`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Counter {
    Reads,
    Writes,
    Applied,
    Replayed,
    Refused,
    InjectedFailures,
    ApplyThenFail,
    DroppedOffline,
}

#[derive(Default)]
struct Counters([AtomicU64; 8]);

impl Counters {
    fn snapshot(&self) -> FaultStats {
        let get = |c: Counter| self.0[c as usize].load(Ordering::Relaxed);
        FaultStats {
            reads: get(Counter::Reads),
            writes: get(Counter::Writes),
            applied: get(Counter::Applied),
            replayed: get(Counter::Replayed),
            refused: get(Counter::Refused),
            injected_failures: get(Counter::InjectedFailures),
            apply_then_fail: get(Counter::ApplyThenFail),
            dropped_offline: get(Counter::DroppedOffline),
        }
    }

    fn reset(&self) {
        for c in &self.0 {
            c.store(0, Ordering::Relaxed);
        }
    }
}

/// Whether a request reads or writes (failures hit writes only unless `fail_reads`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// A GET.
    Read,
    /// A change.
    Write,
}

struct State {
    settings: FaultSettings,
    rng: fastrand::Rng,
}

/// The server's faults and counters; cheap to clone (shared).
#[derive(Clone)]
pub struct Faults {
    state: Arc<Mutex<State>>,
    counters: Arc<Counters>,
}

impl Default for Faults {
    fn default() -> Self {
        let settings = FaultSettings::default();
        Faults {
            state: Arc::new(Mutex::new(State {
                rng: fastrand::Rng::with_seed(settings.seed),
                settings,
            })),
            counters: Arc::default(),
        }
    }
}

impl Faults {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update leaves the settings whole, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The settings now.
    ///
    /// ```
    /// let f = server::faults::Faults::default();
    /// assert_eq!(f.settings(), server::faults::FaultSettings::default());
    /// ```
    pub fn settings(&self) -> FaultSettings {
        self.state().settings.clone()
    }

    /// Applies `patch`; a new seed restarts the dice. Returns the new settings.
    pub fn update(&self, patch: FaultPatch) -> Result<FaultSettings, Problem> {
        let mut state = self.state();
        let old_seed = state.settings.seed;
        state.settings = patch.apply(state.settings.clone())?;
        if state.settings.seed != old_seed {
            state.rng = fastrand::Rng::with_seed(state.settings.seed);
        }
        Ok(state.settings.clone())
    }

    /// The counters now.
    pub fn stats(&self) -> FaultStats {
        self.counters.snapshot()
    }

    /// Counts one event.
    pub fn count(&self, counter: Counter) {
        self.counters.0[counter as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Counters to zero and the dice restarted (the data was reset); settings stay.
    pub fn reset_counters(&self) {
        self.counters.reset();
        let mut state = self.state();
        state.rng = fastrand::Rng::with_seed(state.settings.seed);
    }

    /// Whether API requests are refused now.
    pub fn offline(&self) -> bool {
        self.state().settings.offline
    }

    /// Decides, on arrival, whether this request fails before being handled (so "fail
    /// next" hits the request sent next, whatever the latency): a write is refused with
    /// a 422 (a definite "no": the client rolls the change back), a read gets a 503 (the
    /// client retries it). A 503 for a write would mean "unknown", which the client
    /// resends; the apply-then-fail faults play that.
    ///
    /// ```
    /// use server::faults::{FaultPatch, Faults, Verb};
    /// let f = Faults::default();
    /// f.update(FaultPatch { fail_next: Some(1), ..Default::default() }).unwrap();
    /// assert!(f.failure_on_arrival(Verb::Read).is_none());
    /// assert_eq!(f.failure_on_arrival(Verb::Write).unwrap().status, 422);
    /// assert!(f.failure_on_arrival(Verb::Write).is_none());
    /// ```
    pub fn failure_on_arrival(&self, verb: Verb) -> Option<Problem> {
        let mut state = self.state();
        if verb == Verb::Read && !state.settings.fail_reads {
            return None;
        }
        let detail = if state.settings.fail_next > 0 {
            state.settings.fail_next -= 1;
            "injected failure: fail next".to_owned()
        } else if state.settings.failure_rate > 0.0 && state.rng.f64() < state.settings.failure_rate
        {
            format!(
                "injected failure: {}% of requests fail",
                state.settings.failure_rate * 100.0
            )
        } else {
            return None;
        };
        drop(state);
        self.count(Counter::InjectedFailures);
        Some(match verb {
            Verb::Write => refused(detail),
            Verb::Read => unavailable(detail),
        })
    }

    /// The latency to wait before handling a request.
    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.state().settings.latency_ms)
    }

    /// Decides, after a change committed, whether its answer fails, and how (`Status`
    /// or `Drop`; `Mixed` picks one of them).
    ///
    /// ```
    /// use server::faults::{ApplyThenFail, FaultPatch, Faults};
    /// let f = Faults::default();
    /// assert_eq!(f.after_apply(), None);
    /// f.update(FaultPatch { apply_then_fail_next: Some(1), apply_then_fail_mode: Some(ApplyThenFail::Drop), ..Default::default() }).unwrap();
    /// assert_eq!(f.after_apply(), Some(ApplyThenFail::Drop));
    /// assert_eq!(f.after_apply(), None);
    /// ```
    pub fn after_apply(&self) -> Option<ApplyThenFail> {
        let mut state = self.state();
        let fail = if state.settings.apply_then_fail_next > 0 {
            state.settings.apply_then_fail_next -= 1;
            true
        } else {
            state.settings.apply_then_fail_rate > 0.0
                && state.rng.f64() < state.settings.apply_then_fail_rate
        };
        let mode = match state.settings.apply_then_fail_mode {
            ApplyThenFail::Mixed => {
                if state.rng.bool() {
                    ApplyThenFail::Drop
                } else {
                    ApplyThenFail::Status
                }
            }
            mode => mode,
        };
        drop(state);
        fail.then(|| {
            self.count(Counter::ApplyThenFail);
            mode
        })
    }
}

/// A 422 problem for an injected refusal of a write.
///
/// ```
/// assert_eq!(server::faults::refused("no").status, 422);
/// ```
pub fn refused(detail: impl Into<String>) -> Problem {
    Problem::from_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "injected-refusal",
        "Change refused",
        detail,
    )
}

/// A 503 problem for an injected failure.
///
/// ```
/// assert_eq!(server::faults::unavailable("down").status, 503);
/// ```
pub fn unavailable(detail: impl Into<String>) -> Problem {
    Problem::from_status(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "Service unavailable",
        detail,
    )
}
