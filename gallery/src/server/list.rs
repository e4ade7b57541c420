//! The simulated list API behind [`ListSource`]: the same [`ListChange::apply`] the
//! editable list paints with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::editable_list::{Item, ItemId, ListChange, ListSource};
use yew_optimistic::{FetchContext, FetchError, MutationContext};

use super::idempotency::{idempotent_write, Replays};
use super::network::SimNetwork;

/// What a list starts with: the first `rows` of these (the third is done).
const SEED_TITLES: [&str; 12] = [
    "Oat milk",
    "Sourdough bread",
    "Coffee beans",
    "Tomatoes",
    "Olive oil",
    "Basil",
    "Lemons",
    "Rice",
    "Chickpeas",
    "Dark chocolate",
    "Apples",
    "Parmesan",
];

/// The most rows a seeded list has.
pub const MAX_ROWS: usize = SEED_TITLES.len();

/// Every list starts with the first `rows` seed items.
fn seed_items(rows: usize) -> Vec<Item> {
    SEED_TITLES
        .iter()
        .take(rows)
        .enumerate()
        .map(|(i, title)| Item {
            id: ItemId(format!("seed-{}", i + 1)),
            title: (*title).to_owned(),
            done: i == 2,
        })
        .collect()
}

/// Lists kept in memory, by name.
#[derive(Clone)]
pub struct SimList {
    net: SimNetwork,
    rows: usize,
    lists: Rc<RefCell<HashMap<String, Vec<Item>>>>,
    replays: Rc<RefCell<Replays<()>>>,
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
            .or_insert_with(|| seed_items(self.rows))
            .clone()
    }
}

/// The 422 a real API gives for an empty title.
fn validate(change: &ListChange) -> Result<(), String> {
    match change {
        ListChange::Add { title, .. } | ListChange::Rename { title, .. }
            if title.trim().is_empty() =>
        {
            Err("a title cannot be empty".into())
        }
        _ => Ok(()),
    }
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
            format!("list:{list}"),
            ctx.version.clone(),
            move || this.items(&list),
        )
    }

    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let this = self.clone();
        let list = list.to_owned();
        Box::pin(async move {
            let what = change.describe();
            let request = format!("POST /lists/{list} {what}");
            idempotent_write(
                &this.net,
                &this.replays,
                &ctx,
                (&request, &what, &format!("list:{list}")),
                || validate(&change),
                || {
                    let next = change.apply(&this.items(&list));
                    this.lists.borrow_mut().insert(list.clone(), next);
                },
            )
            .await
        })
    }
}
