//! What a hostile page or client tries against the server: redirects to another host,
//! cross-site and rebinding requests to the fault controls, a key TTL that turns
//! idempotency off, paths that fall back to index.html, encoded bodies, symlinks out of
//! the static folder, framing and sniffing, invisible or reordering titles.

mod common;

use std::path::Path;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{assert_problem, raw, raw_header, raw_status, Harness};
use server::client::Reply;

const CHANGES: &str = "/api/lists/groceries/changes";
const PATIENCE: Duration = Duration::from_secs(5);

/// A one-request raw exchange with these extra header lines.
async fn raw_get(h: &Harness, path: &str, host: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    raw(h.server.addr(), request.as_bytes(), PATIENCE).await.0
}

fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("site file");
    std::fs::write(
        site.path().join("index.html"),
        "<!doctype html><title>gallery</title>",
    )
    .expect("site file");
    std::fs::write(site.path().join("app.js"), "console.log('hi')").expect("site file");
    std::fs::create_dir(site.path().join("sub")).expect("site file");
    std::fs::write(site.path().join("sub").join("index.html"), "sub").expect("site file");
    site
}

async fn with_site(site: &Path) -> Harness {
    let dir = site.to_path_buf();
    Harness::start_with(move |c| c.static_dir(dir)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn double_slash_paths_never_redirect_to_another_host() {
    let site = site();
    let h = with_site(site.path()).await;
    let host = h.server.addr().to_string();
    for path in [
        "//sub",
        "///sub",
        "//sub/",
        "/sub",
        "//%2fsub",
        "/%2f%2fsub",
    ] {
        let answer = raw_get(&h, path, &host).await;
        let status = raw_status(&answer);
        assert!(status != 0, "{path}: no answer");
        if let Some(location) = raw_header(&answer, "location") {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\"),
                "{path}: redirected to {location:?}"
            );
        }
    }
    h.server.stop().await;
}

async fn send(h: &mut Harness, method: Method, path: &str, headers: &[(&str, &str)]) -> Reply {
    let headers: Vec<(&str, String)> = headers.iter().map(|(n, v)| (*n, v.to_string())).collect();
    let body = if method == Method::PUT {
        r#"{"latency_ms":5}"#
    } else {
        "{}"
    };
    h.client
        .send(method, path, &headers, Some(body.into()))
        .await
        .expect("an answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_writes_need_json_and_the_same_origin() {
    let mut h = Harness::start().await;
    let own = format!("http://{}", h.server.addr());
    let json = ("content-type", "application/json");
    // A cross-site <form> (no JSON, no preflight) cannot reset the data.
    for form in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let reply = send(
            &mut h,
            Method::POST,
            "/_faults/reset",
            &[("content-type", form)],
        )
        .await;
        assert_problem(&reply, 415);
    }
    let reply = send(&mut h, Method::POST, "/_faults/reset", &[]).await;
    assert_problem(&reply, 415);
    // Another site's page, JSON or not, is refused.
    for (method, path) in [(Method::PUT, "/_faults"), (Method::POST, "/_faults/reset")] {
        let reply = send(
            &mut h,
            method.clone(),
            path,
            &[json, ("origin", "https://evil.example")],
        )
        .await;
        assert_problem(&reply, 403);
        let reply = send(&mut h, method, path, &[json, ("origin", "null")]).await;
        assert_problem(&reply, 403);
    }
    let state = h.get_json("/_faults").await;
    assert_eq!(state["settings"]["latency_ms"], 0, "{state}");
    // The page of this server, a proxy in front of it (trunk serve's, which names the
    // page's host in X-Forwarded-Host), and clients without an Origin (curl) may.
    let reply = send(&mut h, Method::PUT, "/_faults", &[json, ("origin", &own)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = send(
        &mut h,
        Method::POST,
        "/_faults/reset",
        &[
            json,
            ("origin", "http://127.0.0.1:8080"),
            ("x-forwarded-host", "127.0.0.1:8080"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = send(&mut h, Method::POST, "/_faults/reset", &[json]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_server_refuses_other_host_names() {
    let h = Harness::start().await;
    let port = h.server.addr().port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        // trunk serve's proxy leaves the port out; the port is not what rebinding forges.
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let answer = raw_get(&h, "/api/lists/groceries", &host).await;
        assert_eq!(raw_status(&answer), 200, "{host}: {answer}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        for path in ["/api/lists/groceries", "/_faults"] {
            let answer = raw_get(&h, path, &host).await;
            assert_eq!(raw_status(&answer), 421, "{host} {path}: {answer}");
            assert!(answer.contains("application/problem+json"), "{answer}");
        }
    }
    h.server.stop().await;
}

#[test]
fn the_binary_refuses_a_key_ttl_below_the_floor() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--port", "0", "--key-ttl", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("server starts");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let status = status.expect("`--key-ttl 0` was accepted: the server kept running");
    assert!(!status.success());
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err).unwrap();
    assert!(err.contains("key-ttl") && err.contains("60"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_navigation_paths_fall_back_to_index_html() {
    let site = site();
    let mut h = with_site(site.path()).await;
    for path in ["/api/", "/api", "/api/nope", "/_faults/", "/_faults/nope"] {
        assert_problem(&h.get(path).await, 404);
    }
    for path in ["/missing.js", "/assets/app-1234.wasm", "/sub/missing.css"] {
        assert_problem(&h.get(path).await, 404);
    }
    for path in ["/", "/story/editable-list/offline", "/story"] {
        let reply = h.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(reply.body.contains("<title>gallery</title>"), "{path}");
    }
    assert_eq!(h.get("/app.js").await.body, "console.log('hi')");
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encoded_bodies_are_415() {
    let mut h = Harness::start().await;
    let body = r#"{"Add":{"id":"enc","title":"Encoded"}}"#;
    for encoding in ["gzip", "br", "deflate", "x-anything"] {
        let key = format!("enc-{encoding}");
        let reply = h
            .client
            .send(
                Method::POST,
                CHANGES,
                &[
                    ("content-type", "application/json".into()),
                    ("idempotency-key", key.clone()),
                    ("content-encoding", encoding.into()),
                ],
                Some(body.into()),
            )
            .await
            .expect("an answer");
        assert_problem(&reply, 415);
        assert_eq!(h.applied_with(&key), 0);
    }
    let reply = h
        .client
        .send(
            Method::POST,
            CHANGES,
            &[
                ("content-type", "application/json".into()),
                ("idempotency-key", "enc-identity".into()),
                ("content-encoding", "identity".into()),
            ],
            Some(body.into()),
        )
        .await
        .expect("an answer");
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    h.server.stop().await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symlinks_out_of_the_static_dir_are_refused() {
    let site = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("leakdir")).unwrap();
    std::os::unix::fs::symlink(site.path().join("app.js"), site.path().join("alias.js")).unwrap();
    let mut h = with_site(site.path()).await;
    for path in ["/leak.txt", "/leakdir/secret.txt", "/leakdir/"] {
        let reply = h.get(path).await;
        assert!(!reply.body.contains("SECRET"), "{path}: {}", reply.body);
        assert!(
            reply.status == StatusCode::NOT_FOUND || reply.status == StatusCode::FORBIDDEN,
            "{path}: {}",
            reply.status
        );
    }
    // A link that stays inside is served.
    assert_eq!(h.get("/alias.js").await.body, "console.log('hi')");
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_the_security_headers() {
    let site = site();
    let mut h = with_site(site.path()).await;
    let mut replies = vec![
        h.get("/").await,
        h.get("/app.js").await,
        h.get("/api/lists/groceries").await,
        h.get("/api/nope").await,
        h.get("/_faults").await,
        h.post(CHANGES, None, "{}").await,
    ];
    replies.push(
        h.client
            .send(Method::DELETE, "/api/lists/groceries", &[], None)
            .await
            .expect("an answer"),
    );
    for reply in replies {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
        let csp = reply.header("content-security-policy").unwrap_or_default();
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "'wasm-unsafe-eval'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(part), "CSP without {part}: {csp}");
        }
    }
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn titles_that_look_blank_or_reorder_text_are_422() {
    let mut h = Harness::start().await;
    let refused = [
        "\u{200B}",
        " \u{200B} ",
        "\u{FEFF}",
        "\u{2060}\u{2061}",
        "\u{200D}\u{200C}",
        "\u{3164}",
        "\u{115F}\u{1160}",
        "\u{2800}",
        "\u{00AD}",
        "\u{E0020}\u{E0041}",
        "\u{FE0F}",
        "\u{3000}\u{00A0}",
        "abc\u{202E}txt.exe",
        "\u{202A}x",
        "x\u{202B}",
        "x\u{202C}",
        "x\u{202D}",
        "\u{2066}x\u{2069}",
        "\u{2067}x",
        "\u{2068}x",
    ];
    for (n, title) in refused.iter().enumerate() {
        let key = format!("title-{n}");
        let body = serde_json::json!({"Add": {"id": format!("t{n}"), "title": title}});
        let reply = h.post(CHANGES, Some(&key), &body.to_string()).await;
        assert_problem(&reply, 422);
        assert_eq!(h.applied_with(&key), 0, "{title:?}");
        // Renames and board cards are checked the same way.
        let body = serde_json::json!({"Rename": {"id": "seed-1", "title": title}});
        assert_problem(
            &h.post(CHANGES, Some(&format!("{key}-r")), &body.to_string())
                .await,
            422,
        );
    }
    // Right-to-left text, emoji with joiners and marks stay fine.
    for (n, title) in [
        "שלום עולם",
        "مرحبا\u{200F}",
        "👩\u{200D}💻 code",
        "e\u{301}",
    ]
    .iter()
    .enumerate()
    {
        let body = serde_json::json!({"Add": {"id": format!("ok{n}"), "title": title}});
        let reply = h
            .post(CHANGES, Some(&format!("ok-{n}")), &body.to_string())
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{title:?}: {}", reply.body);
    }
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_mode_is_the_one_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    for (mode, pragma) in [(server::SyncMode::Full, 2), (server::SyncMode::Normal, 1)] {
        let db = server::db::Db::open_with(Some(&dir.path().join("s.sqlite3")), mode).unwrap();
        let got: i64 = db
            .run(|c| {
                c.row("PRAGMA synchronous", &[])
                    .and_then(|r| r.map(|r| r.int(0)).transpose())
                    .map_err(server::db::sql)
            })
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got, pragma, "{mode:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_and_columns_hold_at_most_max_items() {
    let mut h = Harness::start_with(|c| {
        c.limits(server::Limits {
            max_items: 3,
            ..server::Limits::default()
        })
    })
    .await;
    let add = |id: &str| format!(r#"{{"Add":{{"id":"{id}","title":"Item {id}"}}}}"#);
    let path = "/api/lists/capped/changes";
    for id in ["a", "b", "c"] {
        let reply = h.post(path, Some(&format!("cap-{id}")), &add(id)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let problem = assert_problem(&h.post(path, Some("cap-d"), &add("d")).await, 422);
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .ends_with("/too-many-items"),
        "{problem}"
    );
    assert_eq!(h.applied_with("cap-d"), 0);
    assert_eq!(h.keys_stored("cap-d"), 0);
    // Other changes of a full list still apply.
    let rename = r#"{"Rename":{"id":"a","title":"Renamed"}}"#;
    assert_eq!(
        h.post(path, Some("cap-r"), rename).await.status,
        StatusCode::OK
    );
    // The seeded list (4 items) is already over: no add.
    assert_problem(&h.post(CHANGES, Some("cap-g"), &add("g")).await, 422);

    // Board columns: a card added to, or moved into, a full column is refused.
    let board = "/api/boards/roadmap/changes";
    let cards = |column: &str| format!("/api/boards/roadmap/columns/{column}/cards");
    // The seed: `todo` holds 3 cards (full under this cap), `doing` 1.
    let (full, other) = ("todo", "doing");
    assert_eq!(h.get_json(&cards(full)).await.as_array().unwrap().len(), 3);
    let card =
        serde_json::json!({"AddCard": {"column": full, "card": {"id": "cx", "title": "New"}}});
    assert_problem(
        &h.post(board, Some("cap-card"), &card.to_string()).await,
        422,
    );
    let moved: serde_json::Value = h.get_json(&cards(other)).await[0].clone();
    let mv =
        serde_json::json!({"MoveCard": {"card": moved, "from": other, "to": full, "index": 0}});
    assert_problem(&h.post(board, Some("cap-move"), &mv.to_string()).await, 422);
    h.server.stop().await;
}
