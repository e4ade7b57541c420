//! One small SQL interface over the two databases the server runs on: SQLite (the
//! default, embedded) and Postgres (`--database-url`, for several server processes on
//! one database). The typed stores ([`crate::store`]), the versions and the seed are
//! written once against it.
//!
//! Statements use `?1`, `?2`, ... placeholders (SQLite's), turned into `$1`, `$2`, ...
//! for Postgres; every integer is an `i64` (`BIGINT` in the Postgres schema).
//!
//! ```
//! use server::sql::{Sql, Value};
//! let conn = rusqlite::Connection::open_in_memory().unwrap();
//! let db: &dyn Sql = &conn;
//! db.execute("CREATE TABLE t (a TEXT, b INTEGER)", &[]).unwrap();
//! db.execute("INSERT INTO t VALUES (?1, ?2)", &["x".into(), 7i64.into()]).unwrap();
//! let row = db.row("SELECT a, b FROM t", &[]).unwrap().unwrap();
//! assert_eq!((row.text(0).unwrap(), row.int(1).unwrap()), ("x".to_owned(), 7));
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

/// A parameter or a column value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// An integer (booleans are 0 and 1).
    Int(i64),
    /// Text.
    Text(String),
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Value {
        Value::Text(text.clone())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Int(i64::from(n))
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Int(i64::from(b))
    }
}

/// A database error (the database's own text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlError(pub String);

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SqlError {}

/// What a database call gives.
pub type SqlResult<T> = Result<T, SqlError>;

/// One row of a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> SqlResult<&Value> {
        self.0
            .get(i)
            .ok_or_else(|| SqlError(format!("no column {i}")))
    }

    /// Column `i` as text.
    pub fn text(&self, i: usize) -> SqlResult<String> {
        match self.get(i)? {
            Value::Text(text) => Ok(text.clone()),
            other => Err(SqlError(format!("column {i} is {other:?}, not text"))),
        }
    }

    /// Column `i` as an integer.
    pub fn int(&self, i: usize) -> SqlResult<i64> {
        self.opt_int(i)?
            .ok_or_else(|| SqlError(format!("column {i} is NULL, not an integer")))
    }

    /// Column `i` as an integer or `NULL`.
    pub fn opt_int(&self, i: usize) -> SqlResult<Option<i64>> {
        match self.get(i)? {
            Value::Int(n) => Ok(Some(*n)),
            Value::Null => Ok(None),
            other => Err(SqlError(format!("column {i} is {other:?}, not an integer"))),
        }
    }

    /// Column `i` as a boolean (an integer, not 0).
    pub fn bool(&self, i: usize) -> SqlResult<bool> {
        Ok(self.int(i)? != 0)
    }
}

/// A connection or a transaction of either database.
pub trait Sql {
    /// Every row `sql` answers.
    fn rows(&self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>>;

    /// Runs `sql`; the number of rows it changed.
    fn execute(&self, sql: &str, args: &[Value]) -> SqlResult<u64>;

    /// The first row `sql` answers, if any.
    fn row(&self, sql: &str, args: &[Value]) -> SqlResult<Option<Row>> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
}

impl Sql for rusqlite::Connection {
    fn rows(&self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let mut statement = self.prepare_cached(sql).map_err(sqlite)?;
        let columns = statement.column_count();
        let rows = statement
            .query_map(
                rusqlite::params_from_iter(args.iter().map(to_sqlite)),
                |r| {
                    (0..columns)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => Value::Null,
                                rusqlite::types::ValueRef::Integer(n) => Value::Int(n),
                                rusqlite::types::ValueRef::Real(x) => Value::Int(x as i64),
                                rusqlite::types::ValueRef::Text(t)
                                | rusqlite::types::ValueRef::Blob(t) => {
                                    Value::Text(String::from_utf8_lossy(t).into_owned())
                                }
                            })
                        })
                        .collect::<rusqlite::Result<Vec<Value>>>()
                        .map(Row)
                },
            )
            .map_err(sqlite)?;
        rows.collect::<rusqlite::Result<Vec<Row>>>().map_err(sqlite)
    }

    fn execute(&self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        self.prepare_cached(sql)
            .and_then(|mut s| s.execute(rusqlite::params_from_iter(args.iter().map(to_sqlite))))
            .map(|n| n as u64)
            .map_err(sqlite)
    }
}

