//! The list's query and its one mutation, as plain options: [`EditableList`](super::EditableList)
//! uses them, an app can reuse them (a counter elsewhere that reads the same list), and
//! the gallery registers the mutation for offline persistence.

use super::rows::{list_rows, paint, ListRows};
use super::source::{ItemId, ListChange, ListItem, ListSource};
use crate::source_ref::SourceRef;
use optimistic_query::{keys, MutationOptions, QueryKey, QueryOptions, ScopePolicy};
use std::cell::Cell;

/// The query key of list `list`: `["list", list]`.
///
/// ```
/// use yew_optimistic::{keys, editable_list::list_query_key};
/// assert_eq!(list_query_key("groceries"), keys!["list", "groceries"]);
/// ```
pub fn list_query_key(list: &str) -> QueryKey {
    keys!["list", list]
}

/// The mutation key shared by every change of every list: `["list", "change"]`. Register
/// [`list_mutation_options`] under it to persist changes made offline.
///
/// ```
/// use yew_optimistic::{keys, editable_list::list_mutation_key};
/// assert_eq!(list_mutation_key(), keys!["list", "change"]);
/// ```
pub fn list_mutation_key() -> QueryKey {
    keys!["list", "change"]
}

/// The scope that serialises changes to one item of one list,
/// `["list", list, "item", id]`: two edits of the same row reach the server in the order
/// they were made, edits of different rows run side by side.
///
/// ```
/// use yew_optimistic::{keys, editable_list::{item_scope, ItemId}};
/// assert_eq!(item_scope("groceries", &ItemId("a1".into())), keys!["list", "groceries", "item", "a1"]);
/// ```
pub fn item_scope(list: &str, id: &ItemId) -> QueryKey {
    list_scope(list).with("item").with(id.0.as_str())
}

/// The scope every change of list `list` starts with. A key, so that list `a` never
/// holds the changes of a list named `a/item/b`: keys match part by part.
pub(crate) fn list_scope(list: &str) -> QueryKey {
    keys!["list", list]
}

/// How list `list` is read: `source.fetch(list, ctx)` under [`list_query_key`], kept as
/// a keyed collection ([`ListRows`]: each item under its id, with its place in the
/// source's order), so a change to one item is a change to one row.
///
/// ```
/// use std::rc::Rc;
/// use futures::future::LocalBoxFuture;
/// use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// use yew_optimistic::editable_list::{list_query_options, list_query_key, Item, ListChange, ListRows, ListSource};
///
/// struct Empty;
/// impl ListSource for Empty {
///     fn fetch(&self, _list: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
///         Box::pin(async { Ok(vec![]) })
///     }
///     fn apply(&self, _list: &str, _c: ListChange, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> {
///         Box::pin(async { Ok(()) })
///     }
/// }
/// let source: SourceRef<dyn ListSource> = SourceRef::new(Rc::new(Empty));
/// let options: yew_optimistic::QueryOptions<ListRows> = list_query_options(source, "groceries");
/// assert_eq!(options.key(), &list_query_key("groceries"));
/// ```
pub fn list_query_options<T: ListItem>(
    source: SourceRef<dyn ListSource<T>>,
    list: &str,
) -> QueryOptions<ListRows<T>> {
    let name = list.to_string();
    QueryOptions::new(list_query_key(list), move |ctx| {
        let items = source.fetch(&name, &ctx);
        async move { items.await.map(list_rows) }
    })
}

/// The list's one mutation: sends a [`ListChange`] with `source.apply`, paints it at once
/// on the list's rows as a changeset (the effect [`ListChange::apply`] has on the
/// server's `Vec`: a tick or a rename edits one row), refetches the list once no change
/// to it is pending, and serialises changes per item ([`item_scope`]).
///
/// [`EditableList`](super::EditableList) adds its own `on_error` (the inline failure and
/// the toast) on top of these options.
///
/// ```
/// use std::rc::Rc;
/// use futures::future::LocalBoxFuture;
/// use yew_optimistic::{keys, FetchError, MutationContext, SourceRef, QueryClient};
/// use yew_optimistic::optimistic_query::testing::TestRuntime;
/// use yew_optimistic::editable_list::{list_mutation_key, list_mutation_options, Item, ListChange, ListSource};
///
/// struct Api;
/// impl ListSource for Api {
///     fn fetch(&self, _list: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
///         Box::pin(async { Ok(vec![]) })
///     }
///     fn apply(&self, _list: &str, _c: ListChange, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> {
///         Box::pin(async { Ok(()) })
///     }
/// }
/// let source: SourceRef<dyn ListSource> = SourceRef::new(Rc::new(Api));
/// // Registered once at start-up, so changes made offline survive a reload.
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// client.register_mutation(list_mutation_key(), list_mutation_options(source, "groceries"));
/// ```
pub fn list_mutation_options<T: ListItem>(
    source: SourceRef<dyn ListSource<T>>,
    list: &str,
) -> MutationOptions<ListChange, ()> {
    let send_to = list.to_string();
    let paint_in = list.to_string();
    let scope_in = list.to_string();
    MutationOptions::new(move |change: ListChange, ctx| source.apply(&send_to, change, ctx))
        .key(list_mutation_key())
        // Its changes are idempotent by design (applying one twice gives the same data),
        // so answers fetched while a change is in flight can be rebased onto.
        .idempotent()
        .optimistic(move |change: &ListChange, p| {
            paint::<T>(change, p, list_query_key(&paint_in));
        })
        .invalidates(list_query_key(list))
        .scope(
            move |change: &ListChange| item_scope(&scope_in, change.item()),
            ScopePolicy::Serial,
        )
}

thread_local! {
    /// Tells apart ids made in the same millisecond by the same page.
    static MINTED: Cell<u32> = const { Cell::new(0) };
}

/// A fresh id for a new item, made in the browser so the row keeps one id from its first
/// frame to the server's answer. It combines the time, a random number and a per-page
/// counter, so it is unique across reloads and tabs.
///
/// ```
/// use yew_optimistic::editable_list::new_item_id;
/// assert_ne!(new_item_id(), new_item_id());
/// ```
pub fn new_item_id() -> ItemId {
    let n = MINTED.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    let (millis, random) = time_and_entropy();
    ItemId(format!("i{millis:x}-{random:08x}-{n:x}"))
}

#[cfg(target_arch = "wasm32")]
fn time_and_entropy() -> (u64, u32) {
    let millis = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    (millis, random)
}

/// Outside a browser (server-side code, native doc tests) the clock and std's randomly
/// keyed hasher stand in for the browser's randomness.
#[cfg(not(target_arch = "wasm32"))]
fn time_and_entropy() -> (u64, u32) {
    use std::hash::{BuildHasher, RandomState};
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default();
    let random = RandomState::new().hash_one(millis) as u32;
    (millis, random)
}
