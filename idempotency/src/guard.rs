//! The transactional mode: the handler records the key in its own transaction.

use std::sync::Arc;

use crate::{
    Fingerprint, IdempotencyError, IdempotencyKey, InFlight, InFlightGuard, Options, Record,
    ScopedKey, StoredResponse,
};

/// An app's idempotency settings and its in-flight keys (cheap to clone; keep one in
/// the app's state).
///
/// ```
/// use axum_idempotency::{Fingerprint, Idempotency, IdempotencyKey, Options};
/// let idempotency = Idempotency::new(Options::default());
/// let key = IdempotencyKey::parse("k1").unwrap();
/// let first = idempotency.begin(Some("alice"), key.clone(), Fingerprint::of("POST", "/a", b"x")).unwrap();
/// // The same key of another user is another key.
/// assert!(idempotency.begin(Some("bob"), key.clone(), Fingerprint::of("POST", "/a", b"x")).is_ok());
/// assert_eq!(idempotency.begin(Some("alice"), key, Fingerprint::of("POST", "/a", b"x")).unwrap_err().status(), 409);
/// drop(first);
/// ```
#[derive(Clone, Default)]
pub struct Idempotency {
    options: Arc<Options>,
    in_flight: InFlight,
}

impl Idempotency {
    /// With `options`.
    pub fn new(options: Options) -> Idempotency {
        Idempotency {
            options: Arc::new(options),
            in_flight: InFlight::default(),
        }
    }

    /// The options.
    ///
    /// ```
    /// let i = axum_idempotency::Idempotency::default();
    /// assert_eq!(i.options().compress_above, 512);
    /// ```
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Starts the request `fingerprint` under `key` of the user `scope`: 409 when a
    /// request with the key is being processed in this process, 422 when that request
    /// is another one. The returned guard holds the key until dropped.
    pub fn begin(
        &self,
        scope: Option<&str>,
        key: IdempotencyKey,
        fingerprint: Fingerprint,
    ) -> Result<Idempotent, IdempotencyError> {
        let key = ScopedKey::new(scope, key);
        let in_flight = self.in_flight.begin(&key, &fingerprint)?;
        Ok(Idempotent {
            key,
            fingerprint,
            options: Arc::clone(&self.options),
            _in_flight: in_flight,
        })
    }
}

/// One request under its key, being processed: hand it to the code that opens the
/// transaction. Inside it, [`replay_from`](Idempotent::replay_from) first (a record
/// means the change was applied already: answer its replay and change nothing), then
/// apply the change, then [`commit_with`](Idempotent::commit_with) the response, then
/// commit.
///
/// Because the record is written by the transaction that writes the change, either both
/// are there or neither is: a crash before the commit leaves neither (the retry applies
/// the change), after it both (the retry gets the replay). That is exactly-once.
#[derive(Debug)]
pub struct Idempotent {
    key: ScopedKey,
    fingerprint: Fingerprint,
    options: Arc<Options>,
    _in_flight: InFlightGuard,
}

impl Idempotent {
    /// The key with its scope.
    pub fn key(&self) -> &ScopedKey {
        &self.key
    }

    /// The request's fingerprint.
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// The options it was started with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// What a record found under the key means for this request: its response to
    /// replay when it was made by the same request, 422 when by another.
    ///
    /// ```
    /// use axum_idempotency::{Fingerprint, Idempotency, IdempotencyKey, Record, StoredResponse};
    /// let fp = Fingerprint::of("POST", "/a", b"x");
    /// let guard = Idempotency::default().begin(None, IdempotencyKey::parse("k").unwrap(), fp.clone()).unwrap();
    /// let record = Record { fingerprint: fp, response: StoredResponse::json(200, "{}") };
    /// assert!(guard.judge(record.clone()).is_ok());
    /// let other = Record { fingerprint: Fingerprint::of("POST", "/b", b"x"), ..record };
    /// assert_eq!(guard.judge(other).unwrap_err().status(), 422);
    /// ```
    pub fn judge(&self, record: Record) -> Result<StoredResponse, IdempotencyError> {
        if record.fingerprint == self.fingerprint {
            Ok(record.response)
        } else {
            Err(IdempotencyError::Reused)
        }
    }
}
