//! `/api/feeds/{feed}`: pages by cursor newest first, posting once per key with the
//! post as the answer, the refusals the gallery's simulated feed gives (shared through
//! `wire::feed`), and the feed's seed in a database made before feeds existed.

mod common;

use axum::http::StatusCode;
use common::{assert_problem, count, ids, Harness};
use serde_json::{json, Value};
use wire::feed::{FeedPage, Post, PAGE_SIZE};

const FEED: &str = "/api/feeds/main";
const POSTS: &str = "/api/feeds/main/posts";

fn page(v: &Value) -> FeedPage {
    serde_json::from_value(v.clone()).expect("a feed page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_follow_the_cursor_and_answer_what_the_simulation_answers() {
    let mut h = Harness::start().await;
    let seed = wire::feed::seed();
    let mut cursor: Option<String> = None;
    let mut read: Vec<Post> = Vec::new();
    loop {
        let path = match &cursor {
            Some(after) => format!("{FEED}?after={after}"),
            None => FEED.to_owned(),
        };
        let got = page(&h.get_json(&path).await);
        // The simulation makes its pages from the same rule.
        assert_eq!(got, FeedPage::after(&seed, cursor.as_deref()));
        assert!(got.posts.len() <= PAGE_SIZE);
        read.extend(got.posts);
        match got.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(read, seed, "every post once, newest first");
    // An unknown cursor reads from the top, as the simulation does.
    let unknown = page(&h.get_json(&format!("{FEED}?after=nobody")).await);
    assert_eq!(unknown, FeedPage::after(&seed, Some("nobody")));
    assert_eq!(
        h.get_json("/api/feeds/never-written").await,
        json!({"posts": [], "next": null})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_goes_on_top_once_per_key_and_a_new_post_never_shifts_a_later_page() {
    let mut h = Harness::start().await;
    let first = page(&h.get_json(FEED).await);
    let body = r#"{"id":"p-1","text":"Hello <b>there</b>"}"#;
    let reply = h.post(POSTS, Some("k-post"), body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!reply.replayed());
    let answer: Value = reply.json().unwrap();
    assert_eq!(
        answer,
        json!({"id": "p-1", "text": "Hello <b>there</b>"}),
        "the post, not the feed"
    );

    let retry = h.post(POSTS, Some("k-post"), body).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert!(retry.replayed());
    assert_eq!(h.applied_with("k-post"), 1);
    assert_eq!(
        count(
            &h.db_path(),
            "SELECT COUNT(*) FROM feed_posts WHERE feed = ?1",
            "main"
        ),
        19
    );

    let top = page(&h.get_json(FEED).await);
    assert_eq!(top.posts[0].id, "p-1");
    assert_eq!(top.posts[0].text, "Hello <b>there</b>", "text kept as text");
    // The page after the old first page is the same: the cursor is a post, not an offset.
    let cursor = first.next.expect("more than a page");
    let second = page(&h.get_json(&format!("{FEED}?after={cursor}")).await);
    assert_eq!(
        ids(&serde_json::to_value(&second.posts).unwrap())[0],
        "seed-13"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_posts_say_why_and_change_nothing() {
    let mut h = Harness::start().await;
    for (body, status, says) in [
        (
            r#"{"id":"p-1","text":"   "}"#,
            422,
            "a post cannot be empty",
        ),
        (
            r#"{"id":"p-1","text":"cheap SPAM here"}"#,
            422,
            "this looks like spam",
        ),
        (
            r#"{"id":"","text":"hi"}"#,
            422,
            "the post id cannot be empty",
        ),
        (r#"{"id":"seed-3","text":"hi"}"#, 409, "already exists"),
    ] {
        let reply = h
            .post(POSTS, Some(&format!("k-{status}-{says}")), body)
            .await;
        let problem = assert_problem(&reply, status);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains(says),
            "{problem}"
        );
    }
    let long = format!(r#"{{"id":"p-2","text":"{}"}}"#, "x".repeat(141));
    assert_problem(&h.post(POSTS, Some("k-long"), &long).await, 422);
    assert_problem(
        &h.post(POSTS, Some("k-malformed"), r#"{"id":"p-3"}"#).await,
        422,
    );
    assert_problem(&h.get("/api/feeds/main?after=%00").await, 400);
    assert_eq!(
        count(
            &h.db_path(),
            "SELECT COUNT(*) FROM feed_posts WHERE feed = ?1",
            "main"
        ),
        18
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_seeded_before_feeds_gets_the_feed_seed_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite3");
    let first = server::start(server::Config::default().db(&db))
        .await
        .unwrap();
    first.stop().await;
    // As a database made before the feed: no posts, no mark.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("DELETE FROM feed_posts; DELETE FROM meta WHERE key = 'feed_seeded';")
            .unwrap();
    }
    for _ in 0..2 {
        let again = server::start(server::Config::default().db(&db))
            .await
            .unwrap();
        again.stop().await;
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM feed_posts WHERE feed = ?1",
                "main"
            ),
            18
        );
    }
}
