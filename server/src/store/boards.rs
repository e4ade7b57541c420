//! Boards: columns in `board_columns`, cards in `board_cards` (card ids are unique on
//! their board, so a card is in exactly one column).

use rusqlite::{params, Connection, OptionalExtension};
use wire::board::{Card, CardId, Column, ColumnId};

/// The columns of `board` in order; `None` when there is no such board.
pub fn columns(conn: &Connection, board: &str) -> rusqlite::Result<Option<Vec<Column>>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, title FROM board_columns WHERE board = ?1 ORDER BY position")?;
    let columns = stmt
        .query_map([board], |r| {
            Ok(Column {
                id: ColumnId(r.get(0)?),
                title: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!columns.is_empty()).then_some(columns))
}

/// Whether `board` has the column `column`.
pub fn has_column(conn: &Connection, board: &str, column: &ColumnId) -> rusqlite::Result<bool> {
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM board_columns WHERE board = ?1 AND id = ?2")?;
    Ok(stmt
        .query_row(params![board, column.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The cards of one column in order.
pub fn cards(conn: &Connection, board: &str, column: &ColumnId) -> rusqlite::Result<Vec<Card>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title FROM board_cards WHERE board = ?1 AND column_id = ?2 ORDER BY position",
    )?;
    let rows = stmt.query_map(params![board, column.0], |r| {
        Ok(Card {
            id: CardId(r.get(0)?),
            title: r.get(1)?,
        })
    })?;
    rows.collect()
}

/// The column card `card` is in, if it is on `board`.
pub fn column_of(
    conn: &Connection,
    board: &str,
    card: &CardId,
) -> rusqlite::Result<Option<ColumnId>> {
    let mut stmt =
        conn.prepare_cached("SELECT column_id FROM board_cards WHERE board = ?1 AND id = ?2")?;
    stmt.query_row(params![board, card.0], |r| Ok(ColumnId(r.get(0)?)))
        .optional()
}

/// Stores the columns of `board` (seeding).
pub fn put_columns(conn: &Connection, board: &str, columns: &[Column]) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO board_columns (board, id, position, title) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (board, id) DO UPDATE SET position = excluded.position, title = excluded.title",
    )?;
    for (position, column) in columns.iter().enumerate() {
        insert.execute(params![board, column.id.0, position as i64, column.title])?;
    }
    Ok(())
}

/// Stores `new` as the cards of `column`, which held `old`. A card that left is deleted
/// only if it is still in this column (a move writes the column it enters too, in
/// either order).
pub fn save_cards(
    conn: &Connection,
    board: &str,
    column: &ColumnId,
    old: &[Card],
    new: &[Card],
) -> rusqlite::Result<()> {
    let mut delete = conn.prepare_cached(
        "DELETE FROM board_cards WHERE board = ?1 AND id = ?2 AND column_id = ?3",
    )?;
    for gone in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        delete.execute(params![board, gone.id.0, column.0])?;
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO board_cards (board, id, column_id, position, title) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (board, id) DO UPDATE SET
             column_id = excluded.column_id, position = excluded.position, title = excluded.title",
    )?;
    for (position, card) in new.iter().enumerate() {
        if old.get(position) != Some(card) {
            upsert.execute(params![
                board,
                card.id.0,
                column.0,
                position as i64,
                card.title
            ])?;
        }
    }
    Ok(())
}
