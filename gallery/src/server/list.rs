//! The simulated list API behind [`ListSource`]: the same [`ListChange::apply`] the
//! editable list paints with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::TryFutureExt;
use yew_optimistic::editable_list::{Item, ListChange, ListSource};
use yew_optimistic::{FetchContext, FetchError, MutationContext};

use wire::limits::{MAX_ID_CHARS, MAX_ITEMS, MAX_TITLE_CHARS};
use wire::problem::Problem;
use wire::validate;

use super::idempotency::{handle_write, send_write, Accepted, Replays, SimWrite};
use super::network::SimNetwork;

/// The most rows a seeded list has.
pub const MAX_ROWS: usize = wire::seed::MAX_ROWS;

/// Lists kept in memory, by name.
#[derive(Clone)]
pub struct SimList {
    net: SimNetwork,
    rows: usize,
    lists: Rc<RefCell<HashMap<String, Vec<Item>>>>,
    replays: Rc<RefCell<Replays<Vec<Item>>>>,
}

impl SimList {
    /// An empty store on `net`; a list is seeded with `rows` items when first asked for.
    pub fn new(net: SimNetwork, rows: usize) -> Self {
        SimList {
            net,
            rows,
            lists: Rc::default(),
            replays: Rc::default(),
        }
    }

    /// Puts every list back to its seed and forgets idempotency keys.
    pub fn reset(&self) {
        self.lists.borrow_mut().clear();
        self.replays.borrow_mut().clear();
    }

    /// What the server holds for `list` now.
    pub fn items(&self, list: &str) -> Vec<Item> {
        self.lists
            .borrow_mut()
            .entry(list.to_owned())
            .or_insert_with(|| wire::seed::list_items(self.rows))
            .clone()
    }
}

/// What the reference server checks without the data: the list's name (a 400), the
/// item id and, for an add or a rename, the title (422s).
fn check(list: &str, change: &ListChange) -> Result<(), Problem> {
    super::check_name("list name", list)?;
    validate::id("item id", &change.item().0, MAX_ID_CHARS)?;
    match change {
        ListChange::Add { title, .. } | ListChange::Rename { title, .. } => {
            validate::title(title, MAX_TITLE_CHARS)
        }
        ListChange::Toggle { .. } | ListChange::Delete { .. } | ListChange::Move { .. } => Ok(()),
    }
}

/// What the reference server checks against the data: an added id must be new (409)
/// and fit under the cap (422), any other change's item must exist (404).
fn against(items: &[Item], change: &ListChange, list: &str) -> Result<(), Problem> {
    let id = change.item();
    let exists = items.iter().any(|i| &i.id == id);
    match change {
        ListChange::Add { .. } if exists => Err(Problem::conflict(format!(
            "an item with id `{id}` already exists in list `{list}`"
        ))),
        ListChange::Add { .. } if items.len() >= MAX_ITEMS => Err(Problem::too_many_items(
            format!("list `{list}` already holds {MAX_ITEMS} items, the most a list may hold"),
        )),
        ListChange::Add { .. } => Ok(()),
        _ if !exists => Err(Problem::not_found(format!(
            "no item `{id}` in list `{list}`"
        ))),
        _ => Ok(()),
    }
}

impl SimList {
    /// `POST /lists/{list}/changes` with idempotency key `key`, once it has arrived:
    /// the list after the change, or the reference server's refusal.
    pub fn handle(
        &self,
        list: &str,
        change: &ListChange,
        key: &str,
    ) -> Result<Accepted<Vec<Item>>, Problem> {
        handle_write(
            &self.net,
            &self.replays,
            key,
            &write_of(list, change),
            || check(list, change),
            || {
                let items = self.items(list);
                against(&items, change, list)?;
                let next = change.apply(&items);
                self.lists
                    .borrow_mut()
                    .insert(list.to_owned(), next.clone());
                Ok(next)
            },
        )
    }
}

/// The request that carries `change` to `list`.
fn write_of(list: &str, change: &ListChange) -> SimWrite {
    SimWrite::new(
        "POST",
        &format!("/lists/{list}"),
        change.describe(),
        wire::version::list(list),
        change,
    )
}

impl ListSource for SimList {
    fn fetch(
        &self,
        list: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
        let (this, list) = (self.clone(), list.to_owned());
        self.net.read_versioned(
            format!("GET /lists/{list}"),
            wire::version::list(&list),
            ctx,
            move || this.items(&list),
        )
    }

    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let (this, list) = (self.clone(), list.to_owned());
        let request = write_of(&list, &change).request;
        let sent = send_write(&self.net, ctx, request, move |key| {
            this.handle(&list, &change, key)
        });
        Box::pin(sent.map_ok(drop))
    }
}
