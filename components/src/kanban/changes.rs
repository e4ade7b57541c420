//! The state of one board's changes, card by card, read from the mutation cache once per
//! event (one subscription per board, not one per card: with 2,000 cards each event
//! would read the cache 2,000 times) and kept in a [`Shared`], from which each card
//! selects its own state and each column its failed adds.

use super::mutation::board_mutation_key;
use super::shared::Shared;
use super::source::{Column, KanbanCard};
use super::status::{board_status, BoardStatus, Tracked};
use super::strings::BoardStrings;
use crate::provider::use_query_client;
use optimistic_query::{MutationFilter, QueryClient, Subscription};
use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;
use yew::prelude::*;

/// What the failure texts are written with: the columns' titles and the board's words.
type Words = (Rc<Vec<Column>>, Rc<BoardStrings>);

struct Hub<C> {
    client: QueryClient,
    board: String,
    words: RefCell<Words>,
    status: Shared<BoardStatus>,
    subscription: RefCell<Option<Subscription>>,
    card: PhantomData<C>,
}

impl<C: KanbanCard> Hub<C> {
    fn read(&self) -> BoardStatus {
        let filter = MutationFilter::key(board_mutation_key()).exact();
        let tracked: Vec<Tracked<C>> = self
            .client
            .mutation_infos(&filter)
            .iter()
            .map(Tracked::of)
            .collect();
        let (columns, words) = self.words.borrow().clone();
        board_status(&tracked, &self.board, &columns, &words)
    }

    /// Reads the changes again; the parts whose piece changed re-render.
    fn refresh(&self) {
        let next = self.read();
        if *self.status.get() != next {
            self.status.set(next);
        }
    }
}

/// The board's changes, card by card, made once per client and board; refreshed when the
/// column titles or the words (which the failure texts use) change.
#[hook]
pub(crate) fn use_board_status<C: KanbanCard>(
    board: &str,
    columns: Rc<Vec<Column>>,
    words: Rc<BoardStrings>,
) -> Shared<BoardStatus> {
    let client = use_query_client();
    let hub = {
        let words = (columns.clone(), words.clone());
        use_memo((client, board.to_owned()), move |(client, board)| {
            let hub = Rc::new(Hub::<C> {
                client: client.clone(),
                board: board.clone(),
                words: RefCell::new(words),
                status: Shared::new(BoardStatus::default()),
                subscription: RefCell::default(),
                card: PhantomData,
            });
            hub.status.set(hub.read());
            let weak = Rc::downgrade(&hub);
            let subscription = client.subscribe_mutations(move || {
                if let Some(hub) = weak.upgrade() {
                    hub.refresh();
                }
            });
            *hub.subscription.borrow_mut() = Some(subscription);
            hub
        })
    };
    let changed = {
        let (c, w) = &*hub.words.borrow();
        (!Rc::ptr_eq(c, &columns) && **c != *columns) || (!Rc::ptr_eq(w, &words) && **w != *words)
    };
    if changed {
        *hub.words.borrow_mut() = (columns, words);
        hub.refresh();
    }
    hub.status.clone()
}
