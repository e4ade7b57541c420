//! The to-do list's one mutation: every change to the list, painted at once with the same
//! `ListChange::apply` the server runs, serialised per item by the scope policy the
//! page's `policy` arg picks, and registered so an offline queue survives a reload.

use yew_optimistic::editable_list::{Item, ListChange, ListSource};
use yew_optimistic::{keys, MutationOptions, QueryClient, QueryKey, ScopePolicy, SourceRef};

use crate::args::Args;
use crate::backend::Backend;

/// The list every story on this page edits.
pub const LIST: &str = "groceries";

/// The query key of the list.
pub fn list_key() -> QueryKey {
    keys!["todos", LIST]
}

/// The mutation key: names the definition that rebuilds persisted changes after a reload.
pub fn change_key() -> QueryKey {
    keys!["todo-change"]
}

/// One mutation for every change to the list. Its optimistic patch is the same
/// `ListChange::apply` the server runs, so what the user sees is what the server will
/// hold; `scope` serialises changes to one item; `invalidates` refetches once nothing
/// touching the list is pending.
pub fn change_options(
    source: SourceRef<dyn ListSource>,
    policy: ScopePolicy,
) -> MutationOptions<ListChange, ()> {
    MutationOptions::new(move |change: ListChange, ctx| source.apply(LIST, change, ctx))
        .key(change_key())
        .optimistic(|change: &ListChange, patches| {
            let change = change.clone();
            patches.update(list_key(), move |items: &Vec<Item>| change.apply(items));
        })
        .invalidates(list_key())
        .scope(
            |change: &ListChange| keys!["todo", change.item().0.as_str()],
            policy,
        )
}

/// The scope policy the `policy` arg names: `serial` (every call, in order), `latest`
/// (a newer call replaces one still queued), `debounce` or `throttle` (600 ms).
pub fn policy(args: &Args) -> ScopePolicy {
    match args.get("policy").as_str() {
        "latest" => ScopePolicy::LatestWins,
        "debounce" => ScopePolicy::Debounce(600),
        "throttle" => ScopePolicy::Throttle(600),
        _ => ScopePolicy::Serial,
    }
}

/// Registers the definition (with the policy the args pick), so an offline queue of
/// changes survives a reload.
pub fn register(client: &QueryClient, backend: &Backend, args: &Args) {
    client.register_mutation(
        change_key(),
        change_options(backend.list_source(), policy(args)),
    );
}
