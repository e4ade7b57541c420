//! `server`: runs the reference server. See `server --help` and docs/api.md.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use server::{Config, Limits};

/// The reference server of yew-optimistic: lists, likes and boards over HTTP + SQLite,
/// with Idempotency-Key, problem+json errors and optional fault injection.
#[derive(Parser, Debug)]
#[command(name = "server", version)]
struct Args {
    /// SQLite database file (created when missing); a temporary one when not given.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
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
    /// How long idempotency records are kept, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = server::DEFAULT_KEY_TTL.as_secs())]
    key_ttl: u64,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = Limits::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Longest title, in characters.
    #[arg(long, default_value_t = Limits::default().max_title_chars)]
    max_title_chars: usize,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
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
        host: args.host,
        port: args.port,
        static_dir: args.static_dir,
        faults: args.faults,
        cors: args.cors,
        key_ttl: Duration::from_secs(args.key_ttl),
        limits: Limits {
            max_body_bytes: args.max_body_bytes,
            max_title_chars: args.max_title_chars,
            ..Limits::default()
        },
        ..Config::default()
    };
    let faults = config.faults;
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
    let line = serde_json::json!({
        "event": "listening",
        "url": server.url(),
        "addr": server.addr().to_string(),
        "db": server.db_path().display().to_string(),
        "faults": faults,
    });
    println!("{line}");
    eprintln!(
        "server: listening on {} (database {}{})",
        server.url(),
        server.db_path().display(),
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
