//! A throwaway PostgreSQL cluster for tests: finds the binaries, `initdb`s a cluster in a
//! temporary folder, starts it on a free port of 127.0.0.1 (and a unix socket in that
//! folder), and stops and deletes it when dropped.
//!
//! `initdb` refuses to run as root, so as root the cluster runs as the `postgres` user
//! (the distribution package creates it), or `nobody`, through `runuser` (or `su`).
//!
//! When PostgreSQL cannot be had, [`cluster_or_skip`] says why, loudly, and the test is
//! skipped, unless `E2E_REQUIRED` is set (CI): then the test fails.
//! `cargo xtask setup` installs the distribution's package (`postgresql`) when missing.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

#[path = "pg_bin.rs"]
mod pg_bin;
pub use pg_bin::find_bin;

/// A running cluster; stopped and deleted on drop.
pub struct PgCluster {
    dir: PathBuf,
    bin: PathBuf,
    user: Option<String>,
    port: u16,
}

impl PgCluster {
    /// initdb, then start, a new cluster.
    pub fn start() -> Result<PgCluster, String> {
        let bin = find_bin()?;
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "yew-optimistic-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let user = if is_root() {
            Some(unprivileged_user()?)
        } else {
            None
        };
        if let Some(user) = &user {
            let chown = Command::new("chown")
                .args([user.as_str(), &dir.display().to_string()])
                .output()
                .map_err(|e| format!("cannot run chown: {e}"))?;
            check("chown", &chown)?;
        }
        let mut cluster = PgCluster {
            dir,
            bin,
            user,
            port: 0,
        };
        let data = cluster.dir.join("data");
        let out = cluster.run(
            "initdb",
            &[
                "-D",
                &data.display().to_string(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        check("initdb", &out)?;
        // A port found free may be taken by the time postgres binds it: try a few.
        let mut last = String::new();
        for _ in 0..3 {
            cluster.port = free_port()?;
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=60",
                cluster.port,
                cluster.dir.display()
            );
            let out = cluster.run(
                "pg_ctl",
                &[
                    "-D",
                    &data.display().to_string(),
                    "-l",
                    &cluster.dir.join("log").display().to_string(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    &options,
                    "start",
                ],
            )?;
            match check("pg_ctl start", &out) {
                Ok(()) => return Ok(cluster),
                Err(e) => {
                    let log = std::fs::read_to_string(cluster.dir.join("log")).unwrap_or_default();
                    last = format!("{e}\n{log}");
                }
            }
        }
        Err(last)
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A `postgres://` URL of the `postgres` database as its superuser.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A tokio-postgres connection string of `database`.
    pub fn config(&self, database: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname={database}",
            self.port
        )
    }

    /// Runs `psql -c sql` (creating databases, for example).
    pub fn psql(&self, sql: &str) -> Result<String, String> {
        let out = self.run(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-tAc",
                sql,
            ],
        )?;
        check("psql", &out)?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<Output, String> {
        let program = self.bin.join(tool);
        let mut command = match &self.user {
            Some(user) if has("runuser") => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program).args(args);
                c
            }
            Some(user) => {
                let line = std::iter::once(program.display().to_string())
                    .chain(
                        args.iter()
                            .map(|a| format!("'{}'", a.replace('\'', "'\\''"))),
                    )
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut c = Command::new("su");
                c.args([user.as_str(), "-s", "/bin/sh", "-c", &line]);
                c
            }
            None => {
                let mut c = Command::new(&program);
                c.args(args);
                c
            }
        };
        command
            .current_dir(&self.dir)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", program.display()))
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A cluster, or `None` after saying loudly why the test is skipped; with
/// `E2E_REQUIRED` set, a panic instead.
pub fn cluster_or_skip(test: &str) -> Option<PgCluster> {
    match PgCluster::start() {
        Ok(cluster) => Some(cluster),
        Err(why) if required() => {
            panic!("{test}: PostgreSQL is required (E2E_REQUIRED is set) but: {why}")
        }
        Err(why) => {
            eprintln!(
                "\n!!!!!!!!!! SKIPPED {test}: no PostgreSQL cluster could be started:\n{why}\n\
                 !!!!!!!!!! `cargo xtask setup` installs PostgreSQL (apt: postgresql), or set \
                 PG_BIN to its bin folder; E2E_REQUIRED=1 makes this a failure.\n"
            );
            None
        }
    }
}

/// Whether the tests must run (CI): `E2E_REQUIRED` set to anything but `0` or empty.
pub fn required() -> bool {
    std::env::var("E2E_REQUIRED").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Who runs the cluster when we are root: `postgres`, else `nobody`.
fn unprivileged_user() -> Result<String, String> {
    for user in ["postgres", "nobody"] {
        if Command::new("id")
            .arg(user)
            .output()
            .is_ok_and(|o| o.status.success())
        {
            if !has("runuser") && !has("su") {
                return Err(
                    "running as root, and neither runuser nor su is there to run \
                            initdb as another user (initdb refuses root)"
                        .to_owned(),
                );
            }
            return Ok(user.to_owned());
        }
    }
    Err(
        "running as root, and there is no `postgres` or `nobody` user to run initdb as \
         (initdb refuses root)"
            .to_owned(),
    )
}

fn has(tool: &str) -> bool {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .any(|dir| dir.join(tool).is_file())
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

fn check(what: &str, out: &Output) -> Result<(), String> {
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