fn to_sqlite(value: &Value) -> rusqlite::types::Value {
    match value {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(n) => rusqlite::types::Value::Integer(*n),
        Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
    }
}

fn sqlite(e: rusqlite::Error) -> SqlError {
    SqlError(e.to_string())
}

/// The statements prepared on one Postgres connection, by their text: each is
/// prepared once (a round trip saved on every later use, as SQLite's
/// `prepare_cached`).
pub type Statements = Mutex<HashMap<String, tokio_postgres::Statement>>;

/// A Postgres client or transaction, used from a blocking thread: each statement is
/// run to its end on the runtime that drives the connection.
pub struct PgSql<'a, C> {
    client: &'a C,
    runtime: &'a tokio::runtime::Handle,
    statements: &'a Statements,
}

impl<'a, C: tokio_postgres::GenericClient> PgSql<'a, C> {
    /// `client` (a `tokio_postgres::Client` or `Transaction`), whose connection
    /// `runtime` drives and whose prepared statements `statements` keeps. Call it only
    /// off the runtime's threads (`spawn_blocking`).
    pub fn new(
        client: &'a C,
        runtime: &'a tokio::runtime::Handle,
        statements: &'a Statements,
    ) -> PgSql<'a, C> {
        PgSql {
            client,
            runtime,
            statements,
        }
    }

    fn statement(&self, sql: &str) -> SqlResult<tokio_postgres::Statement> {
        let cached = self
            .statements
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(sql)
            .cloned();
        if let Some(statement) = cached {
            return Ok(statement);
        }
        let statement = self
            .runtime
            .block_on(self.client.prepare(&dollars(sql)))
            .map_err(pg)?;
        self.statements
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

/// `?1` placeholders as Postgres's `$1`.
///
/// ```
/// assert_eq!(server::sql::dollars("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
/// ```
pub fn dollars(sql: &str) -> String {
    sql.replace('?', "$")
}

impl<C: tokio_postgres::GenericClient> Sql for PgSql<'_, C> {
    fn rows(&self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let params = pg_params(args);
        let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
            params.iter().map(|p| p.as_ref() as _).collect();
        let statement = self.statement(sql)?;
        let rows = self
            .runtime
            .block_on(self.client.query(&statement, &refs))
            .map_err(pg)?;
        rows.iter().map(from_pg).collect()
    }

    fn execute(&self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        let params = pg_params(args);
        let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
            params.iter().map(|p| p.as_ref() as _).collect();
        let statement = self.statement(sql)?;
        self.runtime
            .block_on(self.client.execute(&statement, &refs))
            .map_err(pg)
    }
}

fn pg_params(args: &[Value]) -> Vec<Box<dyn tokio_postgres::types::ToSql + Sync + Send>> {
    args.iter()
        .map(|a| -> Box<dyn tokio_postgres::types::ToSql + Sync + Send> {
            match a {
                Value::Null => Box::new(Option::<String>::None),
                Value::Int(n) => Box::new(*n),
                Value::Text(t) => Box::new(t.clone()),
            }
        })
        .collect()
}

fn from_pg(row: &tokio_postgres::Row) -> SqlResult<Row> {
    use tokio_postgres::types::Type;
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_().clone();
            let value = if ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int))
            } else if ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)
                    .map(|v| v.map(|n| Value::Int(i64::from(n))))
            } else if ty == Type::INT2 {
                row.try_get::<_, Option<i16>>(i)
                    .map(|v| v.map(|n| Value::Int(i64::from(n))))
            } else if ty == Type::BOOL {
                row.try_get::<_, Option<bool>>(i)
                    .map(|v| v.map(|b| Value::Int(i64::from(b))))
            } else {
                row.try_get::<_, Option<String>>(i)
                    .map(|v| v.map(Value::Text))
            };
            value.map(|v| v.unwrap_or(Value::Null)).map_err(pg)
        })
        .collect::<SqlResult<Vec<Value>>>()
        .map(Row)
}

fn pg(e: tokio_postgres::Error) -> SqlError {
    SqlError(e.to_string())
}
