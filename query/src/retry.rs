//! Retry with exponential backoff and jitter, decided by the error's kind, or by the
//! application's own functions (TanStack's `retry` and `retryDelay` as functions).

use crate::error::ErrorKind;
use crate::runtime::Millis;
use std::rc::Rc;

/// How failed requests are retried.
///
/// Delay before retry `n` (1-based) is `base * 2^(n-1)`, capped at `max_delay`, then
/// reduced by up to `jitter` of itself at random so that many clients that failed together
/// do not retry together.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{ErrorKind, RetryPolicy};
/// let p = RetryPolicy::default();
/// assert!(p.should_retry(1, ErrorKind::Network));
/// assert!(!p.should_retry(1, ErrorKind::Http(400)));
/// assert!(!p.should_retry(4, ErrorKind::Network)); // three retries by default
/// assert_eq!(p.delay(3, 0.0), 4_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// Delay before the first retry.
    pub base_delay: Millis,
    /// Upper bound of any delay.
    pub max_delay: Millis,
    /// Fraction (0.0..=1.0) of each delay that is randomised.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: 1_000,
            max_delay: 30_000,
            jitter: 0.5,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{ErrorKind, RetryPolicy};
    /// assert!(!RetryPolicy::never().should_retry(1, ErrorKind::Network));
    /// ```
    pub fn never() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Up to `n` retries with the default delays.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::RetryPolicy;
    /// assert_eq!(RetryPolicy::times(5).max_retries, 5);
    /// ```
    pub fn times(n: u32) -> Self {
        RetryPolicy {
            max_retries: n,
            ..Self::default()
        }
    }

    /// Sets the base and maximum delays.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::RetryPolicy;
    /// let p = RetryPolicy::times(2).delays(10, 40);
    /// assert_eq!(p.delay(5, 0.0), 40);
    /// ```
    pub fn delays(mut self, base: Millis, max: Millis) -> Self {
        self.base_delay = base;
        self.max_delay = max;
        self
    }

    /// Sets the jitter fraction, clamped to 0.0..=1.0.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::RetryPolicy;
    /// assert_eq!(RetryPolicy::default().with_jitter(0.0).delay(1, 0.9), 1_000);
    /// ```
    pub fn with_jitter(mut self, jitter: f64) -> Self {
        self.jitter = jitter.clamp(0.0, 1.0);
        self
    }

    /// Whether to retry after the `failures`-th failure (1-based) of the given kind.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{ErrorKind, RetryPolicy};
    /// assert!(RetryPolicy::times(1).should_retry(1, ErrorKind::Timeout));
    /// assert!(!RetryPolicy::times(1).should_retry(2, ErrorKind::Timeout));
    /// ```
    pub fn should_retry(&self, failures: u32, kind: ErrorKind) -> bool {
        failures <= self.max_retries && kind.is_retryable()
    }

    /// The delay before retry number `failures`, given a random number in `0.0..1.0`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::RetryPolicy;
    /// let p = RetryPolicy::default();
    /// assert_eq!(p.delay(1, 0.0), 1_000);
    /// assert_eq!(p.delay(1, 0.999_999), 500); // at most half of it is jitter
    /// ```
    pub fn delay(&self, failures: u32, random: f64) -> Millis {
        let exp = failures.saturating_sub(1).min(30);
        let full = self
            .base_delay
            .saturating_mul(1u64 << exp)
            .min(self.max_delay);
        let cut = (full as f64 * self.jitter * random.clamp(0.0, 1.0)).round() as Millis;
        full.saturating_sub(cut)
    }
}

/// The application's retry decision: `(failure_count, error) -> retry?`, where
/// `failure_count` counts the failures before this one (0 on the first), as TanStack's.
pub(crate) type RetryIf<Err> = Rc<dyn Fn(u32, &Err) -> bool>;
/// The application's delay before a retry, with the same arguments.
pub(crate) type RetryDelay<Err> = Rc<dyn Fn(u32, &Err) -> Millis>;

/// How one request is retried: the policy, unless the application gave its own decision
/// (`retry_if`) or delay (`retry_delay`) for errors of type `Err`.
pub(crate) struct Retry<Err> {
    pub policy: RetryPolicy,
    pub when: Option<RetryIf<Err>>,
    pub delay: Option<RetryDelay<Err>>,
}

impl<Err> Clone for Retry<Err> {
    fn clone(&self) -> Self {
        Retry {
            policy: self.policy,
            when: self.when.clone(),
            delay: self.delay.clone(),
        }
    }
}

impl<Err> Retry<Err> {
    /// Whether to retry after the `failures`-th failure (1-based). The application's
    /// function, when there is one, decides alone (it is user code: call it with no
    /// borrow of the client's state held).
    pub fn should_retry(&self, failures: u32, error: &Err, kind: ErrorKind) -> bool {
        match &self.when {
            Some(f) => f(failures.saturating_sub(1), error),
            None => self.policy.should_retry(failures, kind),
        }
    }

    /// The delay before the retry after the `failures`-th failure; `random` in `0.0..1.0`
    /// feeds the policy's jitter.
    pub fn delay(&self, failures: u32, error: &Err, random: f64) -> Millis {
        match &self.delay {
            Some(f) => f(failures.saturating_sub(1), error),
            None => self.policy.delay(failures, random),
        }
    }
}

/// A small deterministic random source (xorshift64*) for jitter; seeded by the client so a
/// test run is repeatable.
#[derive(Clone, Debug)]
pub(crate) struct Jitter(u64);

impl Jitter {
    pub(crate) fn new(seed: u64) -> Self {
        // splitmix64 spreads nearby seeds apart and never yields the all-zero state that
        // xorshift cannot leave.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Jitter(if z == 0 { 0x2545_f491_4f6c_dd1d } else { z })
    }
    /// A number in `0.0..1.0`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        (self.next_f64() * (1u64 << 53) as f64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default().with_jitter(0.0);
        let d: Vec<_> = (1..=7).map(|n| p.delay(n, 0.5)).collect();
        assert_eq!(d, vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    }

    #[test]
    fn jitter_stays_in_bounds() {
        let p = RetryPolicy::default();
        let mut j = Jitter::new(42);
        for n in 1..10 {
            let full = p.with_jitter(0.0).delay(n, 0.0);
            let d = p.delay(n, j.next_f64());
            assert!(d <= full && d >= full / 2, "{d} vs {full}");
        }
    }

    #[test]
    fn classification() {
        for s in [500, 502, 503, 599, 429] {
            assert!(ErrorKind::Http(s).is_retryable(), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 422] {
            assert!(!ErrorKind::Http(s).is_retryable(), "{s}");
        }
        assert!(ErrorKind::Network.is_retryable());
        assert!(!ErrorKind::App.is_retryable());
    }

    #[test]
    fn neighbouring_seeds_give_different_sequences() {
        let a: Vec<u64> = {
            let mut j = Jitter::new(0);
            (0..4).map(|_| j.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut j = Jitter::new(1);
            (0..4).map(|_| j.next_u64()).collect()
        };
        assert_ne!(a, b);
    }

    #[test]
    fn huge_failure_counts_do_not_overflow() {
        assert_eq!(
            RetryPolicy::default().with_jitter(0.0).delay(u32::MAX, 0.0),
            30_000
        );
    }
}
