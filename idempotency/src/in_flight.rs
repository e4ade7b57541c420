//! Keys whose first request is being processed in this process (the 409).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::{Fingerprint, IdempotencyError, ScopedKey};

type Keys = Arc<Mutex<HashMap<ScopedKey, Fingerprint>>>;

/// Keys being processed now, with the fingerprint of the request processing each.
///
/// This lock is per process. Exactly-once never rests on it (the store's record,
/// checked again in the write's transaction, does); it turns a concurrent duplicate
/// into an immediate 409 instead of a second apply attempt that the store would turn
/// into a replay.
///
/// ```
/// use axum_idempotency::{Fingerprint, IdempotencyKey, InFlight, ScopedKey};
/// let in_flight = InFlight::default();
/// let key = ScopedKey::new(None, IdempotencyKey::parse("k").unwrap());
/// let fp = Fingerprint::of("POST", "/", b"a");
/// let guard = in_flight.begin(&key, &fp).unwrap();
/// assert_eq!(in_flight.begin(&key, &fp).err().unwrap().status(), 409);
/// assert_eq!(in_flight.begin(&key, &Fingerprint::of("POST", "/", b"b")).err().unwrap().status(), 422);
/// drop(guard);
/// assert!(in_flight.begin(&key, &fp).is_ok());
/// ```
#[derive(Clone, Default)]
pub struct InFlight {
    keys: Keys,
}

/// Holds a key as "being processed" until dropped.
pub struct InFlightGuard {
    keys: Keys,
    key: ScopedKey,
}

impl std::fmt::Debug for InFlightGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InFlightGuard")
            .field("key", &self.key)
            .finish()
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        lock(&self.keys).remove(&self.key);
    }
}

fn lock(
    keys: &Mutex<HashMap<ScopedKey, Fingerprint>>,
) -> MutexGuard<'_, HashMap<ScopedKey, Fingerprint>> {
    // The map is consistent after every single insert or remove, so a panic elsewhere
    // leaves nothing half-done.
    keys.lock().unwrap_or_else(|p| p.into_inner())
}

impl InFlight {
    /// Marks `key` as being processed, or refuses: 409 if its first request (same
    /// fingerprint) is still running, 422 if that request was another one.
    pub fn begin(
        &self,
        key: &ScopedKey,
        fingerprint: &Fingerprint,
    ) -> Result<InFlightGuard, IdempotencyError> {
        let mut keys = lock(&self.keys);
        match keys.get(key) {
            Some(running) if running == fingerprint => Err(IdempotencyError::InProgress),
            Some(_) => Err(IdempotencyError::Reused),
            None => {
                keys.insert(key.clone(), fingerprint.clone());
                Ok(InFlightGuard {
                    keys: Arc::clone(&self.keys),
                    key: key.clone(),
                })
            }
        }
    }
}
