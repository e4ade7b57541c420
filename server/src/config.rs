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
/// assert_eq!(limits.max_items, 1000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body in bytes (413 above it).
    pub max_body_bytes: usize,
    /// Longest item or card title, in characters (422 above it).
    pub max_title_chars: usize,
    /// Longest id (item, card, column) or name (list, post, board), in characters.
    pub max_id_chars: usize,
    /// Most items in a list, and cards in a board column (422 for an add beyond it).
    /// Every write's answer (the whole list, or the touched columns) is stored for its
    /// key's replay, so this also bounds what one idempotency record holds.
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024,
            max_title_chars: wire::limits::MAX_TITLE_CHARS,
            max_id_chars: wire::limits::MAX_ID_CHARS,
            max_items: wire::limits::MAX_ITEMS,
        }
    }
}

/// How long a stored idempotency record is kept by default: 24 hours.
///
/// ```
/// assert_eq!(server::DEFAULT_KEY_TTL.as_secs(), 86_400);
/// ```
pub const DEFAULT_KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The shortest `--key-ttl` the `server` binary accepts: a client retries a lost write
/// within seconds to minutes, and a key forgotten sooner applies a retry twice (`0` would
/// turn idempotency off).
///
/// ```
/// assert_eq!(server::MIN_KEY_TTL.as_secs(), 60);
/// ```
pub const MIN_KEY_TTL: Duration = Duration::from_secs(60);

/// How long a connection may take for each part of its life. A client slower than
/// these has its connection closed, so slow or stalled clients cannot hold the server's
/// connections (and descriptors) for ever.
///
/// ```
/// use std::time::Duration;
/// let t = server::Timeouts::default();
/// assert_eq!(t.header, Duration::from_secs(10));
/// assert_eq!(t.body, Duration::from_secs(10));
/// assert_eq!(t.idle, Duration::from_secs(5));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// From the moment the server waits for a request (a new connection, or the next
    /// request on a kept-alive one) to its last header line.
    pub header: Duration,
    /// From the request head to the last byte of a write's body (408 past it).
    pub body: Duration,
    /// How long a connection with no request in progress is kept open.
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header: Duration::from_secs(10),
            body: Duration::from_secs(10),
            idle: Duration::from_secs(5),
        }
    }
}

/// The most connections served at once unless told otherwise: 4,096, or fewer when the
/// process may open fewer files (each connection holds a descriptor; 64 stay free for
/// the database, static files and the listener itself). At the cap a new client takes
/// the place of the connection idle the longest; with every connection busy, it waits
/// in the listen backlog.
///
/// ```
/// let cap = server::default_max_connections();
/// assert!((16..=4096).contains(&cap));
/// ```
pub fn default_max_connections() -> usize {
    const MOST: u64 = 4096;
    const RESERVED: u64 = 64;
    let files = crate::fd_limit::open_files().unwrap_or(1024);
    usize::try_from(files.saturating_sub(RESERVED).clamp(16, MOST)).unwrap_or(16)
}

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
    /// A Postgres database (`postgres://user@host:port/name`) instead of SQLite: several
    /// servers may share it, each an instance of one service.
    pub database_url: Option<String>,
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
    /// On Postgres, how long a write's claim on its key holds without committing: a
    /// server that died mid-write blocks its key (409) this long, then a retry applies.
    pub key_lease: Duration,
    /// Request limits.
    pub limits: Limits,
    /// Connection timeouts.
    pub timeouts: Timeouts,
    /// The most connections served at once (see [`default_max_connections`]).
    pub max_connections: usize,
    /// SQLite's `synchronous` setting: how durable an acknowledged write is.
    pub sync: SyncMode,
}

/// SQLite's `synchronous` setting (with WAL), the durability of an acknowledged write.
///
/// ```
/// use server::SyncMode;
/// assert_eq!(SyncMode::default(), SyncMode::Full);
/// assert_eq!("normal".parse::<SyncMode>(), Ok(SyncMode::Normal));
/// assert!("off".parse::<SyncMode>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyncMode {
    /// `synchronous=NORMAL`: survives a crash of the process; the last writes before a
    /// power loss or OS crash can be lost (the WAL is not synced at each commit).
    Normal,
    /// `synchronous=FULL`: the WAL is synced at each commit, so an acknowledged write
    /// survives a power loss too. The default: the server acknowledges a write, and
    /// the client then drops its optimistic layer and its retry.
    #[default]
    Full,
}

impl SyncMode {
    /// The value of the SQLite pragma.
    ///
    /// ```
    /// assert_eq!(server::SyncMode::Full.pragma(), "FULL");
    /// ```
    pub fn pragma(self) -> &'static str {
        match self {
            SyncMode::Normal => "NORMAL",
            SyncMode::Full => "FULL",
        }
    }
}

impl std::str::FromStr for SyncMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "normal" => Ok(SyncMode::Normal),
            "full" => Ok(SyncMode::Full),
            other => Err(format!("`{other}` is not a sync mode (normal or full)")),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: None,
            database_url: None,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            static_dir: None,
            faults: false,
            cors: false,
            key_ttl: DEFAULT_KEY_TTL,
            key_lease: Duration::from_secs(30),
            limits: Limits::default(),
            timeouts: Timeouts::default(),
            max_connections: default_max_connections(),
            sync: SyncMode::default(),
        }
    }
}

impl Config {
    /// This config on the Postgres database at `url`.
    ///
    /// ```
    /// let c = server::Config::default().database_url("postgres://postgres@127.0.0.1/app");
    /// assert!(c.database_url.is_some());
    /// ```
    pub fn database_url(mut self, url: impl Into<String>) -> Self {
        self.database_url = Some(url.into());
        self
    }

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

    /// This config holding a Postgres write's claim on its key for `lease`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let c = server::Config::default().key_lease(Duration::from_secs(2));
    /// assert_eq!(c.key_lease, Duration::from_secs(2));
    /// ```
    pub fn key_lease(mut self, lease: std::time::Duration) -> Self {
        self.key_lease = lease;
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

    /// This config with other connection timeouts.
    ///
    /// ```
    /// use std::time::Duration;
    /// use server::{Config, Timeouts};
    /// let c = Config::default().timeouts(Timeouts { idle: Duration::from_secs(1), ..Timeouts::default() });
    /// assert_eq!(c.timeouts.idle, Duration::from_secs(1));
    /// ```
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// This config serving at most `n` connections at once.
    ///
    /// ```
    /// assert_eq!(server::Config::default().max_connections(8).max_connections, 8);
    /// ```
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// This config with another SQLite `synchronous` setting.
    ///
    /// ```
    /// use server::{Config, SyncMode};
    /// assert_eq!(Config::default().sync(SyncMode::Normal).sync, SyncMode::Normal);
    /// ```
    pub fn sync(mut self, sync: SyncMode) -> Self {
        self.sync = sync;
        self
    }
}
