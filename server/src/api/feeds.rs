//! `/api/feeds/{feed}`: a feed's posts, newest first, in pages by cursor, and posting.

use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde::Deserialize;
use wire::feed::Post;

use crate::body::JsonBody;
use crate::db::sql;
use crate::idempotency::IdempotencyKey;
use crate::problem::Problem;
use crate::state::App;
use crate::write::{idempotent_write, WriteRequest};
use crate::{store, validate};

/// The cursor of `GET /api/feeds/{feed}`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// The id of the last post already shown; none for the first page.
    pub after: Option<String>,
}

/// `GET /api/feeds/{feed}?after=<post id>`: the [`FeedPage`](wire::feed::FeedPage)
/// after that post (the first page without `after`, or when the feed has no such post):
/// at most [`PAGE_SIZE`](wire::feed::PAGE_SIZE) posts, newest first, and the cursor of
/// the next page when one follows. A feed never written is empty.
pub async fn get(
    State(app): State<App>,
    Path(feed): Path<String>,
    Query(query): Query<PageQuery>,
    uri: Uri,
) -> Result<Response, Problem> {
    validate::name("feed name", &feed, &app.limits)
        .and_then(|()| match &query.after {
            Some(after) => validate::name("cursor", after, &app.limits),
            None => Ok(()),
        })
        .map_err(|p| p.at(uri.path()))?;
    Ok(
        super::read(&app, uri.path(), wire::version::feed(&feed), move |conn| {
            store::feeds::page(conn, &feed, query.after.as_deref()).map_err(sql)
        })
        .await,
    )
}

/// `POST /api/feeds/{feed}/posts`: puts a [`Post`] on top of the feed, once per
/// idempotency key; answers the post (not the feed: what a replay stores stays small
/// however long the feed grows).
pub async fn post(
    State(app): State<App>,
    Path(feed): Path<String>,
    uri: Uri,
    key: IdempotencyKey,
    JsonBody(post): JsonBody<Post>,
) -> Result<Response, Problem> {
    validate::name("feed name", &feed, &app.limits)
        .and_then(|()| wire::feed::validate(&post))
        .map_err(|p| p.at(uri.path()))?;
    let request = WriteRequest {
        method: "POST",
        path: uri.path().to_owned(),
        key,
        resource: wire::version::feed(&feed),
        change: post,
    };
    let max_posts = app.limits.max_items;
    Ok(idempotent_write(&app, request, move |tx, post: &Post| {
        let (exists, posts) = store::feeds::census(tx, &feed, &post.id).map_err(sql)?;
        wire::feed::against(post, &feed, exists, posts, max_posts)?;
        store::feeds::add(tx, &feed, post).map_err(sql)?;
        Ok(post.clone())
    })
    .await)
}
