//! Every endpoint of docs/api.md over real HTTP, against a server on a free port with
//! its own database file.

mod common;

use axum::http::{Method, StatusCode};
use common::{assert_problem, count, ids, Harness};
use serde_json::{json, Value};

const LIST: &str = "/api/lists/groceries";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_read_and_every_change_applies() {
    let mut h = Harness::start().await;
    let seeded = h.get_json(LIST).await;
    assert_eq!(ids(&seeded), ["seed-1", "seed-2", "seed-3", "seed-4"]);
    assert_eq!(
        seeded[2],
        json!({"id": "seed-3", "title": "Coffee beans", "done": true})
    );
    assert_eq!(h.get_json("/api/lists/never-written").await, json!([]));

    let changes = "/api/lists/groceries/changes";
    let reply = h
        .post(
            changes,
            Some("k-add"),
            r#"{"Add":{"id":"n1","title":"Eggs"}}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(!reply.replayed());
    let after: Value = reply.json().unwrap();
    assert_eq!(
        after[4],
        json!({"id": "n1", "title": "Eggs", "done": false})
    );

    let after: Value = h
        .post(
            changes,
            Some("k-rename"),
            r#"{"Rename":{"id":"n1","title":"Free-range eggs"}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(after[4]["title"], "Free-range eggs");

    let after: Value = h
        .post(
            changes,
            Some("k-toggle"),
            r#"{"Toggle":{"id":"n1","done":true}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(after[4]["done"], true);

    let after: Value = h
        .post(changes, Some("k-move"), r#"{"Move":{"id":"n1","to":0}}"#)
        .await
        .json()
        .unwrap();
    assert_eq!(ids(&after), ["n1", "seed-1", "seed-2", "seed-3", "seed-4"]);
    // A position past the end is clamped, as ListChange::apply does.
    let after: Value = h
        .post(
            changes,
            Some("k-move-far"),
            r#"{"Move":{"id":"seed-1","to":99}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(ids(&after), ["n1", "seed-2", "seed-3", "seed-4", "seed-1"]);

    let after: Value = h
        .post(changes, Some("k-delete"), r#"{"Delete":{"id":"seed-2"}}"#)
        .await
        .json()
        .unwrap();
    assert_eq!(ids(&after), ["n1", "seed-3", "seed-4", "seed-1"]);

    // What GET answers is what the writes answered, and the database agrees.
    assert_eq!(h.get_json(LIST).await, after);
    assert_eq!(
        count(
            &h.db_path(),
            "SELECT COUNT(*) FROM list_items WHERE list = ?1",
            "groceries"
        ),
        4
    );
    assert_eq!(h.applied_total(), 6);

    // A new list is created by its first write.
    let created: Value = h
        .post(
            "/api/lists/weekend/changes",
            Some("k-new-list"),
            r#"{"Add":{"id":"w1","title":"Hike"}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(ids(&created), ["w1"]);
    assert_eq!(ids(&h.get_json("/api/lists/weekend").await), ["w1"]);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn likes_read_set_and_count_once_per_state_change() {
    let mut h = Harness::start().await;
    assert_eq!(
        h.get_json("/api/likes/post-1").await,
        json!({"liked": false, "count": 41})
    );
    assert_eq!(
        h.get_json("/api/likes/unknown-post").await,
        json!({"liked": false, "count": 0})
    );

    let reply = h
        .put(
            "/api/likes/post-1",
            Some("like-1"),
            r#"{"post":"post-1","liked":true}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.json::<Value>().unwrap(),
        json!({"liked": true, "count": 42})
    );
    // Liking again with a new key is a new request, but Likes::with_liked counts once.
    let again: Value = h
        .put(
            "/api/likes/post-1",
            Some("like-2"),
            r#"{"post":"post-1","liked":true}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(again, json!({"liked": true, "count": 42}));
    let unliked: Value = h
        .put(
            "/api/likes/post-1",
            Some("like-3"),
            r#"{"post":"post-1","liked":false}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(unliked, json!({"liked": false, "count": 41}));
    assert_eq!(h.get_json("/api/likes/post-1").await, unliked);

    // The body must be about the URL's post.
    let reply = h
        .put(
            "/api/likes/post-1",
            Some("like-4"),
            r#"{"post":"post-2","liked":true}"#,
        )
        .await;
    let problem = assert_problem(&reply, 422);
    assert!(
        problem["detail"].as_str().unwrap().contains("post-2"),
        "{problem}"
    );
    assert_eq!(h.get_json("/api/likes/post-2").await["count"], 7);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boards_read_columns_and_cards_and_apply_changes() {
    let mut h = Harness::start().await;
    let columns = h.get_json("/api/boards/roadmap").await;
    assert_eq!(
        columns,
        json!([{"id":"todo","title":"To do"},{"id":"doing","title":"Doing"},{"id":"done","title":"Done"}])
    );
    assert_eq!(
        ids(&h.get_json("/api/boards/roadmap/columns/todo/cards").await),
        ["c1", "c2", "c3"]
    );
    assert_eq!(
        ids(&h.get_json("/api/boards/roadmap/columns/doing/cards").await),
        ["c4"]
    );
    assert_problem(&h.get("/api/boards/nope").await, 404);
    assert_problem(&h.get("/api/boards/roadmap/columns/nope/cards").await, 404);
    assert_problem(&h.get("/api/boards/nope/columns/todo/cards").await, 404);

    let changes = "/api/boards/roadmap/changes";
    let reply = h
        .post(
            changes,
            Some("b-add"),
            r#"{"AddCard":{"column":"todo","card":{"id":"c9","title":"Plan the launch"}}}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let answer: Value = reply.json().unwrap();
    assert_eq!(answer["columns"].as_object().unwrap().len(), 1);
    assert_eq!(ids(&answer["columns"]["todo"]), ["c1", "c2", "c3", "c9"]);

    let answer: Value = h
        .post(
            changes,
            Some("b-edit"),
            r#"{"EditCard":{"column":"todo","id":"c9","title":"Plan the launch party"}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(
        answer["columns"]["todo"][3]["title"],
        "Plan the launch party"
    );

    // A move touches two columns and answers both.
    let answer: Value = h
        .post(
            changes,
            Some("b-move"),
            r#"{"MoveCard":{"card":{"id":"c1","title":"Write the release notes"},"from":"todo","to":"doing","index":0}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(ids(&answer["columns"]["todo"]), ["c2", "c3", "c9"]);
    assert_eq!(ids(&answer["columns"]["doing"]), ["c1", "c4"]);
    assert_eq!(
        ids(&h.get_json("/api/boards/roadmap/columns/doing/cards").await),
        ["c1", "c4"]
    );
    assert_eq!(
        ids(&h.get_json("/api/boards/roadmap/columns/todo/cards").await),
        ["c2", "c3", "c9"]
    );

    // A move within one column reorders it.
    let answer: Value = h
        .post(
            changes,
            Some("b-reorder"),
            r#"{"MoveCard":{"card":{"id":"c9","title":"x"},"from":"todo","to":"todo","index":0}}"#,
        )
        .await
        .json()
        .unwrap();
    assert_eq!(ids(&answer["columns"]["todo"]), ["c9", "c2", "c3"]);
    // The server keeps its own title for a moved card, not the one the move carried.
    assert_eq!(
        answer["columns"]["todo"][0]["title"],
        "Plan the launch party"
    );

    // Every card is in exactly one column in the database.
    assert_eq!(
        count(
            &h.db_path(),
            "SELECT COUNT(*) FROM board_cards WHERE board = ?1",
            "roadmap"
        ),
        6
    );
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_and_methods_are_problems() {
    let mut h = Harness::start().await;
    assert_problem(&h.get("/api/nothing/here").await, 404);
    assert_problem(&h.get("/api").await, 404);
    let reply = h
        .client
        .send(Method::DELETE, LIST, &[], None)
        .await
        .unwrap();
    let problem = assert_problem(&reply, 405);
    assert_eq!(problem["instance"], LIST);
    assert!(reply.header("allow").is_some());
    // Without --static-dir, other paths are 404 problems too.
    assert_problem(&h.get("/index.html").await, 404);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_controls_do_not_exist_without_the_flag() {
    let mut h = Harness::start_with(|c| c.faults(false)).await;
    assert_problem(&h.get("/_faults").await, 404);
    let reply = h
        .try_write(Method::PUT, "/_faults", None, r#"{"offline":true}"#)
        .await
        .unwrap();
    assert_problem(&reply, 404);
    let reply = h.post("/_faults/reset", None, "{}").await;
    assert_problem(&reply, 404);
    // And nothing changed: the API still answers.
    assert_eq!(h.get("/api/lists/groceries").await.status, StatusCode::OK);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_served_with_index_html_as_the_fallback() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!doctype html><title>gallery</title>",
    )
    .unwrap();
    std::fs::write(site.path().join("app.js"), "console.log('hi')").unwrap();
    let dir = site.path().to_path_buf();
    let mut h = Harness::start_with(move |c| c.static_dir(dir)).await;

    let index = h.get("/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("<title>gallery</title>"));
    let js = h.get("/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.body, "console.log('hi')");
    assert!(js.header("content-type").unwrap().contains("javascript"));
    // A deep link of the gallery's router gets index.html.
    let deep = h.get("/story/editable-list/offline").await;
    assert_eq!(deep.status, StatusCode::OK);
    assert!(deep.body.contains("<title>gallery</title>"));
    // The API and the controls are never index.html.
    assert_problem(&h.get("/api/nope").await, 404);
    assert_eq!(h.get("/_faults").await.status, StatusCode::OK);
    assert_eq!(h.get("/api/lists/groceries").await.status, StatusCode::OK);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_is_answered_only_when_asked_for() {
    let preflight = [
        ("origin", "http://127.0.0.1:9999".to_owned()),
        ("access-control-request-method", "POST".to_owned()),
        (
            "access-control-request-headers",
            "content-type,idempotency-key".to_owned(),
        ),
    ];
    let mut h = Harness::start_with(|c| c.cors(true)).await;
    let reply = h
        .client
        .send(
            Method::OPTIONS,
            "/api/lists/groceries/changes",
            &preflight,
            None,
        )
        .await
        .unwrap();
    assert!(reply.status.is_success(), "{}", reply.status);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let allowed = reply
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    let reply = h
        .post(
            "/api/lists/groceries/changes",
            Some("cors-1"),
            r#"{"Delete":{"id":"seed-1"}}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    h.server.stop().await;

    let mut h = Harness::start().await;
    let reply = h
        .client
        .send(
            Method::OPTIONS,
            "/api/lists/groceries/changes",
            &preflight,
            None,
        )
        .await
        .unwrap();
    assert!(reply.header("access-control-allow-origin").is_none());
    h.server.stop().await;
}
