//! The fingerprint of a request: what makes "the same request" under one key.

use sha2::{Digest, Sha256};

/// SHA-256 (hex) of a request's method, path and body.
///
/// The draft leaves the fingerprint to the server; this one covers the three things a
/// retry repeats exactly. The transactional mode lets the app hash a canonical body
/// (its payload re-serialised after parsing, so whitespace and key order do not
/// matter); the layer hashes the body's bytes as received.
///
/// ```
/// use axum_idempotency::Fingerprint;
/// let a = Fingerprint::of("POST", "/lists/a", br#"{"x":1}"#);
/// assert_eq!(a.as_str().len(), 64);
/// assert_eq!(a, Fingerprint::of("POST", "/lists/a", br#"{"x":1}"#));
/// assert_ne!(a, Fingerprint::of("POST", "/lists/b", br#"{"x":1}"#));
/// assert_ne!(a, Fingerprint::of("PUT", "/lists/a", br#"{"x":1}"#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of `method`, `path` and `body`.
    ///
    /// ```
    /// use axum_idempotency::Fingerprint;
    /// // Length-prefixed parts: moving bytes between them changes the fingerprint.
    /// assert_ne!(Fingerprint::of("POST", "/ab", b"c"), Fingerprint::of("POST", "/a", b"bc"));
    /// ```
    pub fn of(method: &str, path: &str, body: &[u8]) -> Fingerprint {
        let mut hash = Sha256::new();
        for part in [method.as_bytes(), path.as_bytes(), body] {
            // Length-prefixed, so no two different triples hash the same bytes.
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part);
        }
        Fingerprint(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// A fingerprint as a store kept it.
    ///
    /// ```
    /// use axum_idempotency::Fingerprint;
    /// let a = Fingerprint::of("POST", "/", b"");
    /// assert_eq!(Fingerprint::from_stored(a.as_str().to_owned()), a);
    /// ```
    pub fn from_stored(hex: String) -> Fingerprint {
        Fingerprint(hex)
    }

    /// The hex digest.
    ///
    /// ```
    /// assert!(axum_idempotency::Fingerprint::of("GET", "/", b"").as_str().chars().all(|c| c.is_ascii_hexdigit()));
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
