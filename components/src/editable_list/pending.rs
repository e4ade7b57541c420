//! The unsettled changes of one list, item by item, told to each row alone.
//!
//! One subscription to the mutation cache per list (not one per row: with 10,000 rows,
//! each mutation event would read the cache 10,000 times). On each event the list's
//! calls are grouped by item and compared with the last grouping; only the rows whose
//! state changed are told, and the summary when the number of busy items did.

use super::mutation::{list_mutation_key, list_scope};
use super::source::{ItemId, ListChange};
use crate::feedback::ItemState;
use crate::hooks::subscription::use_subscribed;
use crate::provider::use_query_client;
use crate::sorted_pairs;
use optimistic_query::{
    MutationFilter, MutationId, MutationStatus, QueryClient, QueryKey, Subscription,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use yew::prelude::*;

/// An item's unsettled calls: its state, the calls waiting for the server or held (for
/// Retry now / Discard), and whether storage refused to keep one of them on this device.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PendingItem {
    pub state: ItemState,
    pub waiting: Vec<MutationId>,
    pub not_kept: bool,
}

type Listener = Rc<dyn Fn()>;

/// Values by item, sorted by item ([`sorted_pairs`]). Only items with unsettled calls
/// are in it: a few at a time.
type ByItem<T> = Vec<(ItemId, T)>;

#[derive(Default)]
struct State {
    items: ByItem<PendingItem>,
    next_id: u64,
    rows: HashMap<ItemId, Vec<(u64, Listener)>>,
    count: Vec<(u64, Listener)>,
}

struct Inner {
    client: QueryClient,
    scope: QueryKey,
    state: RefCell<State>,
    subscription: RefCell<Option<Subscription>>,
}

/// The unsettled changes of one list by item, with per-item subscriptions. Clones share
/// it; equal when the same.
#[derive(Clone)]
pub(crate) struct PendingRows(Rc<Inner>);

impl PartialEq for PendingRows {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Ends a row's (or the summary's) subscription when dropped.
pub(crate) struct PendingWatch {
    hub: Weak<Inner>,
    item: Option<ItemId>,
    id: u64,
}

impl Drop for PendingWatch {
    fn drop(&mut self) {
        let Some(hub) = self.hub.upgrade() else {
            return;
        };
        // Taken out under the borrow, dropped after it.
        let removed = {
            let mut st = hub.state.borrow_mut();
            let list = match &self.item {
                Some(item) => st.rows.get_mut(item),
                None => Some(&mut st.count),
            };
            let removed = list.and_then(|l| {
                let pos = l.iter().position(|(i, _)| *i == self.id);
                pos.map(|p| l.swap_remove(p))
            });
            if let Some(item) = &self.item {
                if st.rows.get(item).is_some_and(Vec::is_empty) {
                    st.rows.remove(item);
                }
            }
            removed
        };
        drop(removed);
    }
}

impl PendingRows {
    fn new(client: QueryClient, list: &str) -> Self {
        let inner = Rc::new(Inner {
            client: client.clone(),
            scope: list_scope(list),
            state: RefCell::default(),
            subscription: RefCell::default(),
        });
        inner.state.borrow_mut().items = inner.read();
        let weak = Rc::downgrade(&inner);
        let subscription = client.subscribe_mutations(move || {
            if let Some(inner) = weak.upgrade() {
                inner.refresh();
            }
        });
        *inner.subscription.borrow_mut() = Some(subscription);
        PendingRows(inner)
    }

    /// The item's unsettled calls, if any.
    pub(crate) fn get(&self, item: &ItemId) -> Option<PendingItem> {
        sorted_pairs::get(&self.0.state.borrow().items, item).cloned()
    }

    /// How many items have a change on its way.
    pub(crate) fn busy_items(&self) -> usize {
        self.0.state.borrow().items.len()
    }

