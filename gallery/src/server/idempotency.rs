//! Idempotency keys: a change sent again with the same key (a retry after a lost answer,
//! a replay after a reload) gets the first answer and is not applied twice.

use std::cell::RefCell;
use std::collections::HashMap;

use yew_optimistic::{FetchError, MutationContext};

use super::network::{SimNetwork, Verb};

/// The answers already given, with the version of the change each applied, by
/// idempotency key.
#[derive(Clone, Debug)]
pub struct Replays<T> {
    answers: HashMap<String, (T, u64)>,
}

impl<T> Default for Replays<T> {
    fn default() -> Self {
        Replays {
            answers: HashMap::new(),
        }
    }
}

impl<T: Clone> Replays<T> {
    /// The answer given to `key` before and its change's version, if any.
    pub fn answered(&self, key: &str) -> Option<(T, u64)> {
        self.answers.get(key).cloned()
    }

    /// Remembers the answer given to `key` and its change's version.
    pub fn remember(&mut self, key: &str, answer: T, version: u64) {
        self.answers.insert(key.to_owned(), (answer, version));
    }

    /// Forgets every answer (the data was reset).
    pub fn clear(&mut self) {
        self.answers.clear();
    }
}

/// The write path every simulated API shares, after the request line `request` (`what`
/// names the change in the server log) to `resource` (`list:NAME`, ...): the round trip
/// (latency, offline, random failures); then a key answered before gets its first
/// answer and version again and nothing is applied; a change `validate` refuses gets a
/// 422; anything else is `apply`'d once, gets the resource's next version, and its
/// answer is remembered under the key. A success reports its change's version in `ctx`
/// (as the reference server's `X-Resource-Version`). With "apply, then fail" set, the
/// change is applied and remembered, and the answer is a 503 all the same.
pub async fn idempotent_write<T: Clone>(
    net: &SimNetwork,
    replays: &RefCell<Replays<T>>,
    ctx: &MutationContext,
    (request, what, resource): (&str, &str, &str),
    validate: impl FnOnce() -> Result<(), String>,
    apply: impl FnOnce() -> T,
) -> Result<T, FetchError> {
    net.round_trip(Verb::Write, request).await?;
    if let Some((answer, version)) = replays.borrow().answered(&ctx.idempotency_key) {
        net.count_replay(what);
        ctx.set_version(version);
        return Ok(answer);
    }
    if let Err(why) = validate() {
        net.count_refused(what, &why);
        return Err(FetchError::Http {
            status: 422,
            body: why,
        });
    }
    let answer = apply();
    let version = net.version_applied(resource);
    replays
        .borrow_mut()
        .remember(&ctx.idempotency_key, answer.clone(), version);
    net.count_applied(what);
    if net.take_apply_then_fail() {
        net.note(format!("503 after applying {what} (apply, then fail)"));
        return Err(FetchError::Http {
            status: 503,
            body: "simulated failure after the change was applied (apply, then fail)".into(),
        });
    }
    ctx.set_version(version);
    Ok(answer)
}
