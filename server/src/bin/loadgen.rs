//! `loadgen`: a bounded load run against the reference server on loopback.
//!
//! Starts a server in this process (temporary database, fault injection on), then runs
//! `--clients` concurrent clients of `--writes` writes each over keep-alive connections:
//! list changes on each client's own list, likes on shared posts, card edits on the
//! shared board. A share of the changes commit and then fail (`--apply-then-fail`, a 503
//! or a dropped connection at random) and the client retries with the same key, as the
//! library does; a share of the successes are sent again with the same key
//! (`--duplicates`) and must come back replayed. At the end it prints latency
//! percentiles and throughput, and checks in the database that no change was applied
//! twice and none was lost.
//!
//! ```text
//! cargo run -p server --release --bin loadgen -- [--clients 50] [--writes 200] [--sync full|normal] [--database-url postgres://...]
//! ```
//!
//! With `--slow-clients N` it measures something else: one normal client reading and
//! writing in a loop, first alone, then while N half-open connections (a request head
//! never finished, opened again as soon as the server drops it) press on the server's
//! header timeout and connection cap; it prints the normal client's latency percentiles
//! for both phases and how many half-open connections the server dropped.
//!
//! With `--adds N` it measures how one list's writes grow: N adds to one list, one at
//! a time; it prints the latency of the first and last hundred and the bytes the
//! idempotency records hold (each stores its answer, the whole list, for the replay).
//!
//! ```text
//! cargo run -p server --release --bin loadgen -- --adds 1500 [--max-items 1000]
//! cargo run -p server --release --bin loadgen -- --slow-clients 1000 [--seconds 20] [--header-timeout-ms 2000]
//! ```

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use clap::Parser;
use rusqlite::{Connection, OpenFlags};
use server::client::Client;
use server::faults::{ApplyThenFail, FaultPatch};
use server::sql::{Sql, SqlError, Value};
use server::{Config, SyncMode, Timeouts};

/// A bounded load run on loopback: concurrent clients, duplicate keys and
/// apply-then-fail, then latency, throughput and a duplicate check in SQLite.
#[derive(Parser, Debug, Clone)]
#[command(name = "loadgen")]
struct Args {
    /// Concurrent clients (one keep-alive connection each).
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// Writes per client.
    #[arg(long, default_value_t = 200)]
    writes: usize,
    /// Share of successful writes sent again with the same key (must be replayed).
    #[arg(long, default_value_t = 0.10)]
    duplicates: f64,
    /// Share of applied changes that commit and then fail (503 or dropped connection).
    #[arg(long, default_value_t = 0.05)]
    apply_then_fail: f64,
    /// Seed of the clients' and the server's dice.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The server's SQLite durability (`full` or `normal`).
    #[arg(long, default_value = "full")]
    sync: SyncMode,
    /// Instead of the load run: this many half-open connections beside one normal client.
    #[arg(long, default_value_t = 0)]
    slow_clients: usize,
    /// Slow-client run: seconds of each phase (alone, then beside the slow clients).
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Slow-client run: the server's header timeout, in ms.
    #[arg(long, default_value_t = 2000)]
    header_timeout_ms: u64,
    /// Slow-client run: the server's connection cap (default: the server's default).
    #[arg(long)]
    max_connections: Option<usize>,
    /// Instead of the load run: this many adds to one list, one at a time.
    #[arg(long, default_value_t = 0)]
    adds: usize,
    /// The load run on this Postgres database instead of a temporary SQLite file (it
    /// should be empty: the check counts every row).
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// The server's most items per list (`--adds` run).
    #[arg(long, default_value_t = server::Limits::default().max_items)]
    max_items: usize,
}

/// What one client saw.
#[derive(Default)]
struct Tally {
    /// Latency of every answered request (successes, replays and 503s).
    latencies: Vec<Duration>,
    requests: u64,
    ok_first_try: u64,
    retries_after_503: u64,
    retries_after_drop: u64,
    duplicates_sent: u64,
    duplicates_replayed: u64,
    failures: Vec<String>,
    adds: u64,
}

