//! A simulated server in the browser, behind the same data-source traits an app
//! implements over HTTP: latency, failure injection (422 refusals of writes, 503s of
//! reads, apply-then-fail), offline, a seed for repeatable failures, idempotency keys
//! honoured, resource versions reported as the reference server does
//! (`X-Resource-Version`), and cancelled reads aborted. The gallery's default backend
//! (`trunk serve` alone needs nothing else).
//!
//! It answers every change as the reference server does: the rules for names, ids and
//! titles, the limits and the problem bodies are the `wire` crate's, which the server
//! uses too; the checks against the data (404 for an unknown item, card or column, 409
//! for an id that exists or a card another change moved, 422 `too-many-items`, 422 for
//! a key reused with another change) are written in the server's order. `agree.rs`
//! plays the same changes against both and compares the answers.
//!
//! It lives outside the `QueryClientProvider`, so "Reload" (a new client over the same
//! local storage) finds the server as it was.

#[cfg(all(test, not(target_arch = "wasm32")))]
mod agree;
mod board;
mod idempotency;
mod likes;
mod list;
mod network;
mod rng;
mod version;

use std::rc::Rc;

use yew_optimistic::editable_list::ListSource;
use yew_optimistic::kanban::BoardSource;
use yew_optimistic::like_button::LikeSource;
use yew_optimistic::SourceRef;

pub use board::{SimBoard, MAX_CARDS};
pub use idempotency::{idempotent_write, Replays, SimWrite};
pub use likes::SimLikes;
pub use list::{SimList, MAX_ROWS};
pub use network::SimNetwork;

use crate::backend::Settings;

/// A name in a request path (list, post, board), as the reference server checks it: a
/// 400 `invalid-name` otherwise.
fn check_name(what: &str, value: &str) -> Result<(), wire::problem::Problem> {
    wire::validate::check_id(what, value, wire::limits::MAX_ID_CHARS)
        .map_err(wire::problem::Problem::invalid_name)
}

/// The whole simulated backend: one network, three resources.
#[derive(Clone)]
pub struct SimServer {
    /// Latency, failures, offline, counters.
    pub net: SimNetwork,
    /// Lists, for the editable list.
    pub list: SimList,
    /// Likes, for the like button.
    pub likes: SimLikes,
    /// Boards, for the kanban board.
    pub board: SimBoard,
    list_ref: SourceRef<dyn ListSource>,
    likes_ref: SourceRef<dyn LikeSource>,
    board_ref: SourceRef<dyn BoardSource>,
}

impl PartialEq for SimServer {
    fn eq(&self, other: &Self) -> bool {
        self.list_ref == other.list_ref
    }
}

/// How much data the server starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seed {
    /// Items of every list (at most [`MAX_ROWS`]).
    pub rows: usize,
    /// Cards of every board (at most [`MAX_CARDS`]).
    pub cards: usize,
}

impl Default for Seed {
    fn default() -> Self {
        Seed { rows: 4, cards: 5 }
    }
}

impl SimServer {
    /// A server with `seed` data and these settings.
    pub fn seeded(settings: Settings, seed: Seed) -> Self {
        let net = SimNetwork::new(settings);
        let list = SimList::new(net.clone(), seed.rows.min(MAX_ROWS));
        let likes = SimLikes::new(net.clone());
        let board = SimBoard::new(net.clone(), seed.cards.min(MAX_CARDS));
        SimServer {
            list_ref: SourceRef::new(Rc::new(list.clone()) as Rc<dyn ListSource>),
            likes_ref: SourceRef::new(Rc::new(likes.clone()) as Rc<dyn LikeSource>),
            board_ref: SourceRef::new(Rc::new(board.clone()) as Rc<dyn BoardSource>),
            net,
            list,
            likes,
            board,
        }
    }

    /// The list API, as an editable list takes it. The same `SourceRef` every time, so
    /// passing it as a prop does not re-render.
    pub fn list_source(&self) -> SourceRef<dyn ListSource> {
        self.list_ref.clone()
    }

    /// The likes API, as a like button takes it.
    pub fn like_source(&self) -> SourceRef<dyn LikeSource> {
        self.likes_ref.clone()
    }

    /// The board API, as a kanban board takes it.
    pub fn board_source(&self) -> SourceRef<dyn BoardSource> {
        self.board_ref.clone()
    }

    /// Back to the seed data, counters at zero; the settings stay.
    pub fn reset_data(&self) {
        self.list.reset();
        self.likes.reset();
        self.board.reset();
        self.net.reset_counters();
    }
}
