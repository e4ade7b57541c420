//! `cargo xtask setup`: install only what is missing or at the wrong version.
//!
//! Every check is a quick `--version` (or a file test), so a second run takes a moment.

use std::path::Path;

use crate::util::{cargo, root, tools_bin, Cmd};

/// The trunk release that works with this toolchain (0.22 needs a newer rustc; 0.21.14
/// only compiles with `--locked`).
const TRUNK_VERSION: &str = "0.21.14";
/// The binaryen (wasm-opt) release trunk is configured for in Trunk.toml.
const BINARYEN_VERSION: &str = "132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What a setup run did.
#[derive(Default)]
pub struct Report {
    /// Tools that were already there at the right version.
    pub skipped: Vec<String>,
    /// Tools this run installed.
    pub installed: Vec<String>,
}

/// Check every tool, install what is missing, and print what was skipped and installed.
pub fn run() -> Result<Report, String> {
    println!("==> setup: checking tools");
    let mut report = Report::default();
    wasm_target(&mut report)?;
    browser(&mut report)?;
    binaryen(&mut report)?;
    wasm_bindgen(&mut report)?;
    wasm_pack(&mut report)?;
    trunk(&mut report)?;

    println!("setup: already installed, skipped:");
    if report.skipped.is_empty() {
        println!("  (none)");
    }
    for item in &report.skipped {
        println!("  - {item}");
    }
    println!("setup: installed now:");
    if report.installed.is_empty() {
        println!("  (nothing)");
    }
    for item in &report.installed {
        println!("  - {item}");
    }
    Ok(report)
}

/// The first whitespace-separated word of `text` that starts with a digit, e.g.
/// `"0.21.14"` in `"trunk 0.21.14"` or `"132"` in `"wasm-opt version 132 (version_132)"`.
fn version_in(text: &str) -> Option<&str> {
    text.split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
}

/// The version `program --version` prints, or `None` if it is not installed.
fn installed_version(program: impl AsRef<std::ffi::OsStr>) -> Option<String> {
    let output = Cmd::new(program).args(["--version"]).probe()?;
    version_in(&output).map(str::to_owned)
}

/// The version of `crate_name` that Cargo.lock pins.
fn locked_version(lock: &str, crate_name: &str) -> Option<String> {
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

fn install(what: &str, cmd: Cmd) -> Result<(), String> {
    println!("setup: installing {what}\n    $ {}", cmd.display());
    cmd.run()
        .map_err(|e| format!("installing {what} failed: {e}"))
}

/// Fail with a PATH hint when an install did not produce the expected version.
fn verify(what: &str, found: Option<String>, want: Option<&str>) -> Result<(), String> {
    match (found, want) {
        (Some(found), Some(want)) if found == want => Ok(()),
        (Some(_), None) => Ok(()),
        (found, want) => Err(format!(
            "{what} was installed but `--version` reports {} (wanted {}); \
             is ~/.cargo/bin first on PATH?",
            found.as_deref().unwrap_or("nothing"),
            want.unwrap_or("any version"),
        )),
    }
}

fn wasm_target(report: &mut Report) -> Result<(), String> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe()
        .ok_or("`rustup target list --installed` failed; is rustup installed?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        report.skipped.push(format!("rust target {WASM_TARGET}"));
        return Ok(());
    }
    install(
        &format!("rust target {WASM_TARGET}"),
        Cmd::new("rustup").args(["target", "add", WASM_TARGET]),
    )?;
    report.installed.push(format!("rust target {WASM_TARGET}"));
    Ok(())
}

