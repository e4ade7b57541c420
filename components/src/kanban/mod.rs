//! `KanbanBoard`: nested data (board -> columns -> cards), cards moved by drag and drop
//! or keyboard, each move serialised per card.
//!
//! - [`KanbanBoard`] is what apps use; it takes its data source as a prop.
//! - [`BoardCard`] draws one card. The board's cards are one keyed collection
//!   ([`BoardCards`]); each column is a live query of it and each card reads its own row
//!   and its own changes' state, so a move renders the moved card and the two columns
//!   whose cards changed, not the board nor the other cards.
//! - The `mutation` helpers name the query keys and build the one mutation definition
//!   (for `use_mutation_state` filters and offline replay registration).
//! - `drag.rs` holds what the parts ask for ([`BoardIntent`]); `interaction.rs` the
//!   state machine that interprets it and the arithmetic of indices; `status.rs` where
//!   each change stands; `strings.rs` every word ([`BoardStrings`]), for translation;
//!   `style.rs` the stylesheets. The state is tested natively.
//! - An app's own card type implements [`KanbanCard`] and uses [`KanbanBoardOf`].

mod board;
mod card;
mod cards;
mod changes;
mod column;
mod drag;
#[cfg(feature = "http")]
mod http;
mod interaction;
mod keyed_card;
mod mutation;
mod shared;
mod source;
mod status;
mod strings;
mod style;

pub use board::{KanbanBoard, KanbanBoardOf, KanbanBoardProps};
pub use card::{BoardCard, BoardCardOf, BoardCardProps, CardStatus};
pub use cards::{board_cards, BoardCards, PlacedCard};
pub use drag::{BoardIntent, DropTarget, FocusRequest, MoveDir, MoveMode, Moving};
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::HttpBoardSource;
pub use mutation::{
    all_cards_query_key, board_cards_query, board_mutation_key, board_mutation_options, card_scope,
    columns_query, columns_query_key, new_card_id,
};
pub use source::{BoardChange, BoardSource, Card, CardId, Column, ColumnId, KanbanCard};
pub use strings::BoardStrings;
