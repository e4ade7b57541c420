//! Fault injection as one middleware on the API (the settings are [`faults`](crate::faults),
//! changed over `/_faults`):
//!
//! - **offline** on arrival: the connection is closed without an answer;
//! - **on arrival** ([`arrive`]): a failure decided now (so "fail next" hits the request
//!   sent next, whatever the latency), the latency, then that failure (a read gets a 503,
//!   a write a 422 refusal), or no answer when the server went offline meanwhile;
//! - **apply-then-fail** after a write whose change committed ([`Applied`]): a 503, or the
//!   connection closed.
//!
//! Reads meet their arrival here. A write meets it inside its handler, once its
//! idempotency key is claimed ([`write`](crate::write)): a duplicate sent during the
//! latency is then a 409 (the first is being processed), as the draft wants, not a second
//! request waiting beside the first.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::faults::{unavailable, ApplyThenFail, Counter, Faults, Verb};
use crate::serve::{dropped, DropConnection};

/// Put into a write's response when its change committed: the middleware then decides
/// whether the answer fails (apply-then-fail).
#[derive(Clone, Copy, Debug)]
pub struct Applied;

/// The faults a request meets on arrival (see the module docs); `Err` is the answer
/// that replaces it (a problem at `path`, or a dropped connection).
pub async fn arrive(faults: &Faults, verb: Verb, path: &str) -> Result<(), Response> {
    let failure = faults.failure_on_arrival(verb);
    let latency = faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(problem) = failure {
        return Err(problem.at(path).into_response());
    }
    if faults.offline() {
        // The server went offline while the request was on the wire: it is lost.
        faults.count(Counter::DroppedOffline);
        return Err(dropped());
    }
    Ok(())
}

/// The middleware (`axum::middleware::from_fn_with_state(faults, inject)` on the API
/// routes).
pub async fn inject(State(faults): State<Faults>, req: Request, next: Next) -> Response {
    if faults.offline() {
        faults.count(Counter::DroppedOffline);
        return dropped();
    }
    let path = req.uri().path().to_owned();
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        if let Err(answer) = arrive(&faults, Verb::Read, &path).await {
            return answer;
        }
        return next.run(req).await;
    }
    let mut response = next.run(req).await;
    if response.extensions().get::<Applied>().is_none() {
        return response;
    }
    match faults.after_apply() {
        None => response,
        Some(ApplyThenFail::Status) => {
            unavailable("injected apply-then-fail: the change was applied, then the answer failed")
                .at(path)
                .into_response()
        }
        Some(ApplyThenFail::Drop | ApplyThenFail::Mixed) => {
            response.extensions_mut().insert(DropConnection);
            response
        }
    }
}