fn wasm_bindgen(report: &mut Report) -> Result<(), String> {
    let lock_path = root().join("Cargo.lock");
    if !lock_path.is_file() {
        // `cargo metadata` writes Cargo.lock without updating anything already locked.
        Cmd::new(cargo())
            .args(["metadata", "--format-version", "1"])
            .probe();
    }
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let want = locked_version(&lock, "wasm-bindgen")
        .ok_or("Cargo.lock does not list the wasm-bindgen crate")?;

    let cli = installed_version("wasm-bindgen");
    let runner = installed_version("wasm-bindgen-test-runner");
    let what = format!("wasm-bindgen-cli {want} (the wasm-bindgen version in Cargo.lock)");
    if cli.as_deref() == Some(&want) && runner.as_deref() == Some(&want) {
        report.skipped.push(what);
        return Ok(());
    }
    if let Some(found) = &cli {
        println!("setup: wasm-bindgen {found} found, Cargo.lock wants {want}");
    }
    // Not `--locked`: wasm-bindgen-cli's own lock names a crate version crates.io lacks.
    install(
        &what,
        Cmd::new(cargo()).args(["install", "wasm-bindgen-cli", "--version", &want]),
    )?;
    verify(
        "wasm-bindgen",
        installed_version("wasm-bindgen"),
        Some(&want),
    )?;
    verify(
        "wasm-bindgen-test-runner",
        installed_version("wasm-bindgen-test-runner"),
        Some(&want),
    )?;
    report.installed.push(what);
    Ok(())
}

fn trunk(report: &mut Report) -> Result<(), String> {
    let what = format!("trunk {TRUNK_VERSION}");
    let found = installed_version("trunk");
    if found.as_deref() == Some(TRUNK_VERSION) {
        report.skipped.push(what);
        return Ok(());
    }
    if let Some(found) = &found {
        println!("setup: trunk {found} found, want {TRUNK_VERSION}");
    }
    install(
        &what,
        Cmd::new(cargo()).args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]),
    )?;
    verify("trunk", installed_version("trunk"), Some(TRUNK_VERSION))?;
    report.installed.push(what);
    Ok(())
}

fn wasm_pack(report: &mut Report) -> Result<(), String> {
    if let Some(found) = installed_version("wasm-pack") {
        report.skipped.push(format!("wasm-pack {found}"));
        return Ok(());
    }
    install(
        "wasm-pack",
        Cmd::new(cargo()).args(["install", "wasm-pack", "--locked"]),
    )?;
    let found = installed_version("wasm-pack");
    verify("wasm-pack", found.clone(), None)?;
    report
        .installed
        .push(format!("wasm-pack {}", found.unwrap_or_default()));
    Ok(())
}

fn browser(report: &mut Report) -> Result<(), String> {
    let chromium = Path::new("/usr/bin/chromium");
    let chromedriver = Path::new("/usr/bin/chromedriver");
    let what = "chromium + chromium-driver (apt)";
    if chromium.is_file() && chromedriver.is_file() {
        let version = installed_version(chromium).unwrap_or_else(|| "?".into());
        report
            .skipped
            .push(format!("chromium {version} + chromedriver (/usr/bin)"));
        return Ok(());
    }
    let is_root = Cmd::new("id")
        .args(["-u"])
        .probe()
        .is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let cmd = if is_root {
            Cmd::new("apt-get").args(args)
        } else {
            Cmd::new("sudo").args(["apt-get"]).args(args)
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive")
    };
    install("the apt package lists", apt(&["update"]))?;
    install(what, apt(&["install", "-y", "chromium", "chromium-driver"]))?;
    if !(chromium.is_file() && chromedriver.is_file()) {
        return Err(format!(
            "{what} installed, but /usr/bin/chromium or /usr/bin/chromedriver is still missing"
        ));
    }
    report.installed.push(what.to_owned());
    Ok(())
}

fn binaryen(report: &mut Report) -> Result<(), String> {
    let what = format!("binaryen {BINARYEN_VERSION} (wasm-opt, npm, into tools/)");
    let wasm_opt = tools_bin().join("wasm-opt");
    if installed_version(&wasm_opt).as_deref() == Some(BINARYEN_VERSION) {
        report.skipped.push(what);
        return Ok(());
    }
    let tools = root().join("tools");
    std::fs::create_dir_all(&tools).map_err(|e| format!("{}: {e}", tools.display()))?;
    install(
        &what,
        Cmd::new("npm").args([
            "install",
            "--prefix",
            "tools",
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]),
    )?;
    verify(
        "wasm-opt (tools/node_modules/.bin)",
        installed_version(&wasm_opt),
        Some(BINARYEN_VERSION),
    )?;
    report.installed.push(what);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_versions_in_version_output() {
        assert_eq!(version_in("trunk 0.21.14\n"), Some("0.21.14"));
        assert_eq!(version_in("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(
            version_in("wasm-opt version 132 (version_132)"),
            Some("132")
        );
        assert_eq!(version_in("no version here"), None);
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
