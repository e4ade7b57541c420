//! `/api/likes/{post}`: a post's likes and this user's like.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use wire::likes::SetLiked;

use crate::body::JsonBody;
use crate::db::sql;
use crate::idempotency::IdempotencyKey;
use crate::problem::Problem;
use crate::state::App;
use crate::write::{idempotent_write, WriteRequest};
use crate::{store, validate};

/// `GET /api/likes/{post}`: the post's [`Likes`](wire::likes::Likes)
/// (`{"liked": false, "count": 0}` for a post nobody liked).
pub async fn get(
    State(app): State<App>,
    Path(post): Path<String>,
    uri: Uri,
) -> Result<Response, Problem> {
    validate::name("post id", &post, &app.limits).map_err(|p| p.at(uri.path()))?;
    Ok(
        super::read(&app, uri.path(), wire::version::likes(&post), move |conn| {
            store::likes::get(conn, &post).map_err(sql)
        })
        .await,
    )
}

/// `PUT /api/likes/{post}`: sets this user's like ([`SetLiked`], whose `post` must be the
/// URL's); answers the likes after it.
pub async fn put(
    State(app): State<App>,
    Path(post): Path<String>,
    uri: Uri,
    key: IdempotencyKey,
    JsonBody(change): JsonBody<SetLiked>,
) -> Result<Response, Problem> {
    validate::name("post id", &post, &app.limits)
        .and_then(|()| {
            if change.post == post {
                Ok(())
            } else {
                Err(Problem::invalid(format!(
                    "the body is about post `{}` but the URL about post `{post}`",
                    change.post
                )))
            }
        })
        .map_err(|p| p.at(uri.path()))?;
    let request = WriteRequest {
        method: "PUT",
        path: uri.path().to_owned(),
        key,
        resource: wire::version::likes(&post),
        change,
    };
    Ok(
        idempotent_write(&app, request, move |tx, change: &SetLiked| {
            let next = store::likes::get(tx, &post)
                .map_err(sql)?
                .with_liked(change.liked);
            store::likes::put(tx, &post, next).map_err(sql)?;
            Ok(next)
        })
        .await,
    )
}
