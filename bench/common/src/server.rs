//! The bridge to the simulated server, `window.benchServer` in `bench/driver/driver.js`.
//!
//! Every contender talks to the same in-page server: it answers after the same simulated
//! latency (or when the driver releases held calls) with JSON text, which the Yew apps
//! parse with serde and the React app with `JSON.parse`, as apps parse an HTTP body.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `benchServer.call(op, bodyJson)`: a promise of the answer's JSON text.
    #[wasm_bindgen(js_namespace = benchServer, js_name = call)]
    fn server_call(op: &str, body: &str) -> js_sys::Promise;
}

/// Why a call to the simulated server failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerError {
    /// The server refused the call, or the promise failed.
    Refused(String),
    /// The answer was not the JSON expected.
    Decode(String),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::Refused(why) => write!(f, "the server refused: {why}"),
            ServerError::Decode(why) => write!(f, "unreadable answer: {why}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// Calls `op` with `body` (serialised to JSON) and parses the answer.
pub async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
    op: &str,
    body: &B,
) -> Result<T, ServerError> {
    let body = serde_json::to_string(body).map_err(|e| ServerError::Decode(e.to_string()))?;
    let answer = wasm_bindgen_futures::JsFuture::from(server_call(op, &body))
        .await
        .map_err(|e| ServerError::Refused(format!("{e:?}")))?;
    let text = answer
        .as_string()
        .ok_or_else(|| ServerError::Decode("the answer is not text".into()))?;
    serde_json::from_str(&text).map_err(|e| ServerError::Decode(e.to_string()))
}

/// The list named `list`.
pub async fn fetch_list(list: &str) -> Result<Vec<crate::data::Row>, ServerError> {
    call("list.get", &serde_json::json!({ "list": list })).await
}

/// Applies `change` to list `list`; the server answers with the row as it now is.
pub async fn change_list(
    list: &str,
    change: &crate::data::ListChange,
) -> Result<crate::data::Row, ServerError> {
    call(
        "list.change",
        &serde_json::json!({ "list": list, "change": change }),
    )
    .await
}

/// The cards of column `column` of the board.
pub async fn fetch_column(column: usize) -> Result<Vec<crate::data::Card>, ServerError> {
    call("board.column", &serde_json::json!({ "column": column })).await
}

/// Every column's cards, in column order (one call, for apps that hold the whole board).
pub async fn fetch_board() -> Result<Vec<Vec<crate::data::Card>>, ServerError> {
    call("board.get", &serde_json::json!({})).await
}

/// Moves a card; the server answers with the card.
pub async fn move_card(change: &crate::data::MoveCard) -> Result<crate::data::Card, ServerError> {
    call("board.move", change).await
}

/// The like button's state.
pub async fn fetch_likes() -> Result<crate::data::Likes, ServerError> {
    call("likes.get", &serde_json::json!({})).await
}

/// Sets whether this user likes the post; the server answers with the new state.
pub async fn set_liked(liked: bool) -> Result<crate::data::Likes, ServerError> {
    call("likes.set", &serde_json::json!({ "liked": liked })).await
}
