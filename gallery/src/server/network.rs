//! The simulated wire: latency, failure injection and offline, shared by every resource
//! of the simulated server, plus the counters and log the controls panel shows.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures::future::{Either, LocalBoxFuture};
use yew_optimistic::optimistic_query::{AbortReason, AbortSignal};
use yew_optimistic::{FetchContext, FetchError};

use super::rng::SeededRng;
use super::version::Versions;
use crate::backend::listeners::{Listeners, Registration};
use crate::backend::Settings;

/// How many lines the server log keeps.
const LOG_LINES: usize = 40;

/// What the server has done since the data was last reset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Reads received (failed ones included).
    pub reads: u32,
    /// Writes received (failed ones included).
    pub writes: u32,
    /// Requests answered with an error.
    pub failures: u32,
    /// Changes applied to the data.
    pub applied: u32,
    /// Changes whose idempotency key was seen before: answered, not applied again.
    pub replays: u32,
}

/// Whether a request reads or writes; failure injection hits writes only unless
/// [`Settings::fail_reads`] is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// A fetch.
    Read,
    /// A change.
    Write,
}

struct State {
    settings: Settings,
    rng: SeededRng,
    stats: Stats,
    log: VecDeque<String>,
    /// Never reset: a version only grows, so an answer from before a reset never
    /// passes for a newer one.
    versions: Versions,
}

/// The network between the gallery's components and its simulated server.
#[derive(Clone)]
pub struct SimNetwork {
    state: Rc<RefCell<State>>,
    listeners: Listeners,
}

impl SimNetwork {
    /// A network with these settings.
    pub fn new(settings: Settings) -> Self {
        SimNetwork {
            state: Rc::new(RefCell::new(State {
                rng: SeededRng::new(settings.seed),
                settings,
                stats: Stats::default(),
                log: VecDeque::new(),
                versions: Versions::default(),
            })),
            listeners: Listeners::default(),
        }
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        self.state.borrow().settings.clone()
    }

    /// Changes the settings; a new seed restarts the dice.
    pub fn update(&self, change: impl FnOnce(&mut Settings)) {
        {
            let mut st = self.state.borrow_mut();
            let old_seed = st.settings.seed;
            change(&mut st.settings);
            st.settings.failure_rate = st.settings.failure_rate.min(100);
            if st.settings.seed != old_seed {
                st.rng = SeededRng::new(st.settings.seed);
            }
        }
        self.listeners.notify();
    }

    /// The counters.
    pub fn stats(&self) -> Stats {
        self.state.borrow().stats.clone()
    }

    /// The server log, newest last.
    pub fn log(&self) -> Vec<String> {
        self.state.borrow().log.iter().cloned().collect()
    }

    /// Clears counters and log, and restarts the dice (the data was reset).
    pub fn reset_counters(&self) {
        {
            let mut st = self.state.borrow_mut();
            st.stats = Stats::default();
            st.log.clear();
            st.rng = SeededRng::new(st.settings.seed);
        }
        self.listeners.notify();
    }

