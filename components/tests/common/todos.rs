//! The todo list most tests drive: `GET /todos` (JSON text through a [`Gate`]) and
//! `POST /todos` with an optimistic append.

use super::fake_server::{decode, Gate};
use yew_optimistic::{keys, MutationContext, MutationOptions, QueryOptions};

/// A todo list: titles in order.
pub type List = Vec<String>;

/// `["todos"]`, fetched from `server` as JSON text and decoded like a real fetcher. It
/// keeps the options' own retry policy; tests usually add `.retry(RetryPolicy::never())`.
pub fn todos_query(server: &Gate<String>) -> QueryOptions<List> {
    let server = server.clone();
    QueryOptions::new(keys!["todos"], move |_ctx| {
        let reply = server.request("GET /todos", None);
        async move { decode::<List>(reply.await) }
    })
}

/// `POST /todos` (mutation key `["todos", "add"]`): appends the title to `["todos"]` at
/// once; the request is labelled `POST <title>` and carries the idempotency key.
pub fn add_todo(writes: &Gate<()>) -> MutationOptions<String, ()> {
    let writes = writes.clone();
    MutationOptions::new(move |title: String, ctx: MutationContext| {
        writes.request(format!("POST {title}"), Some(ctx.idempotency_key))
    })
    .key(keys!["todos", "add"])
    .optimistic(|title: &String, patches| {
        let title = title.clone();
        patches.update(keys!["todos"], move |list: &List| {
            let mut list = list.clone();
            list.push(title.clone());
            list
        });
    })
}

/// A list from string slices.
pub fn list(items: &[&str]) -> List {
    items.iter().map(|s| s.to_string()).collect()
}
