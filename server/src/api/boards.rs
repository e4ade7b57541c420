//! `/api/boards/{board}`: a kanban board's columns, each column's cards, and changes.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use wire::board::{BoardChange, Card, ColumnId};

use crate::body::JsonBody;
use crate::db::sql;
use crate::idempotency::IdempotencyKey;
use crate::problem::Problem;
use crate::sql::Sql;
use crate::state::App;
use crate::write::{idempotent_write, WriteRequest};
use crate::{store, validate};

/// The answer to a board change: the cards of every column it touched, by column id.
///
/// ```
/// use server::api::boards::BoardAnswer;
/// let a: BoardAnswer = serde_json::from_str(r#"{"columns":{"todo":[{"id":"c1","title":"x"}]}}"#).unwrap();
/// assert_eq!(a.columns["todo"][0].title, "x");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardAnswer {
    /// Column id -> its cards after the change.
    pub columns: BTreeMap<String, Vec<Card>>,
}

/// `GET /api/boards/{board}`: the columns in order (404 for an unknown board).
pub async fn get_columns(
    State(app): State<App>,
    Path(board): Path<String>,
    uri: Uri,
) -> Result<Response, Problem> {
    validate::name("board name", &board, &app.limits).map_err(|p| p.at(uri.path()))?;
    let resource = wire::version::board(&board);
    Ok(super::read(&app, uri.path(), resource, move |conn| {
        store::boards::columns(conn, &board)
            .map_err(sql)?
            .ok_or_else(|| no_board(&board))
    })
    .await)
}

/// `GET /api/boards/{board}/columns/{column}/cards`: one column's cards in order (404
/// for an unknown board or column).
pub async fn get_cards(
    State(app): State<App>,
    Path((board, column)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, Problem> {
    validate::name("board name", &board, &app.limits)
        .and_then(|()| validate::name("column id", &column, &app.limits))
        .map_err(|p| p.at(uri.path()))?;
    let resource = wire::version::board(&board);
    Ok(super::read(&app, uri.path(), resource, move |conn| {
        let column = ColumnId(column);
        require_column(conn, &board, &column)?;
        store::boards::cards(conn, &board, &column).map_err(sql)
    })
    .await)
}

/// `POST /api/boards/{board}/changes`: applies one [`BoardChange`]; answers a
/// [`BoardAnswer`] with the columns it touched.
pub async fn post_change(
    State(app): State<App>,
    Path(board): Path<String>,
    uri: Uri,
    key: IdempotencyKey,
    JsonBody(change): JsonBody<BoardChange>,
) -> Result<Response, Problem> {
    validate::name("board name", &board, &app.limits)
        .and_then(|()| check(&change, &app))
        .map_err(|p| p.at(uri.path()))?;
    let request = WriteRequest {
        method: "POST",
        path: uri.path().to_owned(),
        key,
        resource: wire::version::board(&board),
        change,
    };
    let max_items = app.limits.max_items;
    Ok(
        idempotent_write(&app, request, move |tx, change: &BoardChange| {
            against(tx, &board, change)?;
            let mut columns = BTreeMap::new();
            for column in change.columns() {
                let old = store::boards::cards(tx, &board, &column).map_err(sql)?;
                let new = change.apply(&column, &old);
                if new.len() > old.len() && new.len() > max_items {
                    return Err(Problem::too_many_items(format!(
                        "column `{}` of board `{board}` already holds {max_items} cards, \
                         the most a column may hold",
                        column.0
                    )));
                }
                store::boards::save_cards(tx, &board, &column, &old, &new).map_err(sql)?;
                columns.insert(column.0, new);
            }
            Ok(BoardAnswer { columns })
        })
        .await,
    )
}

/// What can be checked without the data: ids and titles.
fn check(change: &BoardChange, app: &App) -> Result<(), Problem> {
    let limits = &app.limits;
    validate::id("card id", &change.card().0, limits)?;
    for column in change.columns() {
        validate::id("column id", &column.0, limits)?;
    }
    match change {
        BoardChange::AddCard { card, .. } | BoardChange::MoveCard { card, .. } => {
            validate::title(&card.title, limits)
        }
        BoardChange::EditCard { title, .. } => validate::title(title, limits),
    }
}

/// What needs the data: the board and columns exist, an added card is new, an edited or
/// moved card is where the change says it is.
fn against(conn: &dyn Sql, board: &str, change: &BoardChange) -> Result<(), Problem> {
    for column in change.columns() {
        require_column(conn, board, &column)?;
    }
    let id = change.card();
    let now_in = store::boards::column_of(conn, board, &id).map_err(sql)?;
    let expected = match change {
        BoardChange::AddCard { .. } => {
            return match now_in {
                Some(column) => Err(Problem::conflict(format!(
                    "a card with id `{}` already exists (in column `{}`)",
                    id.0, column.0
                ))),
                None => Ok(()),
            };
        }
        BoardChange::EditCard { column, .. } => column,
        BoardChange::MoveCard { from, .. } => from,
    };
    match now_in {
        None => Err(Problem::not_found(format!(
            "no card `{}` on board `{board}`",
            id.0
        ))),
        Some(column) if &column != expected => Err(Problem::conflict(format!(
            "card `{}` is in column `{}`, not in column `{}`",
            id.0, column.0, expected.0
        ))),
        Some(_) => Ok(()),
    }
}

fn require_column(conn: &dyn Sql, board: &str, column: &ColumnId) -> Result<(), Problem> {
    if store::boards::columns(conn, board).map_err(sql)?.is_none() {
        return Err(no_board(board));
    }
    if !store::boards::has_column(conn, board, column).map_err(sql)? {
        return Err(Problem::not_found(format!(
            "no column `{}` on board `{board}`",
            column.0
        )));
    }
    Ok(())
}

fn no_board(board: &str) -> Problem {
    Problem::not_found(format!("no board `{board}`"))
}