    /// Calls `listener` whenever settings, counters or log change.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Registration {
        self.listeners.add(listener)
    }

    /// Adds a line to the server log.
    pub fn note(&self, line: impl Into<String>) {
        {
            let mut st = self.state.borrow_mut();
            st.log.push_back(line.into());
            while st.log.len() > LOG_LINES {
                st.log.pop_front();
            }
        }
        self.listeners.notify();
    }

    /// Counts a change the server applied.
    pub fn count_applied(&self, what: &str) {
        self.state.borrow_mut().stats.applied += 1;
        self.note(format!("applied {what}"));
    }

    /// Counts a change answered from its idempotency key.
    pub fn count_replay(&self, what: &str) {
        self.state.borrow_mut().stats.replays += 1;
        self.note(format!("replay of {what} ignored (same idempotency key)"));
    }

    /// Whether the change just applied must fail afterwards ("apply, then fail" was
    /// set); the setting is used up.
    pub fn take_apply_then_fail(&self) -> bool {
        let taken = std::mem::take(&mut self.state.borrow_mut().settings.apply_then_fail);
        if taken {
            self.state.borrow_mut().stats.failures += 1;
        }
        taken
    }

    /// Counts a refused change (validation, conflict, unknown id, reused key).
    pub fn count_refused(&self, what: &str, why: &wire::problem::Problem) {
        self.state.borrow_mut().stats.failures += 1;
        self.note(format!("{} {what}: {}", why.status, why.detail));
    }

    /// A read: the round trip for `request`, then `answer` (what the server holds once
    /// the request arrives). A read whose `signal` fires before the answer ends as
    /// aborted, as a browser's fetch does, and the server never answers it.
    pub fn read<T: 'static>(
        &self,
        request: String,
        signal: AbortSignal,
        answer: impl FnOnce() -> T + 'static,
    ) -> LocalBoxFuture<'static, Result<T, FetchError>> {
        let net = self.clone();
        Box::pin(async move {
            net.read_trip(&request, &signal).await?;
            Ok(answer())
        })
    }

    /// [`read`](Self::read) of `resource` (`list:NAME`, ...) for the fetch `ctx`,
    /// reporting its version in `ctx.version`, taken with the data.
    pub fn read_versioned<T: 'static>(
        &self,
        request: String,
        resource: String,
        ctx: &FetchContext,
        answer: impl FnOnce() -> T + 'static,
    ) -> LocalBoxFuture<'static, Result<T, FetchError>> {
        let net = self.clone();
        let (version, signal) = (ctx.version.clone(), ctx.signal.clone());
        Box::pin(async move {
            net.read_trip(&request, &signal).await?;
            let data = answer();
            version.set(net.state.borrow().versions.of(&resource));
            Ok(data)
        })
    }

    /// The round trip of a read, cut short when `signal` fires first.
    async fn read_trip(&self, request: &str, signal: &AbortSignal) -> Result<(), FetchError> {
        let aborted = || {
            self.note(format!("{request} aborted (the client cancelled it)"));
            FetchError::Aborted(AbortReason::Cancelled)
        };
        if signal.is_aborted() {
            return Err(aborted());
        }
        let (fired, on_fire) = futures::channel::oneshot::channel::<()>();
        signal.on_abort(move || {
            let _ = fired.send(());
        });
        let trip = self.round_trip(Verb::Read, request);
        futures::pin_mut!(trip);
        match futures::future::select(trip, on_fire).await {
            Either::Left((outcome, _)) => outcome,
            Either::Right((Ok(()), _)) => Err(aborted()),
            // The signal went away without firing: the read goes on.
            Either::Right((Err(_), trip)) => trip.await,
        }
    }

    /// A change to `resource` was applied: its version number.
    pub fn version_applied(&self, resource: &str) -> u64 {
        self.state.borrow_mut().versions.applied(resource)
    }

    /// One request over the simulated wire: decides on arrival whether it fails (so
    /// "fail the next request" hits the request sent next), then waits the latency. An
    /// `Ok` means the server may now handle it.
    pub async fn round_trip(&self, verb: Verb, what: &str) -> Result<(), FetchError> {
        let (latency, outcome) = {
            let mut st = self.state.borrow_mut();
            match verb {
                Verb::Read => st.stats.reads += 1,
                Verb::Write => st.stats.writes += 1,
            }
            let latency = st.settings.latency_ms;
            let outcome = if st.settings.offline {
                Err(FetchError::Network(
                    "the server is unreachable (simulated offline)".into(),
                ))
            } else if verb == Verb::Write || st.settings.fail_reads {
                let fail_next = std::mem::take(&mut st.settings.fail_next);
                let rate = st.settings.failure_rate;
                if fail_next || st.rng.chance(rate) {
                    // As the reference server: a write is refused (422, a definite "no"
                    // the client rolls back); a read gets a 503 (retried). A 503 for a
                    // write means "unknown" (resent): "apply, then fail" plays that.
                    Err(FetchError::Http {
                        status: if verb == Verb::Write { 422 } else { 503 },
                        body: if fail_next {
                            "simulated failure (fail the next request)".into()
                        } else {
                            format!("simulated failure ({rate}% of requests fail)")
                        },
                    })
                } else {
                    Ok(())
                }
            } else {
                Ok(())
            };
            (latency, outcome)
        };
        self.listeners.notify();
        // An unreachable server fails fast, as a browser does without a connection.
        let wait = if outcome.is_err() && self.settings().offline {
            latency.min(150)
        } else {
            latency
        };
        gloo::timers::future::TimeoutFuture::new(wait).await;
        // Going offline while the request is on the wire loses its answer.
        let outcome = match outcome {
            Ok(()) if self.settings().offline => Err(FetchError::Network(
                "the connection dropped (simulated offline)".into(),
            )),
            other => other,
        };
        match &outcome {
            Ok(()) => {}
            Err(e) => {
                self.state.borrow_mut().stats.failures += 1;
                self.note(format!("{what} → {e}"));
            }
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_cancelled_before_it_is_sent_ends_aborted_and_is_never_answered() {
        let net = SimNetwork::new(Settings::default());
        let signal = AbortSignal::default();
        signal.abort();
        let answered = Rc::new(RefCell::new(false));
        let read = net.read("GET /lists/groceries".into(), signal, {
            let answered = answered.clone();
            move || *answered.borrow_mut() = true
        });
        let outcome = futures::executor::block_on(read);
        assert!(
            matches!(outcome, Err(FetchError::Aborted(AbortReason::Cancelled))),
            "{outcome:?}"
        );
        assert!(!*answered.borrow(), "the server answered a cancelled read");
        let log = net.log();
        assert_eq!(
            log.last().map(String::as_str),
            Some("GET /lists/groceries aborted (the client cancelled it)")
        );
    }
}
