//! Lists: rows of `list_items`, ordered by `position`.

use crate::sql::{Sql, SqlResult};
use wire::list::{Item, ItemId};

/// The items of `list` in order; an unknown list is empty.
pub fn items(conn: &dyn Sql, list: &str) -> SqlResult<Vec<Item>> {
    conn.rows(
        "SELECT id, title, done FROM list_items WHERE list = ?1 ORDER BY position",
        &[list.into()],
    )?
    .iter()
    .map(|r| {
        Ok(Item {
            id: ItemId(r.text(0)?),
            title: r.text(1)?,
            done: r.bool(2)?,
        })
    })
    .collect()
}

/// Stores `new` as the items of `list`, which held `old`: deletes the rows that went,
/// writes the rows that are new, moved or changed.
pub fn save(conn: &dyn Sql, list: &str, old: &[Item], new: &[Item]) -> SqlResult<()> {
    for gone in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        conn.execute(
            "DELETE FROM list_items WHERE list = ?1 AND id = ?2",
            &[list.into(), (&gone.id.0).into()],
        )?;
    }
    for (position, item) in new.iter().enumerate() {
        if old.get(position) != Some(item) {
            conn.execute(
                "INSERT INTO list_items (list, id, position, title, done)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (list, id) DO UPDATE SET
                     position = excluded.position, title = excluded.title, done = excluded.done",
                &[
                    list.into(),
                    (&item.id.0).into(),
                    position.into(),
                    (&item.title).into(),
                    item.done.into(),
                ],
            )?;
        }
    }
    Ok(())
}
