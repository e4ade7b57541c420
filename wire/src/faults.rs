//! The reference server's fault injection as clients set and read it (`GET` / `PUT
//! /_faults`): the settings, a patch of them with its validation, the counters, and the
//! answer that carries both. The
//! gallery's HTTP backend reads and writes the same types.

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
/// let s = wire::faults::FaultSettings::default();
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
/// use wire::faults::{FaultPatch, FaultSettings};
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
/// A counter missing from an answer reads as 0.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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

/// The answer of every `/_faults` endpoint.
///
/// ```
/// let state: wire::faults::FaultState = serde_json::from_str(
///     r#"{"settings": {"latency_ms":0,"failure_rate":0.0,"fail_reads":false,"fail_next":0,
///         "apply_then_fail_next":0,"apply_then_fail_rate":0.0,"apply_then_fail_mode":"drop",
///         "offline":false,"seed":42},
///       "stats": {"reads":0,"writes":0,"applied":0,"replayed":0,"refused":0,
///         "injected_failures":0,"apply_then_fail":0,"dropped_offline":0}}"#).unwrap();
/// assert_eq!(state.settings.apply_then_fail_mode, wire::faults::ApplyThenFail::Drop);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultState {
    /// The settings now.
    pub settings: FaultSettings,
    /// The counters now.
    pub stats: FaultStats,
}