/// The write a client makes as its `i`th change.
fn change(client: usize, i: usize, rng: &mut fastrand::Rng, adds: u64) -> (Method, String, String) {
    match i % 4 {
        // Lists: add, then toggle or rename an item this client added.
        0 | 1 => {
            let list = format!("load-{client}");
            let path = format!("/api/lists/{list}/changes");
            let body = if i % 4 == 0 || adds == 0 {
                format!(
                    r#"{{"Add":{{"id":"c{client}-i{i}","title":"item {i} of client {client}"}}}}"#
                )
            } else {
                // An item added earlier (adds happen on i = 0, 4, 8, ...).
                let target = 4 * rng.u64(0..adds);
                if rng.bool() {
                    format!(
                        r#"{{"Toggle":{{"id":"c{client}-i{target}","done":{}}}}}"#,
                        rng.bool()
                    )
                } else {
                    format!(
                        r#"{{"Rename":{{"id":"c{client}-i{target}","title":"renamed by write {i}"}}}}"#
                    )
                }
            };
            (Method::POST, path, body)
        }
        // Likes on ten shared posts.
        2 => {
            let post = format!("load-post-{}", rng.usize(0..10));
            let body = format!(r#"{{"post":"{post}","liked":{}}}"#, rng.bool());
            (Method::PUT, format!("/api/likes/{post}"), body)
        }
        // Edits of the shared board's cards (all clients on the same rows).
        _ => {
            let card = ["c1", "c2", "c3"][rng.usize(0..3)];
            let body = format!(
                r#"{{"EditCard":{{"column":"todo","id":"{card}","title":"edited by client {client}, write {i}"}}}}"#
            );
            (Method::POST, "/api/boards/roadmap/changes".to_owned(), body)
        }
    }
}

async fn run_client(addr: std::net::SocketAddr, client: usize, args: Args) -> Tally {
    let mut http = Client::new(addr);
    let mut rng = fastrand::Rng::with_seed(args.seed ^ (client as u64).wrapping_mul(0x9E37_79B9));
    let mut tally = Tally::default();
    for i in 0..args.writes {
        let (method, path, body) = change(client, i, &mut rng, tally.adds);
        let key = format!("load-{client}-{i}");
        let mut answer = None;
        for attempt in 0..20 {
            let started = Instant::now();
            tally.requests += 1;
            match http
                .write(method.clone(), &path, Some(&key), body.clone())
                .await
            {
                Ok(reply) if reply.status == StatusCode::OK => {
                    tally.latencies.push(started.elapsed());
                    if attempt == 0 {
                        tally.ok_first_try += 1;
                    }
                    answer = Some(reply);
                    break;
                }
                Ok(reply) if reply.status == StatusCode::SERVICE_UNAVAILABLE => {
                    tally.latencies.push(started.elapsed());
                    tally.retries_after_503 += 1;
                }
                Ok(reply) => {
                    tally.latencies.push(started.elapsed());
                    tally
                        .failures
                        .push(format!("{key}: {} {}", reply.status, reply.body));
                    break;
                }
                Err(_) => tally.retries_after_drop += 1,
            }
        }
        let Some(answer) = answer else {
            if tally.failures.last().is_none_or(|f| !f.starts_with(&key)) {
                tally
                    .failures
                    .push(format!("{key}: no success after 20 attempts"));
            }
            continue;
        };
        if body.starts_with(r#"{"Add""#) {
            tally.adds += 1;
        }
        if rng.f64() < args.duplicates {
            tally.duplicates_sent += 1;
            tally.requests += 1;
            let started = Instant::now();
            match http.write(method, &path, Some(&key), body).await {
                Ok(reply) if reply.replayed() && reply.body == answer.body => {
                    tally.latencies.push(started.elapsed());
                    tally.duplicates_replayed += 1;
                }
                Ok(reply) if reply.status == StatusCode::SERVICE_UNAVAILABLE => {
                    // Only apply-then-fail answers 503 after applying, and a replay
                    // applies nothing, so this cannot happen.
                    tally.failures.push(format!("{key}: duplicate got a 503"));
                }
                Ok(reply) => tally.failures.push(format!(
                    "{key}: duplicate not replayed: {} {}",
                    reply.status, reply.body
                )),
                // A dropped connection would also mean something was applied.
                Err(e) => tally.failures.push(format!("{key}: duplicate lost: {e}")),
            }
        }
    }
    tally
}

/// The baseline in the same run: the same clients and connections reading (GET of a list,
/// a post's likes, a column's cards), which costs a request and a query but no
/// transaction, key check or fsync.
async fn run_reader(
    addr: std::net::SocketAddr,
    client: usize,
    reads: usize,
) -> Result<Vec<Duration>, String> {
    let mut http = Client::new(addr);
    let mut latencies = Vec::with_capacity(reads);
    for i in 0..reads {
        let path = match i % 4 {
            0 | 1 => format!("/api/lists/load-{client}"),
            2 => format!("/api/likes/load-post-{}", i % 10),
            _ => "/api/boards/roadmap/columns/todo/cards".to_owned(),
        };
        let started = Instant::now();
        let reply = http.get(&path).await.map_err(|e| format!("{path}: {e}"))?;
        if reply.status != StatusCode::OK {
            return Err(format!("{path}: {} {}", reply.status, reply.body));
        }
        latencies.push(started.elapsed());
    }
    Ok(latencies)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// One connection that sends half a request head and waits, opened again each time the
/// server drops it, until `stop`. Returns how many times the server dropped it.
async fn half_open(addr: std::net::SocketAddr, stop: tokio::sync::watch::Receiver<bool>) -> u64 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let head = format!("GET /api/lists/groceries HTTP/1.1\r\nHost: {addr}\r\nAccept: ap");
    let mut dropped = 0;
    while !*stop.borrow() {
        let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        if stream.write_all(head.as_bytes()).await.is_err() {
            dropped += 1;
            continue;
        }
        let mut buf = [0u8; 512];
        let mut stop = stop.clone();
        tokio::select! {
            _ = stream.read(&mut buf) => dropped += 1,
            _ = stop.changed() => break,
        }
    }
    dropped
}

/// The normal client of the slow-client run: a read, then a write, over and over for
/// `length`, each on a new connection (so each one passes the accept loop and the cap,
/// as a new visitor does). Latencies of answered requests, and how many got no answer
/// with a 200 (within 30 s).
async fn normal_client(
    addr: std::net::SocketAddr,
    length: Duration,
    phase: &str,
) -> (Vec<Duration>, u64) {
    let mut latencies = Vec::new();
    let mut lost = 0;
    let end = Instant::now() + length;
    let mut i = 0u64;
    while Instant::now() < end {
        i += 1;
        let started = Instant::now();
        let mut http = Client::new(addr);
        let answer = if i % 2 == 0 {
            tokio::time::timeout(Duration::from_secs(30), http.get("/api/lists/groceries")).await
        } else {
            let body = format!(r#"{{"Add":{{"id":"{phase}-{i}","title":"write {i}"}}}}"#);
            // A new list every 500 adds, under the item cap.
            let path = format!("/api/lists/slow-{phase}-{}/changes", i / 1000);
            let key = format!("{phase}-{i}");
            tokio::time::timeout(
                Duration::from_secs(30),
                http.write(Method::POST, &path, Some(&key), body),
            )
            .await
        };
        match answer {
            Ok(Ok(reply)) if reply.status == StatusCode::OK => latencies.push(started.elapsed()),
            _ => lost += 1,
        }
    }
    latencies.sort();
    (latencies, lost)
}

/// `--slow-clients N`: a normal client alone, then beside N half-open connections.
async fn slow_client_run(args: &Args) -> ExitCode {
    let files = server::fd_limit::raise_open_files();
    let mut config = Config::default().sync(args.sync).timeouts(Timeouts {
        header: Duration::from_millis(args.header_timeout_ms),
        ..Timeouts::default()
    });
    if let Some(cap) = args.max_connections {
        config = config.max_connections(cap);
    }
    let cap = config.max_connections;
    let server = match server::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = server.addr();
    let length = Duration::from_secs(args.seconds);
    println!(
        "loadgen: slow clients: {} half-open connections, header timeout {} ms, cap {cap}, \
         open-file limit {}, {} s per phase",
        args.slow_clients,
        args.header_timeout_ms,
        files.map_or("unknown".to_owned(), |f| f.to_string()),
        args.seconds
    );
    let (alone, lost_alone) = normal_client(addr, length, "alone").await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let slow: Vec<_> = (0..args.slow_clients)
        .map(|_| tokio::spawn(half_open(addr, stopped.clone())))
        .collect();
    // Let them connect before measuring.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let held = server.open_connections();
    let (beside, lost_beside) = normal_client(addr, length, "beside").await;
    let held_at_end = server.open_connections();
    let _ = stop.send(true);
    let mut dropped = 0;
    for task in slow {
        dropped += task.await.unwrap_or(0);
    }
    for (phase, sorted, lost) in [
        ("alone", &alone, lost_alone),
        ("beside the slow clients", &beside, lost_beside),
    ] {
        println!(
            "normal client {phase}: {} answered 200, {lost} not (no answer within 30 s, or another status); p50 {} p99 {} max {}",
            sorted.len(),
            ms(percentile(sorted, 50.0)),
            ms(percentile(sorted, 99.0)),
            ms(percentile(sorted, 100.0))
        );
    }
    println!(
        "server: {held} connections open after the slow clients connected, {held_at_end} at the \
         end; half-open connections closed by the server (header timeout, or eviction at the cap): {dropped}"
    );
    server.stop().await;
    if lost_beside > 0 || beside.is_empty() {
        eprintln!("loadgen: the normal client was not served beside the slow clients");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `--adds N`: one list grown by N adds; latency of the first and last hundred, and the
/// size of the idempotency records.
async fn growth_run(args: &Args) -> ExitCode {
    let config = Config::default().sync(args.sync).limits(server::Limits {
        max_items: args.max_items,
        ..server::Limits::default()
    });
    let server = match server::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut http = Client::new(server.addr());
    let mut latencies = Vec::new();
    let (mut applied, mut refused) = (0, 0);
    for i in 0..args.adds {
        let body =
            format!(r#"{{"Add":{{"id":"g{i}","title":"item number {i} of the growth run"}}}}"#);
        let started = Instant::now();
        match http
            .write(
                Method::POST,
                "/api/lists/growth/changes",
                Some(&format!("g{i}")),
                body,
            )
            .await
        {
            Ok(reply) if reply.status == StatusCode::OK => applied += 1,
            Ok(reply) if reply.status == StatusCode::UNPROCESSABLE_ENTITY => refused += 1,
            other => {
                eprintln!("loadgen: add {i}: {other:?}");
                return ExitCode::FAILURE;
            }
        }
        latencies.push(started.elapsed());
    }
    let window = 100.min(latencies.len());
    let mut first = latencies[..window].to_vec();
    let mut last = latencies[latencies.len() - window..].to_vec();
    first.sort();
    last.sort();
    // Read while the server runs: its temporary database goes when it stops.
    let db = server.db_path().to_path_buf();
    let sizes = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).and_then(|c| {
        let records: i64 = c.query_row(
            "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM idempotency_keys",
            [],
            |r| r.get(0),
        )?;
        let file: i64 = c.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?;
        Ok((records, file))
    });
    server.stop().await;
    let Ok((records, file)) = sizes else {
        eprintln!("loadgen: cannot read the database sizes: {sizes:?}");
        return ExitCode::FAILURE;
    };
    println!(
        "loadgen: {} adds to one list (max items {}): {applied} applied, {refused} refused (422)",
        args.adds, args.max_items
    );
    println!(
        "first {window}: p50 {} p99 {}; last {window}: p50 {} p99 {}",
        ms(percentile(&first, 50.0)),
        ms(percentile(&first, 99.0)),
        ms(percentile(&last, 50.0)),
        ms(percentile(&last, 99.0))
    );
    println!(
        "idempotency records: {:.1} MB of stored answers; database file {:.1} MB",
        records as f64 / 1e6,
        file as f64 / 1e6
    );
    ExitCode::SUCCESS
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.slow_clients > 0 {
        return slow_client_run(&args).await;
    }
    if args.adds > 0 {
        return growth_run(&args).await;
    }
    let mut config = Config::default().faults(true).sync(args.sync);
    if let Some(url) = &args.database_url {
        config = config.database_url(url.clone());
    }
    let server = match server::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let patch = FaultPatch {
        apply_then_fail_rate: Some(args.apply_then_fail),
        apply_then_fail_mode: Some(ApplyThenFail::Mixed),
        seed: Some(args.seed),
        ..FaultPatch::default()
    };
    if let Err(p) = server.faults().update(patch) {
        eprintln!("loadgen: {p}");
        return ExitCode::FAILURE;
    }
    println!(
        "loadgen: {} clients x {} writes on {} (database {}, sync {:?}), {}% duplicates, {}% apply-then-fail (503 or dropped connection)",
        args.clients,
        args.writes,
        server.url(),
        server.db_path().display(),
        args.sync,
        args.duplicates * 100.0,
        args.apply_then_fail * 100.0
    );

    // Baseline first, on the same server and database.
    let started = Instant::now();
    let readers: Vec<_> = (0..args.clients)
        .map(|c| tokio::spawn(run_reader(server.addr(), c, args.writes)))
        .collect();
    let mut reads = Vec::new();
    for reader in readers {
        match reader.await {
            Ok(Ok(l)) => reads.extend(l),
            Ok(Err(e)) => {
                eprintln!("loadgen: baseline read failed: {e}");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("loadgen: a reader panicked: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let read_time = started.elapsed();
    reads.sort();

    let started = Instant::now();
    let tasks: Vec<_> = (0..args.clients)
        .map(|c| tokio::spawn(run_client(server.addr(), c, args.clone())))
        .collect();
    let mut total = Tally::default();
    let mut adds_per_client = HashMap::new();
    for (c, task) in tasks.into_iter().enumerate() {
        let t = match task.await {
            Ok(t) => t,
            Err(e) => {
                eprintln!("loadgen: client {c} panicked: {e}");
                return ExitCode::FAILURE;
            }
        };
        adds_per_client.insert(c, t.adds);
        total.latencies.extend(t.latencies);
        total.requests += t.requests;
        total.ok_first_try += t.ok_first_try;
        total.retries_after_503 += t.retries_after_503;
        total.retries_after_drop += t.retries_after_drop;
        total.duplicates_sent += t.duplicates_sent;
        total.duplicates_replayed += t.duplicates_replayed;
        total.failures.extend(t.failures);
    }
    let elapsed = started.elapsed();
    let stats = server.faults().stats();
    // The database is the judge (SQLite or Postgres, through the server's connection).
    let count = |conn: &dyn Sql, sql: &str, args: &[Value]| -> Result<i64, SqlError> {
        conn.row(sql, args)?
            .map(|r| r.int(0))
            .transpose()
            .map(|n| n.unwrap_or(0))
    };
    let check = server
        .db()
        .run(move |conn| {
            (|| -> Result<(i64, i64, i64, Vec<String>), SqlError> {
                let duplicates = count(
                    conn,
                    "SELECT COUNT(*) FROM (SELECT idempotency_key FROM applied_changes
                     GROUP BY idempotency_key HAVING COUNT(*) > 1) AS twice",
                    &[],
                )?;
                let applied = count(conn, "SELECT COUNT(*) FROM applied_changes", &[])?;
                let keys = count(conn, "SELECT COUNT(*) FROM idempotency_keys", &[])?;
                let mut wrong_lists = Vec::new();
                for (client, adds) in &adds_per_client {
                    let items = count(
                        conn,
                        "SELECT COUNT(*) FROM list_items WHERE list = ?1",
                        &[format!("load-{client}").into()],
                    )?;
                    if items != *adds as i64 {
                        wrong_lists.push(format!("load-{client}: {items} items, {adds} added"));
                    }
                }
                Ok((duplicates, applied, keys, wrong_lists))
            })()
            .map_err(server::db::sql)
        })
        .await;
    server.stop().await;
    let (duplicates, applied, keys, wrong_lists) = match check {
        Ok(c) => c,
        Err(e) => {
            eprintln!("loadgen: cannot read the database: {e}");
            return ExitCode::FAILURE;
        }
    };

    let mut sorted = total.latencies.clone();
    sorted.sort();
    let logical = (args.clients * args.writes) as f64;
    println!(
        "baseline (reads)  {} GETs in {:.2} s: {:.0} requests/s; latency p50 {}  p90 {}  p99 {}  max {}",
        reads.len(),
        read_time.as_secs_f64(),
        reads.len() as f64 / read_time.as_secs_f64(),
        ms(percentile(&reads, 50.0)),
        ms(percentile(&reads, 90.0)),
        ms(percentile(&reads, 99.0)),
        ms(percentile(&reads, 100.0))
    );
    println!(
        "writes            {} requests ({} answered, {} connections dropped) in {:.2} s: {:.0} requests/s, {:.0} changes/s",
        total.requests,
        sorted.len(),
        total.retries_after_drop,
        elapsed.as_secs_f64(),
        sorted.len() as f64 / elapsed.as_secs_f64(),
        logical / elapsed.as_secs_f64()
    );
    println!(
        "write latency     p50 {}  p90 {}  p99 {}  max {} (every answered write: first tries, retries, replays, 503s)",
        ms(percentile(&sorted, 50.0)),
        ms(percentile(&sorted, 90.0)),
        ms(percentile(&sorted, 99.0)),
        ms(percentile(&sorted, 100.0))
    );
    println!(
        "changes           {} sent, {} ok on the first try, {} retries after a 503, {} after a dropped connection",
        logical, total.ok_first_try, total.retries_after_503, total.retries_after_drop
    );
    println!("apply-then-fail   {} (server count)", stats.apply_then_fail);
    println!(
        "duplicates        {} sent, {} replayed with the first answer",
        total.duplicates_sent, total.duplicates_replayed
    );
    println!(
        "database          {applied} rows in applied_changes, {keys} idempotency keys, {duplicates} keys applied more than once"
    );
    let mut ok = true;
    if duplicates != 0 {
        println!("FAIL: {duplicates} changes were applied more than once");
        ok = false;
    }
    if applied as f64 != logical - total.failures.len() as f64 {
        println!(
            "FAIL: {applied} changes applied, {} expected",
            logical - total.failures.len() as f64
        );
        ok = false;
    }
    if !wrong_lists.is_empty() {
        println!("FAIL: lists that do not hold what was added: {wrong_lists:?}");
        ok = false;
    }
    if !total.failures.is_empty() {
        println!("FAIL: {} changes not accepted:", total.failures.len());
        for f in total.failures.iter().take(10) {
            println!("  {f}");
        }
        ok = false;
    }
    if ok {
        println!("OK: every change applied exactly once (0 duplicates in the database)");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
