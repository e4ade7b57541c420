//! `/api/lists/{list}`: an editable list's items and the changes to them.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use wire::list::{Item, ListChange};

use crate::body::JsonBody;
use crate::db::sql;
use crate::idempotency::IdempotencyKey;
use crate::problem::Problem;
use crate::state::App;
use crate::write::{idempotent_write, WriteRequest};
use crate::{store, validate};

/// `GET /api/lists/{list}`: the items in order (`[]` for a list never written).
pub async fn get(
    State(app): State<App>,
    Path(list): Path<String>,
    uri: Uri,
) -> Result<Response, Problem> {
    validate::name("list name", &list, &app.limits).map_err(|p| p.at(uri.path()))?;
    Ok(
        super::read(&app, uri.path(), wire::version::list(&list), move |conn| {
            store::lists::items(conn, &list).map_err(sql)
        })
        .await,
    )
}

/// `POST /api/lists/{list}/changes`: applies one [`ListChange`]; answers the list after it.
pub async fn post_change(
    State(app): State<App>,
    Path(list): Path<String>,
    uri: Uri,
    key: IdempotencyKey,
    JsonBody(change): JsonBody<ListChange>,
) -> Result<Response, Problem> {
    validate::name("list name", &list, &app.limits)
        .and_then(|()| check(&change, &app))
        .map_err(|p| p.at(uri.path()))?;
    let request = WriteRequest {
        method: "POST",
        path: uri.path().to_owned(),
        key,
        resource: wire::version::list(&list),
        change,
    };
    let max_items = app.limits.max_items;
    Ok(idempotent_write(&app, request, move |tx, change| {
        let items = store::lists::items(tx, &list).map_err(sql)?;
        against(&items, change, &list)?;
        if matches!(change, ListChange::Add { .. }) && items.len() >= max_items {
            return Err(Problem::too_many_items(format!(
                "list `{list}` already holds {max_items} items, the most a list may hold"
            )));
        }
        let next = change.apply(&items);
        store::lists::save(tx, &list, &items, &next).map_err(sql)?;
        Ok(next)
    })
    .await)
}

/// What can be checked without the data: ids and titles.
fn check(change: &ListChange, app: &App) -> Result<(), Problem> {
    validate::id("item id", &change.item().0, &app.limits)?;
    match change {
        ListChange::Add { title, .. } | ListChange::Rename { title, .. } => {
            validate::title(title, &app.limits)
        }
        ListChange::Toggle { .. } | ListChange::Delete { .. } | ListChange::Move { .. } => Ok(()),
    }
}

/// What needs the data: an added id must be new, any other change's item must exist.
fn against(items: &[Item], change: &ListChange, list: &str) -> Result<(), Problem> {
    let id = change.item();
    let exists = items.iter().any(|i| &i.id == id);
    match change {
        ListChange::Add { .. } if exists => Err(Problem::conflict(format!(
            "an item with id `{id}` already exists in list `{list}`"
        ))),
        ListChange::Add { .. } => Ok(()),
        _ if !exists => Err(Problem::not_found(format!(
            "no item `{id}` in list `{list}`"
        ))),
        _ => Ok(()),
    }
}
