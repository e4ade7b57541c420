//! Lists: rows of `list_items`, ordered by `position`.

use rusqlite::{params, Connection};
use wire::list::{Item, ItemId};

/// The items of `list` in order; an unknown list is empty.
pub fn items(conn: &Connection, list: &str) -> rusqlite::Result<Vec<Item>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, done FROM list_items WHERE list = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([list], |r| {
        Ok(Item {
            id: ItemId(r.get(0)?),
            title: r.get(1)?,
            done: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// Stores `new` as the items of `list`, which held `old`: deletes the rows that went,
/// writes the rows that are new, moved or changed.
pub fn save(conn: &Connection, list: &str, old: &[Item], new: &[Item]) -> rusqlite::Result<()> {
    let mut delete = conn.prepare_cached("DELETE FROM list_items WHERE list = ?1 AND id = ?2")?;
    for gone in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        delete.execute(params![list, gone.id.0])?;
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO list_items (list, id, position, title, done) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (list, id) DO UPDATE SET
             position = excluded.position, title = excluded.title, done = excluded.done",
    )?;
    for (position, item) in new.iter().enumerate() {
        if old.get(position) != Some(item) {
            upsert.execute(params![
                list,
                item.id.0,
                position as i64,
                item.title,
                item.done
            ])?;
        }
    }
    Ok(())
}
