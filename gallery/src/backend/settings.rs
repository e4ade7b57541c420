//! What the controls panel sets: how the backend (the simulated server, or the reference
//! server's fault injection) behaves.

/// How the backend answers. Every story starts from its own settings; the controls panel
/// changes them while the story runs. The HTTP backend maps them onto the reference
/// server's `/_faults` settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// How long every request takes, in milliseconds.
    pub latency_ms: u32,
    /// Share of requests answered with a 503, in percent (0 to 100).
    pub failure_rate: u8,
    /// Whether reads (fetches) fail too; by default only writes do, so a story can
    /// still load its data while every change fails.
    pub fail_reads: bool,
    /// The server is unreachable: every request fails with a network error.
    pub offline: bool,
    /// The next request fails with a 503, whatever the failure rate.
    pub fail_next: bool,
    /// The next change that is applied fails afterwards: the server keeps it, and the
    /// answer is a 503 (the hard case for retries: only the idempotency key tells the
    /// server that a resend is the same change).
    pub apply_then_fail: bool,
    /// Seed of the failure dice, so a run can be repeated.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            latency_ms: 400,
            failure_rate: 0,
            fail_reads: false,
            offline: false,
            fail_next: false,
            apply_then_fail: false,
            seed: 42,
        }
    }
}

impl Settings {
    /// These settings with another latency.
    pub fn latency(mut self, ms: u32) -> Self {
        self.latency_ms = ms;
        self
    }

    /// These settings with another failure rate (clamped to 100 %).
    pub fn failure_rate(mut self, percent: u8) -> Self {
        self.failure_rate = percent.min(100);
        self
    }

    /// These settings with reads failing as writes do.
    pub fn fail_reads(mut self, on: bool) -> Self {
        self.fail_reads = on;
        self
    }
}
