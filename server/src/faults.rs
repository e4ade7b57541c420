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
use serde::{Deserialize, Serialize};

use crate::problem::Problem;

/// How an apply-then-fail answers once the change has committed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyThenFail {
    /// A 503 problem (the client sees a retryable HTTP error).
    #[default]
    Status,
    /// The connection is closed without an answer (the client sees a network error).
    Drop,
    /// Each time, `Status` or `Drop` at random (from the seeded dice).
    Mixed,
}

/// What the faults are. Serialised as the `settings` of `GET /_faults`.
///
/// ```
/// let s = server::faults::FaultSettings::default();
/// assert_eq!(s.latency_ms, 0);
/// assert_eq!(s.failure_rate, 0.0);
/// assert!(!s.offline);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSettings {
    /// Added to every API request before it is handled, in milliseconds.
    pub latency_ms: u64,
    /// Share of writes (0 to 1) refused (422) before anything is applied (reads, with
    /// `fail_reads`, get a 503).
    pub failure_rate: f64,
    /// Whether `failure_rate` and `fail_next` hit reads too (by default only writes,
    /// so a page still loads while every change fails).
    pub fail_reads: bool,
    /// How many of the next requests (writes, or all with `fail_reads`) fail before
    /// anything is applied (a write with a 422 refusal, a read with a 503), whatever the
    /// rate.
    pub fail_next: u32,
    /// How many of the next applied changes commit and then fail (see `apply_then_fail_mode`).
    pub apply_then_fail_next: u32,
    /// Share of applied changes (0 to 1) that commit and then fail.
    pub apply_then_fail_rate: f64,
    /// How an apply-then-fail fails: `"status"` (503), `"drop"` (no answer) or
    /// `"mixed"` (either, at random).
    pub apply_then_fail_mode: ApplyThenFail,
    /// API requests get their connection closed without an answer.
    pub offline: bool,
    /// Seed of the dice behind the rates, so a run can be repeated.
    pub seed: u64,
}

impl Default for FaultSettings {
    fn default() -> Self {
        FaultSettings {
            latency_ms: 0,
            failure_rate: 0.0,
            fail_reads: false,
            fail_next: 0,
            apply_then_fail_next: 0,
            apply_then_fail_rate: 0.0,
            apply_then_fail_mode: ApplyThenFail::Status,
            offline: false,
            seed: 42,
        }
    }
}

/// A change to the settings (`PUT /_faults`): the fields given are set, the others stay.
///
/// ```
/// use server::faults::{FaultPatch, FaultSettings};
/// let patch: FaultPatch = serde_json::from_str(r#"{"latency_ms": 300, "offline": true}"#).unwrap();
/// let s = patch.apply(FaultSettings::default()).unwrap();
/// assert_eq!((s.latency_ms, s.offline), (300, true));
/// let bad: FaultPatch = serde_json::from_str(r#"{"failure_rate": 1.5}"#).unwrap();
/// assert_eq!(bad.apply(FaultSettings::default()).unwrap_err().status, 422);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // the fields are FaultSettings' fields
pub struct FaultPatch {
    pub latency_ms: Option<u64>,
    pub failure_rate: Option<f64>,
    pub fail_reads: Option<bool>,
    pub fail_next: Option<u32>,
    pub apply_then_fail_next: Option<u32>,
    pub apply_then_fail_rate: Option<f64>,
    pub apply_then_fail_mode: Option<ApplyThenFail>,
    pub offline: Option<bool>,
    pub seed: Option<u64>,
}

/// The longest latency `PUT /_faults` accepts: one minute.
pub const MAX_LATENCY_MS: u64 = 60_000;

impl FaultPatch {
    /// `settings` with this patch applied, or a 422 naming the first value out of range.
    pub fn apply(self, mut settings: FaultSettings) -> Result<FaultSettings, Problem> {
        fn rate(name: &str, value: Option<f64>, into: &mut f64) -> Result<(), Problem> {
            match value {
                Some(v) if !(0.0..=1.0).contains(&v) => Err(Problem::invalid(format!(
                    "`{name}` must be between 0 and 1, not {v}"
                ))),
                Some(v) => {
                    *into = v;
                    Ok(())
                }
                None => Ok(()),
            }
        }
        rate(
            "failure_rate",
            self.failure_rate,
            &mut settings.failure_rate,
        )?;
        rate(
            "apply_then_fail_rate",
            self.apply_then_fail_rate,
            &mut settings.apply_then_fail_rate,
        )?;
        if let Some(ms) = self.latency_ms {
            if ms > MAX_LATENCY_MS {
                return Err(Problem::invalid(format!(
                    "`latency_ms` must be at most {MAX_LATENCY_MS}, not {ms}"
                )));
            }
            settings.latency_ms = ms;
        }
        let set = |value: Option<bool>, into: &mut bool| {
            if let Some(v) = value {
                *into = v;
            }
        };
        set(self.fail_reads, &mut settings.fail_reads);
        set(self.offline, &mut settings.offline);
        if let Some(n) = self.fail_next {
            settings.fail_next = n;
        }
        if let Some(n) = self.apply_then_fail_next {
            settings.apply_then_fail_next = n;
        }
        if let Some(mode) = self.apply_then_fail_mode {
            settings.apply_then_fail_mode = mode;
        }
        if let Some(seed) = self.seed {
            settings.seed = seed;
        }
        Ok(settings)
    }
}

/// What the server did since it started or was last reset (the `stats` of `GET /_faults`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultStats {
    /// API reads handled (GET, HEAD).
    pub reads: u64,
    /// API writes handled (refused ones included; not those dropped on arrival while offline).
    pub writes: u64,
    /// Changes applied (committed).
    pub applied: u64,
    /// Writes answered from their idempotency key (nothing applied).
    pub replayed: u64,
    /// Writes answered with a 4xx (bad input, missing or reused key, unknown ids).
    pub refused: u64,
    /// Requests answered 503 by `failure_rate` or `fail_next`.
    pub injected_failures: u64,
    /// Changes that committed and then failed on purpose.
    pub apply_then_fail: u64,
    /// API requests whose connection was closed because the server was offline.
    pub dropped_offline: u64,
}

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
