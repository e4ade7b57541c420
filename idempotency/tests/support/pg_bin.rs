//! Where PostgreSQL's server binaries are. Std only: the throwaway clusters of the tests
//! (`pg_cluster.rs`) and `cargo xtask setup` (which installs PostgreSQL when this finds
//! nothing) include this one file, so both look in the same places.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of `initdb`, `pg_ctl` and `postgres`: `$PG_BIN`, then `pg_config
/// --bindir`, then the newest `/usr/lib/postgresql/*/bin` (Debian keeps them off
/// `PATH`), then `PATH`.
pub fn find_bin() -> Result<PathBuf, String> {
    let usable = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        return if usable(&dir) {
            Ok(dir)
        } else {
            Err(format!("PG_BIN={} has no initdb and pg_ctl", dir.display()))
        };
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && usable(&dir) {
            return Ok(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            usable(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    if let Some(dir) = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .find(|dir| usable(dir))
    {
        return Ok(dir);
    }
    Err(
        "no PostgreSQL server binaries (initdb, pg_ctl): not in $PG_BIN, pg_config --bindir, \
         /usr/lib/postgresql/*/bin or PATH"
            .to_owned(),
    )
}
