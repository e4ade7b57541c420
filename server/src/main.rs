//! `server`: runs the reference server. See `server --help` and docs/api.md.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use server::{Config, Limits, SyncMode, Timeouts, MIN_KEY_TTL};

/// The reference server of yew-optimistic: lists, likes and boards over HTTP + SQLite,
/// with Idempotency-Key, problem+json errors and optional fault injection.
#[derive(Parser, Debug)]
#[command(name = "server", version)]
struct Args {
    /// SQLite database file (created when missing); a temporary one when not given.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// A Postgres database instead of SQLite (`postgres://user@host:port/name`): several
    /// server processes may share it; the idempotency keys hold across them.
    #[arg(long, value_name = "URL", conflicts_with = "db")]
    database_url: Option<String>,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free one. The bound address is printed on stdout.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Serve this folder (the built gallery, `dist/`) for every non-API path, with
    /// index.html as the fallback.
    #[arg(long, value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Enable fault injection, controlled over HTTP under /_faults.
    #[arg(long)]
    faults: bool,
    /// Answer CORS requests from any origin (a page served elsewhere, a browser test runner).
    #[arg(long)]
    cors: bool,
    /// How long idempotency records are kept, in seconds (at least 60).
    #[arg(long, value_name = "SECS", default_value_t = server::DEFAULT_KEY_TTL.as_secs(),
          value_parser = key_ttl)]
    key_ttl: u64,
    /// With `--database-url`: seconds a write holds its key without committing; a server
    /// that dies mid-write blocks its key (409) this long, then a retry applies.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    key_lease: u64,
    /// SQLite durability: `full` syncs the log at every commit (an acknowledged write
    /// survives a power loss), `normal` survives a crash of the process only.
    #[arg(long, value_name = "MODE", default_value = "full")]
    sync: SyncMode,
    /// Seconds a request head may take to arrive (also between kept-alive requests).
    #[arg(long, value_name = "SECS", default_value_t = Timeouts::default().header.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a write's body may take to arrive after its head (408 past it).
    #[arg(long, value_name = "SECS", default_value_t = Timeouts::default().body.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    body_timeout: u64,
    /// Seconds a connection with no request in progress is kept open.
    #[arg(long, value_name = "SECS", default_value_t = Timeouts::default().idle.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout: u64,
    /// Most connections served at once; at the cap a new client takes the place of the
    /// connection idle the longest (or waits, when all are busy).
    /// Default: 4096, or fewer when `ulimit -n` allows fewer (the limit minus 64).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: Option<u64>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = Limits::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Longest title, in characters.
    #[arg(long, default_value_t = Limits::default().max_title_chars)]
    max_title_chars: usize,
    /// Most items in a list, and cards in a board column.
    #[arg(long, default_value_t = Limits::default().max_items)]
    max_items: usize,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    // Before the default cap is worked out from it.
    let files = server::fd_limit::raise_open_files();
    if let Some(dir) = &args.static_dir {
        if !dir.join("index.html").is_file() {
            eprintln!(
                "server: warning: {} has no index.html (build the gallery with `trunk build --release`)",
                dir.display()
            );
        }
    }
    let config = Config {
        db: args.db,
        database_url: args.database_url,
        host: args.host,
        port: args.port,
        static_dir: args.static_dir,
        faults: args.faults,
        cors: args.cors,
        key_ttl: Duration::from_secs(args.key_ttl),
        key_lease: Duration::from_secs(args.key_lease),
        sync: args.sync,
        timeouts: Timeouts {
            header: Duration::from_secs(args.header_timeout),
            body: Duration::from_secs(args.body_timeout),
            idle: Duration::from_secs(args.idle_timeout),
        },
        max_connections: args
            .max_connections
            .map_or_else(server::default_max_connections, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            }),
        limits: Limits {
            max_body_bytes: args.max_body_bytes,
            max_title_chars: args.max_title_chars,
            max_items: args.max_items,
            ..Limits::default()
        },
    };
    let faults = config.faults;
    if let Some(files) = files {
        if config.max_connections as u64 + 32 > files {
            eprintln!(
                "server: warning: --max-connections {} is close to the open-file limit ({files}, \
                 `ulimit -n`): past it the server cannot accept anyone",
                config.max_connections
            );
        }
    }
    // Postgres has no file: its URL names it.
    let database_url = config.database_url.clone();
    let server = match server::start(config).await {
        Ok(server) => server,
        Err(message) => {
            eprintln!("server: {message}");
            return ExitCode::FAILURE;
        }
    };
    // Listen for the stop signals before announcing the address, so a script that sends
    // SIGTERM as soon as it reads the line gets a clean stop.
    let stop = wait_for_stop_signal();
    // One machine-readable line, so scripts and tests can find the port and the file.
    let db = database_url.unwrap_or_else(|| server.db_path().display().to_string());
    println!("{}", server::listening_line(server.addr(), &db, faults));
    eprintln!(
        "server: listening on {} (database {}{})",
        server.url(),
        db,
        if faults {
            ", fault injection at /_faults"
        } else {
            ""
        }
    );
    stop.await;
    server.stop().await;
    ExitCode::SUCCESS
}

/// `--key-ttl`: seconds, at least [`MIN_KEY_TTL`].
fn key_ttl(text: &str) -> Result<u64, String> {
    let secs: u64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if secs < MIN_KEY_TTL.as_secs() {
        return Err(format!(
            "{secs} s is below the floor of {} s: clients retry a lost write for minutes, \
             and a key forgotten sooner applies a retry twice (0 would turn idempotency off)",
            MIN_KEY_TTL.as_secs()
        ));
    }
    Ok(secs)
}

/// Ctrl-C, or SIGTERM on Unix. The handlers are installed when this is called; the
/// returned future completes on the first signal.
fn wait_for_stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let interrupt = Box::pin(tokio::signal::ctrl_c());
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = interrupt => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = interrupt.await;
    }
}
