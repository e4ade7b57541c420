//! `KanbanBoard`: nested data (board -> columns -> cards), cards moved by drag and drop
//! or keyboard, each move serialised per card.

mod source;

pub use source::{BoardChange, BoardSource, Card, CardId, Column, ColumnId};
