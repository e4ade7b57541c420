//! How a server is started: database, address, static files, fault injection, limits.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

/// What the server accepts in one request. Anything larger is refused with a 4xx
/// problem before it reaches the database.
///
/// ```
/// use server::Limits;
/// let limits = Limits::default();
/// assert_eq!(limits.max_body_bytes, 64 * 1024);
/// assert_eq!(limits.max_title_chars, 200);
/// assert_eq!(limits.max_id_chars, 100);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body in bytes (413 above it).
    pub max_body_bytes: usize,
    /// Longest item or card title, in characters (422 above it).
    pub max_title_chars: usize,
    /// Longest id (item, card, column) or name (list, post, board), in characters.
    pub max_id_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024,
            max_title_chars: 200,
            max_id_chars: 100,
        }
    }
}

/// How long a stored idempotency record is kept by default: 24 hours.
///
/// ```
/// assert_eq!(server::DEFAULT_KEY_TTL.as_secs(), 86_400);
/// ```
pub const DEFAULT_KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Everything [`start`](crate::start) needs. `Config::default()` is a server on a free
/// loopback port with a temporary database, no static files and no fault injection.
///
/// ```
/// use std::time::Duration;
/// use server::Config;
/// let config = Config::default()
///     .db("demo.sqlite3")
///     .port(8080)
///     .faults(true)
///     .key_ttl(Duration::from_secs(60));
/// assert_eq!(config.port, 8080);
/// assert!(config.faults);
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    /// The SQLite file; `None` for a temporary one, deleted when the server stops.
    pub db: Option<PathBuf>,
    /// The address to bind (default 127.0.0.1).
    pub host: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// A folder of static files (the built gallery) served for every path that is not
    /// the API, with `index.html` as the fallback.
    pub static_dir: Option<PathBuf>,
    /// Whether fault injection (`/_faults`) exists.
    pub faults: bool,
    /// Whether pages of any origin may call the API (CORS), e.g. a gallery served by
    /// `trunk serve` on another port without its proxy, or a browser test runner.
    pub cors: bool,
    /// How long idempotency records are kept.
    pub key_ttl: Duration,
    /// Request limits.
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: None,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            static_dir: None,
            faults: false,
            cors: false,
            key_ttl: DEFAULT_KEY_TTL,
            limits: Limits::default(),
        }
    }
}

impl Config {
    /// This config with the database file `path`.
    ///
    /// ```
    /// let c = server::Config::default().db("data.sqlite3");
    /// assert_eq!(c.db.as_deref(), Some(std::path::Path::new("data.sqlite3")));
    /// ```
    pub fn db(mut self, path: impl Into<PathBuf>) -> Self {
        self.db = Some(path.into());
        self
    }

    /// This config on another port (0: a free one).
    ///
    /// ```
    /// assert_eq!(server::Config::default().port(9000).port, 9000);
    /// ```
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// This config serving the static files of `dir`.
    ///
    /// ```
    /// let c = server::Config::default().static_dir("dist");
    /// assert!(c.static_dir.is_some());
    /// ```
    pub fn static_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.static_dir = Some(dir.into());
        self
    }

    /// This config with fault injection on or off.
    ///
    /// ```
    /// assert!(server::Config::default().faults(true).faults);
    /// ```
    pub fn faults(mut self, on: bool) -> Self {
        self.faults = on;
        self
    }

    /// This config answering CORS requests from any origin, or not.
    ///
    /// ```
    /// assert!(server::Config::default().cors(true).cors);
    /// ```
    pub fn cors(mut self, on: bool) -> Self {
        self.cors = on;
        self
    }

    /// This config keeping idempotency records for `ttl`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let c = server::Config::default().key_ttl(Duration::from_millis(500));
    /// assert_eq!(c.key_ttl, Duration::from_millis(500));
    /// ```
    pub fn key_ttl(mut self, ttl: std::time::Duration) -> Self {
        self.key_ttl = ttl;
        self
    }

    /// This config with other request limits.
    ///
    /// ```
    /// use server::{Config, Limits};
    /// let c = Config::default().limits(Limits { max_title_chars: 80, ..Limits::default() });
    /// assert_eq!(c.limits.max_title_chars, 80);
    /// ```
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
