//! The reference server's SQLite database, read by the tests while the server runs (it is
//! in WAL mode): what was applied, how many times, and what the data is now.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use yew_optimistic::editable_list::{Item, ItemId};
use yew_optimistic::like_button::Likes;

/// One row of `applied_changes`: a change the server really applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// Order of application.
    pub seq: i64,
    /// `list:NAME`, `likes:POST` or `board:NAME`.
    pub resource: String,
    /// The idempotency key it came with.
    pub key: String,
    /// The change, as JSON (`{"Add": {...}}`, `{"post": ..., "liked": ...}`, ...).
    pub body: Value,
}

/// The database of one test's server.
#[derive(Clone, Debug)]
pub struct Db {
    path: PathBuf,
}

fn sql(e: rusqlite::Error) -> String {
    format!("sqlite: {e}")
}

impl Db {
    /// The database at `path`.
    pub fn new(path: &Path) -> Db {
        Db {
            path: path.to_owned(),
        }
    }

    fn open(&self) -> Result<Connection, String> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
        Ok(conn)
    }

    /// Every applied change, in order (of one resource, or all with `None`).
    pub fn applied(&self, resource: Option<&str>) -> Result<Vec<Applied>, String> {
        let conn = self.open()?;
        let mut stmt = conn
            .prepare(
                "SELECT seq, resource, idempotency_key, body FROM applied_changes
                 WHERE ?1 IS NULL OR resource = ?1 ORDER BY seq",
            )
            .map_err(sql)?;
        let rows = stmt
            .query_map([resource], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .map_err(sql)?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, resource, key, body) = row.map_err(sql)?;
            let body = serde_json::from_str(&body).map_err(|e| format!("body {body:?}: {e}"))?;
            out.push(Applied {
                seq,
                resource,
                key,
                body,
            });
        }
        Ok(out)
    }

    /// Idempotency keys applied more than once, with their count (must be none).
    pub fn doubled_keys(&self) -> Result<Vec<(String, i64)>, String> {
        let conn = self.open()?;
        let mut stmt = conn
            .prepare(
                "SELECT idempotency_key, COUNT(*) FROM applied_changes
                 GROUP BY idempotency_key HAVING COUNT(*) > 1",
            )
            .map_err(sql)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)
    }

    /// The items of `list`, in order.
    pub fn list(&self, list: &str) -> Result<Vec<Item>, String> {
        let conn = self.open()?;
        let mut stmt = conn
            .prepare("SELECT id, title, done FROM list_items WHERE list = ?1 ORDER BY position")
            .map_err(sql)?;
        let rows = stmt
            .query_map([list], |row| {
                Ok(Item {
                    id: ItemId(row.get(0)?),
                    title: row.get(1)?,
                    done: row.get::<_, i64>(2)? != 0,
                })
            })
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)
    }

    /// The likes of `post` (a post nobody liked: not liked, 0).
    pub fn likes(&self, post: &str) -> Result<Likes, String> {
        let conn = self.open()?;
        let found = conn
            .query_row(
                "SELECT liked, count FROM likes WHERE post = ?1",
                [post],
                |row| {
                    Ok(Likes {
                        liked: row.get::<_, i64>(0)? != 0,
                        count: row.get::<_, u32>(1)?,
                    })
                },
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(sql(e)),
            })?;
        Ok(found.unwrap_or(Likes {
            liked: false,
            count: 0,
        }))
    }

    /// The card ids of each column of `board`, columns in order.
    pub fn board(&self, board: &str) -> Result<Vec<(String, Vec<String>)>, String> {
        let conn = self.open()?;
        let mut columns = conn
            .prepare("SELECT id FROM board_columns WHERE board = ?1 ORDER BY position")
            .map_err(sql)?;
        let ids: Vec<String> = columns
            .query_map([board], |row| row.get(0))
            .map_err(sql)?
            .collect::<Result<_, _>>()
            .map_err(sql)?;
        let mut cards = conn
            .prepare(
                "SELECT id FROM board_cards WHERE board = ?1 AND column_id = ?2 ORDER BY position",
            )
            .map_err(sql)?;
        let mut out = Vec::new();
        for column in ids {
            let in_column: Vec<String> = cards
                .query_map([board, column.as_str()], |row| row.get(0))
                .map_err(sql)?
                .collect::<Result<_, _>>()
                .map_err(sql)?;
            out.push((column, in_column));
        }
        Ok(out)
    }

    /// How many rows a query counts (`SELECT COUNT(*) ...`).
    pub fn count(&self, query: &str) -> Result<i64, String> {
        self.open()?
            .query_row(query, [], |row| row.get(0))
            .map_err(sql)
    }
}
