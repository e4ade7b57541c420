//! Clients that are slow or never finish: timeouts close their connections and a cap
//! bounds how many are held, so the server keeps answering everyone else.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{raw, raw_status, Harness};
use server::client::Client;
use server::Timeouts;

const LONG: Duration = Duration::from_secs(60);
const SHORT: Duration = Duration::from_millis(300);
/// How long a test waits for what should happen in about SHORT (never a timing claim:
/// only "it happened at all").
const PATIENCE: Duration = Duration::from_secs(5);

fn half_request(h: &Harness) -> Vec<u8> {
    format!(
        "GET /api/lists/groceries HTTP/1.1\r\nHost: {}\r\nAccept: appl",
        h.server.addr()
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_request_is_dropped_after_the_header_timeout() {
    let h = Harness::start_with(|c| {
        c.timeouts(Timeouts {
            header: SHORT,
            body: LONG,
            idle: LONG,
        })
    })
    .await;
    let (answer, closed) = raw(h.server.addr(), &half_request(&h), PATIENCE).await;
    assert!(closed, "the connection is still open; got {answer:?}");
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed() {
    let h = Harness::start_with(|c| {
        c.timeouts(Timeouts {
            header: LONG,
            body: LONG,
            idle: SHORT,
        })
    })
    .await;
    let request = format!(
        "GET /api/lists/groceries HTTP/1.1\r\nHost: {}\r\n\r\n",
        h.server.addr()
    );
    let (answer, closed) = raw(h.server.addr(), request.as_bytes(), PATIENCE).await;
    assert_eq!(raw_status(&answer), 200, "{answer}");
    assert!(closed, "the idle connection is still open");
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_slower_than_the_body_timeout_is_408() {
    let h = Harness::start_with(|c| {
        c.timeouts(Timeouts {
            header: LONG,
            body: SHORT,
            idle: LONG,
        })
    })
    .await;
    let body = r#"{"Add":{"id":"slow","title":"Slow"}}"#;
    let request = format!(
        "POST /api/lists/groceries/changes HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: slow-1\r\n\
         Content-Length: {}\r\n\r\n{}",
        h.server.addr(),
        body.len(),
        &body[..10]
    );
    let (answer, _) = raw(h.server.addr(), request.as_bytes(), PATIENCE).await;
    assert_eq!(raw_status(&answer), 408, "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert_eq!(h.applied_with("slow-1"), 0);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_beyond_the_cap_do_not_lock_out_a_normal_client() {
    const CAP: usize = 8;
    const SLOW: usize = 20;
    let h = Harness::start_with(|c| {
        c.max_connections(CAP).timeouts(Timeouts {
            header: Duration::from_millis(400),
            body: LONG,
            idle: Duration::from_millis(400),
        })
    })
    .await;
    let addr = h.server.addr();
    let half = half_request(&h);
    let slow: Vec<_> = (0..SLOW)
        .map(|_| {
            let half = half.clone();
            tokio::spawn(async move { raw(addr, &half, PATIENCE * 2).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        h.server.open_connections() <= CAP,
        "{} connections held with a cap of {CAP}",
        h.server.open_connections()
    );
    // More slow sockets than the cap are open (the rest wait in the backlog); a normal
    // client is still answered once the timeouts free connections.
    let mut client = Client::new(addr);
    let reply = tokio::time::timeout(PATIENCE, client.get("/api/lists/groceries"))
        .await
        .expect("a normal client is answered")
        .expect("an answer");
    assert_eq!(reply.status, StatusCode::OK);
    for task in slow {
        let (answer, closed) = task.await.expect("slow client task");
        assert!(closed, "a slow client kept its connection: {answer:?}");
    }
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_cap_a_new_client_takes_the_place_of_a_stalled_one() {
    use tokio::io::AsyncWriteExt;
    const CAP: usize = 4;
    let h = Harness::start_with(|c| {
        c.max_connections(CAP).timeouts(Timeouts {
            header: LONG,
            body: LONG,
            idle: LONG,
        })
    })
    .await;
    let addr = h.server.addr();
    // CAP connections that never finish their request head hold every slot, and no
    // timeout will free one within this test.
    let mut stalled = Vec::new();
    for _ in 0..CAP {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(&half_request(&h)).await.expect("send");
        stalled.push(stream);
    }
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while h.server.open_connections() < CAP && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(h.server.open_connections(), CAP);
    // A new client is answered anyway: it takes the place of a stalled connection.
    for _ in 0..3 {
        let mut client = Client::new(addr);
        let reply = tokio::time::timeout(PATIENCE, client.get("/api/lists/groceries"))
            .await
            .expect("a new client is answered at the cap")
            .expect("an answer");
        assert_eq!(reply.status, StatusCode::OK);
        assert!(h.server.open_connections() <= CAP);
    }
    drop(stalled);
    h.server.stop().await;
}
