//! Boards: columns in `board_columns`, cards in `board_cards` (card ids are unique on
//! their board, so a card is in exactly one column).

use wire::board::{Card, CardId, Column, ColumnId};

use crate::sql::{Sql, SqlResult};

/// The columns of `board` in order; `None` when there is no such board.
pub fn columns(conn: &dyn Sql, board: &str) -> SqlResult<Option<Vec<Column>>> {
    let columns = conn
        .rows(
            "SELECT id, title FROM board_columns WHERE board = ?1 ORDER BY position",
            &[board.into()],
        )?
        .iter()
        .map(|r| {
            Ok(Column {
                id: ColumnId(r.text(0)?),
                title: r.text(1)?,
            })
        })
        .collect::<SqlResult<Vec<_>>>()?;
    Ok((!columns.is_empty()).then_some(columns))
}

/// Whether `board` has the column `column`.
pub fn has_column(conn: &dyn Sql, board: &str, column: &ColumnId) -> SqlResult<bool> {
    Ok(conn
        .row(
            "SELECT 1 FROM board_columns WHERE board = ?1 AND id = ?2",
            &[board.into(), (&column.0).into()],
        )?
        .is_some())
}

/// The cards of one column in order.
pub fn cards(conn: &dyn Sql, board: &str, column: &ColumnId) -> SqlResult<Vec<Card>> {
    conn.rows(
        "SELECT id, title FROM board_cards WHERE board = ?1 AND column_id = ?2 ORDER BY position",
        &[board.into(), (&column.0).into()],
    )?
    .iter()
    .map(|r| {
        Ok(Card {
            id: CardId(r.text(0)?),
            title: r.text(1)?,
        })
    })
    .collect()
}

/// The column card `card` is in, if it is on `board`.
pub fn column_of(conn: &dyn Sql, board: &str, card: &CardId) -> SqlResult<Option<ColumnId>> {
    conn.row(
        "SELECT column_id FROM board_cards WHERE board = ?1 AND id = ?2",
        &[board.into(), (&card.0).into()],
    )?
    .map(|r| r.text(0).map(ColumnId))
    .transpose()
}

/// Stores the columns of `board` (seeding).
pub fn put_columns(conn: &dyn Sql, board: &str, columns: &[Column]) -> SqlResult<()> {
    for (position, column) in columns.iter().enumerate() {
        conn.execute(
            "INSERT INTO board_columns (board, id, position, title) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (board, id) DO UPDATE SET position = excluded.position, title = excluded.title",
            &[
                board.into(),
                (&column.id.0).into(),
                position.into(),
                (&column.title).into(),
            ],
        )?;
    }
    Ok(())
}

/// Stores `new` as the cards of `column`, which held `old`. A card that left is deleted
/// only if it is still in this column (a move writes the column it enters too, in
/// either order).
pub fn save_cards(
    conn: &dyn Sql,
    board: &str,
    column: &ColumnId,
    old: &[Card],
    new: &[Card],
) -> SqlResult<()> {
    for gone in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        conn.execute(
            "DELETE FROM board_cards WHERE board = ?1 AND id = ?2 AND column_id = ?3",
            &[board.into(), (&gone.id.0).into(), (&column.0).into()],
        )?;
    }
    for (position, card) in new.iter().enumerate() {
        if old.get(position) != Some(card) {
            conn.execute(
                "INSERT INTO board_cards (board, id, column_id, position, title)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (board, id) DO UPDATE SET
                     column_id = excluded.column_id, position = excluded.position,
                     title = excluded.title",
                &[
                    board.into(),
                    (&card.id.0).into(),
                    (&column.0).into(),
                    position.into(),
                    (&card.title).into(),
                ],
            )?;
        }
    }
    Ok(())
}