    /// Calls `listener` when `item`'s calls change (`None`: when the number of busy
    /// items does).
    pub(crate) fn watch(
        &self,
        item: Option<ItemId>,
        listener: impl Fn() + 'static,
    ) -> PendingWatch {
        let mut st = self.0.state.borrow_mut();
        st.next_id += 1;
        let id = st.next_id;
        let entry: Listener = Rc::new(listener);
        match &item {
            Some(item) => st.rows.entry(item.clone()).or_default().push((id, entry)),
            None => st.count.push((id, entry)),
        }
        PendingWatch {
            hub: Rc::downgrade(&self.0),
            item,
            id,
        }
    }
}

impl Inner {
    /// The list's unsettled calls grouped by item (the scope names the list; the
    /// mutation key is shared by every list).
    fn read(&self) -> ByItem<PendingItem> {
        let filter = MutationFilter::key(list_mutation_key()).status(MutationStatus::Pending);
        let mut by_item: ByItem<Vec<_>> = Vec::new();
        for m in self.client.mutation_infos(&filter) {
            if !m.scope.as_ref().is_some_and(|s| s.starts_with(&self.scope)) {
                continue;
            }
            let Some(item) = m.variables::<ListChange>().map(|c| c.item().clone()) else {
                continue;
            };
            let call = (
                m.id,
                m.status,
                m.error.as_ref().map(|e| e.kind),
                m.kept_on_device,
            );
            sorted_pairs::push_to(&mut by_item, item, call);
        }
        by_item
            .into_iter()
            .map(|(item, calls)| {
                let state = ItemState::of_calls(calls.iter().map(|(_, s, e, _)| (*s, *e)))
                    .unwrap_or(ItemState::Pending);
                let waiting = calls
                    .iter()
                    .filter(|(_, s, e, _)| {
                        *s == MutationStatus::Held || e.is_some_and(|k| k.is_unknown())
                    })
                    .map(|(id, _, _, _)| *id)
                    .collect();
                let not_kept = calls.iter().any(|(_, _, _, kept)| *kept == Some(false));
                let pending = PendingItem {
                    state,
                    waiting,
                    not_kept,
                };
                (item, pending)
            })
            .collect()
    }

    /// Reads the calls again and tells the rows whose calls changed, with no borrow held.
    fn refresh(&self) {
        let next = self.read();
        let (told, old) = {
            let mut st = self.state.borrow_mut();
            let mut told: Vec<Listener> = Vec::new();
            let mut items: Vec<&ItemId> = next.iter().map(|(item, _)| item).collect();
            items.extend(
                st.items
                    .iter()
                    .map(|(item, _)| item)
                    .filter(|item| sorted_pairs::get(&next, item).is_none()),
            );
            for item in items {
                if sorted_pairs::get(&st.items, item) != sorted_pairs::get(&next, item) {
                    if let Some(ls) = st.rows.get(item) {
                        told.extend(ls.iter().map(|(_, l)| l.clone()));
                    }
                }
            }
            if st.items.len() != next.len() {
                told.extend(st.count.iter().map(|(_, l)| l.clone()));
            }
            let old = std::mem::replace(&mut st.items, next);
            (told, old)
        };
        drop(old);
        for listener in told {
            listener();
        }
    }
}

/// The list's pending-changes hub, made once per list name.
#[hook]
pub(crate) fn use_pending_rows(list: &str) -> PendingRows {
    let client = use_query_client();
    let hub = use_memo((client, list.to_owned()), |(client, list)| {
        PendingRows::new(client.clone(), list)
    });
    (*hub).clone()
}

/// One item's unsettled calls; re-renders when they change, for no other item.
#[hook]
pub(crate) fn use_pending_item(hub: &PendingRows, item: &ItemId) -> Option<PendingItem> {
    use_subscribed(
        (hub.clone(), item.clone()),
        |(hub, item), changed| hub.watch(Some(item.clone()), changed),
        |(hub, item), _| hub.get(item),
    )
}

/// How many items have a change on its way; re-renders when that number changes.
#[hook]
pub(crate) fn use_busy_items(hub: &PendingRows) -> usize {
    use_subscribed(
        hub.clone(),
        |hub, changed| hub.watch(None, changed),
        |hub, _| hub.busy_items(),
    )
}
