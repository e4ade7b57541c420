//! Keyed collections (TanStack DB's idea on the layered engine): one row's change costs
//! one row's work.
//!
//! A [`Collection`] is a query's data keyed by id, on a persistent ordered map: cloning
//! it is O(1), and two versions share every node neither changed. An optimistic change
//! to it is a changeset ([`Patches::collection`](crate::Patches::collection): insert,
//! update, delete by key) rather than a closure over the whole list, so placing a layer,
//! rolling one back and rebasing the layers on a refetch cost O(changed rows · log n).
//!
//! A [`CollectionObserver`] watches such a query and compares each version it sees with
//! the last one, skipping shared nodes, so it knows which rows changed: a row subscriber
//! ([`CollectionObserver::subscribe_row`]) hears only about its row, a list subscriber
//! ([`CollectionObserver::subscribe_keys`]) only about the set of keys (and the query's
//! status), and a [`LiveQuery`] (a filtered, sorted view) is kept up to date from the
//! changed rows alone.
//!
//! **Transactions.** One mutation is one transaction: the changesets its `optimistic`
//! function writes to several collections are painted in one notification, rolled back
//! together when the server refuses, kept together while the outcome is unknown, and
//! settled once. Everything the engine promises for other data (layers, scopes, the
//! offline queue, persistence, tabs, versions) holds for collections: to the engine a
//! collection is a query's data like any other.
//!
//! ```
//! # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
//! use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
//! use std::{cell::Cell, rc::Rc};
//!
//! #[derive(Clone, PartialEq, Debug)]
//! struct Todo { id: u32, title: String, done: bool }
//!
//! let rt = TestRuntime::new();
//! let client = QueryClient::new(rt.runtime());
//! let todos = CollectionObserver::new(&client, QueryOptions::new(keys!["todos"], |_| async {
//!     let rows = (1..=3).map(|id| Todo { id, title: format!("todo {id}"), done: false });
//!     Ok::<_, FetchError>(Collection::from_rows(rows, |t| t.id))
//! })).unwrap();
//! rt.run();
//!
//! let renders = Rc::new(Cell::new(0));
//! let r = renders.clone();
//! let _row2 = todos.subscribe_row(2, move || r.set(r.get() + 1));
//! client.update_query_data(&keys!["todos"], |c: &Collection<u32, Todo>| {
//!     let mut c = c.clone();
//!     c.update(&3, |t| t.done = true);
//!     c
//! }).unwrap();
//! assert_eq!(renders.get(), 0, "row 2 did not change");
//! assert!(todos.row(&3).unwrap().done);
//! ```

mod changes;
mod data;
mod live;
mod observer;
mod options;
mod subscription;

pub use changes::RowChanges;
pub use data::{Collection, RowChange};
pub use live::LiveQuery;
pub use observer::CollectionObserver;
pub use subscription::CollectionSubscription;
