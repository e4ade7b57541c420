//! The tools the project builds with, their versions, and where they live: a versioned
//! cache outside the clone, `$XDG_CACHE_HOME/yew-optimistic/tools/<tool>-<version>`
//! (`~/.cache/...` when `XDG_CACHE_HOME` is not set), shared by every clone on the
//! machine. The xtask puts the `bin` folders of that cache first on `PATH` for the
//! commands it runs; nothing is installed over the user's own trunk or wasm-bindgen.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::util::root;

/// The trunk release that works with this toolchain (0.22 needs a newer rustc; 0.21.14
/// only compiles with `--locked`).
pub const TRUNK_VERSION: &str = "0.21.14";
/// The wasm-pack release the browser tests run with.
pub const WASM_PACK_VERSION: &str = "0.15.1";
/// The twiggy release `cargo xtask bench --size --twiggy` reads bundles with.
pub const TWIGGY_VERSION: &str = "0.8.0";
/// The binaryen (wasm-opt) release trunk is configured for in Trunk.toml
/// (`wasm_opt = "version_132"`).
pub const BINARYEN_VERSION: &str = "132";
/// The target the library, the gallery and the examples build for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// A tool installed into the cache, one folder per version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tool {
    /// The package that provides it (`trunk`, `wasm-bindgen-cli`, `binaryen`, ...).
    pub package: &'static str,
    /// The version wanted.
    pub version: String,
    /// The programs it provides, each of which must report `version`.
    pub programs: &'static [&'static str],
}

impl Tool {
    /// `trunk`, from crates.io.
    pub fn trunk() -> Tool {
        Tool {
            package: "trunk",
            version: TRUNK_VERSION.into(),
            programs: &["trunk"],
        }
    }

    /// `wasm-bindgen` and its test runner, at `version` (Cargo.lock's wasm-bindgen).
    pub fn wasm_bindgen(version: &str) -> Tool {
        Tool {
            package: "wasm-bindgen-cli",
            version: version.into(),
            programs: &["wasm-bindgen", "wasm-bindgen-test-runner"],
        }
    }

    /// `wasm-pack`, from crates.io.
    pub fn wasm_pack() -> Tool {
        Tool {
            package: "wasm-pack",
            version: WASM_PACK_VERSION.into(),
            programs: &["wasm-pack"],
        }
    }

    /// `twiggy` (what the bytes of a wasm are), from crates.io.
    pub fn twiggy() -> Tool {
        Tool {
            package: "twiggy",
            version: TWIGGY_VERSION.into(),
            programs: &["twiggy"],
        }
    }

    /// `wasm-opt`, from npm's binaryen package.
    pub fn binaryen() -> Tool {
        Tool {
            package: "binaryen",
            version: BINARYEN_VERSION.into(),
            programs: &["wasm-opt"],
        }
    }

    /// `<cache>/<package>-<version>`: the folder `cargo install --root` (or `npm install
    /// --prefix`) fills.
    pub fn dir(&self) -> PathBuf {
        cache_dir().join(format!("{}-{}", self.package, self.version))
    }

    /// Where its programs are: `bin/` for `cargo install`, `node_modules/.bin/` for npm.
    pub fn bin(&self) -> PathBuf {
        if self.package == "binaryen" {
            self.dir().join("node_modules").join(".bin")
        } else {
            self.dir().join("bin")
        }
    }
}

/// `$XDG_CACHE_HOME/yew-optimistic/tools`, else `$HOME/.cache/yew-optimistic/tools`, else
/// (no home at all) `target/tools` of this clone.
pub fn cache_dir() -> PathBuf {
    cache_dir_from(std::env::var_os("XDG_CACHE_HOME"), std::env::var_os("HOME"))
        .unwrap_or_else(|| root().join("target").join("tools"))
}

fn cache_dir_from(xdg_cache_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    // The XDG spec says a relative (or empty) value is invalid and must be ignored.
    let xdg = xdg_cache_home
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    let base = xdg.or_else(|| {
        home.filter(|home| !home.is_empty())
            .map(|home| PathBuf::from(home).join(".cache"))
    })?;
    Some(base.join("yew-optimistic").join("tools"))
}

/// The version of the `wasm-bindgen` crate in Cargo.lock, which the CLI must equal.
/// `None` when the lock cannot be read (setup writes it first).
pub fn locked_wasm_bindgen() -> Option<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).ok()?;
    locked_version(&lock, "wasm-bindgen")
}

/// The version of `crate_name` that a Cargo.lock's text pins.
pub fn locked_version(lock: &str, crate_name: &str) -> Option<String> {
    let mut name: Option<&str> = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"'));
        } else if let Some(value) = line.strip_prefix("version = ") {
            if name == Some(crate_name) {
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// Every cached tool at the version this checkout wants.
pub fn all() -> Vec<Tool> {
    let mut tools = vec![
        Tool::trunk(),
        Tool::wasm_pack(),
        Tool::binaryen(),
        Tool::twiggy(),
    ];
    if let Some(version) = locked_wasm_bindgen() {
        tools.insert(0, Tool::wasm_bindgen(&version));
    }
    tools
}

/// `PATH` with the cache's `bin` folders first (read once per run), so that the commands
/// the xtask runs find the pinned tools before any other copy.
pub fn path() -> OsString {
    static PATH: OnceLock<OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        let mut dirs: Vec<PathBuf> = all().iter().map(Tool::bin).collect();
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
    })
    .clone()
}

/// The program called `name` that [`path`] finds first, if any.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&path())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_follows_xdg_then_home() {
        assert_eq!(
            cache_dir_from(Some("/xdg".into()), Some("/home/me".into())),
            Some(PathBuf::from("/xdg/yew-optimistic/tools"))
        );
        assert_eq!(
            cache_dir_from(None, Some("/home/me".into())),
            Some(PathBuf::from("/home/me/.cache/yew-optimistic/tools"))
        );
        // A relative XDG_CACHE_HOME is invalid per the spec and ignored.
        assert_eq!(
            cache_dir_from(Some("relative".into()), Some("/home/me".into())),
            Some(PathBuf::from("/home/me/.cache/yew-optimistic/tools"))
        );
        assert_eq!(cache_dir_from(Some("".into()), Some("".into())), None);
    }

    #[test]
    fn each_tool_has_a_versioned_folder() {
        let trunk = Tool::trunk();
        assert!(trunk.dir().ends_with("trunk-0.21.14"));
        assert!(trunk.bin().ends_with("trunk-0.21.14/bin"));
        assert!(Tool::wasm_bindgen("0.2.130")
            .bin()
            .ends_with("wasm-bindgen-cli-0.2.130/bin"));
        assert!(Tool::wasm_pack().bin().ends_with("wasm-pack-0.15.1/bin"));
        assert!(Tool::twiggy().bin().ends_with("twiggy-0.8.0/bin"));
        assert!(Tool::binaryen()
            .bin()
            .ends_with("binaryen-132/node_modules/.bin"));
    }

    #[test]
    fn reads_the_locked_version_of_a_crate() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-futures"
version = "0.4.50"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
dependencies = [
 "cfg-if",
]
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "trunk"), None);
    }
}
