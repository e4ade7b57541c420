//! Idempotency keys and the write path every simulated API shares, in the reference
//! server's order: the change's own checks (ids, titles: [`wire::validate`]), then the
//! key (a key answered before gets its first answer again, or a 422 when it came with
//! another request), then the checks against the data (404, 409, the item cap), then
//! the change applied once.

use std::cell::RefCell;
use std::collections::HashMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;
use wire::problem::Problem;
use yew_optimistic::{FetchError, MutationContext};

use super::network::{SimNetwork, Verb};

/// A first answer kept for its key: what the request was (its fingerprint), the answer
/// and the version of the change it applied.
#[derive(Clone, Debug)]
struct Answered<T> {
    fingerprint: String,
    answer: T,
    version: u64,
}

/// The answers already given, with the version of the change each applied, by
/// idempotency key.
#[derive(Clone, Debug)]
pub struct Replays<T> {
    answers: HashMap<String, Answered<T>>,
}

impl<T> Default for Replays<T> {
    fn default() -> Self {
        Replays {
            answers: HashMap::new(),
        }
    }
}

impl<T> Replays<T> {
    /// Forgets every answer (the data was reset).
    pub fn clear(&mut self) {
        self.answers.clear();
    }
}

/// One write as the simulated server receives it.
#[derive(Clone, Debug)]
pub struct SimWrite {
    /// The request line for the server log (`POST /lists/groceries add “Milk”`).
    pub request: String,
    /// The change in words, for the log.
    pub what: String,
    /// The resource whose version the change moves (`list:NAME`, ...).
    pub resource: String,
    /// Method, path and body: a key sent again with another fingerprint is refused, as
    /// the reference server refuses it.
    pub fingerprint: String,
}

impl SimWrite {
    /// `method path` carrying `change` (`what` in words) to `resource`.
    pub fn new(
        method: &str,
        path: &str,
        what: String,
        resource: String,
        change: &impl Serialize,
    ) -> Self {
        let body = serde_json::to_string(change).unwrap_or_default();
        SimWrite {
            request: format!("{method} {path} {what}"),
            what,
            resource,
            fingerprint: format!("{method} {path} {body}"),
        }
    }
}

/// How the server answered a write it did not refuse.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted<T> {
    /// The answer's body.
    pub answer: T,
    /// The version of the change (`X-Resource-Version`).
    pub version: u64,
    /// Whether it is the stored answer of an earlier request with the same key.
    pub replayed: bool,
}

/// The server side of a write with idempotency key `key`, once it has arrived: `check`
/// (what needs no data) refuses first; then a key answered before gets its first answer
/// and version again, nothing applied (or a 422 `idempotency-key-reused` for another
/// request); then `apply` checks against the data and applies, or refuses without
/// changing anything. A refusal stores nothing under the key.
pub fn handle_write<T: Clone>(
    net: &SimNetwork,
    replays: &RefCell<Replays<T>>,
    key: &str,
    write: &SimWrite,
    check: impl FnOnce() -> Result<(), Problem>,
    apply: impl FnOnce() -> Result<T, Problem>,
) -> Result<Accepted<T>, Problem> {
    let refused = |problem: Problem| {
        net.count_refused(&write.what, &problem);
        problem
    };
    check().map_err(refused)?;
    let first = replays.borrow().answers.get(key).cloned();
    if let Some(first) = first {
        if first.fingerprint != write.fingerprint {
            return Err(refused(Problem::key_reused()));
        }
        net.count_replay(&write.what);
        return Ok(Accepted {
            answer: first.answer,
            version: first.version,
            replayed: true,
        });
    }
    let answer = apply().map_err(refused)?;
    let version = net.version_applied(&write.resource);
    replays.borrow_mut().answers.insert(
        key.to_owned(),
        Answered {
            fingerprint: write.fingerprint.clone(),
            answer: answer.clone(),
            version,
        },
    );
    net.count_applied(&write.what);
    Ok(Accepted {
        answer,
        version,
        replayed: false,
    })
}

/// The error an HTTP data source gives for `problem`: the problem+json body through
/// the same [`readable_error`](yew_optimistic::browser::problem::readable_error) the
/// components' `Http` helper uses, so a refusal reads the same on both backends.
pub fn refusal(problem: &Problem) -> FetchError {
    yew_optimistic::browser::problem::readable_error(FetchError::Http {
        status: problem.status,
        body: problem.to_json(),
    })
}

/// What the client gets for a write [`handle_write`] answered: a success reports its
/// change's version in `ctx` (as the reference server's `X-Resource-Version`); a
/// refusal is the [`refusal`]. With "apply, then fail" set, a change applied now stays
/// applied and remembered, and the answer is a 503 all the same.
pub fn finish<T>(
    net: &SimNetwork,
    ctx: &MutationContext,
    handled: Result<Accepted<T>, Problem>,
) -> Result<T, FetchError> {
    let accepted = handled.map_err(|p| refusal(&p))?;
    if !accepted.replayed && net.take_apply_then_fail() {
        net.note("503 after applying the change (apply, then fail)");
        return Err(FetchError::Http {
            status: 503,
            body: "simulated failure after the change was applied (apply, then fail)".into(),
        });
    }
    ctx.set_version(accepted.version);
    Ok(accepted.answer)
}

/// The client's side of a write whose server side is `handle` (a [`handle_write`]
/// with the API's own checks, given the idempotency key): `request` goes over the wire
/// (latency, offline, random failures), then `handle` answers it, as [`finish`] says.
async fn write_trip<T>(
    net: &SimNetwork,
    ctx: &MutationContext,
    request: &str,
    handle: impl FnOnce(&str) -> Result<Accepted<T>, Problem>,
) -> Result<T, FetchError> {
    net.round_trip(Verb::Write, request).await?;
    finish(net, ctx, handle(&ctx.idempotency_key))
}

/// [`write_trip`] as a data source's mutation returns it: `request` sent on `net`,
/// answered by `handle`.
pub fn send_write<T: 'static>(
    net: &SimNetwork,
    ctx: MutationContext,
    request: String,
    handle: impl FnOnce(&str) -> Result<Accepted<T>, Problem> + 'static,
) -> LocalBoxFuture<'static, Result<T, FetchError>> {
    let net = net.clone();
    Box::pin(async move { write_trip(&net, &ctx, &request, handle).await })
}

/// A whole simulated write: [`handle_write`] with `check` and `apply`, sent with
/// [`write_trip`].
pub async fn idempotent_write<T: Clone>(
    net: &SimNetwork,
    replays: &RefCell<Replays<T>>,
    ctx: &MutationContext,
    write: &SimWrite,
    check: impl FnOnce() -> Result<(), Problem>,
    apply: impl FnOnce() -> Result<T, Problem>,
) -> Result<T, FetchError> {
    write_trip(net, ctx, &write.request, |key| {
        handle_write(net, replays, key, write, check, apply)
    })
    .await
}
